/**
 * The queue's live rows (`queueRows`, queue-data.ts) on the replica the app opens (`openUserDatabase`:
 * its storage with ordered reads and memory indexes on the due dates): each built-in view's first page
 * is what the predicate and the comparator give; a later segment completes the page only past the
 * earlier ones, and the page follows changes that move tickets between segments.
 */
import * as fakeIndexedDb from 'fake-indexeddb';
import { firstValueFrom, filter, type Observable } from 'rxjs';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openUserDatabase, type AtendeDatabase } from '../../../src/renderer/data/database';
import { queueRows, type QueueTicket } from '../../../src/renderer/features/queue/queue-rows';
import { slaAtRiskAt } from '../../../src/shared/domain/queue-sla';
import { BUILT_IN_VIEWS, builtInView, compareQueueTickets, matchesQueue, queuePlan, type QueueContext } from '../../../src/shared/domain/queue-views';
import { CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES, TIERS, type Ticket } from '../../../src/shared/domain/ticket';
import type { SlaSetup } from '../../../src/shared/sla/policy';

const dexieSettings = fakeIndexedDb as unknown as Parameters<typeof getRxStorageDexie>[0];
const NOW = Date.UTC(2026, 2, 1, 12);
const MINUTE = 60_000;
const iso = (minutes: number) => new Date(NOW + minutes * MINUTE).toISOString();
const SETUP: SlaSetup = { policyId: 'set_sla', target: { firstResponseMinutes: 60, nextResponseMinutes: 120, resolutionMinutes: 240 }, atRiskPercent: 75, calendar: undefined };
// Windows of 15, 30 and 60 minutes (75 % of 60, 120, 240): due within the hour, turned at risk within the last one.
const context: QueueContext = { userId: 'usr_ana', tier: 'L1', now: NOW, atRiskHorizon: NOW + 60 * MINUTE, atRiskFloor: NOW - 60 * MINUTE };
const keep = (ticket: QueueTicket) => matchesQueue(ticket, {}, context, () => SETUP);

function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const random = seededRandom(5);
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
const maybe = (minutes: number) => (random() < 0.5 ? { value: iso(minutes) } : undefined);
const TICKETS: Ticket[] = Array.from({ length: 300 }, (_, index) => {
  const due = { firstResponseDueAt: maybe(Math.round(random() * 400) - 200), nextResponseDueAt: maybe(Math.round(random() * 400) - 200), resolutionDueAt: maybe(Math.round(random() * 600) - 200) };
  const assigneeId = random() < 0.6 ? pick(['usr_ana', 'usr_bruno']) : undefined;
  const ticket: Ticket = {
    id: `tkt_${String(index).padStart(4, '0')}`,
    number: index + 1,
    subject: `Ticket ${String(index)}`,
    status: pick(TICKET_STATUSES),
    priority: pick(TICKET_PRIORITIES),
    channel: pick(CHANNELS),
    tier: pick(TIERS),
    customerId: `cus_${String(index % 9)}`,
    ...(assigneeId === undefined ? {} : { assigneeId }),
    tags: [],
    createdAt: iso(-2000),
    updatedAt: iso(-Math.floor(random() * 50)),
    ...Object.fromEntries(Object.entries(due).flatMap(([field, value]) => (value === undefined ? [] : [[field, value.value]]))),
  };
  // Stamped as the server stamps it with the due dates.
  const atRiskAt = slaAtRiskAt(ticket, SETUP);
  return atRiskAt === undefined ? ticket : { ...ticket, slaAtRiskAt: atRiskAt };
});

let db: AtendeDatabase;

beforeAll(async () => {
  db = await openUserDatabase({ serverUrl: 'http://queue.test', userId: 'usr_ana', role: 'agent', storage: getRxStorageDexie(dexieSettings), multiInstance: false });
  await db.tickets.bulkInsert(TICKETS.map((ticket) => ({ ...ticket, tags: [] })));
});

afterAll(async () => {
  await db.remove();
});

const first = <T>(source: Observable<T>) => firstValueFrom(source);

describe('queue rows on the replica', () => {
  it('give each built-in view its first page: the tickets the predicate selects, in the comparator’s order', async () => {
    const current = (await db.tickets.find().exec()).map((doc) => doc.toJSON() as unknown as QueueTicket);
    for (const viewId of BUILT_IN_VIEWS) {
      const { filters, sort } = builtInView(viewId, context.tier);
      const viewKeep = (ticket: QueueTicket) => matchesQueue(ticket, filters, context, () => SETUP);
      const expected = current.filter(viewKeep).sort(compareQueueTickets(sort)).map((ticket) => ticket.id);
      for (const limit of [5, 40, 400]) {
        const rows = await first(queueRows(db, queuePlan(filters, sort, context), limit, viewKeep));
        expect(
          rows.map((row) => row.id),
          `${viewId}, ${String(limit)} rows`,
        ).toEqual(expected.slice(0, limit));
      }
    }
  });

  it('complete a page from the tickets without a due date only past those with one, and follow a ticket between the two', async () => {
    const sort = { field: 'resolutionDueAt', direction: 'asc' } as const;
    const plan = queuePlan({}, sort, context);
    expect(plan.segments).toHaveLength(2);
    const withDue = TICKETS.filter((ticket) => ticket.resolutionDueAt !== undefined && ticket.mergedIntoId === undefined).length;

    // A page the first segment fills: exactly its rows, all with a due date.
    const short = await first(queueRows(db, plan, withDue, keep));
    expect(short).toHaveLength(withDue);
    expect(short.every((row) => row.resolutionDueAt !== undefined)).toBe(true);

    // One more row than the first segment has: the newest ticket without a due date completes the page,
    // and it is replaced as soon as a ticket gains a due date (the first segment fills the page again).
    const rows$ = queueRows(db, plan, withDue + 1, keep);
    const before = await first(rows$);
    const newestWithout = [...TICKETS].filter((ticket) => ticket.resolutionDueAt === undefined).sort(compareQueueTickets({ field: 'updatedAt', direction: 'desc' }))[0];
    expect(before.at(-1)?.id).toBe(newestWithout?.id);
    const gaining = TICKETS.find((ticket) => ticket.resolutionDueAt === undefined && ticket.id !== newestWithout?.id);
    if (gaining === undefined || newestWithout === undefined) throw new Error('the sample needs tickets without a due date');
    const after = firstValueFrom(rows$.pipe(filter((rows) => rows.some((row) => row.id === gaining.id))));
    await db.tickets.findOne(gaining.id).incrementalPatch({ resolutionDueAt: iso(10_000) });
    const rows = await after;
    expect(rows).toHaveLength(withDue + 1);
    expect(rows.at(-1)?.id).toBe(gaining.id);
    expect(rows.some((row) => row.id === newestWithout.id)).toBe(false);
  });
});
