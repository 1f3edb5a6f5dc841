/**
 * One worker thread of the live-propagation scenario (Node; loaded through tsx by live.ts). Roles:
 *
 * - `raw`: N plain WebSocket clients of `/api/v1/sync/stream` (what the server fans out);
 * - `rxdb`: one full replica: the renderer's `openUserDatabase` on fake-indexeddb and its real sync
 *   engine (`startSyncEngine`, run in Node like the chaos harness does); arrival = the change event
 *   of the local collection, i.e. the edit is in the replica and visible to queries;
 * - `rxdb-writer`: the same, and it edits tickets locally like the ticket form (`incrementalModify`);
 * - `pouch`: N PouchDB (in-memory) live pull replications from the PouchDB server; arrival = the local
 *   database's change event;
 * - `pouch-writer`: a PouchDB (in-memory) replica with a live push replication; it edits locally.
 *
 * Times are absolute milliseconds (`performance.timeOrigin + performance.now()`), comparable across
 * the threads of this process.
 */
import { EventEmitter } from 'node:events';
import { parentPort } from 'node:worker_threads';
import * as fakeIndexedDb from 'fake-indexeddb';
import type { RxChangeEvent } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import WebSocket from 'ws';
import { openUserDatabase, type AtendeDatabase } from '../../src/renderer/data/database';
import { computeSyncState, createSyncStatusStore } from '../../src/renderer/data/sync-status';
import type { Role } from '../../src/shared/domain/roles';
import { SYNC_STREAM_PATH } from '../../src/shared/sync/protocol';
import type { PouchDatabase, PouchDoc } from 'pouchdb-core';
import { installBrowserEnv } from '../../test/support/node-browser-env';
import { loadSyncEngine } from '../../test/support/node-sync-engine';
import { MemoryPouch, NodePouch } from './pouch-node';

export type LiveWorkerInit =
  | { readonly role: 'raw'; readonly url: string; readonly token: string; readonly count: number }
  | {
      readonly role: 'rxdb' | 'rxdb-writer';
      readonly url: string;
      readonly token: string;
      readonly userId: string;
      readonly userRole: Role;
      readonly expectedTickets: number;
    }
  | { readonly role: 'pouch'; readonly base: string; readonly db: string; readonly count: number; readonly since: number | string; readonly name: string }
  | { readonly role: 'pouch-writer'; readonly base: string; readonly db: string };

export type LiveWorkerRequest =
  | { readonly id: number; readonly type: 'init'; readonly init: LiveWorkerInit }
  | { readonly id: number; readonly type: 'write'; readonly docId: string; readonly value: string }
  | { readonly id: number; readonly type: 'collect'; readonly key: string; readonly timeoutMs: number }
  | { readonly id: number; readonly type: 'stop' };

export type LiveWorkerReply = { readonly id: number; readonly ok: true; readonly result: unknown } | { readonly id: number; readonly ok: false; readonly error: string };

const port = parentPort;
if (port === null) throw new Error('live-worker.ts runs in a worker thread');
installBrowserEnv(fetch);
// RxDB's open-core storage prints a banner per thread; keep the bench output readable.
for (const level of ['log', 'warn'] as const) {
  const original = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    if (args.some((arg) => typeof arg === 'string' && arg.includes('rxdb.info/premium'))) return;
    original(...args);
  };
}
// A hundred PouchDB replications per thread share emitters: not a leak.
EventEmitter.defaultMaxListeners = 0;

const now = () => performance.timeOrigin + performance.now();
/** `${docId}|${subject}` → arrival time per local observer (index). */
const arrivals = new Map<string, Map<number, number>>();
let observerCount = 0;
const stoppers: (() => Promise<void> | void)[] = [];
let writeDoc: ((docId: string, value: string) => Promise<number>) | null = null;

function record(observer: number, docId: unknown, subject: unknown): void {
  if (typeof docId !== 'string' || typeof subject !== 'string' || !subject.startsWith('live-')) return;
  const key = `${docId}|${subject}`;
  let times = arrivals.get(key);
  if (times === undefined) {
    times = new Map();
    arrivals.set(key, times);
  }
  if (!times.has(observer)) times.set(observer, now());
}

async function startRaw(init: Extract<LiveWorkerInit, { role: 'raw' }>): Promise<void> {
  observerCount = init.count;
  const url = `${init.url.replace(/^http/, 'ws')}${SYNC_STREAM_PATH}?token=${encodeURIComponent(init.token)}`;
  await Promise.all(
    Array.from({ length: init.count }, (_, observer) => {
      const socket = new WebSocket(url);
      socket.on('message', (raw: Buffer) => {
        const message = JSON.parse(raw.toString('utf8')) as { type: string; collection?: string; documents?: Record<string, unknown>[] };
        if (message.type !== 'change' || message.collection !== 'tickets') return;
        for (const doc of message.documents ?? []) record(observer, doc['id'], doc['subject']);
      });
      stoppers.push(() => {
        socket.close();
      });
      return new Promise<void>((resolve, reject) => {
        socket.once('open', () => { resolve(); });
        socket.once('error', reject);
      });
    }),
  );
}

async function startRxdb(init: Extract<LiveWorkerInit, { role: 'rxdb' | 'rxdb-writer' }>): Promise<void> {
  observerCount = init.role === 'rxdb' ? 1 : 0;
  // fake-indexeddb's typings need the DOM lib, which the Node type program does not load.
  const { IDBFactory, IDBKeyRange } = fakeIndexedDb as unknown as { IDBFactory: new () => object; IDBKeyRange: object };
  const storage = getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange } as unknown as Parameters<typeof getRxStorageDexie>[0]);
  const db: AtendeDatabase = await openUserDatabase({ serverUrl: init.url, userId: init.userId, role: init.userRole, storage, multiInstance: false });
  const store = createSyncStatusStore();
  const startSyncEngine = await loadSyncEngine();
  const engine = startSyncEngine({ db, serverUrl: init.url, getToken: () => init.token, onUnauthorized: () => undefined, userId: init.userId, role: init.userRole, store });
  stoppers.push(async () => {
    await engine.stop();
    await db.close();
  });
  const deadline = Date.now() + 600_000;
  for (;;) {
    const count = await db.tickets.count().exec();
    if (count >= init.expectedTickets && computeSyncState(store.getState()) === 'online') break;
    if (Date.now() > deadline) throw new Error(`replica did not bootstrap (${String(count)} tickets)`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const subscription = db.tickets.$.subscribe((event: RxChangeEvent<unknown>) => {
    const data = event.documentData as Record<string, unknown> | undefined;
    record(0, event.documentId, data?.['subject']);
  });
  stoppers.unshift(() => {
    subscription.unsubscribe();
  });
  if (init.role === 'rxdb-writer') {
    writeDoc = async (docId, value) => {
      const doc = await db.tickets.findOne(docId).exec();
      if (doc === null) throw new Error(`writer has no ${docId}`);
      const at = now();
      await doc.incrementalModify((data) => ({ ...data, subject: value, updatedAt: new Date().toISOString() }));
      return at;
    };
  }
}

async function startPouch(init: Extract<LiveWorkerInit, { role: 'pouch' }>): Promise<void> {
  observerCount = init.count;
  const remote = `${init.base}${init.db}`;
  for (let observer = 0; observer < init.count; observer += 1) {
    const local = new MemoryPouch(`${init.name}-${String(observer)}`);
    const changes = local.changes({ live: true, since: 'now', include_docs: true }).on('change', (change) => {
      record(observer, change.id, change.doc?.['subject']);
    });
    const replication = local.replicate.from(new NodePouch(remote), { live: true, retry: true, since: init.since });
    replication.on('error', () => undefined);
    stoppers.push(async () => {
      replication.cancel();
      changes.cancel();
      await local.destroy();
    });
  }
  // Let every long-poll reach the server before the first edit.
  await new Promise((resolve) => setTimeout(resolve, 2000));
}

async function startPouchWriter(init: Extract<LiveWorkerInit, { role: 'pouch-writer' }>): Promise<void> {
  const remote = new NodePouch(`${init.base}${init.db}`);
  const local: PouchDatabase = new MemoryPouch(`writer-${String(Date.now())}`);
  await local.replicate.from(remote);
  const push = local.replicate.to(remote, { live: true, retry: true });
  push.on('error', () => undefined);
  stoppers.push(async () => {
    push.cancel();
    await local.destroy();
  });
  writeDoc = async (docId, value) => {
    const doc: PouchDoc = await local.get(docId);
    const at = now();
    await local.put({ ...doc, subject: value, updatedAt: new Date().toISOString() });
    return at;
  };
}

async function collect(key: string, timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  while ((arrivals.get(key)?.size ?? 0) < observerCount && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
  const times = arrivals.get(key) ?? new Map<number, number>();
  arrivals.delete(key);
  return Array.from({ length: observerCount }, (_, observer) => times.get(observer) ?? Number.NaN);
}

async function handle(request: LiveWorkerRequest): Promise<unknown> {
  switch (request.type) {
    case 'init': {
      const init = request.init;
      switch (init.role) {
        case 'raw':
          await startRaw(init);
          break;
        case 'rxdb':
        case 'rxdb-writer':
          await startRxdb(init);
          break;
        case 'pouch':
          await startPouch(init);
          break;
        case 'pouch-writer':
          await startPouchWriter(init);
          break;
      }
      return null;
    }
    case 'write':
      if (writeDoc === null) throw new Error('not a writer');
      return writeDoc(request.docId, request.value);
    case 'collect':
      return collect(request.key, request.timeoutMs);
    case 'stop':
      for (const stop of stoppers) await stop();
      return null;
  }
}

port.on('message', (request: LiveWorkerRequest) => {
  handle(request).then(
    (result) => {
      port.postMessage({ id: request.id, ok: true, result } satisfies LiveWorkerReply);
    },
    (error: unknown) => {
      port.postMessage({ id: request.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies LiveWorkerReply);
    },
  );
});
