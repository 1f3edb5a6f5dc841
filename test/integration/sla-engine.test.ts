/**
 * The SLA engine on the server, on PGlite and Postgres: an accepted ticket or timeline write stamps
 * the ticket's SLA fields in the same transaction (due dates on the policy's business calendar, first
 * response from the first agent reply, next response from the customer's message, pauses while
 * pending), and a pushed SLA value is never taken.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SettingsOfKind } from '../../src/shared/domain/settings';
import type { Ticket } from '../../src/shared/domain/ticket';
import type { PullResponse, PushRow, WireDocument } from '../../src/shared/sync/protocol';
import type { SyncCollectionName } from '../../src/shared/sync/collections';
import { openTestDatabase, TARGETS, type TestDatabase } from './helpers/databases';
import { insertRow, ticket, timelineEntry, updateRow } from './helpers/fixtures';
import { ADMIN, AGENT, startTestServer, type TestServer } from './helpers/server';
import { TestClock } from './helpers/test-clock';

const CLIENT_TIME = '2020-01-01T00:00:00.000Z';
const WORKDAY = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '18:00' },
];

const officeCalendar: SettingsOfKind<'businessCalendar'> = {
  id: 'sla-it-calendar',
  kind: 'businessCalendar',
  name: 'São Paulo office',
  enabled: true,
  businessCalendar: {
    timeZone: 'America/Sao_Paulo',
    weeklyHours: { mon: WORKDAY, tue: WORKDAY, wed: WORKDAY, thu: WORKDAY, fri: WORKDAY, sat: [], sun: [] },
    holidays: [{ date: '2030-05-07', name: 'Test holiday' }],
  },
  createdAt: CLIENT_TIME,
  updatedAt: CLIENT_TIME,
};

const emailPolicy: SettingsOfKind<'slaPolicy'> = {
  id: 'sla-it-email',
  kind: 'slaPolicy',
  name: 'Email, office hours',
  enabled: true,
  slaPolicy: {
    rank: 1,
    match: { channels: ['email'] },
    targets: {
      low: { firstResponseMinutes: 240, resolutionMinutes: 960 },
      normal: { firstResponseMinutes: 60, nextResponseMinutes: 30, resolutionMinutes: 480 },
      high: { firstResponseMinutes: 30, resolutionMinutes: 240 },
      urgent: { firstResponseMinutes: 15, resolutionMinutes: 120 },
    },
    calendarId: officeCalendar.id,
    atRiskPercent: 75,
  },
  createdAt: CLIENT_TIME,
  updatedAt: CLIENT_TIME,
};

describe.each(TARGETS)('SLA engine on %s', (target) => {
  let testDb: TestDatabase;
  let server: TestServer;
  let agentToken: string;
  // Monday 2030-05-06, 09:00 in São Paulo (UTC−3).
  const clock = new TestClock(new Date('2030-05-06T12:00:00.000Z'));

  beforeAll(async () => {
    testDb = await openTestDatabase(target);
    server = await startTestServer(testDb.database, { clock });
    agentToken = (await server.login(AGENT)).token;
    const adminToken = (await server.login(ADMIN)).token;
    const response = await server.request(adminToken, 'POST', '/api/v1/sync/settings/push', [insertRow(officeCalendar), insertRow(emailPolicy)]);
    expect(response.json()).toEqual([]);
  });

  afterAll(async () => {
    await server.close();
    await testDb.dispose();
  });

  const push = async (collection: SyncCollectionName, rows: readonly PushRow<object>[]): Promise<unknown> => {
    const response = await server.request(agentToken, 'POST', `/api/v1/sync/${collection}/push`, rows);
    expect(response.statusCode).toBe(200);
    return response.json();
  };
  const stored = async (id: string): Promise<WireDocument<Ticket>> => {
    const response = await server.request(agentToken, 'GET', `/api/v1/sync/tickets/pull?limit=1000&checkpoint=${encodeURIComponent(JSON.stringify({ seq: 0 }))}`);
    const found = response.json<PullResponse>().documents.find((document) => document.id === id);
    if (found === undefined) throw new Error(`ticket ${id} not found`);
    return found as unknown as WireDocument<Ticket>;
  };
  const slaOf = (document: Ticket) => ({
    firstResponseDueAt: document.firstResponseDueAt,
    nextResponseDueAt: document.nextResponseDueAt,
    resolutionDueAt: document.resolutionDueAt,
    firstRespondedAt: document.firstRespondedAt,
    solvedAt: document.solvedAt,
    lastCustomerMessageAt: document.lastCustomerMessageAt,
  });

  it('follows a ticket through its SLA: stamped on insert, forged values ignored, reply, customer message, pause', async () => {
    // A new email ticket, pushed with forged SLA values: the server's own are stored.
    const forged = { firstResponseDueAt: '2099-01-01T00:00:00.000Z', resolutionDueAt: '2099-01-01T00:00:00.000Z', firstRespondedAt: CLIENT_TIME };
    expect(await push('tickets', [insertRow(ticket('sla-it-1', { channel: 'email', ...forged }))])).toEqual([]);
    let master = await stored('sla-it-1');
    expect(slaOf(master)).toEqual({
      // 60 business minutes from 09:00 → 10:00 local.
      firstResponseDueAt: '2030-05-06T13:00:00.000Z',
      nextResponseDueAt: undefined,
      // 480 business minutes: 09:00–12:00 and 13:00–18:00 → 18:00 local.
      resolutionDueAt: '2030-05-06T21:00:00.000Z',
      firstRespondedAt: undefined,
      solvedAt: undefined,
      lastCustomerMessageAt: undefined,
    });

    // A forged due date alongside a permitted change: the change is applied, the due date is the server's.
    clock.advanceMinutes(5);
    expect(await push('tickets', [updateRow(master, { subject: 'Invoice is wrong', resolutionDueAt: '2099-01-01T00:00:00.000Z' })])).toEqual([]);
    master = await stored('sla-it-1');
    expect(master.subject).toBe('Invoice is wrong');
    expect(master.resolutionDueAt).toBe('2030-05-06T21:00:00.000Z');

    // An agent reply 20 minutes in meets first response, at the time the server accepted it
    // (whatever the client's clock said).
    clock.advanceMinutes(15);
    const reply = timelineEntry('sla-it-reply-1', { subjectId: 'sla-it-1', kind: 'agent_reply', channel: 'email', body: 'Looking into it', occurredAt: '2030-05-06T12:01:00.000Z' });
    expect(await push('timeline', [insertRow(reply)])).toEqual([]);
    master = await stored('sla-it-1');
    expect(master.firstRespondedAt).toBe('2030-05-06T12:20:00.000Z');
    expect(master).not.toHaveProperty('firstResponseDueAt');

    // The customer answers at 09:50: the next reply is due 30 business minutes later.
    clock.advanceMinutes(30);
    const message = timelineEntry('sla-it-message-1', {
      subjectId: 'sla-it-1',
      kind: 'customer_message',
      authorType: 'customer',
      authorId: 'cus_000001',
      channel: 'email',
      body: 'It still shows the old amount',
    });
    expect(await push('timeline', [insertRow(message)])).toEqual([]);
    master = await stored('sla-it-1');
    expect(slaOf(master)).toMatchObject({ lastCustomerMessageAt: '2030-05-06T12:50:00.000Z', nextResponseDueAt: '2030-05-06T13:20:00.000Z' });

    // Pending on the customer at 10:00: the clocks stop, so no due date is outstanding...
    clock.advanceMinutes(10);
    expect(await push('tickets', [updateRow(master, { status: 'pending' })])).toEqual([]);
    master = await stored('sla-it-1');
    expect(slaOf(master)).toMatchObject({ resolutionDueAt: undefined, nextResponseDueAt: undefined });

    // ...until it is reopened at 11:00, with 60 business minutes used: resolution 420 minutes on, past
    // Tuesday's holiday, is Wednesday 2030-05-08 at 10:00 local (11–12, 13–18 Monday = 360; 60 Wednesday).
    clock.advanceMinutes(60);
    expect(await push('tickets', [updateRow(master, { status: 'open' })])).toEqual([]);
    master = await stored('sla-it-1');
    expect(slaOf(master)).toMatchObject({ resolutionDueAt: '2030-05-08T13:00:00.000Z', nextResponseDueAt: '2030-05-06T14:20:00.000Z' });

    // Solving stamps solvedAt and clears the due dates.
    clock.advanceMinutes(10);
    expect(await push('tickets', [updateRow(master, { status: 'solved' })])).toEqual([]);
    expect(slaOf(await stored('sla-it-1'))).toEqual({
      firstResponseDueAt: undefined,
      nextResponseDueAt: undefined,
      resolutionDueAt: undefined,
      firstRespondedAt: '2030-05-06T12:20:00.000Z',
      solvedAt: '2030-05-06T14:10:00.000Z',
      lastCustomerMessageAt: '2030-05-06T12:50:00.000Z',
    });
  });

  it('leaves tickets no policy matches without due dates, but stamps their timeline facts', async () => {
    expect(await push('tickets', [insertRow(ticket('sla-it-phone', { channel: 'phone' }))])).toEqual([]);
    expect(await stored('sla-it-phone')).not.toHaveProperty('firstResponseDueAt');
    const reply = timelineEntry('sla-it-reply-phone', { subjectId: 'sla-it-phone', kind: 'agent_reply', channel: 'phone', body: 'Called back' });
    expect(await push('timeline', [insertRow(reply)])).toEqual([]);
    expect((await stored('sla-it-phone')).firstRespondedAt).toBe(clock.now().toISOString());
  });
});
