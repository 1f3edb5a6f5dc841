/**
 * `GET /api/v1/calls/:id/recording` on PGlite and Postgres: the server streams a call's recording from
 * Twilio with the account's credentials. Twilio's cloud is out of reach, so a local node:http server
 * stands in for its REST API (it checks the basic auth and serves bytes with Range support), with a
 * second origin for the storage URL Twilio may redirect to. Calls get their recording the real way:
 * a signed recording status callback.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Call } from '../../src/shared/domain/call';
import { callRecordingPath } from '../../src/shared/voice/voice-api';
import { contextQuery } from '../../src/server/voice/twilio/call-context';
import { twilioCallId } from '../../src/server/voice/twilio/call-store';
import { readTwilioConfig, type TwilioConfig } from '../../src/server/voice/twilio/twilio-config';
import { openTestDatabase, TARGETS, type TestDatabase } from './helpers/databases';
import { insertRow } from './helpers/fixtures';
import { startTestServer, SUPERVISOR, type TestServer } from './helpers/server';

const PUBLIC_URL = 'https://atende.example.com';
const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
const AUTH_TOKEN = 'b'.repeat(32);
/** The media Twilio "stores": bytes whose every position is recognisable, so a range is checked byte for byte. */
const AUDIO = Buffer.from(Array.from({ length: 48_000 }, (_, index) => (index * 31 + 7) % 256));

function twilioConfig(authToken = AUTH_TOKEN): TwilioConfig {
  const result = readTwilioConfig({
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_API_KEY_SID: `SK${'2'.repeat(32)}`,
    TWILIO_API_KEY_SECRET: 'the-api-key-secret-for-tests-0123',
    TWILIO_AUTH_TOKEN: authToken,
    TWILIO_TWIML_APP_SID: `AP${'3'.repeat(32)}`,
    TWILIO_CALLER_ID: '+551130000000',
    ATENDE_PUBLIC_URL: PUBLIC_URL,
    TWILIO_RECORD_CALLS: '1',
  });
  if (!('config' in result) || result.config === undefined) throw new Error('test Twilio config is invalid');
  return result.config;
}

const sid = (prefix: 'CA' | 'RE', n: number): string => `${prefix}${n.toString(16).padStart(32, '0')}`;
const RECORDINGS = { plain: sid('RE', 1), redirected: sid('RE', 2), deleted: sid('RE', 3), stalled: sid('RE', 4) } as const;

/** One request the fakes received. */
interface Seen {
  readonly path: string;
  readonly authorization: string | undefined;
  readonly range: string | undefined;
}

/** Serves `bytes` like a media server: 200 whole, 206 for one range, 416 for a range past the end. */
function serveBytes(request: IncomingMessage, response: ServerResponse, bytes: Buffer): void {
  const base = { 'content-type': 'audio/mpeg', 'accept-ranges': 'bytes' };
  const match = /^bytes=(\d*)-(\d*)$/.exec(request.headers.range ?? '');
  if (match === null || (match[1] === '' && match[2] === '')) {
    response.writeHead(200, { ...base, 'content-length': bytes.length });
    response.end(bytes);
    return;
  }
  const [, from = '', to = ''] = match;
  const start = from === '' ? Math.max(0, bytes.length - Number(to)) : Number(from);
  const end = from === '' || to === '' ? bytes.length - 1 : Math.min(Number(to), bytes.length - 1);
  if (start >= bytes.length || start > end) {
    response.writeHead(416, { 'content-range': `bytes */${String(bytes.length)}` });
    response.end();
    return;
  }
  response.writeHead(206, { ...base, 'content-range': `bytes ${String(start)}-${String(end)}/${String(bytes.length)}`, 'content-length': end - start + 1 });
  response.end(bytes.subarray(start, end + 1));
}

function seen(request: IncomingMessage): Seen {
  const headers: IncomingHttpHeaders = request.headers;
  return { path: request.url ?? '', authorization: headers.authorization, range: headers.range };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
}

describe.each(TARGETS)('call recordings on %s', (target) => {
  let testDb: TestDatabase;
  let server: TestServer;
  let wrongToken: TestServer;
  let unconfigured: TestServer;
  let twilioApi: Server;
  let storage: Server;
  let storageUrl: string;
  const apiRequests: Seen[] = [];
  const storageRequests: Seen[] = [];
  let agentToken: string;

  beforeAll(async () => {
    storage = createServer((request, response) => {
      storageRequests.push(seen(request));
      serveBytes(request, response, AUDIO);
    });
    storageUrl = await listen(storage);
    // Twilio's REST API: basic auth with the account SID and auth token, media at
    // /2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}.mp3.
    twilioApi = createServer((request, response) => {
      apiRequests.push(seen(request));
      const expected = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`;
      if (request.headers.authorization !== expected) {
        response.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="Twilio API"' });
        response.end(JSON.stringify({ code: 20003, message: 'Authenticate', status: 401 }));
        return;
      }
      const path = request.url ?? '';
      const prefix = `/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/`;
      const recording = path.startsWith(prefix) && path.endsWith('.mp3') ? path.slice(prefix.length, -'.mp3'.length) : undefined;
      switch (recording) {
        case RECORDINGS.plain:
          serveBytes(request, response, AUDIO);
          return;
        case RECORDINGS.redirected:
          response.writeHead(302, { location: `${storageUrl}/media/${recording}?signature=short-lived` });
          response.end();
          return;
        case RECORDINGS.stalled:
          // Never answers: the server's timeout must.
          return;
        default:
          response.writeHead(404, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ code: 20404, message: 'The requested resource was not found', status: 404 }));
      }
    });
    const apiBaseUrl = await listen(twilioApi);

    testDb = await openTestDatabase(target);
    const recordings = { apiBaseUrl, timeoutMs: 1000 };
    server = await startTestServer(testDb.database, { listen: true, config: { jwtSecret: undefined, webDir: '/nonexistent/atende-renderer', twilio: twilioConfig() }, twilioRecordings: recordings });
    wrongToken = await startTestServer(testDb.database, { config: { jwtSecret: undefined, webDir: '/nonexistent/atende-renderer', twilio: twilioConfig('c'.repeat(32)) }, twilioRecordings: recordings });
    unconfigured = await startTestServer(testDb.database);
    agentToken = (await server.login()).token;

    for (const [index, recordingSid] of Object.values(RECORDINGS).entries()) await recordCall(sid('CA', index + 1), recordingSid);
  });

  afterAll(async () => {
    await unconfigured.close();
    await wrongToken.close();
    await server.close();
    await testDb.dispose();
    await close(twilioApi);
    await close(storage);
  });

  beforeEach(() => {
    apiRequests.length = 0;
    storageRequests.length = 0;
  });

  /** Twilio's recording status callback for an answered inbound call, signed as Twilio signs it. */
  async function recordCall(callSid: string, recordingSid: string): Promise<void> {
    const context = { callSid, direction: 'inbound' as const, offeredAt: '2026-05-05T10:00:00.000Z', agentId: 'usr_ana', fromNumber: '+5511987654321' };
    const url = `${PUBLIC_URL}/api/v1/voice/twilio/recording?${contextQuery(context)}`;
    const fields = {
      CallSid: callSid,
      RecordingSid: recordingSid,
      RecordingStatus: 'completed',
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recordingSid}`,
      RecordingDuration: '60',
      RecordingStartTime: 'Tue, 05 May 2026 10:00:05 +0000',
    };
    const response = await server.app.inject({
      method: 'POST',
      url: url.slice(PUBLIC_URL.length),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, fields) },
      payload: new URLSearchParams(fields).toString(),
    });
    expect(response.statusCode).toBe(204);
  }

  const recordingUrl = (callSid: string): string => `${server.baseUrl ?? ''}${callRecordingPath(twilioCallId(callSid))}`;
  const get = (callSid: string, headers: Record<string, string> = {}, token = agentToken) =>
    fetch(recordingUrl(callSid), { headers: { authorization: `Bearer ${token}`, ...headers } });
  const errorCode = async (response: Response): Promise<string> => ((await response.json()) as { error: { code: string } }).error.code;

  it('streams the whole recording, fetched with the account credentials the client never sees', async () => {
    const response = await get(sid('CA', 1));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('audio/mpeg');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('content-length')).toBe(String(AUDIO.length));
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(Buffer.from(await response.arrayBuffer()).equals(AUDIO)).toBe(true);
    expect(apiRequests).toEqual([
      {
        path: `/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${RECORDINGS.plain}.mp3`,
        authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
        range: undefined,
      },
    ]);
  });

  it('passes Range requests through, so a player can seek', async () => {
    const middle = await get(sid('CA', 1), { range: 'bytes=1000-1999' });
    expect(middle.status).toBe(206);
    expect(middle.headers.get('content-range')).toBe(`bytes 1000-1999/${String(AUDIO.length)}`);
    expect(middle.headers.get('content-length')).toBe('1000');
    expect(Buffer.from(await middle.arrayBuffer()).equals(AUDIO.subarray(1000, 2000))).toBe(true);

    const tail = await get(sid('CA', 1), { range: 'bytes=47000-' });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(AUDIO.subarray(47000))).toBe(true);

    const past = await get(sid('CA', 1), { range: 'bytes=99999-' });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${String(AUDIO.length)}`);
    expect(apiRequests.map((request) => request.range)).toEqual(['bytes=1000-1999', 'bytes=47000-', 'bytes=99999-']);
  });

  it('does not forward a Range header that is not a byte range', async () => {
    const response = await get(sid('CA', 1), { range: 'lines=1-2' });
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(AUDIO)).toBe(true);
    expect(apiRequests.map((request) => request.range)).toEqual([undefined]);
  });

  it('follows Twilio to its storage URL without taking the credentials along', async () => {
    const response = await get(sid('CA', 2), { range: 'bytes=0-99' });
    expect(response.status).toBe(206);
    expect(Buffer.from(await response.arrayBuffer()).equals(AUDIO.subarray(0, 100))).toBe(true);
    expect(apiRequests).toHaveLength(1);
    expect(storageRequests).toEqual([{ path: `/media/${RECORDINGS.redirected}?signature=short-lived`, authorization: undefined, range: 'bytes=0-99' }]);
  });

  it('answers 404 for a call without a recording and for an unknown call', async () => {
    const manual: Call = {
      id: 'call_manual_rec_1',
      direction: 'inbound',
      fromNumber: '+5511987654321',
      agentId: 'usr_ana',
      provider: 'manual',
      offeredAt: '2026-05-05T09:00:00.000Z',
      answeredAt: '2026-05-05T09:00:10.000Z',
      outcome: 'answered',
      createdAt: '2026-05-05T09:05:00.000Z',
      updatedAt: '2026-05-05T09:05:00.000Z',
    };
    const pushed = await server.request(agentToken, 'POST', '/api/v1/sync/calls/push', [insertRow(manual)]);
    expect(pushed.statusCode).toBe(200);
    const without = await fetch(`${server.baseUrl ?? ''}${callRecordingPath(manual.id)}`, { headers: { authorization: `Bearer ${agentToken}` } });
    expect(without.status).toBe(404);
    expect(await errorCode(without)).toBe('not_found');
    const unknown = await fetch(`${server.baseUrl ?? ''}${callRecordingPath('call_nobody')}`, { headers: { authorization: `Bearer ${agentToken}` } });
    expect(unknown.status).toBe(404);
    expect(apiRequests).toEqual([]);
  });

  it('needs a signed-in user of a role that reads calls', async () => {
    const anonymous = await fetch(recordingUrl(sid('CA', 1)));
    expect(anonymous.status).toBe(401);
    const supervisor = await server.login(SUPERVISOR);
    const response = await get(sid('CA', 1), {}, supervisor.token);
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    expect(apiRequests).toHaveLength(1);
  });

  it('answers 502 recording_unavailable when Twilio refuses, has lost the recording, or does not answer in time', async () => {
    const deleted = await get(sid('CA', 3));
    expect(deleted.status).toBe(502);
    expect(await errorCode(deleted)).toBe('recording_unavailable');

    const stalled = await get(sid('CA', 4));
    expect(stalled.status).toBe(502);
    expect(await errorCode(stalled)).toBe('recording_unavailable');

    const { token } = await wrongToken.login();
    const refused = await wrongToken.request(token, 'GET', callRecordingPath(twilioCallId(sid('CA', 1))));
    expect(refused.statusCode).toBe(502);
    expect(refused.json<{ error: { code: string; message: string } }>().error).toEqual({ code: 'recording_unavailable', message: 'Twilio answered 401 for this recording' });
    // The refused credentials were the other server's token: what reached "Twilio" is its basic auth, not ours.
    expect(apiRequests.at(-1)?.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${'c'.repeat(32)}`).toString('base64')}`);
  });

  it('answers 503 voice_unavailable when Twilio is not configured', async () => {
    const { token } = await unconfigured.login();
    const response = await unconfigured.request(token, 'GET', callRecordingPath(twilioCallId(sid('CA', 1))));
    expect(response.statusCode).toBe(503);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('voice_unavailable');
    expect(apiRequests).toEqual([]);
  });
});
