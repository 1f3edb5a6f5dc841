/**
 * The queue's views, filters, search and sort: the Mango plans run on the real ticket collection (RxDB
 * dev mode, Dexie over fake-indexeddb) must return exactly the tickets, in exactly the order, that the
 * plain predicate and comparator give; plus the rules users see directly (which view holds what).
 */
import fc from 'fast-check';
import * as fakeIndexedDb from 'fake-indexeddb';
import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxJsonSchema } from 'rxdb';
import { disableWarnings, RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atRiskFloor, atRiskHorizon, slaAtRiskAt, ticketDueState } from '../../../src/shared/domain/queue-sla';
import {
  BUILT_IN_VIEWS,
  builtInView,
  compareQueueTickets,
  matchesQueue,
  narrowFilters,
  queuePlan,
  savedViewName,
  savedViewOf,
  visibleSavedViews,
  withSurvivingCustomers,
  type QueueContext,
  type QueueFilters,
  type QueueSearch,
  type QueueSort,
  type QueueTicket,
  type SavedViewDocument,
} from '../../../src/shared/domain/queue-views';
import { VIEW_SORT_FIELDS, type SettingsDocument } from '../../../src/shared/domain/settings';
import { MIGRATION_STRATEGIES } from '../../../src/shared/sync/collections';
import { CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES, TIERS, ticketSchemaV2, type Ticket } from '../../../src/shared/domain/ticket';
import type { SlaSetup } from '../../../src/shared/sla/policy';

disableWarnings();
addRxPlugin(RxDBDevModePlugin);
addRxPlugin(RxDBMigrationSchemaPlugin);

const NOW = Date.parse('2026-03-10T12:00:00.000Z');
const MINUTE = 60_000;
const USER = 'usr_ana';

/** 24/7, at risk after 75 %: resolution in 240 min turns at risk 60 min before it is due. */
const SETUP: SlaSetup = {
  policyId: 'set_sla',
  target: { firstResponseMinutes: 60, nextResponseMinutes: 120, resolutionMinutes: 240 },
  atRiskPercent: 75,
  calendar: undefined,
};
const POLICY: SettingsDocument = {
  id: 'set_sla',
  kind: 'slaPolicy',
  name: 'Standard',
  enabled: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  slaPolicy: {
    rank: 1,
    match: {},
    targets: Object.fromEntries(TICKET_PRIORITIES.map((priority) => [priority, SETUP.target])) as Record<(typeof TICKET_PRIORITIES)[number], typeof SETUP.target>,
    atRiskPercent: 75,
  },
};
const context: QueueContext = { userId: USER, tier: 'L1', now: NOW, atRiskHorizon: atRiskHorizon([POLICY], NOW), atRiskFloor: atRiskFloor([POLICY], NOW) };
const setupOf = () => SETUP;

const iso = (offsetMinutes: number) => new Date(NOW + offsetMinutes * MINUTE).toISOString();

function ticket(index: number, random: () => number): Ticket {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const maybe = <T>(value: T): T | undefined => (random() < 0.5 ? value : undefined);
  const due = () => maybe(iso(Math.round(random() * 600) - 200));
  const number = random() < 0.9 ? index + 1 : undefined;
  const assigneeId = maybe(pick([USER, 'usr_bruno']));
  const groupId = maybe(pick(['grp_desk', 'grp_tech']));
  const fields = {
    id: `tkt_${String(index).padStart(4, '0')}`,
    number,
    subject: `${pick(['Refund', 'Router', 'Invoice'])} issue ${pick(['at home', 'Nº 5', 'again'])}`,
    status: pick(TICKET_STATUSES),
    priority: pick(TICKET_PRIORITIES),
    channel: pick(CHANNELS),
    tier: pick(TIERS),
    customerId: `cus_${String(Math.floor(random() * 20))}`,
    assigneeId,
    groupId,
    tags: random() < 0.5 ? [pick(['vip', 'billing', 'bug'])] : [],
    // Few distinct instants, so ties (and the tie-break) really happen.
    createdAt: iso(-1000 - Math.floor(random() * 10)),
    updatedAt: iso(-Math.floor(random() * 30)),
    firstResponseDueAt: due(),
    nextResponseDueAt: due(),
    resolutionDueAt: due(),
  };
  // Some closed tickets were merged into the next one (no extra draw: the other fields stay as they were).
  const mergedIntoId = fields.status === 'closed' && index % 5 === 4 ? `tkt_${String(index + 1).padStart(4, '0')}` : undefined;
  // Stamped as the server stamps it with the due dates.
  const atRiskAt = slaAtRiskAt(fields, SETUP);
  return Object.fromEntries(Object.entries({ ...fields, mergedIntoId, slaAtRiskAt: atRiskAt }).filter(([, value]) => value !== undefined)) as unknown as Ticket;
}

function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const random = seededRandom(7);
const TICKETS: readonly Ticket[] = Array.from({ length: 200 }, (_, index) => ticket(index, random));

let db: RxDatabase;
let tickets: RxCollection<Record<string, unknown>>;

beforeAll(async () => {
  db = await createRxDatabase({
    name: 'atende_queue_views_test',
    storage: wrappedValidateAjvStorage({ storage: getRxStorageDexie(fakeIndexedDb as unknown as Parameters<typeof getRxStorageDexie>[0]) }),
    multiInstance: false,
    eventReduce: true,
  });
  await db.addCollections({
    tickets: { schema: structuredClone(ticketSchemaV2) as unknown as RxJsonSchema<Record<string, unknown>>, migrationStrategies: { ...MIGRATION_STRATEGIES.tickets } },
  });
  tickets = db.collections['tickets'] as RxCollection<Record<string, unknown>>;
  await tickets.bulkInsert(TICKETS.map((doc) => ({ ...doc, tags: [...doc.tags] })));
});

afterAll(async () => {
  await db.remove();
});

/** What the replica returns for a plan: its segments run in order, concatenated, limited, SLA-checked. */
async function runPlan(filters: QueueFilters, sort: QueueSort, search?: QueueSearch, limit = 1000): Promise<string[]> {
  const plan = queuePlan(filters, sort, context, search);
  const ids: string[] = [];
  for (const segment of plan.segments) {
    const docs = await tickets.find({ selector: segment.selector, sort: segment.sort as never }).exec();
    for (const doc of docs) {
      const data = doc.toJSON() as unknown as QueueTicket;
      if (!plan.slaCheck || matchesQueue(data, filters, context, setupOf)) ids.push(data.id);
    }
  }
  return ids.slice(0, limit);
}

function expected(filters: QueueFilters, sort: QueueSort, search?: QueueSearch): string[] {
  return TICKETS.filter((doc) => matchesQueue(doc, filters, context, setupOf, search))
    .sort(compareQueueTickets(sort))
    .map((doc) => doc.id);
}

const subset = <T>(values: readonly T[]) => fc.option(fc.subarray([...values], { minLength: 0 }), { nil: undefined });
const filtersArbitrary: fc.Arbitrary<QueueFilters> = fc
  .record({
    statuses: subset(TICKET_STATUSES),
    priorities: subset(TICKET_PRIORITIES),
    channels: subset(CHANNELS),
    tiers: subset(TIERS),
    groupIds: subset(['grp_desk', 'grp_tech']),
    tags: subset(['vip', 'billing', 'bug']),
    assigneeIds: subset([USER, 'usr_bruno']),
    customerIds: subset(['cus_1', 'cus_2', 'cus_3']),
    assignee: fc.option(fc.constantFrom('me', 'unassigned', 'anyone'), { nil: undefined }),
    sla: fc.option(fc.constantFrom('at_risk', 'breached'), { nil: undefined }),
  })
  .map((record) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as QueueFilters);
const sortArbitrary: fc.Arbitrary<QueueSort> = fc.record({ field: fc.constantFrom(...VIEW_SORT_FIELDS), direction: fc.constantFrom('asc', 'desc') });

describe('queue plans on the replica', () => {
  it('return the tickets the predicate selects, in the comparator’s order, for any filters and sort', async () => {
    await fc.assert(
      fc.asyncProperty(filtersArbitrary, sortArbitrary, async (filters, sort) => {
        expect(await runPlan(filters, sort)).toEqual(expected(filters, sort));
      }),
      { numRuns: 30 },
    );
  }, 120_000);

  it('return every built-in view exactly, in every sort', async () => {
    for (const view of BUILT_IN_VIEWS) {
      const { filters, sort } = builtInView(view, 'L1');
      expect(await runPlan(filters, sort), view).toEqual(expected(filters, sort));
      for (const field of VIEW_SORT_FIELDS) {
        const other: QueueSort = { field, direction: 'asc' };
        expect(await runPlan(filters, other), `${view} by ${field}`).toEqual(expected(filters, other));
      }
    }
  }, 120_000);

  it('find by subject (any case, special characters taken literally), by number with or without #, and by customer', async () => {
    const searches: QueueSearch[] = [
      { text: 'router', customerIds: [] },
      { text: 'Nº 5', customerIds: [] },
      { text: '(', customerIds: [] },
      { text: '#12', customerIds: [] },
      { text: '12', customerIds: [] },
      { text: 'ana', customerIds: ['cus_4'] },
    ];
    for (const search of searches) {
      const sort: QueueSort = { field: 'updatedAt', direction: 'desc' };
      const found = await runPlan({}, sort, search);
      expect(found, search.text).toEqual(expected({}, sort, search));
    }
    expect(await runPlan({}, { field: 'number', direction: 'asc' }, { text: '#12', customerIds: [] })).toEqual(['tkt_0011']);
    const byCustomer = await runPlan({}, { field: 'updatedAt', direction: 'desc' }, { text: 'zzz', customerIds: ['cus_4'] });
    expect(byCustomer.length).toBeGreaterThan(0);
    expect(byCustomer.every((id) => TICKETS.find((doc) => doc.id === id)?.customerId === 'cus_4')).toBe(true);
  }, 60_000);

  it('leave merged tickets out of every view, unless their number is searched', async () => {
    const merged = TICKETS.filter((doc) => doc.mergedIntoId !== undefined);
    expect(merged.length).toBeGreaterThan(0);
    const sort: QueueSort = { field: 'updatedAt', direction: 'desc' };
    const all = await runPlan({}, sort);
    expect(all).toEqual(expected({}, sort));
    expect(all.length).toBe(TICKETS.length - merged.length);
    const closed = await runPlan({ statuses: ['closed'] }, sort);
    expect(closed.some((id) => merged.some((doc) => doc.id === id))).toBe(false);
    expect(closed.length).toBeGreaterThan(0);

    const numbered = merged.find((doc) => doc.number !== undefined);
    if (numbered?.number === undefined) throw new Error('the sample needs a numbered merged ticket');
    const byNumber: QueueSearch = { text: `#${String(numbered.number)}`, customerIds: [] };
    expect(await runPlan({}, sort, byNumber)).toEqual([numbered.id]);
    expect(expected({}, sort, byNumber)).toEqual([numbered.id]);
    // Its subject alone does not bring it back.
    const bySubject: QueueSearch = { text: numbered.subject, customerIds: [] };
    expect(await runPlan({}, sort, bySubject)).not.toContain(numbered.id);
    expect(await runPlan({}, sort, bySubject)).toEqual(expected({}, sort, bySubject));
  }, 60_000);

  it('read for "SLA at risk" only the tickets due soon whose stamped slaAtRiskAt has come', async () => {
    const { filters, sort } = builtInView('sla_at_risk', 'L1');
    const candidates = (await tickets.find({ selector: queuePlan(filters, sort, context).selector }).exec()).map((doc) => doc.toJSON() as unknown as Ticket);
    const atRisk = TICKETS.filter((doc) => doc.mergedIntoId === undefined && ticketDueState(doc, SETUP, NOW) === 'at_risk');
    expect(atRisk.length).toBeGreaterThan(0);
    expect(candidates.map((doc) => doc.id)).toEqual(expect.arrayContaining(atRisk.map((doc) => doc.id)));
    expect(candidates.every((doc) => doc.slaAtRiskAt !== undefined && doc.slaAtRiskAt <= iso(0))).toBe(true);
    // Nor the tickets that turned at risk before the widest window: breached by now (60 minutes here).
    expect(atRiskFloor([POLICY], NOW)).toBe(NOW - 60 * MINUTE);
    expect(candidates.every((doc) => doc.slaAtRiskAt !== undefined && doc.slaAtRiskAt >= iso(-60))).toBe(true);
    expect(TICKETS.some((doc) => doc.slaAtRiskAt !== undefined && doc.slaAtRiskAt < iso(-60) && ['new', 'open', 'on-hold'].includes(doc.status))).toBe(true);
    // The due-date window alone would read more: tickets due soon that are not at risk yet.
    const dueSoon = TICKETS.filter(
      (doc) => doc.mergedIntoId === undefined && ['new', 'open', 'on-hold'].includes(doc.status) && [doc.firstResponseDueAt, doc.nextResponseDueAt, doc.resolutionDueAt].some((due) => due !== undefined && due > iso(0) && due <= new Date(context.atRiskHorizon).toISOString()),
    );
    expect(candidates.length).toBeLessThan(dueSoon.length);
  });

  it('hold in a plan made for a while (atRiskUntil) the tickets that turn at risk before it is made again', async () => {
    const { filters, sort } = builtInView('sla_at_risk', 'L1');
    const later = NOW + 20 * MINUTE;
    const watch = { ...context, atRiskHorizon: atRiskHorizon([POLICY], later), atRiskUntil: later };
    const candidates = new Set((await tickets.find({ selector: queuePlan(filters, sort, watch).selector }).exec()).map((doc) => doc.id));
    const turning = TICKETS.filter((doc) => doc.mergedIntoId === undefined && ticketDueState(doc, SETUP, NOW) !== 'at_risk' && ticketDueState(doc, SETUP, later) === 'at_risk');
    expect(turning.length).toBeGreaterThan(0);
    for (const doc of turning) expect(candidates.has(doc.id), doc.id).toBe(true);
    const now = new Set((await tickets.find({ selector: queuePlan(filters, sort, context).selector }).exec()).map((doc) => doc.id));
    expect(turning.some((doc) => now.has(doc.id))).toBe(false);
  });

  it('give the first rows of a split sort when each segment is limited', async () => {
    const sort: QueueSort = { field: 'priority', direction: 'desc' };
    expect(await runPlan({}, sort, undefined, 25)).toEqual(expected({}, sort).slice(0, 25));
  }, 60_000);
});

describe('built-in views', () => {
  const matches = (doc: Partial<Ticket>, view: (typeof BUILT_IN_VIEWS)[number], tier: 'L1' | 'L2' = 'L1') => {
    const full = { ...TICKETS[0], tags: [], ...doc } as Ticket;
    return matchesQueue(full, builtInView(view, tier).filters, context, setupOf);
  };

  it('"My tier" holds the active tickets of the user’s tier; an escalated ticket leaves it', () => {
    expect(matches({ tier: 'L1', status: 'open' }, 'my_tier')).toBe(true);
    expect(matches({ tier: 'L2', status: 'open' }, 'my_tier')).toBe(false);
    expect(matches({ tier: 'L1', status: 'solved' }, 'my_tier')).toBe(false);
    expect(matchesQueue({ ...TICKETS[0], tier: 'L1' } as Ticket, builtInView('my_tier', undefined).filters, context, setupOf)).toBe(false);
  });

  it('"My tickets" and "Unassigned" split by assignee', () => {
    expect(matches({ assigneeId: USER, status: 'new' }, 'mine')).toBe(true);
    expect(matches({ assigneeId: 'usr_bruno', status: 'new' }, 'mine')).toBe(false);
    const unassigned = { ...TICKETS[0], status: 'new' } as Ticket & { assigneeId?: string };
    delete unassigned.assigneeId;
    expect(matchesQueue(unassigned, builtInView('unassigned', 'L1').filters, context, setupOf)).toBe(true);
    expect(matches({ assigneeId: USER, status: 'new' }, 'unassigned')).toBe(false);
  });

  it('"SLA at risk" holds tickets in the last quarter of a target, "Breached" the overdue ones', () => {
    const clean = { firstResponseDueAt: undefined, nextResponseDueAt: undefined } as Partial<Ticket>;
    expect(matches({ ...clean, status: 'open', resolutionDueAt: iso(30) }, 'sla_at_risk')).toBe(true);
    expect(matches({ ...clean, status: 'open', resolutionDueAt: iso(90) }, 'sla_at_risk')).toBe(false);
    expect(matches({ ...clean, status: 'open', resolutionDueAt: iso(-1) }, 'sla_at_risk')).toBe(false);
    expect(matches({ ...clean, status: 'open', resolutionDueAt: iso(-1) }, 'breached')).toBe(true);
    // Waiting on the customer: the clock is paused, nothing is at risk; an overdue target stays breached.
    expect(matches({ ...clean, status: 'pending', resolutionDueAt: iso(30) }, 'sla_at_risk')).toBe(false);
    expect(matches({ ...clean, status: 'pending', resolutionDueAt: iso(-5) }, 'breached')).toBe(true);
    expect(matches({ ...clean, status: 'solved', resolutionDueAt: iso(-5) }, 'breached')).toBe(false);
  });

  it('"Pending customer" holds pending tickets only', () => {
    expect(matches({ status: 'pending' }, 'pending_customer')).toBe(true);
    expect(matches({ status: 'open' }, 'pending_customer')).toBe(false);
  });
});

describe('narrowing a view with ad-hoc filters', () => {
  it('intersects lists and keeps the view’s other filters', () => {
    expect(narrowFilters({ statuses: ['new', 'open'], tiers: ['L1'] }, { statuses: ['open', 'pending'], priorities: ['urgent'] })).toEqual({
      statuses: ['open'],
      tiers: ['L1'],
      priorities: ['urgent'],
    });
  });

  it('matches nothing when single choices disagree', () => {
    expect(narrowFilters({ assignee: 'me' }, { assignee: 'unassigned' })).toBeNull();
    expect(narrowFilters({ sla: 'breached' }, { sla: 'at_risk' })).toBeNull();
    expect(narrowFilters({ assignee: 'me' }, { assignee: 'anyone' })).toEqual({ assignee: 'me' });
  });
});

describe('saved views', () => {
  const view = (id: string, name: string, ownerId: string | undefined, enabled = true): SavedViewDocument => ({
    id,
    kind: 'savedView',
    name,
    enabled,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    savedView: { ...(ownerId === undefined ? {} : { ownerId }), filters: {}, sort: { field: 'updatedAt', direction: 'desc' } },
  });

  it('show the user’s own and the shared ones, enabled, by name', () => {
    const visible = visibleSavedViews(
      [view('a', 'Zeta', USER), view('b', 'Alpha', undefined), view('c', 'Bruno’s', 'usr_bruno'), view('d', 'Off', USER, false)],
      USER,
    );
    expect(visible.map((document) => document.id)).toEqual(['b', 'a']);
  });

  it('keep the customers and assignees they were saved with', async () => {
    const document: SavedViewDocument = {
      ...view('p', 'Picked', USER),
      savedView: { ownerId: USER, filters: { customerIds: ['cus_1', 'cus_2'], assigneeIds: ['usr_bruno'] }, sort: { field: 'number', direction: 'asc' } },
    };
    const definition = savedViewOf(document);
    expect(definition).toEqual({ filters: { customerIds: ['cus_1', 'cus_2'], assigneeIds: ['usr_bruno'] }, sort: { field: 'number', direction: 'asc' } });
    const found = await runPlan(definition.filters, definition.sort);
    expect(found).toEqual(expected(definition.filters, definition.sort));
    expect(found.length).toBeGreaterThan(0);
    for (const id of found) {
      const doc = TICKETS.find((candidate) => candidate.id === id);
      expect(['cus_1', 'cus_2']).toContain(doc?.customerId);
      expect(doc?.assigneeId).toBe('usr_bruno');
    }
  });

  it('read bad or newer data without breaking the queue: malformed filters ignored, unknown values match nothing, unknown sort falls back', async () => {
    const raw = (savedView: unknown) => ({ ...view('x', 'Odd', USER), savedView }) as unknown as SavedViewDocument;
    const odd = savedViewOf(
      raw({
        filters: { statuses: ['open', 'escalated', 7], priorities: 'urgent', tags: null, customerIds: ['cus_1', { id: 'cus_2' }], assignee: 'team', sla: 'late' },
        sort: { field: 'mood', direction: 'up' },
      }),
    );
    expect(odd).toEqual({ filters: { statuses: ['open'], customerIds: ['cus_1'] }, sort: { field: 'updatedAt', direction: 'desc' } });
    expect(await runPlan(odd.filters, odd.sort)).toEqual(expected(odd.filters, odd.sort));
    // A newer status this release does not know: the view is empty, not everything.
    expect(savedViewOf(raw({ filters: { statuses: ['escalated'] }, sort: { field: 'updatedAt', direction: 'desc' } })).filters).toEqual({ statuses: [] });
    expect(await runPlan({ statuses: [] }, { field: 'updatedAt', direction: 'desc' })).toEqual([]);
    // No payload at all (or not an object): no filters, and the list leaves such documents out.
    expect(savedViewOf(raw(undefined))).toEqual({ filters: {}, sort: { field: 'updatedAt', direction: 'desc' } });
    expect(savedViewOf(raw('oops')).filters).toEqual({});
    expect(visibleSavedViews([raw(undefined), raw(null), view('ok', 'Fine', USER)], USER).map((document) => document.id)).toEqual(['ok']);
  });

  it('follow customers merged since the view was saved (their tickets moved to the survivor)', () => {
    const survivors = new Map([['cus_old', 'cus_new']]);
    expect(withSurvivingCustomers({ customerIds: ['cus_old', 'cus_1'], tags: ['vip'] }, (id) => survivors.get(id))).toEqual({
      customerIds: ['cus_old', 'cus_new', 'cus_1'],
      tags: ['vip'],
    });
    expect(withSurvivingCustomers({ customerIds: ['cus_new', 'cus_old'] }, (id) => survivors.get(id)).customerIds).toEqual(['cus_new', 'cus_old']);
    const none = { tags: ['vip'] };
    expect(withSurvivingCustomers(none, () => 'cus_x')).toBe(none);
  });

  it('are named with 1 to 120 characters, trimmed', () => {
    expect(savedViewName('  Mine  ')).toEqual({ ok: true, name: 'Mine' });
    expect(savedViewName('   ')).toEqual({ ok: false, problem: 'required' });
    expect(savedViewName('x'.repeat(121))).toEqual({ ok: false, problem: 'too_long' });
    expect(savedViewName('x'.repeat(120)).ok).toBe(true);
  });
});
