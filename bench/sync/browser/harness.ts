/**
 * The engine harness page (`/bench/harness.html` in the bench's copy of the web app): the renderer's own
 * `openUserDatabase` and `startSyncEngine` (the block storage on the browser's IndexedDB, the shared WebSocket,
 * the real replication), without React, so the benchmark can write to the replica the way the ticket
 * form does (`incrementalModify`) and read it back. Bundled with Vite by bench/sync/artifacts.ts; its
 * API (`HarnessApi`, ../page-api.ts) is what the catch-up scenario calls.
 */
import type { RxStorage } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { collectionOf, openUserDatabase, type AtendeDatabase } from '../../../src/renderer/data/database';
import { startSyncEngine, type SyncEngine } from '../../../src/renderer/data/sync-engine';
import { computeSyncState, createSyncStatusStore, type SyncStatusStore } from '../../../src/renderer/data/sync-status';
import { HARNESS_GLOBAL, HARNESS_READY, type HarnessApi, type PickedFields, type RequestSummary } from '../page-api';

interface Harness {
  readonly db: AtendeDatabase;
  readonly engine: SyncEngine;
  readonly store: SyncStatusStore;
}

let current: Harness | null = null;
let unauthorized = 0;

interface RequestEntry {
  readonly collection: string;
  readonly kind: string;
  readonly start: number;
  end: number | null;
  ok: boolean;
  rows: number;
}

/** Every pull and push the engine sends (it calls the global fetch at request time), for the catch-up breakdown. */
const requests: RequestEntry[] = [];
const originalFetch = window.fetch.bind(window);
window.fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const match = /\/sync\/([A-Za-z]+)\/(pull|push)/.exec(url);
  if (match?.[1] === undefined || match[2] === undefined) return originalFetch(input, init);
  const entry: RequestEntry = { collection: match[1], kind: match[2], start: performance.now(), end: null, ok: false, rows: 0 };
  if (entry.kind === 'push' && typeof init?.body === 'string') entry.rows = (JSON.parse(init.body) as unknown[]).length;
  requests.push(entry);
  try {
    const response = await originalFetch(input, init);
    entry.ok = response.ok;
    return response;
  } finally {
    entry.end = performance.now();
  }
};

function requireOpen(): Harness {
  if (current === null) throw new Error('harness: open() first');
  return current;
}

/** The replica's storage: the app's (the block storage), or one the diagnostics compare it with. */
function storageOption(storage: Parameters<HarnessApi['open']>[0]['storage']): { storage?: RxStorage<unknown, unknown>; multiInstance?: boolean } {
  if (storage === 'memory') return { storage: getRxStorageMemory(), multiInstance: false };
  if (storage === 'dexie') return { storage: getRxStorageDexie(), multiInstance: false };
  return {};
}

const api: HarnessApi = {
  /** Opens the user's replica and starts the sync engine exactly as the workspace does. */
  async open({ serverUrl, token, userId, role, storage }) {
    const startedAt = performance.now();
    const db = await openUserDatabase({ serverUrl, userId, role, ...storageOption(storage) });
    const store = createSyncStatusStore();
    const engine = startSyncEngine({
      db,
      serverUrl,
      getToken: () => token,
      onUnauthorized: () => {
        unauthorized += 1;
      },
      userId,
      role,
      store,
    });
    current = { db, engine, store };
    return { openMs: performance.now() - startedAt, collections: [...engine.collections] };
  },

  /** What the header indicator would show. */
  status() {
    const { store } = requireOpen();
    const snapshot = store.getState();
    return { state: computeSyncState(snapshot), pending: snapshot.pending, unauthorized };
  },

  /** The page clock, to pass to `requests` later. */
  now() {
    return performance.now();
  },

  /** Pulls and pushes started at or after `since` (page clock), summed per kind and collection, times relative to `since`. */
  requests(since) {
    const summary: Record<string, { requests: number; failed: number; rows: number; firstStartMs: number; lastEndMs: number }> = {};
    for (const entry of requests) {
      if (entry.start < since) continue;
      const key = `${entry.kind} ${entry.collection}`;
      const item = (summary[key] ??= { requests: 0, failed: 0, rows: 0, firstStartMs: entry.start - since, lastEndMs: 0 });
      item.requests += 1;
      if (!entry.ok) item.failed += 1;
      item.rows += entry.rows;
      item.lastEndMs = Math.max(item.lastEndMs, (entry.end ?? performance.now()) - since);
    }
    return summary satisfies Record<string, RequestSummary>;
  },

  async counts(collections) {
    const { db } = requireOpen();
    const result: Record<string, number> = {};
    for (const name of collections) {
      const target = collectionOf(db, name);
      result[name] = target === undefined ? 0 : await target.count().exec();
    }
    return result;
  },

  /** Changes the subject of each ticket the way the ticket form saves (a local write, pushed by the replication). */
  async editTickets(ids, prefix) {
    const { db } = requireOpen();
    let edited = 0;
    for (const id of ids) {
      const doc = await db.tickets.findOne(id).exec();
      if (doc === null) continue;
      await doc.incrementalModify((data) => ({ ...data, subject: `${prefix} ${id}`, updatedAt: new Date().toISOString() }));
      edited += 1;
    }
    return edited;
  },

  /** Chosen fields of documents by id (missing ones are left out). */
  async read(collection, ids, fields) {
    const { db } = requireOpen();
    const target = collectionOf(db, collection);
    if (target === undefined) throw new Error(`this replica has no ${collection} collection`);
    const docs = await target.findByIds([...ids]).exec();
    const result: PickedFields = {};
    for (const [id, doc] of docs) {
      const json = doc.toJSON() as Readonly<Record<string, unknown>>;
      const picked: Record<string, unknown> = {};
      for (const field of fields) picked[field] = json[field];
      result[id] = picked;
    }
    return result;
  },

  async close() {
    if (current === null) return;
    const { db, engine } = current;
    current = null;
    await engine.stop();
    await db.close();
  },
};

Object.assign(globalThis, { [HARNESS_GLOBAL]: api, [HARNESS_READY]: true });
