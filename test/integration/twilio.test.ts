/**
 * Twilio Voice on the server, on PGlite and Postgres: the softphone's access token, the signature check
 * on every webhook, the TwiML for inbound and outbound calls, and call records from status and
 * recording callbacks, seen through the sync pull API.
 */
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import twilio from 'twilio';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Call } from '../../src/shared/domain/call';
import type { SettingsOfKind } from '../../src/shared/domain/settings';
import type { PullResponse } from '../../src/shared/sync/protocol';
import { readTwilioConfig, type TwilioConfig } from '../../src/server/voice/twilio/twilio-config';
import { createEligibleAgentRouting, type TwilioRouting } from '../../src/server/voice/twilio/routing';
import { openTestDatabase, TARGETS, type TestDatabase } from './helpers/databases';
import { insertRow } from './helpers/fixtures';
import { ADMIN, startTestServer, type TestServer } from './helpers/server';

const PUBLIC_URL = 'https://atende.example.com/pbx';
const AUTH_TOKEN = 'a'.repeat(32);
const API_KEY_SECRET = 'the-api-key-secret-for-tests-0123';
const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
const API_KEY_SID = `SK${'2'.repeat(32)}`;
const APP_SID = `AP${'3'.repeat(32)}`;
const CALLER_ID = '+551130000000';
const QUEUE_NUMBER = '+551140040000';
const CUSTOMER = '+5511987654321';
const PREFIX = '/api/v1/voice/twilio';

function twilioConfig(recordCalls: boolean): TwilioConfig {
  const result = readTwilioConfig({
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_API_KEY_SID: API_KEY_SID,
    TWILIO_API_KEY_SECRET: API_KEY_SECRET,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_TWIML_APP_SID: APP_SID,
    TWILIO_CALLER_ID: CALLER_ID,
    ATENDE_PUBLIC_URL: `${PUBLIC_URL}/`,
    TWILIO_RECORD_CALLS: recordCalls ? '1' : '0',
  });
  if (!('config' in result) || result.config === undefined) throw new Error('test Twilio config is invalid');
  return result.config;
}

function queueSettings(id: string, phoneNumbers: string[], requiredSkills: string[] = []): SettingsOfKind<'queue'> {
  return {
    id,
    kind: 'queue',
    name: `Queue ${id}`,
    enabled: true,
    queue: {
      tier: 'L1',
      requiredSkills,
      languages: ['pt-BR'],
      ringTimeoutSeconds: 25,
      serviceLevelTargetSeconds: 20,
      serviceLevelTargetPercent: 80,
      phoneNumbers,
    },
    createdAt: '2020-01-01T00:00:00.000Z',
    updatedAt: '2020-01-01T00:00:00.000Z',
  };
}

let sidCounter = 0;
function newSid(prefix: 'CA' | 'RE'): string {
  sidCounter += 1;
  return `${prefix}${sidCounter.toString(16).padStart(32, '0')}`;
}

/** The URLs in a TwiML document (attribute values and element text), with XML entities decoded. */
function urlsIn(xml: string): string[] {
  return [...xml.matchAll(/https:\/\/[^"<]+/g)].map((match) => match[0].replaceAll('&amp;', '&'));
}

function urlEndingIn(xml: string, path: string): string {
  const found = urlsIn(xml).find((url) => new URL(url).pathname.endsWith(path));
  if (found === undefined) throw new Error(`no ${path} URL in ${xml}`);
  return found;
}

describe.each(TARGETS)('Twilio Voice on %s', (target) => {
  let testDb: TestDatabase;
  let server: TestServer;
  let unconfigured: TestServer;
  let adminToken: string;
  let agentToken: string;
  /** Who the routing double offers the next inbound call to. */
  let freeAgent: string | undefined;
  const routedQueues: string[] = [];
  const routing: TwilioRouting = {
    pickAgent: (queueId) => {
      routedQueues.push(queueId);
      return Promise.resolve(freeAgent);
    },
  };

  beforeAll(async () => {
    testDb = await openTestDatabase(target);
    server = await startTestServer(testDb.database, {
      config: { jwtSecret: undefined, webDir: '/nonexistent/atende-renderer', twilio: twilioConfig(true) },
      twilioRouting: routing,
    });
    unconfigured = await startTestServer(testDb.database);
    adminToken = (await server.login(ADMIN)).token;
    agentToken = (await server.login()).token;
    const pushed = await server.request(adminToken, 'POST', '/api/v1/sync/settings/push', [
      insertRow(queueSettings('que_main', [QUEUE_NUMBER])),
      insertRow(queueSettings('que_tech', ['+551140040001'], ['technical'])),
    ]);
    expect(pushed.statusCode).toBe(200);
  });

  afterAll(async () => {
    await unconfigured.close();
    await server.close();
    await testDb.dispose();
  });

  beforeEach(() => {
    freeAgent = undefined;
    routedQueues.length = 0;
  });

  /** POSTs form fields to a webhook URL (absolute, as Twilio knows it) signed as Twilio would sign them. */
  const signedPost = (url: string, fields: Record<string, string>, authToken = AUTH_TOKEN, target = server) => {
    const signature = twilio.getExpectedTwilioSignature(authToken, url, fields);
    return target.app.inject({
      method: 'POST',
      url: url.slice(PUBLIC_URL.length),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      payload: new URLSearchParams(fields).toString(),
    });
  };
  const webhook = (path: string): string => `${PUBLIC_URL}${PREFIX}${path}`;

  const pullCalls = async (afterSeq = 0): Promise<{ documents: Call[]; seq: number }> => {
    const checkpoint = encodeURIComponent(JSON.stringify({ seq: afterSeq }));
    const response = await server.request(agentToken, 'GET', `/api/v1/sync/calls/pull?limit=1000&checkpoint=${checkpoint}`);
    expect(response.statusCode).toBe(200);
    const body = response.json<PullResponse<Call>>();
    return { documents: [...body.documents], seq: body.checkpoint?.seq ?? afterSeq };
  };
  const callsFor = async (callSid: string): Promise<Call[]> => (await pullCalls()).documents.filter((call) => call.providerCallId === callSid);

  /** An inbound call rung at `agentId`: returns the ring TwiML. */
  const ringInbound = async (callSid: string, agentId: string): Promise<string> => {
    freeAgent = agentId;
    const response = await signedPost(webhook('/inbound'), { CallSid: callSid, From: CUSTOMER, To: QUEUE_NUMBER, CallStatus: 'ringing', Direction: 'inbound' });
    expect(response.statusCode).toBe(200);
    return response.body;
  };

  describe('access token', () => {
    it('issues a Voice grant for the signed-in user that expires with the session', async () => {
      const login = await server.login();
      const sessionExp = decodeJwt(login.token).exp ?? 0;
      const response = await server.request(login.token, 'POST', '/api/v1/voice/token');
      expect(response.statusCode).toBe(200);
      const body = response.json<{ token: string; identity: string; expiresAt: string }>();
      expect(body.identity).toBe('usr_ana');

      const { payload } = await jwtVerify(body.token, new TextEncoder().encode(API_KEY_SECRET), { algorithms: ['HS256'] });
      expect(decodeProtectedHeader(body.token).cty).toBe('twilio-fpa;v=1');
      expect(payload.iss).toBe(API_KEY_SID);
      expect(payload.sub).toBe(ACCOUNT_SID);
      expect(payload.grants).toEqual({
        identity: 'usr_ana',
        voice: { incoming: { allow: true }, outgoing: { application_sid: APP_SID } },
      });
      const exp = payload.exp ?? 0;
      // The same end as the session, give or take the seconds between the two signatures.
      expect(Math.abs(exp - sessionExp)).toBeLessThanOrEqual(5);
      expect(exp - (payload.iat ?? 0)).toBeGreaterThan(11 * 3600);
      expect(body.expiresAt).toBe(new Date(exp * 1000).toISOString());
    });

    it('requires our bearer token', async () => {
      const response = await server.app.inject({ method: 'POST', url: '/api/v1/voice/token' });
      expect(response.statusCode).toBe(401);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('unauthorized');
    });

    it('answers 503 voice_unavailable when Twilio is not configured', async () => {
      const { token } = await unconfigured.login();
      const response = await unconfigured.request(token, 'POST', '/api/v1/voice/token');
      expect(response.statusCode).toBe(503);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('voice_unavailable');
    });
  });

  describe('webhook signatures', () => {
    const fields = { CallSid: `CA${'f'.repeat(32)}`, From: CUSTOMER, To: QUEUE_NUMBER, CallStatus: 'ringing' };

    it('refuses an unsigned request with 403', async () => {
      const response = await server.app.inject({
        method: 'POST',
        url: `${PREFIX}/inbound`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
      });
      expect(response.statusCode).toBe(403);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('forbidden');
    });

    it('refuses a signature made with another auth token', async () => {
      expect((await signedPost(webhook('/inbound'), fields, 'b'.repeat(32))).statusCode).toBe(403);
    });

    it('refuses a signed request whose fields were changed', async () => {
      const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, webhook('/inbound'), fields);
      const response = await server.app.inject({
        method: 'POST',
        url: `${PREFIX}/inbound`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        payload: new URLSearchParams({ ...fields, From: '+5511900000000' }).toString(),
      });
      expect(response.statusCode).toBe(403);
    });

    it('refuses a callback whose URL context was changed after signing', async () => {
      const callSid = newSid('CA');
      const statusUrl = urlEndingIn(await ringInbound(callSid, 'usr_ana'), '/status');
      const answered = { CallSid: newSid('CA'), ParentCallSid: callSid, CallStatus: 'in-progress', Timestamp: 'Tue, 05 May 2026 10:00:05 +0000' };
      const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, statusUrl, answered);
      const forged = statusUrl.replace('agentId=usr_ana', 'agentId=usr_bruno');
      const response = await server.app.inject({
        method: 'POST',
        url: forged.slice(PUBLIC_URL.length),
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        payload: new URLSearchParams(answered).toString(),
      });
      expect(response.statusCode).toBe(403);
      expect(await callsFor(callSid)).toEqual([]);
    });

    it('does not accept form bodies outside the Twilio routes', async () => {
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'email=agent%40example.com&password=demo1234',
      });
      expect(response.statusCode).toBe(415);
    });

    it('answers 503 on every webhook when Twilio is not configured', async () => {
      expect((await signedPost(webhook('/inbound'), fields, AUTH_TOKEN, unconfigured)).statusCode).toBe(503);
      expect((await signedPost(webhook('/status'), fields, AUTH_TOKEN, unconfigured)).statusCode).toBe(503);
    });
  });

  describe('inbound TwiML', () => {
    it('rings the agent the routing picks for the queue of the dialled number', async () => {
      const callSid = newSid('CA');
      const xml = await ringInbound(callSid, 'usr_ana');
      expect(routedQueues).toEqual(['que_main']);
      expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Dial [^>]*timeout="25"[^>]*>/);
      expect(xml).toContain('answerOnBridge="true"');
      expect(xml).toContain('record="record-from-answer-dual"');
      expect(xml).toContain('statusCallbackEvent="answered completed"');
      expect(xml).toContain(`<Identity>usr_ana</Identity><Parameter name="atendeCallSid" value="${callSid}"/><Parameter name="atendeQueueId" value="que_main"/>`);
      const status = new URL(urlEndingIn(xml, '/status'));
      expect(status.origin + status.pathname).toBe(webhook('/status'));
      expect(Object.fromEntries(status.searchParams)).toMatchObject({ callSid, direction: 'inbound', queueId: 'que_main', agentId: 'usr_ana', fromNumber: CUSTOMER, toNumber: QUEUE_NUMBER });
    });

    it('puts the caller on hold when nobody is free, and rings an agent on a later try', async () => {
      const callSid = newSid('CA');
      const first = await signedPost(webhook('/inbound'), { CallSid: callSid, From: CUSTOMER, To: QUEUE_NUMBER, CallStatus: 'ringing' });
      expect(first.headers['content-type']).toMatch(/^text\/xml/);
      expect(first.body).toMatch(/<Say language="pt-BR">[^<]+<\/Say><Play>[^<]+<\/Play><Redirect method="POST">/);
      expect(first.body).not.toContain('<Dial');
      const retryUrl = urlEndingIn(first.body, '/inbound');
      const offeredAt = new URL(retryUrl).searchParams.get('offeredAt');

      const stillWaiting = await signedPost(retryUrl, { CallSid: callSid, From: CUSTOMER, To: QUEUE_NUMBER, CallStatus: 'in-progress' });
      expect(stillWaiting.body).not.toContain('<Say');
      expect(stillWaiting.body).toContain('<Redirect');

      freeAgent = 'usr_bruno';
      const rung = await signedPost(retryUrl, { CallSid: callSid, From: CUSTOMER, To: QUEUE_NUMBER, CallStatus: 'in-progress' });
      expect(rung.body).toContain('<Identity>usr_bruno</Identity>');
      expect(new URL(urlEndingIn(rung.body, '/status')).searchParams.get('offeredAt')).toBe(offeredAt);
    });

    it('sends a missed ring back on hold, and ends the call once it was taken', async () => {
      const callSid = newSid('CA');
      const dialResult = urlEndingIn(await ringInbound(callSid, 'usr_ana'), '/dial-result');
      const missed = await signedPost(dialResult, { CallSid: callSid, DialCallStatus: 'no-answer' });
      expect(missed.body).toContain('<Redirect method="POST">');
      const taken = await signedPost(dialResult, { CallSid: callSid, DialCallStatus: 'completed' });
      expect(taken.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
    });

    it('tells callers of a number no queue lists that it is not in service', async () => {
      const response = await signedPost(webhook('/inbound'), { CallSid: newSid('CA'), From: CUSTOMER, To: '+551199999999', CallStatus: 'ringing' });
      expect(response.body).toMatch(/<Say language="pt-BR">[^<]+<\/Say><Hangup\/><\/Response>$/);
      expect(routedQueues).toEqual([]);
    });
  });

  describe('default routing (no distributor injected)', () => {
    it('takes turns among the active non-admin users the queue admits', async () => {
      const routing = createEligibleAgentRouting(testDb.database.db);
      const picks = [];
      for (let i = 0; i < 4; i++) picks.push(await routing.pickAgent('que_main'));
      expect(picks).toEqual(['usr_ana', 'usr_bruno', 'usr_carla', 'usr_ana']);
      expect([await routing.pickAgent('que_tech'), await routing.pickAgent('que_tech')]).toEqual(['usr_bruno', 'usr_carla']);
      expect(await routing.pickAgent('que_unknown')).toBeUndefined();
    });
  });

  describe('outbound TwiML', () => {
    const outbound = (to: string) => signedPost(webhook('/outbound'), { CallSid: newSid('CA'), From: 'client:usr_ana', To: to, Direction: 'inbound' });

    it('dials an E.164 number with our caller id', async () => {
      const { body } = await outbound('+5521987650000');
      expect(body).toMatch(/<Dial [^>]*callerId="\+551130000000"[^>]*><Number [^>]*>\+5521987650000<\/Number><\/Dial>/);
      expect(Object.fromEntries(new URL(urlEndingIn(body, '/status')).searchParams)).toMatchObject({
        direction: 'outbound',
        agentId: 'usr_ana',
        fromNumber: CALLER_ID,
        toNumber: '+5521987650000',
      });
    });

    it('calls a colleague by client identity', async () => {
      const { body } = await outbound('client:usr_bruno');
      expect(body).toContain('<Identity>usr_bruno</Identity>');
      expect(body).not.toContain('callerId=');
      expect(new URL(urlEndingIn(body, '/status')).searchParams.get('direction')).toBe('internal');
    });

    it.each([['5521987650000'], ['+0551'], ['client:usr_nobody'], ['+55 21 98765 0000']])('refuses to dial %s', async (to) => {
      const { statusCode, body } = await outbound(to);
      expect(statusCode).toBe(200);
      expect(body).not.toContain('<Dial');
      expect(body).toMatch(/<Say [^>]*>[^<]+<\/Say><Hangup\/>/);
    });
  });

  describe('call records', () => {
    const legFields = (callSid: string, status: string, timestamp: string, extra: Record<string, string> = {}) => ({
      CallSid: `CA${callSid.slice(2, 20)}${'e'.repeat(14)}`,
      ParentCallSid: callSid,
      CallStatus: status,
      Timestamp: timestamp,
      CallbackSource: 'call-progress-events',
      ...extra,
    });

    it('records an answered inbound call once, idempotently under retries', async () => {
      const callSid = newSid('CA');
      const statusUrl = urlEndingIn(await ringInbound(callSid, 'usr_ana'), '/status');
      const answered = legFields(callSid, 'in-progress', 'Tue, 05 May 2026 10:00:12 +0000');
      const completed = legFields(callSid, 'completed', 'Tue, 05 May 2026 10:05:12 +0000', { CallDuration: '300' });

      expect((await signedPost(statusUrl, answered)).statusCode).toBe(204);
      expect((await signedPost(statusUrl, completed)).statusCode).toBe(204);
      const { seq } = await pullCalls();
      const [call, ...others] = await callsFor(callSid);
      expect(others).toEqual([]);
      expect(call).toMatchObject({
        id: `call_tw_${callSid}`,
        direction: 'inbound',
        provider: 'twilio',
        providerCallId: callSid,
        fromNumber: CUSTOMER,
        toNumber: QUEUE_NUMBER,
        agentId: 'usr_ana',
        queueId: 'que_main',
        outcome: 'answered',
        answeredAt: '2026-05-05T10:00:12.000Z',
        endedAt: '2026-05-05T10:05:12.000Z',
        talkSeconds: 300,
        _deleted: false,
      });

      // Twilio retries both callbacks: nothing changes, so nothing new to pull.
      expect((await signedPost(statusUrl, answered)).statusCode).toBe(204);
      expect((await signedPost(statusUrl, completed)).statusCode).toBe(204);
      expect((await pullCalls(seq)).documents).toEqual([]);
    });

    it('keeps the recording as its RecordingSid, never a URL', async () => {
      const callSid = newSid('CA');
      const ring = await ringInbound(callSid, 'usr_ana');
      await signedPost(urlEndingIn(ring, '/status'), legFields(callSid, 'completed', 'Tue, 05 May 2026 11:02:00 +0000', { CallDuration: '120' }));
      const recordingSid = newSid('RE');
      const recording = {
        CallSid: callSid,
        RecordingSid: recordingSid,
        RecordingStatus: 'completed',
        RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recordingSid}`,
        RecordingDuration: '118',
        RecordingStartTime: 'Tue, 05 May 2026 11:00:01 +0000',
      };
      const recordingUrl = urlEndingIn(ring, '/recording');
      expect((await signedPost(recordingUrl, recording)).statusCode).toBe(204);
      const { seq } = await pullCalls();
      const [call] = await callsFor(callSid);
      expect(call?.recordingRef).toBe(recordingSid);
      expect(JSON.stringify(call)).not.toContain('https://api.twilio.com');
      expect(call).toMatchObject({ outcome: 'answered', answeredAt: '2026-05-05T11:00:00.000Z', endedAt: '2026-05-05T11:02:00.000Z' });

      expect((await signedPost(recordingUrl, recording)).statusCode).toBe(204);
      expect((await pullCalls(seq)).documents).toEqual([]);
    });

    it('records a ring nobody answered as missed, ended when the caller leaves', async () => {
      const callSid = newSid('CA');
      const statusUrl = urlEndingIn(await ringInbound(callSid, 'usr_bruno'), '/status');
      await signedPost(statusUrl, legFields(callSid, 'no-answer', 'Tue, 05 May 2026 12:00:25 +0000'));
      expect(await callsFor(callSid)).toMatchObject([{ outcome: 'missed', agentId: 'usr_bruno', queueId: 'que_main' }]);
      expect((await callsFor(callSid))[0]?.endedAt).toBeUndefined();

      const parent = { CallSid: callSid, From: CUSTOMER, To: QUEUE_NUMBER, CallStatus: 'completed', CallDuration: '90', Timestamp: 'Tue, 05 May 2026 12:01:30 +0000' };
      expect((await signedPost(webhook('/status'), parent)).statusCode).toBe(204);
      expect(await callsFor(callSid)).toMatchObject([{ outcome: 'missed', agentId: 'usr_bruno', endedAt: '2026-05-05T12:01:30.000Z' }]);
    });

    it('records an agent declining as rejected', async () => {
      const callSid = newSid('CA');
      const statusUrl = urlEndingIn(await ringInbound(callSid, 'usr_ana'), '/status');
      await signedPost(statusUrl, legFields(callSid, 'busy', 'Tue, 05 May 2026 12:10:03 +0000'));
      expect(await callsFor(callSid)).toMatchObject([{ outcome: 'rejected', agentId: 'usr_ana' }]);
    });

    it('records a caller who hung up on hold as abandoned, in the queue of the dialled number', async () => {
      const callSid = newSid('CA');
      const parent = { CallSid: callSid, From: CUSTOMER, To: QUEUE_NUMBER, CallStatus: 'completed', CallDuration: '45', Timestamp: 'Tue, 05 May 2026 13:00:45 +0000' };
      expect((await signedPost(webhook('/status'), parent)).statusCode).toBe(204);
      const calls = await callsFor(callSid);
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({
        direction: 'inbound',
        outcome: 'abandoned',
        queueId: 'que_main',
        fromNumber: CUSTOMER,
        offeredAt: '2026-05-05T13:00:00.000Z',
        endedAt: '2026-05-05T13:00:45.000Z',
        ringSeconds: 45,
      });
      expect(calls[0]?.agentId).toBeUndefined();
    });

    it('records an outbound call the callee answered', async () => {
      const callSid = newSid('CA');
      const dial = await signedPost(webhook('/outbound'), { CallSid: callSid, From: 'client:usr_ana', To: '+5521987650000' });
      const statusUrl = urlEndingIn(dial.body, '/status');
      await signedPost(statusUrl, legFields(callSid, 'completed', 'Tue, 05 May 2026 14:03:00 +0000', { CallDuration: '170' }));
      expect(await callsFor(callSid)).toMatchObject([
        { direction: 'outbound', agentId: 'usr_ana', fromNumber: CALLER_ID, toNumber: '+5521987650000', outcome: 'answered', answeredAt: '2026-05-05T14:00:10.000Z', talkSeconds: 170 },
      ]);
    });

    it('keeps what the agent wrote at wrap-up when a late callback arrives', async () => {
      const callSid = newSid('CA');
      const statusUrl = urlEndingIn(await ringInbound(callSid, 'usr_ana'), '/status');
      await signedPost(statusUrl, legFields(callSid, 'in-progress', 'Tue, 05 May 2026 15:00:05 +0000'));
      const [stored] = await callsFor(callSid);
      if (stored === undefined) throw new Error('no call record');
      const wrapUp = { ...stored, notes: 'Customer asked for a refund', endedAt: '2026-05-05T15:04:00.000Z', wrapUpEndedAt: '2026-05-05T15:05:00.000Z' };
      const push = await server.request(agentToken, 'POST', '/api/v1/sync/calls/push', [{ assumedMasterState: stored, newDocumentState: wrapUp }]);
      expect(push.json()).toEqual([]);

      await signedPost(statusUrl, legFields(callSid, 'completed', 'Tue, 05 May 2026 15:04:00 +0000', { CallDuration: '235' }));
      expect(await callsFor(callSid)).toMatchObject([
        { notes: 'Customer asked for a refund', wrapUpEndedAt: '2026-05-05T15:05:00.000Z', endedAt: '2026-05-05T15:04:00.000Z', wrapUpSeconds: 60 },
      ]);
    });
  });
});
