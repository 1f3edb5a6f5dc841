/**
 * The failure the chaos trials used to find most, step by step and deterministic: the renderer's real
 * replication (RxDB on fake-indexeddb) against the real server (in-process, PGlite in memory).
 *
 * 1. Agent A edits a ticket's subject (S1); the push reaches the server and is applied, but the answer
 *    is lost (connection dropped, server killed after the commit, laptop offline mid-request).
 * 2. Agent B changes the same ticket's priority.
 * 3. A, still without an answer, edits the subject again (S2).
 * 4. A's retry of S1 now conflicts (the master moved on). The conflict is resolved against A's stale
 *    base (the master before S1) and dropped because A's copy changed meanwhile; the next push of S2
 *    conflicts again with that same stale base, so the field merge sees "subject changed on both
 *    sides" and the server's value wins: S1, A's own older edit. A's newest edit is lost (it shows in
 *    A's conflict log as a clash with itself).
 *
 * Expected: the subject is S2 (nobody else touched it) and B's priority stays. When S2 happens to be
 * the value of the stale base (A changed the subject back), the loss used to be silent: the merge
 * thought A did not touch the subject, took S1, and recorded no conflict at all (and A's pending
 * count stayed at 1: RxDB saw nothing to push). The fix: pushed states are recorded as unconfirmed
 * until answered (src/renderer/data/unconfirmed-pushes.ts) and merges rebase on them.
 */
import * as fakeIndexedDb from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRxStorageBlocks, type BlockStorageSettings } from '../../src/renderer/data/block-storage/block-storage';
import { conflictLog } from '../../src/renderer/data/conflict';
import { openUserDatabase, type AtendeDatabase } from '../../src/renderer/data/database';
import { startDatabaseReplication, type DatabaseReplication } from '../../src/renderer/data/replication';
import { PendingTracker } from '../../src/renderer/data/sync-status';
import { syncPullPath, syncPushPath, type PullResponse } from '../../src/shared/sync/protocol';
import { openTestDatabase, type TestDatabase } from '../integration/helpers/databases';
import { AGENT, AGENT2, startTestServer, type TestServer } from '../integration/helpers/server';
import { sleep } from './server-process';

type Wire = Record<string, unknown> & { id: string; _deleted: boolean };

const { IDBFactory, IDBKeyRange } = fakeIndexedDb as unknown as { IDBFactory: new () => object; IDBKeyRange: object };

let database: TestDatabase;
let server: TestServer;
let baseUrl: string;

beforeAll(async () => {
  database = await openTestDatabase('pglite');
  server = await startTestServer(database.database, { listen: true });
  if (server.baseUrl === undefined) throw new Error('server not listening');
  baseUrl = server.baseUrl;
});

afterAll(async () => {
  await server.close();
  await database.dispose();
});

async function api<T>(token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function serverTicket(token: string, id: string): Promise<Wire> {
  const page = await api<PullResponse<Wire>>(token, 'GET', `${syncPullPath('tickets')}?limit=1000`);
  const ticket = page.documents.find((doc) => doc.id === id);
  if (ticket === undefined) throw new Error(`ticket ${id} not on the server`);
  return ticket;
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

interface Outcome {
  readonly subject: unknown;
  readonly priority: unknown;
  /** A's own copy of the subject. */
  readonly localSubject: unknown;
  /** A's conflict-log entries for the subject. */
  readonly subjectConflicts: readonly string[];
  /** Documents A's sync indicator counts as not yet acknowledged. */
  readonly pending: number;
}

/** Steps 1–4 with `secondSubject` as A's second edit of a fresh ticket `ticketId`. */
async function lostAnswerScenario(ticketId: string, secondSubject: string): Promise<Outcome> {
  const a = await server.login(AGENT);
  const b = await server.login(AGENT2);
  const now = new Date().toISOString();
  const customerId = `cus_${ticketId}`;
  await api(a.token, 'POST', syncPushPath('customers'), [
    { newDocumentState: { id: customerId, name: 'Maria', language: 'pt-BR', tags: [], createdAt: now, updatedAt: now, _deleted: false } },
  ]);
  const ticket = {
    id: ticketId,
    subject: 'Original subject',
    status: 'open',
    priority: 'normal',
    channel: 'phone',
    tier: 'L1',
    customerId,
    tags: [],
    createdAt: now,
    updatedAt: now,
    _deleted: false,
  };
  await api(a.token, 'POST', syncPushPath('tickets'), [{ newDocumentState: ticket }]);

  // A's fetch: the first push carrying the ticket is delivered, then its answer is "lost"; the
  // retries wait at a gate until B has written and A has edited again.
  const marker = `"${ticketId}"`;
  let lostOne = false;
  let retryWaiting = false;
  let releaseRetries!: () => void;
  const retriesMayGo = new Promise<void>((resolve) => {
    releaseRetries = resolve;
  });
  const fetchA = async (input: string, init?: RequestInit): Promise<Response> => {
    const isTicketPush = input.includes(syncPushPath('tickets')) && typeof init?.body === 'string' && init.body.includes(marker);
    if (isTicketPush && lostOne) {
      retryWaiting = true;
      await retriesMayGo;
    }
    const response = await fetch(input, init);
    if (isTicketPush && !lostOne) {
      lostOne = true;
      await response.text();
      throw new TypeError('fetch failed');
    }
    return response;
  };

  const db: AtendeDatabase = await openUserDatabase({
    serverUrl: baseUrl,
    userId: a.user.id,
    role: a.user.role,
    storage: getRxStorageBlocks({ indexedDB: new IDBFactory(), IDBKeyRange } as unknown as BlockStorageSettings),
    multiInstance: false,
  });
  const tracker = new PendingTracker();
  const replication: DatabaseReplication = startDatabaseReplication(db, {
    serverUrl: baseUrl,
    getToken: () => a.token,
    fetch: fetchA,
    tracker,
    retryTimeMs: 100,
    userId: a.user.id,
  });
  try {
    await replication.awaitInSync();
    const local = await db.tickets.findOne(ticketId).exec();
    if (local === null) throw new Error('ticket not replicated to A');

    // 1. S1 reaches the server; A never hears back.
    await local.incrementalPatch({ subject: 'Subject from A, first edit' });
    await until(() => lostOne && retryWaiting, "A's lost push and its waiting retry");
    const master = await serverTicket(b.token, ticketId);
    expect(master.subject).toBe('Subject from A, first edit');

    // 2. B raises the priority, based on the current master.
    expect(await api<Wire[]>(b.token, 'POST', syncPushPath('tickets'), [{ assumedMasterState: master, newDocumentState: { ...master, priority: 'urgent' } }])).toEqual([]);

    // 3. A edits the subject again.
    await local.getLatest().incrementalPatch({ subject: secondSubject });

    // 4. A's network comes back; then a pull (as a change notice or "Sync now" would start).
    releaseRetries();
    await replication.awaitInSync();
    replication.reSync();
    await replication.awaitInSync();
    await until(() => tracker.count === 0, 'A to have nothing pending', 2_000).catch(() => undefined);

    const final = await serverTicket(b.token, ticketId);
    const subjectConflicts = conflictLog
      .getState()
      .entries.filter((entry) => entry.documentId === ticketId && entry.field === 'subject')
      .map((entry) => `${JSON.stringify(entry.localValue)} lost to ${JSON.stringify(entry.masterValue)}`);
    const localSubject = (await db.tickets.findOne(ticketId).exec())?.subject;
    return { subject: final.subject, priority: final.priority, localSubject, subjectConflicts, pending: tracker.count };
  } finally {
    await replication.stop();
    await db.close();
  }
}

describe('a push applied by the server whose answer never arrived', () => {
  it("does not let the agent's older edit overwrite their newer one", async () => {
    // Before the fix: the subject was "Subject from A, first edit" on the server and in A's copy, and
    // A's conflict log showed its second edit lost to its first.
    expect(await lostAnswerScenario('tkt_lost_1', 'Subject from A, second edit')).toEqual({
      subject: 'Subject from A, second edit',
      priority: 'urgent',
      localSubject: 'Subject from A, second edit',
      subjectConflicts: [],
      pending: 0,
    });
  });

  it('does not silently drop an edit that restores the earlier value', async () => {
    // Before the fix: the subject was "Subject from A, first edit" everywhere, no conflict recorded, and
    // A's sync indicator kept counting 1 pending change.
    expect(await lostAnswerScenario('tkt_lost_2', 'Original subject')).toEqual({
      subject: 'Original subject',
      priority: 'urgent',
      localSubject: 'Original subject',
      subjectConflicts: [],
      pending: 0,
    });
  });
});
