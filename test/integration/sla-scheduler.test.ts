/**
 * The server's SLA work beyond a single push, on PGlite and Postgres, with a pinned clock:
 * - a ticket write is stored once (one change sequence) with its SLA fields;
 * - missed targets become one `sla_breach` timeline event each: written by the breach scan (through
 *   the due-date indexes) or, for a due date already behind the scan, by the write that made it;
 *   exactly once with two workers (two server processes on Postgres) running at the same time;
 * - a changed SLA policy or calendar queues a recomputation that the worker carries out in batches,
 *   and clients get the new due dates through the ordinary pull and stream.
 */
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createNotifyChangeFeed } from '../../src/server/changes/notify-change-feed';
import type { Database } from '../../src/server/db/database';
import { createLogger } from '../../src/server/logger';
import { DUE_FIELDS, dueTicketsQuery } from '../../src/server/sla/breach-scan';
import { SlaWorker } from '../../src/server/sla/sla-worker';
import type { SettingsOfKind } from '../../src/shared/domain/settings';
import type { Ticket } from '../../src/shared/domain/ticket';
import type { TimelineEntry } from '../../src/shared/domain/timeline';
import type { SyncCollectionName } from '../../src/shared/sync/collections';
import type { PushRow, StreamServerMessage, WireDocument } from '../../src/shared/sync/protocol';
import { ManualScheduler } from '../unit/server/voice/manual-scheduler';
import { openTestDatabase, TARGETS, type TestDatabase } from './helpers/databases';
import { insertRow, ticket, timelineEntry, updateRow } from './helpers/fixtures';
import { testLogger } from './helpers/logger';
import { ADMIN, AGENT, startTestServer, type TestServer } from './helpers/server';
import { connectStream } from './helpers/stream-client';
import { pullEverything, pushRows, storedTicket } from './helpers/sync-api';
import { TestClock } from './helpers/test-clock';

const CLIENT_TIME = '2020-01-01T00:00:00.000Z';
const MINUTE = 60_000;

/** Around the clock, for the `chat` channel only (the other tickets of the suite have no SLA). */
const chatPolicy: SettingsOfKind<'slaPolicy'> = {
  id: 'sched-chat',
  kind: 'slaPolicy',
  name: 'Chat, 24/7',
  enabled: true,
  slaPolicy: {
    rank: 1,
    match: { channels: ['chat'] },
    targets: {
      low: { firstResponseMinutes: 240, resolutionMinutes: 2880 },
      normal: { firstResponseMinutes: 60, nextResponseMinutes: 30, resolutionMinutes: 480 },
      high: { firstResponseMinutes: 30, resolutionMinutes: 240 },
      urgent: { firstResponseMinutes: 15, resolutionMinutes: 120 },
    },
    atRiskPercent: 75,
  },
  createdAt: CLIENT_TIME,
  updatedAt: CLIENT_TIME,
};

/** For the `web_form` channel, on office hours (09:00–18:00 UTC, weekdays). */
const officeCalendar: SettingsOfKind<'businessCalendar'> = {
  id: 'sched-office',
  kind: 'businessCalendar',
  name: 'Office',
  enabled: true,
  businessCalendar: {
    timeZone: 'UTC',
    weeklyHours: {
      mon: [{ start: '09:00', end: '18:00' }],
      tue: [{ start: '09:00', end: '18:00' }],
      wed: [{ start: '09:00', end: '18:00' }],
      thu: [{ start: '09:00', end: '18:00' }],
      fri: [{ start: '09:00', end: '18:00' }],
      sat: [],
      sun: [],
    },
    holidays: [],
  },
  createdAt: CLIENT_TIME,
  updatedAt: CLIENT_TIME,
};
const formTarget = { firstResponseMinutes: 120, resolutionMinutes: 600 };
const formPolicy: SettingsOfKind<'slaPolicy'> = {
  id: 'sched-form',
  kind: 'slaPolicy',
  name: 'Web form, office hours',
  enabled: true,
  slaPolicy: { rank: 2, match: { channels: ['web_form'] }, targets: { low: formTarget, normal: formTarget, high: formTarget, urgent: formTarget }, calendarId: officeCalendar.id, atRiskPercent: 80 },
  createdAt: CLIENT_TIME,
  updatedAt: CLIENT_TIME,
};

type ChangeMessage = Extract<StreamServerMessage, { type: 'change' }>;

describe.each(TARGETS)('SLA scheduler on %s', (target) => {
  let testDb: TestDatabase;
  let server: TestServer;
  let agentToken: string;
  let adminToken: string;
  // Wednesday 2030-05-08 09:00 UTC.
  const clock = new TestClock(new Date('2030-05-08T09:00:00.000Z'));
  const appScheduler = new ManualScheduler();
  const logLines: Record<string, unknown>[] = [];
  const feeds: { close(): Promise<void> }[] = [];

  /** A worker like the server's, on `database` (another connection set = another server process). */
  const newWorker = async (database: Database, options: { batchSize?: number; logged?: boolean } = {}): Promise<SlaWorker> => {
    const feed = await createNotifyChangeFeed(database, testLogger);
    feeds.push(feed);
    const logger =
      options.logged === true
        ? createLogger({
            level: 'info',
            destination: new Writable({
              write(chunk: Buffer, _encoding, done) {
                logLines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
                done();
              },
            }),
          })
        : testLogger;
    return new SlaWorker({ db: database.db, feed, clock, logger, ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }) });
  };
  let worker: SlaWorker;

  beforeAll(async () => {
    testDb = await openTestDatabase(target);
    server = await startTestServer(testDb.database, { clock, listen: true, slaScheduler: appScheduler });
    await signIn();
    worker = await newWorker(testDb.database);
    await pushOk(adminToken, 'settings', [insertRow(chatPolicy), insertRow(officeCalendar), insertRow(formPolicy)]);
    // The recomputation those settings queued has no tickets to check yet.
    await worker.runOnce();
  });

  afterAll(async () => {
    await server.close();
    for (const feed of feeds) await feed.close();
    await testDb.dispose();
  });

  const pushOk = async (token: string, collection: SyncCollectionName, rows: readonly PushRow<object>[]): Promise<void> => {
    expect(await pushRows(server, token, collection, rows)).toEqual({ status: 200, body: [] });
  };
  const pullAll = (collection: SyncCollectionName, afterSeq = 0) => pullEverything(server, agentToken, collection, afterSeq);
  const stored = (id: string) => storedTicket<Ticket>(server, agentToken, id);
  const breachesOf = async (ticketId: string): Promise<TimelineEntry[]> =>
    (await pullAll('timeline')).documents
      .map((document) => document as unknown as TimelineEntry)
      .filter((entry) => entry.subjectId === ticketId && entry.kind === 'sla_breach')
      .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  const createTickets = async (ids: readonly string[], fields: Partial<Ticket> = {}): Promise<void> => {
    await pushOk(agentToken, 'tickets', ids.map((id) => insertRow(ticket(id, { channel: 'chat', ...fields }))));
  };
  const at = (minutesFromNow: number): string => new Date(clock.now().getTime() + minutesFromNow * MINUTE).toISOString();
  /** Three days on, every target of the tests before (at most two days) has passed and been recorded: a clean window. */
  const settle = async (): Promise<void> => {
    clock.advanceMinutes(3 * 24 * 60);
    await signIn();
    await worker.runOnce();
  };
  /** Sessions expire as the clock moves on by days. */
  const signIn = async (): Promise<void> => {
    agentToken = (await server.login(AGENT)).token;
    adminToken = (await server.login(ADMIN)).token;
  };
  const breachEventCount = async (): Promise<number> => (await pullAll('timeline')).documents.filter((document) => document.kind === 'sla_breach').length;

  it('stores a ticket write once: its SLA fields and status events in one change, under one sequence', async () => {
    await createTickets(['sched-once']);
    const created = await stored('sched-once');
    clock.advanceMinutes(10);
    await pushOk(agentToken, 'tickets', [updateRow(created, { status: 'pending' })]);
    const rows = await testDb.database.db.selectFrom('documents').select(['seq', 'data']).where('collection', '=', 'tickets').where('id', '=', 'sched-once').execute();
    const ticketSeq = Number(rows[0]?.seq);
    const event = (await pullAll('timeline')).documents.find((document) => document.subjectId === 'sched-once' && document.kind === 'status_change');
    // The status event is named after the ticket write's sequence, and the ticket still has that sequence.
    expect(event?.id).toBe(`tle_${String(ticketSeq)}_status`);
    // Pending: the clocks stopped, so the due dates are gone in that same write.
    expect(rows[0]?.data).not.toHaveProperty('firstResponseDueAt');
    expect(rows[0]?.data).not.toHaveProperty('resolutionDueAt');
  });

  it('records a missed target once, when its due time passes, and a late reply adds nothing', async () => {
    await settle();
    const createdAt = clock.now().getTime();
    await createTickets(['sched-late']);
    clock.advanceMinutes(59);
    expect(await worker.runOnce()).toMatchObject({ breaches: 0 });
    expect(await breachesOf('sched-late')).toEqual([]);

    clock.advanceMinutes(2);
    expect(await worker.runOnce()).toMatchObject({ breaches: 1 });
    const [breach] = await breachesOf('sched-late');
    expect(breach).toMatchObject({
      kind: 'sla_breach',
      slaMetric: 'first_response',
      subjectType: 'ticket',
      authorType: 'system',
      customerId: 'cus_000001',
      // When the target passed; recorded when the scan saw it.
      occurredAt: new Date(createdAt + 60 * MINUTE).toISOString(),
      createdAt: clock.now().toISOString(),
    });
    expect(breach).not.toHaveProperty('authorId');

    // Run again, reply late: still one event for first response.
    expect(await worker.runOnce()).toMatchObject({ breaches: 0 });
    clock.advanceMinutes(5);
    await pushOk(agentToken, 'timeline', [insertRow(timelineEntry('sched-late-reply', { subjectId: 'sched-late', kind: 'agent_reply', channel: 'chat', body: 'Sorry for the wait' }))]);
    expect((await stored('sched-late')).firstRespondedAt).toBe(clock.now().toISOString());
    expect((await breachesOf('sched-late')).map((entry) => entry.slaMetric)).toEqual(['first_response']);
  });

  it('gives each next-response cycle its own breach', async () => {
    await settle();
    await createTickets(['sched-cycles']);
    const reply = (id: string) => timelineEntry(id, { subjectId: 'sched-cycles', kind: 'agent_reply', channel: 'chat', body: 'On it' });
    const message = (id: string) => timelineEntry(id, { subjectId: 'sched-cycles', kind: 'customer_message', authorType: 'customer', authorId: 'cus_000001', channel: 'chat', body: 'Any news?' });
    await pushOk(agentToken, 'timeline', [insertRow(reply('sched-cycles-r1'))]);
    clock.advanceMinutes(1);
    await pushOk(agentToken, 'timeline', [insertRow(message('sched-cycles-m1'))]);
    clock.advanceMinutes(31);
    await worker.runOnce();
    await pushOk(agentToken, 'timeline', [insertRow(reply('sched-cycles-r2'))]);
    clock.advanceMinutes(1);
    await pushOk(agentToken, 'timeline', [insertRow(message('sched-cycles-m2'))]);
    clock.advanceMinutes(31);
    await worker.runOnce();
    await worker.runOnce();
    const breaches = await breachesOf('sched-cycles');
    expect(breaches.map((entry) => entry.slaMetric)).toEqual(['next_response', 'next_response']);
    expect(new Set(breaches.map((entry) => entry.id)).size).toBe(2);
  });

  it('records a due time already behind the scan in the write that made it (priority raised)', async () => {
    await settle();
    await createTickets(['sched-raised']);
    clock.advanceMinutes(20);
    await worker.runOnce();
    const created = await stored('sched-raised');
    // Urgent: first response within 15 minutes, already 5 minutes ago. No worker run needed.
    await pushOk(agentToken, 'tickets', [updateRow(created, { priority: 'urgent' })]);
    const breaches = await breachesOf('sched-raised');
    expect(breaches).toHaveLength(1);
    expect(breaches[0]).toMatchObject({ slaMetric: 'first_response', occurredAt: new Date(Date.parse(created.createdAt) + 15 * MINUTE).toISOString() });
    expect(await worker.runOnce()).toMatchObject({ breaches: 0 });
    expect(await breachesOf('sched-raised')).toHaveLength(1);
  });

  it('finds breached tickets through the due-date indexes, checking only those', async () => {
    await settle();
    await createTickets(['sched-idx-1', 'sched-idx-2', 'sched-idx-3']);
    await createTickets(['sched-idx-later'], { priority: 'low' });
    clock.advanceMinutes(61);
    // Only the three whose first response passed are read; the low-priority one and every older ticket are not.
    expect(await worker.runOnce()).toMatchObject({ checked: 3, breaches: 3 });
    // Each of the scan's queries is a range read of its field's due-date index (asked with sequential
    // scans off: on a table this small the planner would rightly prefer one).
    await testDb.database.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      for (const field of DUE_FIELDS) {
        const index = `documents_ticket_${field.replace(/DueAt$/, '').replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)}_due`;
        const plan = await sql<Record<string, string>>`explain ${dueTicketsQuery(field, CLIENT_TIME, at(0), 200)}`.execute(trx);
        expect(plan.rows.map((row) => Object.values(row).join(' ')).join('\n'), field).toContain(`Index Scan using ${index} on documents`);
      }
    });
  });

  it('writes each breach exactly once while two workers (two server processes) scan at the same time', async () => {
    await settle();
    const eventsBefore = await breachEventCount();
    const ids = Array.from({ length: 24 }, (_, index) => `sched-race-${String(index)}`);
    await createTickets(ids);
    clock.advanceMinutes(61);
    const other = testDb.openAnother === undefined ? testDb.database : await testDb.openAnother();
    if (other !== testDb.database) {
      onTestFinished(async () => {
        await other.close();
      });
    }
    const workers = [await newWorker(testDb.database, { batchSize: 5 }), await newWorker(other, { batchSize: 5 })];
    const reports = await Promise.all([...workers, ...workers].map((each) => each.runOnce()));
    // Nobody reports a breach somebody else wrote, and each ticket has one.
    expect(reports.reduce((total, report) => total + report.breaches, 0)).toBe((await breachEventCount()) - eventsBefore);
    const events = (await pullAll('timeline')).documents.filter((document) => ids.includes(String(document.subjectId)) && document.kind === 'sla_breach');
    expect(events).toHaveLength(24);
    expect(new Set(events.map((event) => event.subjectId)).size).toBe(24);
  });

  it('runs in the server on its timer and streams the breach to live clients', async () => {
    await settle();
    await createTickets(['sched-live']);
    const stream = connectStream(server.baseUrl ?? '', { token: agentToken });
    onTestFinished(() => {
      stream.close();
    });
    await stream.waitFor((message) => message.type === 'RESYNC');
    clock.advanceMinutes(61);
    // The server's own worker: its first run was scheduled when the server became ready, the next ones after each run.
    expect(appScheduler.fire(0) + appScheduler.fire(10_000)).toBe(1);
    const change = await stream.waitFor(
      (message): message is ChangeMessage => message.type === 'change' && message.collection === 'timeline' && message.documents.some((document) => document.subjectId === 'sched-live'),
    );
    expect(change.documents.find((document) => document.subjectId === 'sched-live')).toMatchObject({ kind: 'sla_breach', slaMetric: 'first_response' });
  });

  it('recomputes the due dates of open tickets in the background when a policy changes, and clients pull them', async () => {
    await settle();
    const open = Array.from({ length: 13 }, (_, index) => `sched-policy-${String(index).padStart(2, '0')}`);
    await createTickets(open);
    await createTickets(['sched-policy-solved']);
    await pushOk(agentToken, 'tickets', [updateRow(await stored('sched-policy-solved'), { status: 'solved' })]);
    const solvedBefore = await stored('sched-policy-solved');
    const before = await pullAll('tickets');
    expect((await stored(open[0] ?? '')).firstResponseDueAt).toBe(at(60));

    // Normal priority: first response 60 → 90 minutes, resolution 480 → 240.
    const changed: SettingsOfKind<'slaPolicy'> = {
      ...chatPolicy,
      slaPolicy: { ...chatPolicy.slaPolicy, targets: { ...chatPolicy.slaPolicy.targets, normal: { firstResponseMinutes: 90, resolutionMinutes: 240 } } },
    };
    const policyMaster = (await pullAll('settings')).documents.find((document) => document.id === chatPolicy.id);
    await pushOk(adminToken, 'settings', [updateRow(policyMaster as unknown as WireDocument<SettingsOfKind<'slaPolicy'>>, { slaPolicy: changed.slaPolicy })]);
    // The push only queued the work.
    expect((await stored(open[0] ?? '')).firstResponseDueAt).toBe(at(60));
    const jobs = await testDb.database.db.selectFrom('sla_recompute_jobs').selectAll().where('finished_at', 'is', null).execute();
    expect(jobs.map((job) => job.reason)).toEqual([`slaPolicy ${chatPolicy.id}`]);

    const logged = await newWorker(testDb.database, { batchSize: 4, logged: true });
    expect(await logged.runOnce()).toMatchObject({ jobsFinished: 1 });
    const after = await pullAll('tickets', before.seq);
    const updatedIds = after.documents.map((document) => document.id);
    for (const id of open) expect(updatedIds, id).toContain(id);
    expect(updatedIds).not.toContain('sched-policy-solved');
    for (const id of open) expect(await stored(id), id).toMatchObject({ firstResponseDueAt: at(90), resolutionDueAt: at(240) });
    expect(await stored('sched-policy-solved')).toEqual(solvedBefore);
    // Progress: started (with how many open tickets there are), finished with the totals.
    const messages = logLines.filter((line) => String(line.msg).startsWith('SLA recompute'));
    expect(messages[0]).toMatchObject({ msg: 'SLA recompute started', reason: `slaPolicy ${chatPolicy.id}` });
    expect(Number(messages[0]?.openTickets)).toBeGreaterThanOrEqual(13);
    expect(messages.at(-1)).toMatchObject({ msg: 'SLA recompute finished', updated: expect.any(Number) as number });
    expect(Number(messages.at(-1)?.updated)).toBeGreaterThanOrEqual(13);
  });

  it('recomputes after a calendar change; changes queued before a run are covered by one pass, a rename queues nothing', async () => {
    // Wednesday 09:00: 120 office minutes → 11:00.
    clock.set('2030-06-19T09:00:00.000Z');
    await signIn();
    await worker.runOnce();
    await pushOk(agentToken, 'tickets', [insertRow(ticket('sched-form-1', { channel: 'web_form' }))]);
    expect((await stored('sched-form-1')).firstResponseDueAt).toBe('2030-06-19T11:00:00.000Z');
    const jobsBefore = await testDb.database.db.selectFrom('sla_recompute_jobs').select('id').execute();

    const calendarMaster = (await pullAll('settings')).documents.find((document) => document.id === officeCalendar.id) as unknown as WireDocument<SettingsOfKind<'businessCalendar'>>;
    await pushOk(adminToken, 'settings', [updateRow(calendarMaster, { name: 'Head office' })]);
    expect(await testDb.database.db.selectFrom('sla_recompute_jobs').select('id').execute()).toHaveLength(jobsBefore.length);

    // Wednesday becomes a holiday, then the office opens at 10:00: first response is due Thursday 12:00.
    const renamed = (await pullAll('settings')).documents.find((document) => document.id === officeCalendar.id) as unknown as WireDocument<SettingsOfKind<'businessCalendar'>>;
    await pushOk(adminToken, 'settings', [updateRow(renamed, { businessCalendar: { ...officeCalendar.businessCalendar, holidays: [{ date: '2030-06-19', name: 'Bridge day' }] } })]);
    const holiday = (await pullAll('settings')).documents.find((document) => document.id === officeCalendar.id) as unknown as WireDocument<SettingsOfKind<'businessCalendar'>>;
    const tenToSix = [{ start: '10:00', end: '18:00' }];
    const weeklyHours = { mon: tenToSix, tue: tenToSix, wed: tenToSix, thu: tenToSix, fri: tenToSix, sat: [], sun: [] };
    await pushOk(adminToken, 'settings', [updateRow(holiday, { businessCalendar: { ...holiday.businessCalendar, weeklyHours } })]);

    expect(await worker.runOnce()).toMatchObject({ jobsFinished: 1 });
    expect((await stored('sched-form-1')).firstResponseDueAt).toBe('2030-06-20T12:00:00.000Z');
    const jobs = await testDb.database.db.selectFrom('sla_recompute_jobs').selectAll().where('id', 'not in', jobsBefore.map((job) => job.id)).orderBy('id').execute();
    expect(jobs.map((job) => [job.finished_at !== null, job.superseded_by === null ? null : Number(job.superseded_by)])).toEqual([
      [true, null],
      [true, Number(jobs[0]?.id)],
    ]);
  });
});
