/** The live change stream over a real listening server, on PGlite and Postgres. */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { TOKEN_TTL_SECONDS } from '../../src/server/auth/tokens';
import type { StreamServerMessage, WireDocument } from '../../src/shared/sync/protocol';
import { openTestDatabase, TARGETS, type TestDatabase } from './helpers/databases';
import { customer, insertRow, ticket } from './helpers/fixtures';
import { startTestServer, type TestServer } from './helpers/server';
import { connectStream, type StreamClient } from './helpers/stream-client';

type ChangeMessage = Extract<StreamServerMessage, { type: 'change' }>;
const isChange = (message: StreamServerMessage): message is ChangeMessage => message.type === 'change';
const changeOf = (id: string) => (message: StreamServerMessage): message is ChangeMessage =>
  isChange(message) && message.documents.some((document) => document.id === id);

describe.each(TARGETS)('change stream on %s', (target) => {
  let testDb: TestDatabase;
  let server: TestServer;
  let baseUrl: string;
  let token: string;

  beforeAll(async () => {
    testDb = await openTestDatabase(target);
    server = await startTestServer(testDb.database, { listen: true });
    baseUrl = server.baseUrl ?? '';
    token = (await server.login()).token;
  });

  afterAll(async () => {
    await server.close();
    await testDb.dispose();
  });

  const open = (auth: Parameters<typeof connectStream>[1]): StreamClient => {
    const client = connectStream(baseUrl, auth);
    onTestFinished(() => {
      client.close();
    });
    return client;
  };

  it('sends RESYNC first, then every committed change live', async () => {
    const client = open({ token });
    expect(await client.waitFor((message) => message.type === 'RESYNC')).toEqual({ type: 'RESYNC' });
    expect(client.messages[0]).toEqual({ type: 'RESYNC' });

    await server.request(token, 'POST', '/api/v1/sync/tickets/push', [insertRow(ticket('live-1', { subject: 'Live one' }))]);
    const change = await client.waitFor(changeOf('live-1'));
    expect(change.collection).toBe('tickets');
    const document = change.documents.find((candidate) => candidate.id === 'live-1') as WireDocument;
    expect(document).toMatchObject({ id: 'live-1', subject: 'Live one', _deleted: false });
    expect(document.number).toEqual(expect.any(Number));

    // The checkpoint of a change event is the one a pull would return after the same documents.
    const pulled = await server.request(token, 'GET', '/api/v1/sync/tickets/pull?limit=1000');
    expect(pulled.json<{ checkpoint: { seq: number } }>().checkpoint).toEqual(change.checkpoint);

    await server.request(token, 'POST', '/api/v1/sync/customers/push', [insertRow(customer('live-c1'))]);
    const customerChange = await client.waitFor(changeOf('live-c1'));
    expect(customerChange.collection).toBe('customers');
    expect(customerChange.checkpoint.seq).toBeGreaterThan(change.checkpoint.seq);
  });

  it('batches a burst of writes into few messages, in sequence order, without losing any', async () => {
    const client = open({ token });
    await client.waitFor((message) => message.type === 'RESYNC');
    const ids = Array.from({ length: 40 }, (_, index) => `burst-${String(index)}`);
    await Promise.all(ids.map((id) => server.request(token, 'POST', '/api/v1/sync/tickets/push', [insertRow(ticket(id))])));
    await client.waitFor(changeOf(ids.at(-1) ?? ''));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const changes = client.messages.filter(isChange).filter((message) => message.collection === 'tickets');
    const received = changes.flatMap((message) => message.documents.map((document) => String(document.id)));
    expect([...received].sort()).toEqual([...ids].sort());
    expect(changes.length).toBeLessThan(ids.length);
    const checkpoints = changes.map((message) => message.checkpoint.seq);
    expect(checkpoints).toEqual([...checkpoints].sort((a, b) => a - b));
  });

  it('accepts the token in the Authorization header too', async () => {
    const client = open({ header: `Bearer ${token}` });
    expect(await client.waitFor((message) => message.type === 'RESYNC')).toEqual({ type: 'RESYNC' });
  });

  it('answers ping with pong', async () => {
    const client = open({ token });
    await client.waitFor((message) => message.type === 'RESYNC');
    client.socket.send(JSON.stringify({ type: 'ping', at: 12345 }));
    expect(await client.waitFor((message) => message.type === 'pong')).toEqual({ type: 'pong', at: 12345 });
  });

  it.each([
    ['no token', {}],
    ['a bad token', { token: 'garbage' }],
    ['a bad header', { header: 'Bearer garbage' }],
  ])('closes with 4401 for %s', async (_name, auth) => {
    const client = open(auth);
    expect(await client.closed).toBe(4401);
    expect(client.messages).toEqual([]);
  });

  it('closes the stream with 4401 when the token expires', async () => {
    // Sign in "almost a shift ago", so the token expires a moment after the clock returns to now.
    let offsetMs = -(TOKEN_TTL_SECONDS * 1000 - 2000);
    const clock = { now: () => new Date(Date.now() + offsetMs) };
    const shortLived = await startTestServer(testDb.database, { listen: true, clock });
    onTestFinished(() => shortLived.close());
    const expiring = (await shortLived.login()).token;
    offsetMs = 0;
    const client = open({ token: expiring });
    await client.waitFor((message) => message.type === 'RESYNC');
    expect(await client.closed).toBe(4401);
  });

  it('terminates clients that stop answering pings, and keeps those that answer', async () => {
    const strict = await startTestServer(testDb.database, { listen: true, heartbeatIntervalMs: 100 });
    onTestFinished(() => strict.close());
    const healthy = connectStream(strict.baseUrl ?? '', { token });
    const silent = connectStream(strict.baseUrl ?? '', { token }, { autoPong: false });
    onTestFinished(() => {
      healthy.close();
      silent.close();
    });
    await Promise.all([healthy, silent].map((client) => client.waitFor((message) => message.type === 'RESYNC')));
    expect(await silent.closed).toBe(1006); // terminated: no close frame
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(healthy.socket.readyState).toBe(healthy.socket.OPEN);
  });

  it('closes open streams when the server shuts down', async () => {
    const other = await startTestServer(testDb.database, { listen: true });
    const client = connectStream(other.baseUrl ?? '', { token });
    await client.waitFor((message) => message.type === 'RESYNC');
    await other.close();
    expect(await client.closed).toBe(1001);
  });
});

describe.skipIf(!TARGETS.includes('postgres'))('change stream across server processes (Postgres LISTEN/NOTIFY)', () => {
  it('delivers a change pushed through one server to clients of another', async () => {
    const testDb = await openTestDatabase('postgres');
    const secondDatabase = await testDb.openAnother?.();
    if (secondDatabase === undefined) throw new Error('postgres target must offer openAnother');
    const writer = await startTestServer(testDb.database);
    const reader = await startTestServer(secondDatabase, { listen: true });
    onTestFinished(async () => {
      await reader.close();
      await writer.close();
      await secondDatabase.close();
      await testDb.dispose();
    });
    // Both processes sign with the secret stored once in the shared database.
    const token = (await writer.login()).token;
    const client = connectStream(reader.baseUrl ?? '', { token });
    onTestFinished(() => {
      client.close();
    });
    await client.waitFor((message) => message.type === 'RESYNC');

    const pushed = await writer.request(token, 'POST', '/api/v1/sync/tickets/push', [insertRow(ticket('cross-1'))]);
    expect(pushed.statusCode).toBe(200);
    const change = await client.waitFor(changeOf('cross-1'));
    expect(change.collection).toBe('tickets');
  });
});
