/**
 * `slaAtRiskAt` on the server, on PGlite and Postgres: the SLA engine stamps it with the due dates on
 * every accepted ticket write, a push can never set it (like the due dates), a policy change moves it
 * through the background recomputation, and migration 0004 backfills tickets stored before the field
 * existed, each with a new change sequence so replicas pull it.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotifyChangeFeed } from '../../src/server/changes/notify-change-feed';
import { slaAtRiskBackfillMigration } from '../../src/server/db/migrations/0004-sla-at-risk-backfill';
import { SlaWorker } from '../../src/server/sla/sla-worker';
import type { SettingsOfKind } from '../../src/shared/domain/settings';
import type { Ticket } from '../../src/shared/domain/ticket';
import type { SyncCollectionName } from '../../src/shared/sync/collections';
import type { PushRow, WireDocument } from '../../src/shared/sync/protocol';
import { openTestDatabase, TARGETS, type TestDatabase } from './helpers/databases';
import { insertRow, ticket, updateRow } from './helpers/fixtures';
import { testLogger } from './helpers/logger';
import { ADMIN, AGENT, startTestServer, type TestServer } from './helpers/server';
import { pullEverything, pushRows, storedTicket } from './helpers/sync-api';
import { TestClock } from './helpers/test-clock';

const CLIENT_TIME = '2020-01-01T00:00:00.000Z';
const MINUTE = 60_000;

/** Chat, around the clock: normal priority first response in 60 minutes, resolution in 480, at risk after 75 %. */
const chatPolicy: SettingsOfKind<'slaPolicy'> = {
  id: 'risk-chat',
  kind: 'slaPolicy',
  name: 'Chat, 24/7',
  enabled: true,
  slaPolicy: {
    rank: 1,
    match: { channels: ['chat'] },
    targets: {
      low: { firstResponseMinutes: 240, resolutionMinutes: 2880 },
      normal: { firstResponseMinutes: 60, resolutionMinutes: 480 },
      high: { firstResponseMinutes: 30, resolutionMinutes: 240 },
      urgent: { firstResponseMinutes: 15, resolutionMinutes: 120 },
    },
    atRiskPercent: 75,
  },
  createdAt: CLIENT_TIME,
  updatedAt: CLIENT_TIME,
};

describe.each(TARGETS)('slaAtRiskAt on %s', (target) => {
  let testDb: TestDatabase;
  let server: TestServer;
  let worker: SlaWorker;
  let feed: { close(): Promise<void> };
  let agentToken: string;
  let adminToken: string;
  // Wednesday 2030-05-08 09:00 UTC.
  const clock = new TestClock(new Date('2030-05-08T09:00:00.000Z'));

  beforeAll(async () => {
    testDb = await openTestDatabase(target);
    server = await startTestServer(testDb.database, { clock });
    agentToken = (await server.login(AGENT)).token;
    adminToken = (await server.login(ADMIN)).token;
    const changeFeed = await createNotifyChangeFeed(testDb.database, testLogger);
    feed = changeFeed;
    worker = new SlaWorker({ db: testDb.database.db, feed: changeFeed, clock, logger: testLogger });
    await pushOk(adminToken, 'settings', [insertRow(chatPolicy)]);
    // The backfill the migration queued and the recomputation the policy queued: no tickets yet.
    await worker.runOnce();
  });

  afterAll(async () => {
    await server.close();
    await feed.close();
    await testDb.dispose();
  });

  const push = (token: string, collection: SyncCollectionName, rows: readonly PushRow<object>[]) => pushRows(server, token, collection, rows);
  async function pushOk(token: string, collection: SyncCollectionName, rows: readonly PushRow<object>[]): Promise<void> {
    expect(await push(token, collection, rows)).toEqual({ status: 200, body: [] });
  }
  const pullAll = (collection: SyncCollectionName, afterSeq = 0) => pullEverything(server, agentToken, collection, afterSeq);
  const stored = (id: string) => storedTicket<Ticket>(server, agentToken, id);
  const at = (minutesFromNow: number): string => new Date(clock.now().getTime() + minutesFromNow * MINUTE).toISOString();

  it('is stamped on a pushed ticket with its due dates; a forged value is ignored, an invalid one refused, like a due date', async () => {
    const forged = { slaAtRiskAt: '2099-01-01T00:00:00.000Z', firstResponseDueAt: '2099-01-01T00:00:00.000Z' };
    await pushOk(agentToken, 'tickets', [insertRow(ticket('risk-1', { channel: 'chat', ...forged }))]);
    let master = await stored('risk-1');
    // First response due in 60 minutes turns at risk 15 minutes before; resolution (480) only 120 before its due time.
    expect(master).toMatchObject({ firstResponseDueAt: at(60), resolutionDueAt: at(480), slaAtRiskAt: at(45) });

    clock.advanceMinutes(5);
    await pushOk(agentToken, 'tickets', [updateRow(master, { subject: 'Router keeps rebooting', slaAtRiskAt: '2000-01-01T00:00:00.000Z' })]);
    master = await stored('risk-1');
    expect(master.subject).toBe('Router keeps rebooting');
    expect(master.slaAtRiskAt).toBe(at(40));

    // A value that is not an instant fails validation, the whole push refused, as it is for a due date.
    for (const invalid of [{ slaAtRiskAt: 'soon' }, { resolutionDueAt: 'soon' }]) {
      const refused = await push(agentToken, 'tickets', [updateRow(master, { subject: 'Refused', ...invalid })]);
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ error: { code: 'validation_failed' } });
    }
    expect((await stored('risk-1')).subject).toBe('Router keeps rebooting');

    // Pending on the customer: every clock stops, nothing can turn at risk.
    await pushOk(agentToken, 'tickets', [updateRow(master, { status: 'pending' })]);
    master = await stored('risk-1');
    expect(master).not.toHaveProperty('firstResponseDueAt');
    expect(master).not.toHaveProperty('slaAtRiskAt');
  });

  it('moves when the policy changes, through the background recomputation, and clients pull it', async () => {
    await pushOk(agentToken, 'tickets', [insertRow(ticket('risk-policy', { channel: 'chat' }))]);
    const createdAt = clock.now().getTime();
    expect((await stored('risk-policy')).slaAtRiskAt).toBe(at(45));
    const before = await pullAll('tickets');

    // At risk after half the target: first response turns at risk 30 minutes in.
    const policyMaster = (await pullAll('settings')).documents.find((document) => document.id === chatPolicy.id) as unknown as WireDocument<SettingsOfKind<'slaPolicy'>>;
    await pushOk(adminToken, 'settings', [updateRow(policyMaster, { slaPolicy: { ...chatPolicy.slaPolicy, atRiskPercent: 50 } })]);
    // The push only queued the work; the due date itself does not move.
    expect((await stored('risk-policy')).slaAtRiskAt).toBe(at(45));

    expect(await worker.runOnce()).toMatchObject({ jobsFinished: 1 });
    const pulled = (await pullAll('tickets', before.seq)).documents.find((document) => document.id === 'risk-policy');
    expect(pulled).toMatchObject({ firstResponseDueAt: new Date(createdAt + 60 * MINUTE).toISOString(), slaAtRiskAt: new Date(createdAt + 30 * MINUTE).toISOString() });
  });

  it('is backfilled on the open tickets stored before it existed (migration 0004), which replicas then pull', async () => {
    await pushOk(agentToken, 'tickets', [insertRow(ticket('risk-old-open', { channel: 'chat' })), insertRow(ticket('risk-old-solved', { channel: 'chat' }))]);
    await pushOk(agentToken, 'tickets', [updateRow(await stored('risk-old-solved'), { status: 'solved' })]);
    const expected = (await stored('risk-old-open')).slaAtRiskAt;
    expect(expected).toBeDefined();
    // What a server before schema v2 stored: the due dates without the field.
    await sql`update documents set data = data - 'slaAtRiskAt' where collection = 'tickets' and id = 'risk-old-open'`.execute(testDb.database.db);
    expect(await stored('risk-old-open')).not.toHaveProperty('slaAtRiskAt');
    const solvedBefore = await stored('risk-old-solved');
    const before = await pullAll('tickets');

    await slaAtRiskBackfillMigration.up(testDb.database.db);
    expect(await worker.runOnce()).toMatchObject({ jobsFinished: 1 });
    const pulled = (await pullAll('tickets', before.seq)).documents;
    expect(pulled.find((document) => document.id === 'risk-old-open')).toMatchObject({ slaAtRiskAt: expected });
    // Tickets whose fields were right already, finished ones included, are not rewritten.
    expect(pulled.map((document) => document.id)).toEqual(['risk-old-open']);
    expect(await stored('risk-old-solved')).toEqual(solvedBefore);
  });
});
