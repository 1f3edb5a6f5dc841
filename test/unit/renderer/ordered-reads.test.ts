/**
 * Ordered first-page reads (src/renderer/data/ordered-reads.ts) must give exactly what RxDB's own
 * Dexie storage gives, for any query: the same tickets on both, queried alike, compared row for row,
 * through `getAllRecords` batches, through the cursor fallback and when a walk runs out of its read
 * budget and hands the query back, and on the block storage with its memory indexes; and they must
 * pick the index walks the queue relies on.
 */
import fc from 'fast-check';
import * as fakeIndexedDb from 'fake-indexeddb';
import { addRxPlugin, createRxDatabase, normalizeMangoQuery, prepareQuery, type MangoQuery, type RxCollection, type RxDatabase, type RxJsonSchema } from 'rxdb';
import { disableWarnings, RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdbFactory, IdbKeyRangeFactory } from '../../../src/renderer/data/block-storage/block-log';
import { getRxStorageBlocks } from '../../../src/renderer/data/block-storage/block-storage';
import { TICKET_MEMORY_ORDERS } from '../../../src/renderer/data/database';
import type { MemoryOrder } from '../../../src/renderer/data/memory-index';
import { orderedWalkFor, orderIndexWalkFor, prefersOrderIndex, withOrderedReads } from '../../../src/renderer/data/ordered-reads';
import { DUE_FIELD_NAMES } from '../../../src/shared/domain/queue-sla';
import { BUILT_IN_VIEWS, builtInView, queuePlan } from '../../../src/shared/domain/queue-views';
import { CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES, TIERS, type Ticket } from '../../../src/shared/domain/ticket';
import { COLLECTIONS, MIGRATION_STRATEGIES } from '../../../src/shared/sync/collections';

disableWarnings();
addRxPlugin(RxDBDevModePlugin);
addRxPlugin(RxDBMigrationSchemaPlugin);

type Doc = Record<string, unknown>;
const dexieSettings = fakeIndexedDb as unknown as Parameters<typeof getRxStorageDexie>[0];
const { IDBFactory, IDBKeyRange } = fakeIndexedDb as unknown as { IDBFactory: new () => IdbFactory; IDBKeyRange: IdbKeyRangeFactory };
const schema = structuredClone(COLLECTIONS.tickets.schema) as unknown as RxJsonSchema<Doc>;
const ASSIGNEE_ORDER = TICKET_MEMORY_ORDERS[0] as MemoryOrder;

function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const random = seededRandom(11);
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
/** Few distinct instants, so ties on the sort field (and the primary-key tie-break) are common. */
const instant = () => new Date(Date.UTC(2026, 2, 1) + Math.floor(random() * 40) * 60_000).toISOString();
/** Due dates on about half the tickets (optional, as the server stamps them), few distinct ones. */
const due = () => (random() < 0.5 ? new Date(Date.UTC(2026, 2, 1) + Math.floor(random() * 30) * 600_000).toISOString() : undefined);
const TICKETS: readonly Ticket[] = Array.from({ length: 400 }, (_, index) => {
  const assigneeId = random() < 0.7 ? pick(['usr_ana', 'usr_bruno', 'usr_carla']) : undefined;
  const dueDates: Record<string, string> = {};
  for (const field of DUE_FIELD_NAMES) {
    const value = due();
    if (value !== undefined) dueDates[field] = value;
  }
  return {
    ...dueDates,
    id: `tkt_${String(index).padStart(4, '0')}`,
    number: index + 1,
    subject: `Subject ${String(index % 17)}`,
    status: pick(TICKET_STATUSES),
    priority: pick(TICKET_PRIORITIES),
    channel: pick(CHANNELS),
    tier: pick(TIERS),
    customerId: `cus_${String(Math.floor(random() * 30))}`,
    ...(assigneeId === undefined ? {} : { assigneeId }),
    tags: [],
    createdAt: instant(),
    updatedAt: instant(),
  };
});

let plainDb: RxDatabase;
let orderedDb: RxDatabase;
let tightDb: RxDatabase;
let blocksDb: RxDatabase;
let plain: RxCollection<Doc>;
/** Documents kept in memory, as the app keeps tickets. */
let ordered: RxCollection<Doc>;
/** Documents read from IndexedDB, and a read budget so small that many walks give up and hand the query back to RxDB. */
let tight: RxCollection<Doc>;
/** The block storage the app runs on: every document in memory, memory indexes over them. */
let blocks: RxCollection<Doc>;

async function ticketsOn(name: string, storage: Parameters<typeof createRxDatabase>[0]['storage'], insert = true): Promise<[RxDatabase, RxCollection<Doc>]> {
  const db = await createRxDatabase({ name, storage, multiInstance: false, eventReduce: true });
  await db.addCollections({ tickets: { schema: structuredClone(schema), migrationStrategies: { ...MIGRATION_STRATEGIES.tickets } } });
  const collection = db.collections['tickets'] as RxCollection<Doc>;
  if (insert) await collection.bulkInsert(TICKETS.map((ticket) => ({ ...ticket, tags: [] })));
  return [db, collection];
}

beforeAll(async () => {
  // Dev mode wants a validator outermost, as any wrapper of the app's storage would be.
  [plainDb, plain] = await ticketsOn('ordered_reads_plain', wrappedValidateAjvStorage({ storage: getRxStorageDexie(dexieSettings) }));
  const memoryIndexes = { tickets: DUE_FIELD_NAMES };
  const memoryOrders = { tickets: TICKET_MEMORY_ORDERS };
  // As the app opens tickets: documents kept in memory; the tight budget reads them from IndexedDB.
  [orderedDb, ordered] = await ticketsOn(
    'ordered_reads_ordered',
    wrappedValidateAjvStorage({ storage: withOrderedReads(getRxStorageDexie(dexieSettings), { memoryIndexes, memoryOrders, memoryDocuments: ['tickets'] }) }),
  );
  [tightDb, tight] = await ticketsOn(
    'ordered_reads_tight',
    wrappedValidateAjvStorage({ storage: withOrderedReads(getRxStorageDexie(dexieSettings), { memoryIndexes, memoryOrders, readBudget: { minimum: 20, perRow: 1 } }) }),
  );
  const blockFactory = new IDBFactory();
  const blockStorage = () =>
    wrappedValidateAjvStorage({ storage: withOrderedReads(getRxStorageBlocks({ indexedDB: blockFactory, IDBKeyRange }), { memoryIndexes, memoryOrders, memoryDocuments: ['tickets'] }) });
  const [writtenDb] = await ticketsOn('ordered_reads_blocks', blockStorage());
  await writtenDb.close();
  // Opened again, as the app starts: the memory indexes are built from what the storage loaded.
  [blocksDb, blocks] = await ticketsOn('ordered_reads_blocks', blockStorage(), false);
});

afterAll(async () => {
  await plainDb.remove();
  await orderedDb.remove();
  await tightDb.remove();
  await blocksDb.remove();
});

const ids = async (collection: RxCollection<Doc>, query: MangoQuery<Doc>) => (await collection.find(query).exec()).map((doc) => doc.primary);

/** Conditions the queue and other screens put in selectors, fixed-value lists included. */
const condition = fc.oneof(
  fc.subarray([...TICKET_STATUSES], { minLength: 1 }).map((statuses) => ({ status: { $in: statuses } })),
  fc.constantFrom(...TICKET_STATUSES).map((status) => ({ status })),
  fc.constantFrom(...TIERS).map((tier) => ({ tier })),
  fc.subarray([...TIERS], { minLength: 1 }).map((tiers) => ({ tier: { $in: tiers } })),
  fc.constantFrom('usr_ana', 'usr_bruno').map((assigneeId) => ({ assigneeId })),
  fc.constant({ assigneeId: { $exists: false } }),
  fc.constantFrom(...TICKET_PRIORITIES).map((priority) => ({ priority })),
  fc.constantFrom('cus_1', 'cus_2').map((customerId) => ({ customerId })),
  fc.integer({ min: 0, max: 40 }).map((minutes) => ({ updatedAt: { $gte: new Date(Date.UTC(2026, 2, 1) + minutes * 60_000).toISOString() } })),
);
const dueField = fc.constantFrom(...DUE_FIELD_NAMES);
const dueInstant = fc.integer({ min: -2, max: 32 }).map((step) => new Date(Date.UTC(2026, 2, 1) + step * 600_000).toISOString());
const dueRange = fc.oneof(
  dueInstant.map((value) => ({ $lte: value })),
  dueInstant.map((value) => ({ $gt: value })),
  fc.tuple(dueInstant, dueInstant).map(([a, b]) => ({ $gt: a < b ? a : b, $lte: a < b ? b : a })),
  dueInstant.map((value) => ({ $eq: value })),
);
/** What the SLA views put in selectors: due dates present or absent, in a range, any of them in a window. */
const dueCondition = fc.oneof(
  fc.tuple(dueField, fc.boolean()).map(([field, exists]) => ({ [field]: { $exists: exists } })),
  fc.tuple(dueField, dueRange).map(([field, range]) => ({ [field]: range })),
  dueRange.map((range) => ({ $and: [{ $or: DUE_FIELD_NAMES.map((field) => ({ [field]: range })) }] })),
  // "Not breached": each due date absent or still ahead (a test on candidates, not a list of them).
  fc.tuple(dueField, dueRange, dueRange).map(([field, range, other]) => ({
    $and: [{ $or: DUE_FIELD_NAMES.map((any) => ({ [any]: other })) }, { $or: [{ [field]: { $exists: false } }, { [field]: range }] }],
  })),
);
const selector = fc
  .tuple(fc.array(condition, { maxLength: 3 }), fc.array(dueCondition, { maxLength: 2 }))
  .map(([parts, dueParts]) => Object.assign({}, ...parts, ...dueParts) as Doc);
const direction = fc.constantFrom('asc' as const, 'desc' as const);
const sort = fc.oneof(
  fc.tuple(fc.constantFrom('updatedAt', 'createdAt', 'status', 'number', ...DUE_FIELD_NAMES), direction, fc.option(direction, { nil: undefined })).map(([field, first, tie]) => [
    { [field]: first },
    ...(tie === undefined ? [] : [{ id: tie }]),
  ]),
  fc.tuple(direction, direction).map(([first, second]) => [{ status: first }, { updatedAt: second }, { id: first }]),
);
const query = fc.record(
  { selector, sort, limit: fc.integer({ min: 1, max: 60 }), skip: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5 })) },
  // Without a limit too: the SLA checks read every candidate.
  { requiredKeys: ['selector', 'sort', 'skip'] },
);

/** The "Breached" shape: sorted by a due date the selector requires, ties broken either way, a page. */
const dueOrderedQuery = fc
  .tuple(dueField, direction, direction, fc.array(condition, { maxLength: 2 }), fc.option(dueRange, { nil: undefined }), fc.integer({ min: 1, max: 40 }))
  .map(([field, first, tie, parts, range, limit]) => ({
    selector: Object.assign({}, ...parts, { [field]: range ?? { $exists: true } }) as Doc,
    sort: [{ [field]: first }, { id: tie }],
    limit,
  }));

/** Every generated query gives the same rows on the wrapped storages as on RxDB's own. */
async function expectSameRows(queries: fc.Arbitrary<unknown>, numRuns: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(queries, async (generated) => {
      const mango = generated as MangoQuery<Doc>;
      const expected = await ids(plain, mango);
      expect(await ids(ordered, mango)).toEqual(expected);
      expect(await ids(tight, mango)).toEqual(expected);
      expect(await ids(blocks, mango)).toEqual(expected);
    }),
    { numRuns },
  );
}

async function expectSameResults(): Promise<void> {
  await expectSameRows(dueOrderedQuery, 40);
  await expectSameRows(query, 80);
}

describe('ordered first-page reads', () => {
  it('return exactly what RxDB returns, for any selector, sort, limit and skip', async () => {
    await expectSameResults();
  }, 120_000);

  it('return the same through the cursor where the browser has no getAllRecords', async () => {
    const prototype = (fakeIndexedDb as unknown as { IDBIndex: { prototype: Record<string, unknown> } }).IDBIndex.prototype;
    const getAllRecords = prototype['getAllRecords'];
    expect(typeof getAllRecords).toBe('function');
    delete prototype['getAllRecords'];
    try {
      await expectSameResults();
    } finally {
      prototype['getAllRecords'] = getAllRecords;
    }
  }, 120_000);

  it('give every built-in queue view the rows RxDB gives, segment by segment, at page sizes and in full', async () => {
    const now = Date.UTC(2026, 2, 1, 2);
    const context = { userId: 'usr_ana', tier: 'L1' as const, now, atRiskHorizon: now + 3_600_000 };
    for (const viewId of BUILT_IN_VIEWS) {
      const { filters, sort: viewSort } = builtInView(viewId, context.tier);
      for (const segment of queuePlan(filters, viewSort, context).segments) {
        for (const limit of [7, 200, undefined]) {
          const mango = { selector: segment.selector, sort: segment.sort, ...(limit === undefined ? {} : { limit }) } as unknown as MangoQuery<Doc>;
          const expected = await ids(plain, mango);
          expect(await ids(ordered, mango), `${viewId} limit ${String(limit)}`).toEqual(expected);
          expect(await ids(tight, mango), `${viewId} limit ${String(limit)}`).toEqual(expected);
          expect(await ids(blocks, mango), `${viewId} limit ${String(limit)}`).toEqual(expected);
        }
      }
    }
  });

  it('keep the memory indexes current as due dates are set, moved, cleared and tickets deleted', async () => {
    const windowed: MangoQuery<Doc> = {
      selector: { $and: [{ $or: DUE_FIELD_NAMES.map((field) => ({ [field]: { $gt: '2026-03-01T01:00:00.000Z', $lte: '2026-03-01T02:00:00.000Z' } })) }] },
      sort: [{ resolutionDueAt: 'asc' }],
    };
    const byResolution: MangoQuery<Doc> = { selector: { resolutionDueAt: { $exists: true } }, sort: [{ resolutionDueAt: 'desc' }, { id: 'asc' }], limit: 15 };
    const [a, b, c] = TICKETS.slice(10, 13);
    if (a === undefined || b === undefined || c === undefined) throw new Error('the sample needs tickets');
    for (const collection of [plain, ordered, tight, blocks]) {
      await collection.findOne(a.id).incrementalPatch({ resolutionDueAt: '2026-03-01T01:30:00.000Z' });
      await collection.findOne(b.id).incrementalModify((doc) => {
        delete doc['resolutionDueAt'];
        return doc;
      });
      await collection.findOne(c.id).incrementalPatch({ firstResponseDueAt: '2099-01-01T00:00:00.000Z', resolutionDueAt: '2099-01-01T00:00:00.000Z' });
      await collection.findOne(TICKETS[14]?.id).remove();
    }
    const compare = async () => {
      for (const check of [windowed, byResolution]) {
        const expected = await ids(plain, check);
        expect(await ids(ordered, check)).toEqual(expected);
        expect(await ids(tight, check)).toEqual(expected);
        expect(await ids(blocks, check)).toEqual(expected);
      }
    };
    await compare();
    expect(await ids(ordered, windowed)).toContain(a.id);
    expect((await ids(ordered, byResolution))[0]).toBe(c.id);

    // A replication-sized batch in one write: the memory indexes take it in one merge.
    const batch = TICKETS.slice(100, 180).map((ticket, at) => {
      const changed: Doc = { ...ticket, tags: [] };
      if (at % 3 === 0) delete changed['resolutionDueAt'];
      else changed['resolutionDueAt'] = new Date(Date.UTC(2026, 2, 1, 1) + (at % 7) * 600_000).toISOString();
      return changed;
    });
    for (const collection of [plain, ordered, tight, blocks]) await collection.bulkUpsert(batch);
    await compare();
  });

  it('see a ticket that came into an SLA window when RxDB runs the same prepared query again', async () => {
    // What the supervisor's at-risk list does: one live query, re-run by RxDB on each change (same prepared query).
    const window = { $gt: '2026-03-05T00:00:00.000Z', $lte: '2026-03-05T06:00:00.000Z' };
    const stored = ordered.schema.jsonSchema;
    const prepared = prepareQuery<Doc>(stored, normalizeMangoQuery<Doc>(stored, { selector: { $and: [{ $or: DUE_FIELD_NAMES.map((field) => ({ [field]: window })) }] } }));
    const arriving = TICKETS[20];
    if (arriving === undefined) throw new Error('the sample needs a ticket');
    const idsOf = async (collection: RxCollection<Doc>) => (await collection.storageInstance.query(prepared)).documents.map((document) => document['id']);
    for (const collection of [ordered, tight, blocks]) expect(await idsOf(collection)).toEqual([]);
    for (const collection of [plain, ordered, tight, blocks]) await collection.findOne(arriving.id).incrementalPatch({ firstResponseDueAt: '2026-03-05T01:00:00.000Z' });
    for (const collection of [ordered, tight, blocks]) expect(await idsOf(collection)).toEqual([arriving.id]);
    expect(await idsOf(plain)).toEqual([arriving.id]);
  });

  it('follow tickets assigned, reassigned and unassigned in "My tickets" and "Unassigned" pages', async () => {
    const page = (assigneeCondition: unknown): MangoQuery<Doc> => ({ selector: { assigneeId: assigneeCondition, status: { $in: ['new', 'open', 'pending', 'on-hold'] } }, sort: [{ updatedAt: 'desc' }, { id: 'asc' }], limit: 12 });
    const mine = page({ $eq: 'usr_ana' });
    const unassigned = page({ $exists: false });
    const candidates = TICKETS.filter((ticket) => ['new', 'open'].includes(ticket.status)).slice(0, 3);
    const [taken, handedOver, released] = candidates;
    if (taken === undefined || handedOver === undefined || released === undefined) throw new Error('the sample needs open tickets');
    for (const collection of [plain, ordered, tight, blocks]) {
      await collection.findOne(taken.id).incrementalPatch({ assigneeId: 'usr_ana', updatedAt: '2026-03-01T12:00:00.000Z' });
      await collection.findOne(handedOver.id).incrementalPatch({ assigneeId: 'usr_bruno', updatedAt: '2026-03-01T12:00:01.000Z' });
      await collection.findOne(released.id).incrementalModify((doc) => {
        delete doc['assigneeId'];
        doc['updatedAt'] = '2026-03-01T12:00:02.000Z';
        return doc;
      });
    }
    for (const query of [mine, unassigned]) {
      const expected = await ids(plain, query);
      expect(await ids(ordered, query)).toEqual(expected);
      expect(await ids(tight, query)).toEqual(expected);
      expect(await ids(blocks, query)).toEqual(expected);
    }
    expect((await ids(ordered, mine))[0]).toBe(taken.id);
    expect((await ids(ordered, unassigned))[0]).toBe(released.id);
    expect(await ids(ordered, mine)).not.toContain(handedOver.id);
  });

  it('count what RxDB counts, and keep counting right as tickets are created, changed and removed', async () => {
    const stored = ordered.schema.jsonSchema;
    const selectors: Doc[] = [
      { mergedIntoId: { $exists: false } },
      { status: { $in: ['new', 'open', 'pending', 'on-hold'] }, assigneeId: { $eq: 'usr_ana' }, mergedIntoId: { $exists: false } },
      { status: { $in: ['new', 'open'] }, assigneeId: { $exists: false } },
      { tier: { $eq: 'L2' }, priority: { $eq: 'high' } },
    ];
    // As RxQuery asks: deleted documents excluded by the selector.
    const counts = async (collection: RxCollection<Doc>) =>
      Promise.all(
        selectors.map(
          async (selector) => (await collection.storageInstance.count(prepareQuery<Doc>(stored, normalizeMangoQuery<Doc>(stored, { selector: { ...selector, _deleted: { $eq: false } } })))).count,
        ),
      );
    const before = await counts(plain);
    expect(await counts(ordered)).toEqual(before);
    expect(await counts(blocks)).toEqual(before);
    const [changed, removed] = TICKETS.filter((ticket) => ticket.status === 'new' && ticket.assigneeId === undefined);
    if (changed === undefined || removed === undefined) throw new Error('the sample needs two new unassigned tickets');
    const created = { ...TICKETS[0], id: 'tkt_9000', number: 9000, status: 'open', assigneeId: 'usr_ana', tier: 'L2', priority: 'high', tags: [] } as Doc;
    for (const collection of [plain, ordered, blocks]) {
      await collection.findOne(changed.id).incrementalPatch({ assigneeId: 'usr_ana', tier: 'L2', priority: 'high' });
      await collection.findOne(removed.id).remove();
      await collection.insert(created);
    }
    const after = await counts(plain);
    expect(await counts(ordered)).toEqual(after);
    expect(await counts(blocks)).toEqual(after);
    // Mine: the assigned and the created ticket joined; new and unassigned: both left; all: one out, one in.
    expect(after.slice(0, 3)).toEqual([before[0], (before[1] ?? 0) + 2, (before[2] ?? 0) - 2]);
  });

  it('answer pages from the documents kept in memory exactly as IndexedDB holds them, through edits and removals', async () => {
    const stored = ordered.schema.jsonSchema;
    const pages: MangoQuery<Doc>[] = [
      { selector: { assigneeId: { $eq: 'usr_bruno' }, status: { $in: ['new', 'open', 'pending', 'on-hold'] } }, sort: [{ updatedAt: 'desc' }, { id: 'asc' }], limit: 30 },
      { selector: { resolutionDueAt: { $exists: true } }, sort: [{ resolutionDueAt: 'asc' }, { id: 'asc' }], limit: 30 },
    ];
    const bruno = TICKETS.filter((ticket) => ticket.assigneeId === 'usr_bruno' && ticket.status === 'open').slice(0, 2);
    const [edited, removed] = bruno;
    if (edited === undefined || removed === undefined) throw new Error('the sample needs two open tickets of Bruno');
    await ordered.findOne(edited.id).incrementalPatch({ subject: 'Edited while kept in memory', tags: ['kept'], updatedAt: '2026-03-01T12:30:00.000Z' });
    await ordered.findOne(removed.id).remove();
    for (const page of pages) {
      const { documents } = await ordered.storageInstance.query(prepareQuery<Doc>(stored, normalizeMangoQuery<Doc>(stored, page)));
      expect(documents.length).toBeGreaterThan(0);
      // The same documents, field for field (revision and write time included), as the store holds them.
      const held = await ordered.storageInstance.findDocumentsById(documents.map((document) => String(document['id'])), false);
      expect(documents).toEqual(documents.map((document) => held.find((candidate) => candidate['id'] === document['id'])));
    }
    const [first] = (await ordered.storageInstance.query(prepareQuery<Doc>(stored, normalizeMangoQuery<Doc>(stored, pages[0] as MangoQuery<Doc>)))).documents;
    expect(first).toMatchObject({ id: edited.id, subject: 'Edited while kept in memory', tags: ['kept'] });
    expect(await ids(ordered, pages[0] as MangoQuery<Doc>)).not.toContain(removed.id);
    await plain.findOne(edited.id).incrementalPatch({ subject: 'Edited while kept in memory', tags: ['kept'], updatedAt: '2026-03-01T12:30:00.000Z' });
    await plain.findOne(removed.id).remove();
    await tight.findOne(edited.id).incrementalPatch({ subject: 'Edited while kept in memory', tags: ['kept'], updatedAt: '2026-03-01T12:30:00.000Z' });
    await tight.findOne(removed.id).remove();
    await blocks.findOne(edited.id).incrementalPatch({ subject: 'Edited while kept in memory', tags: ['kept'], updatedAt: '2026-03-01T12:30:00.000Z' });
    await blocks.findOne(removed.id).remove();
  });

  it('stay right while documents change between reads of the same query', async () => {
    const live: MangoQuery<Doc> = { selector: { status: { $in: ['new', 'open'] } }, sort: [{ updatedAt: 'desc' }], limit: 10 };
    const first = TICKETS.find((ticket) => ticket.status === 'pending');
    if (first === undefined) throw new Error('the sample needs a pending ticket');
    for (const collection of [plain, ordered, tight, blocks]) await collection.findOne(first.id).incrementalPatch({ status: 'open', updatedAt: '2026-03-02T00:00:00.000Z' });
    expect(await ids(ordered, live)).toEqual(await ids(plain, live));
    expect(await ids(blocks, live)).toEqual(await ids(plain, live));
    expect((await ids(ordered, live))[0]).toBe(first.id);
  });
});

describe('the walk a query gets', () => {
  const normalized = (selectorPart: Doc, sortParts: readonly Doc[]) =>
    ({ selector: { ...selectorPart, _deleted: { $eq: false } }, sort: sortParts, skip: 0, limit: 200 }) as never;
  const filled = () => ordered.schema.jsonSchema as unknown as RxJsonSchema<Doc>;
  const newestFirst = [{ updatedAt: 'desc' }, { id: 'asc' }];

  it('"All": the updatedAt index backwards, ties re-sorted by id', () => {
    const walk = orderedWalkFor(filled(), normalized({}, newestFirst));
    expect(walk).toMatchObject({ index: ['_deleted', 'updatedAt', 'id'], direction: 'prev', reorderTies: true });
    expect(walk?.plans).toHaveLength(1);
  });

  it('a list of statuses: one range per status of [status, updatedAt], merged; a single status: one range', () => {
    const mine = orderedWalkFor(filled(), normalized({ status: { $in: ['new', 'open', 'pending', 'on-hold'] }, assigneeId: { $eq: 'usr_ana' } }, newestFirst));
    expect(mine?.index).toEqual(['_deleted', 'status', 'updatedAt', 'id']);
    expect(mine?.plans).toHaveLength(4);
    const pending = orderedWalkFor(filled(), normalized({ status: { $in: ['pending'] } }, newestFirst));
    expect(pending?.index).toEqual(['_deleted', 'status', 'updatedAt', 'id']);
    expect(pending?.plans).toHaveLength(1);
  });

  it('a tier and its open statuses: the [tier, status, updatedAt] ranges', () => {
    const walk = orderedWalkFor(filled(), normalized({ tier: { $eq: 'L1' }, status: { $in: ['new', 'open'] } }, newestFirst));
    expect(walk?.index).toEqual(['_deleted', 'tier', 'status', 'updatedAt', 'id']);
    expect(walk?.plans).toHaveLength(2);
  });

  it('"My tickets" and "Unassigned": their assignee group of the order index, newest first, ties read to their end', () => {
    const active = { status: { $in: ['new', 'open', 'pending', 'on-hold'] } };
    const mine = orderIndexWalkFor(filled(), normalized({ ...active, assigneeId: { $eq: 'usr_ana' } }, newestFirst), [ASSIGNEE_ORDER]);
    expect(mine).toMatchObject({ name: 'assigneeId+status+updatedAt', direction: 'desc', readTie: true });
    expect(mine?.groups).toEqual(active.status.$in.map((status) => ['usr_ana', status]));
    const unassigned = orderIndexWalkFor(filled(), normalized({ ...active, assigneeId: { $exists: false } }, newestFirst), [ASSIGNEE_ORDER]);
    expect(unassigned?.groups).toEqual(active.status.$in.map((status) => [undefined, status]));
    // Not without a status list, for another sort, or without a limit (every match is read anyway).
    expect(orderIndexWalkFor(filled(), normalized({ assigneeId: { $eq: 'usr_ana' } }, newestFirst), [ASSIGNEE_ORDER])).toBeNull();
    expect(orderIndexWalkFor(filled(), normalized({ ...active, assigneeId: { $eq: 'usr_ana' } }, [{ createdAt: 'desc' }, { id: 'asc' }]), [ASSIGNEE_ORDER])).toBeNull();
    const unlimited = { selector: { ...active, assigneeId: { $eq: 'usr_ana' }, _deleted: { $eq: false } }, sort: newestFirst, skip: 0 } as never;
    expect(orderIndexWalkFor(filled(), unlimited, [ASSIGNEE_ORDER])).toBeNull();
  });

  it('the app\'s order indexes: tried in turn, read instead of an index walk fixing as many fields only from documents in memory', () => {
    const active = { status: { $in: ['new', 'open', 'pending', 'on-hold'] } };
    const choice = (selectorPart: Doc) => {
      const query = normalized(selectorPart, newestFirst);
      const orderIndex = orderIndexWalkFor(filled(), query, TICKET_MEMORY_ORDERS);
      if (orderIndex === null) return null;
      const walk = orderedWalkFor(filled(), query);
      return { name: orderIndex.name, inMemory: prefersOrderIndex(orderIndex, walk, true), fromIndexedDb: prefersOrderIndex(orderIndex, walk, false) };
    };
    // Mine: no IndexedDB index holds the assignee, so its group wins either way.
    expect(choice({ ...active, assigneeId: { $eq: 'usr_ana' } })).toEqual({ name: 'assigneeId+status+updatedAt', inMemory: true, fromIndexedDb: true });
    expect(choice({ ...active, tier: { $in: ['L1'] } })).toEqual({ name: 'tier+status+updatedAt', inMemory: true, fromIndexedDb: false });
    expect(choice({ status: { $in: ['pending'] } })).toEqual({ name: 'status+updatedAt', inMemory: true, fromIndexedDb: false });
    expect(choice({ mergedIntoId: { $exists: false } })).toEqual({ name: 'updatedAt', inMemory: true, fromIndexedDb: false });
    // One customer's tickets: the [customerId, updatedAt] walk reads only theirs; walking every ticket would not.
    expect(choice({ customerId: { $eq: 'cus_1' } })).toMatchObject({ name: 'updatedAt', inMemory: false, fromIndexedDb: false });
  });

  it('none for sorts no index follows, or mixed directions', () => {
    expect(orderedWalkFor(filled(), normalized({}, [{ subject: 'asc' }, { id: 'asc' }]))).toBeNull();
    expect(orderedWalkFor(filled(), normalized({}, [{ status: 'asc' }, { updatedAt: 'desc' }, { id: 'asc' }]))).toBeNull();
  });
});
