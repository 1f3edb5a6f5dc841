/**
 * Hold and resume of Twilio calls through `POST /api/v1/voice/calls/:callSid/hold|resume`, with a fake
 * Twilio REST client: the agent's leg stays up, the customer waits in the hold queue (the dial-result
 * webhook enqueues them instead of hanging up), resume bridges them again; only the leg's own agent may.
 */
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TwilioCallsApi, TwilioLeg } from '../../src/server/voice/twilio/call-hold';
import { contextQuery } from '../../src/server/voice/twilio/call-context';
import { readTwilioConfig, type TwilioConfig } from '../../src/server/voice/twilio/twilio-config';
import { voiceHoldPath, voiceResumePath } from '../../src/shared/voice/voice-api';
import { openTestDatabase, type TestDatabase } from './helpers/databases';
import { AGENT2, startTestServer, type TestServer } from './helpers/server';

const PUBLIC_URL = 'https://atende.example.com';
const AUTH_TOKEN = 'b'.repeat(32);
const AGENT_LEG = `CA${'a'.repeat(32)}`;
const CUSTOMER_LEG = `CA${'b'.repeat(32)}`;

function twilioConfig(): TwilioConfig {
  const result = readTwilioConfig({
    TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`,
    TWILIO_API_KEY_SID: `SK${'2'.repeat(32)}`,
    TWILIO_API_KEY_SECRET: 'the-api-key-secret-for-tests-0123',
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_TWIML_APP_SID: `AP${'3'.repeat(32)}`,
    TWILIO_CALLER_ID: '+551130000000',
    ATENDE_PUBLIC_URL: PUBLIC_URL,
  });
  if (!('config' in result) || result.config === undefined) throw new Error('test Twilio config is invalid');
  return result.config;
}

class FakeCalls implements TwilioCallsApi {
  readonly updates: [string, string][] = [];
  agentId = 'usr_ana';
  fetchLeg(callSid: string): Promise<TwilioLeg> {
    if (callSid !== AGENT_LEG) return Promise.reject(new Error('not found'));
    return Promise.resolve({ parentSid: CUSTOMER_LEG, from: '+5511987654321', to: `client:${this.agentId}` });
  }
  childSids(): Promise<string[]> {
    return Promise.resolve([]);
  }
  updateTwiml(callSid: string, twiml: string): Promise<void> {
    this.updates.push([callSid, twiml]);
    return Promise.resolve();
  }
}

describe('Twilio hold and resume', () => {
  let testDb: TestDatabase;
  let server: TestServer;
  let unconfigured: TestServer;
  const calls = new FakeCalls();

  beforeAll(async () => {
    testDb = await openTestDatabase('pglite');
    server = await startTestServer(testDb.database, {
      config: { jwtSecret: undefined, webDir: '/nonexistent/atende-renderer', twilio: twilioConfig() },
      twilioCalls: calls,
    });
    unconfigured = await startTestServer(testDb.database);
  });

  afterAll(async () => {
    await unconfigured.close();
    await server.close();
    await testDb.dispose();
  });

  /** The dial-result webhook for the customer's (parent) leg, signed as Twilio signs it. */
  const dialEnded = () => {
    const url = `${PUBLIC_URL}/api/v1/voice/twilio/dial-result?${contextQuery({ callSid: CUSTOMER_LEG, direction: 'inbound', offeredAt: '2025-03-01T10:00:00.000Z', toNumber: '+551140040000' })}`;
    const fields = { CallSid: CUSTOMER_LEG, DialCallStatus: 'completed' };
    return server.app.inject({
      method: 'POST',
      url: url.slice(PUBLIC_URL.length),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, fields) },
      payload: new URLSearchParams(fields).toString(),
    });
  };

  it('holds the customer with music while the agent’s leg waits, then bridges them again', async () => {
    const { token } = await server.login();
    const held = await server.request(token, 'POST', voiceHoldPath(AGENT_LEG));
    expect(held.statusCode, held.body).toBe(204);
    expect(calls.updates.map(([sid]) => sid)).toEqual([AGENT_LEG]);
    expect(calls.updates[0]?.[1]).toContain('<Pause');

    const whileHeld = await dialEnded();
    expect(whileHeld.body).toContain(`<Enqueue`);
    expect(whileHeld.body).toContain(`hold_${AGENT_LEG}</Enqueue>`);
    expect(whileHeld.body).not.toContain('<Hangup');

    const resumed = await server.request(token, 'POST', voiceResumePath(AGENT_LEG));
    expect(resumed.statusCode, resumed.body).toBe(204);
    expect(calls.updates[1]).toEqual([AGENT_LEG, expect.stringContaining(`<Dial><Queue>hold_${AGENT_LEG}</Queue></Dial>`)]);
    // No longer held: the end of the dial is the end of the call.
    expect((await dialEnded()).body).toContain('<Hangup');
  });

  it('refuses another agent’s call, a call that is not held, and a malformed CallSid', async () => {
    const { token } = await server.login(AGENT2);
    const before = calls.updates.length;
    expect((await server.request(token, 'POST', voiceHoldPath(AGENT_LEG))).statusCode).toBe(403);
    expect((await server.request(token, 'POST', voiceResumePath(AGENT_LEG))).statusCode).toBe(404);
    expect((await server.request(token, 'POST', voiceHoldPath('CA123'))).statusCode).toBe(400);
    expect(calls.updates.length).toBe(before);
  });

  it('answers 503 without Twilio and 401 without a session', async () => {
    const { token } = await unconfigured.login();
    expect((await unconfigured.request(token, 'POST', voiceHoldPath(AGENT_LEG))).statusCode).toBe(503);
    expect((await server.app.inject({ method: 'POST', url: voiceHoldPath(AGENT_LEG) })).statusCode).toBe(401);
  });
});
