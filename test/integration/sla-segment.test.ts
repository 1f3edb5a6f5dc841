/**
 * A customer's segment picks their tickets' SLA policy, on PGlite and Postgres, with a pinned clock:
 * a customer push (or a merge) that changes the segment queues, in the customer's own transaction, the
 * recomputation of that customer's open tickets; the SLA worker stores the new due dates and
 * `slaAtRiskAt` with new change sequences, so clients pull them. Finished tickets, other customers'
 * tickets, and every ticket of a push that leaves the segment as it was are not rewritten.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotifyChangeFeed } from '../../src/server/changes/notify-change-feed';
import { inChangeTransaction } from '../../src/server/documents/document-store';
import { queueSlaRecompute, recomputeBatch } from '../../src/server/sla/recompute-jobs';
import { SlaWorker } from '../../src/server/sla/sla-worker';
import type { Customer } from '../../src/shared/domain/customer';
import { mergeCustomerRecords } from '../../src/shared/domain/customer-merge';
import type { SettingsOfKind, SlaTarget } from '../../src/shared/domain/settings';
import type { Ticket } from '../../src/shared/domain/ticket';
import type { SyncCollectionName } from '../../src/shared/sync/collections';
import type { PushRow, WireDocument } from '../../src/shared/sync/protocol';
import { openTestDatabase, TARGETS, type TestDatabase } from './helpers/databases';
import { customer, insertRow, ticket, updateRow } from './helpers/fixtures';
import { testLogger } from './helpers/logger';
import { ADMIN, AGENT, startTestServer, SUPERVISOR, type TestServer } from './helpers/server';
import { pullEverything, pushRows, storedTicket } from './helpers/sync-api';
import { TestClock } from './helpers/test-clock';

const CLIENT_TIME = '2020-01-01T00:00:00.000Z';
const MINUTE = 60_000;

const targets = (target: SlaTarget) => ({ low: target, normal: target, high: target, urgent: target });

/** Like the demo's "VIP and enterprise" policy (matched on segments, tried first), around the clock. */
const vipPolicy: SettingsOfKind<'slaPolicy'> = {
  id: 'seg-vip',
  kind: 'slaPolicy',
  name: 'VIP and enterprise',
  enabled: true,
  slaPolicy: { rank: 10, match: { segments: ['vip', 'enterprise'] }, targets: targets({ firstResponseMinutes: 30, resolutionMinutes: 240 }), atRiskPercent: 70 },
  createdAt: CLIENT_TIME,
  updatedAt: CLIENT_TIME,
};
/** Like the demo's "Standard" policy (matches everything, tried last), around the clock. */
const standardPolicy: SettingsOfKind<'slaPolicy'> = {
  id: 'seg-standard',
  kind: 'slaPolicy',
  name: 'Standard',
  enabled: true,
  slaPolicy: { rank: 100, match: {}, targets: targets({ firstResponseMinutes: 120, resolutionMinutes: 1440 }), atRiskPercent: 80 },
  createdAt: CLIENT_TIME,
  updatedAt: CLIENT_TIME,
};

/** The SLA fields each policy stamps on a ticket created at `createdAt` with no reply yet. */
const standardSla = (createdAt: number) => ({
  firstResponseDueAt: new Date(createdAt + 120 * MINUTE).toISOString(),
  resolutionDueAt: new Date(createdAt + 1440 * MINUTE).toISOString(),
  // First response turns at risk after 80 % of its 120 minutes.
  slaAtRiskAt: new Date(createdAt + 96 * MINUTE).toISOString(),
});
const vipSla = (createdAt: number) => ({
  firstResponseDueAt: new Date(createdAt + 30 * MINUTE).toISOString(),
  resolutionDueAt: new Date(createdAt + 240 * MINUTE).toISOString(),
  // After 70 % of 30 minutes.
  slaAtRiskAt: new Date(createdAt + 21 * MINUTE).toISOString(),
});

describe.each(TARGETS)('SLA after a customer segment change on %s', (target) => {
  let testDb: TestDatabase;
  let server: TestServer;
  let feed: { close(): Promise<void> };
  let worker: SlaWorker;
  let agentToken: string;
  let supervisorToken: string;
  // Wednesday 2030-05-08 09:00 UTC.
  const clock = new TestClock(new Date('2030-05-08T09:00:00.000Z'));

  beforeAll(async () => {
    testDb = await openTestDatabase(target);
    // The server's own worker never runs (startTestServer's idle timer): the tests run it by hand.
    server = await startTestServer(testDb.database, { clock });
    const changeFeed = await createNotifyChangeFeed(testDb.database, testLogger);
    feed = changeFeed;
    worker = new SlaWorker({ db: testDb.database.db, feed: changeFeed, clock, logger: testLogger });
    agentToken = (await server.login(AGENT)).token;
    supervisorToken = (await server.login(SUPERVISOR)).token;
    await pushOk((await server.login(ADMIN)).token, 'settings', [insertRow(vipPolicy), insertRow(standardPolicy)]);
    // The jobs the migrations and the policies queued: no tickets yet.
    await worker.runOnce();
  });

  afterAll(async () => {
    await server.close();
    await feed.close();
    await testDb.dispose();
  });

  async function pushOk(token: string, collection: SyncCollectionName, rows: readonly PushRow<object>[]): Promise<void> {
    expect(await pushRows(server, token, collection, rows)).toEqual({ status: 200, body: [] });
  }
  const pullAll = (collection: SyncCollectionName, afterSeq = 0) => pullEverything(server, agentToken, collection, afterSeq);
  const stored = (id: string) => storedTicket<Ticket>(server, agentToken, id);
  const storedCustomer = async (id: string): Promise<WireDocument<Customer>> => {
    const found = (await pullAll('customers')).documents.find((document) => document.id === id);
    if (found === undefined) throw new Error(`customer ${id} not found`);
    return found as unknown as WireDocument<Customer>;
  };
  const createTickets = async (ids: readonly string[], customerId: string): Promise<void> => {
    await pushOk(agentToken, 'tickets', ids.map((id) => insertRow(ticket(id, { channel: 'email', customerId }))));
  };
  const finish = async (id: string, status: 'solved' | 'closed'): Promise<void> => {
    await pushOk(agentToken, 'tickets', [updateRow(await stored(id), { status })]);
  };
  const setSegment = async (customerId: string, changes: Partial<Customer>): Promise<void> => {
    await pushOk(supervisorToken, 'customers', [updateRow(await storedCustomer(customerId), changes)]);
  };
  const jobsWaiting = () => testDb.database.db.selectFrom('sla_recompute_jobs').select(['reason', 'customer_id']).where('finished_at', 'is', null).execute();
  /** Runs the SLA worker and returns the tickets clients pull afterwards (changed since `afterSeq`), by id. */
  const runWorkerAndPull = async (afterSeq: number): Promise<Map<string, WireDocument>> => {
    await worker.runOnce();
    return new Map((await pullAll('tickets', afterSeq)).documents.map((document) => [document.id as string, document]));
  };

  it('moves a customer’s open tickets to the stricter policy when they become VIP, in the background, and clients pull them', async () => {
    await pushOk(supervisorToken, 'customers', [insertRow(customer('cus_seg_moving', { segment: 'consumer' })), insertRow(customer('cus_seg_other', { segment: 'consumer' }))]);
    const createdAt = clock.now().getTime();
    await createTickets(['seg-open-1', 'seg-open-2', 'seg-solved', 'seg-closed'], 'cus_seg_moving');
    await createTickets(['seg-other-1'], 'cus_seg_other');
    await pushOk(agentToken, 'tickets', [updateRow(await stored('seg-open-2'), { status: 'open' })]);
    await finish('seg-solved', 'solved');
    await finish('seg-closed', 'closed');
    expect(await stored('seg-open-1')).toMatchObject(standardSla(createdAt));
    const untouched = await Promise.all(['seg-solved', 'seg-closed', 'seg-other-1'].map(stored));
    expect(untouched[2]).toMatchObject(standardSla(createdAt));

    clock.advanceMinutes(25);
    const before = await pullAll('tickets');
    await setSegment('cus_seg_moving', { segment: 'vip' });
    // The push only queued the work, committed with the customer: a worker of any server process, started before or after, does it.
    expect(await jobsWaiting()).toEqual([{ reason: 'segment of customer cus_seg_moving: vip', customer_id: 'cus_seg_moving' }]);
    expect(await stored('seg-open-1')).toMatchObject(standardSla(createdAt));

    const pulled = await runWorkerAndPull(before.seq);
    expect([...pulled.keys()].sort()).toEqual(['seg-open-1', 'seg-open-2']);
    for (const id of ['seg-open-1', 'seg-open-2']) expect(pulled.get(id), id).toMatchObject(vipSla(createdAt));
    // 25 minutes in, the VIP ticket is at risk already: the "SLA at risk" view (slaAtRiskAt ≤ now) lists it.
    expect(Date.parse(String(pulled.get('seg-open-1')?.slaAtRiskAt))).toBeLessThanOrEqual(clock.now().getTime());
    expect(await Promise.all(['seg-solved', 'seg-closed', 'seg-other-1'].map(stored))).toEqual(untouched);
    // The job read only that customer's open tickets (what the worker logs as its progress).
    const job = await testDb.database.db.selectFrom('sla_recompute_jobs').select(['checked', 'updated', 'finished_at']).where('customer_id', '=', 'cus_seg_moving').executeTakeFirst();
    expect(job).toMatchObject({ checked: 2, updated: 2, finished_at: clock.now() });
  });

  it('rewrites no ticket when a customer push leaves the segment as it was, or moves it within the same policy', async () => {
    await pushOk(supervisorToken, 'customers', [insertRow(customer('cus_seg_same', { segment: 'vip' }))]);
    const createdAt = clock.now().getTime();
    await createTickets(['seg-same-1'], 'cus_seg_same');
    const before = await pullAll('tickets');

    await setSegment('cus_seg_same', { name: 'Renamed customer', notes: 'Prefers email', segment: 'vip' });
    expect(await jobsWaiting()).toEqual([]);
    expect((await runWorkerAndPull(before.seq)).size).toBe(0);

    // Enterprise customers get the same VIP policy: recomputed, nothing moved, nothing stored.
    await setSegment('cus_seg_same', { segment: 'enterprise' });
    expect(await jobsWaiting()).toHaveLength(1);
    expect((await runWorkerAndPull(before.seq)).size).toBe(0);
    expect(await stored('seg-same-1')).toMatchObject(vipSla(createdAt));
  });

  it('recomputes the survivor’s open tickets, its own and those moved from the duplicate, when a merge gives it the duplicate’s segment', async () => {
    await pushOk(supervisorToken, 'customers', [insertRow(customer('cus_seg_survivor')), insertRow(customer('cus_seg_duplicate', { segment: 'vip' }))]);
    const createdAt = clock.now().getTime();
    await createTickets(['seg-survivor-1'], 'cus_seg_survivor');
    await createTickets(['seg-duplicate-1'], 'cus_seg_duplicate');
    expect(await stored('seg-survivor-1')).toMatchObject(standardSla(createdAt));
    expect(await stored('seg-duplicate-1')).toMatchObject(vipSla(createdAt));
    clock.advanceMinutes(5);
    const before = await pullAll('tickets');

    // The merge as the renderer writes it; each collection replicates on its own, the tickets first here.
    const survivor = await storedCustomer('cus_seg_survivor');
    const duplicate = await storedCustomer('cus_seg_duplicate');
    const merged = mergeCustomerRecords(survivor, duplicate);
    if (!merged.ok) throw new Error(merged.problem);
    await pushOk(agentToken, 'tickets', [updateRow(await stored('seg-duplicate-1'), { customerId: survivor.id })]);
    await pushOk(supervisorToken, 'customers', [updateRow(survivor, merged.survivor), updateRow(duplicate, { mergedIntoId: survivor.id })]);
    expect(await jobsWaiting()).toEqual([{ reason: 'segment of customer cus_seg_survivor: vip', customer_id: 'cus_seg_survivor' }]);

    const pulled = await runWorkerAndPull(before.seq);
    expect(pulled.get('seg-survivor-1')).toMatchObject(vipSla(createdAt));
    expect(await stored('seg-duplicate-1')).toMatchObject({ customerId: survivor.id, ...vipSla(createdAt) });
  });

  it('recomputes tickets created offline for a customer the server stores only afterwards', async () => {
    const createdAt = clock.now().getTime();
    await createTickets(['seg-early-1'], 'cus_seg_late');
    // No customer yet: the policy for no segment.
    expect(await stored('seg-early-1')).toMatchObject(standardSla(createdAt));
    const before = await pullAll('tickets');

    await pushOk(supervisorToken, 'customers', [insertRow(customer('cus_seg_late', { segment: 'vip' }))]);
    expect((await runWorkerAndPull(before.seq)).get('seg-early-1')).toMatchObject(vipSla(createdAt));
  });

  it('runs a customer’s recomputation ahead of a pass over every open ticket already queued', async () => {
    await pushOk(supervisorToken, 'customers', [insertRow(customer('cus_seg_urgent', { segment: 'consumer' }))]);
    const createdAt = clock.now().getTime();
    await createTickets(['seg-urgent-1'], 'cus_seg_urgent');
    // A policy change's pass, queued first (it would take minutes over a large installation).
    await inChangeTransaction(testDb.database.db, (trx) => queueSlaRecompute(trx, 'a long pass', clock.now()));
    await setSegment('cus_seg_urgent', { segment: 'vip' });

    const first = await recomputeBatch(testDb.database.db, clock.now(), 5);
    expect(first).toMatchObject({ reason: 'segment of customer cus_seg_urgent: vip', finished: true, batch: { updated: 1 } });
    expect(await stored('seg-urgent-1')).toMatchObject(vipSla(createdAt));
    expect(await jobsWaiting()).toEqual([{ reason: 'a long pass', customer_id: null }]);
    await worker.runOnce();
  });
});
