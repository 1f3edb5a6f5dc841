/**
 * The PouchDB side of the browser benchmarks: PouchDB (browser build, IndexedDB adapter) replicating
 * the same documents from the bench's PouchDB server, one database per collection, as a PouchDB app
 * would. Served by bench/sync/pouch-server.ts; bundled with Vite by bench/sync/artifacts.ts; its API
 * (`PouchPageApi`, ../page-api.ts) is what the bootstrap, catch-up and crash scenarios call.
 */
import PouchDB, { type PouchDatabase } from 'pouchdb-browser';
import { POUCH_PAGE_GLOBAL, POUCH_PAGE_READY, type PickedFields, type PouchPageApi } from '../page-api';

interface BootstrapState {
  started: number;
  firstDocAt: number | null;
  doneAt: number | null;
  error: string | null;
  written: number;
  running: Promise<void> | null;
}

const state: BootstrapState = { started: 0, firstDocAt: null, doneAt: null, error: null, written: 0, running: null };

function remote(base: string, name: string): PouchDatabase {
  return new PouchDB(`${base}${name}`, { skip_setup: true });
}

function errorText(error: unknown): string {
  // PouchDB rejects with errors and with plain objects carrying a message.
  const message = (error as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' && message !== '' ? message : String(error);
}

const api: PouchPageApi = {
  /** Starts a one-shot pull replication of every collection (resumes from PouchDB's checkpoints). */
  startBootstrap({ base, collections, batchSize }) {
    state.started = performance.now();
    state.firstDocAt = null;
    state.doneAt = null;
    state.error = null;
    state.written = 0;
    state.running = Promise.all(
      collections.map(async (name) => {
        const replication = new PouchDB(name).replicate.from(remote(base, name), { batch_size: batchSize });
        replication.on('change', (info) => {
          state.written += info.docs.length;
          if (state.firstDocAt === null && info.docs.length > 0) state.firstDocAt = performance.now();
        });
        await replication;
      }),
    ).then(
      () => {
        state.doneAt = performance.now();
      },
      (error: unknown) => {
        state.error = errorText(error);
      },
    );
  },

  progress() {
    return {
      written: state.written,
      firstDocMs: state.firstDocAt === null ? null : state.firstDocAt - state.started,
      doneMs: state.doneAt === null ? null : state.doneAt - state.started,
      error: state.error,
    };
  },

  async counts(collections) {
    const counts: Record<string, number> = {};
    for (const name of collections) counts[name] = (await new PouchDB(name).info()).doc_count;
    return counts;
  },

  /** Local edits of the ticket subjects (a get + put each, as a PouchDB app saves a form). */
  async editTickets(ids, prefix) {
    const db = new PouchDB('tickets');
    let edited = 0;
    for (const id of ids) {
      const doc = await db.get(id);
      await db.put({ ...doc, subject: `${prefix} ${id}`, updatedAt: new Date().toISOString() });
      edited += 1;
    }
    return edited;
  },

  /** One two-way sync of every collection; resolves with the time it took. */
  async sync({ base, collections, batchSize }) {
    const started = performance.now();
    await Promise.all(collections.map((name) => new PouchDB(name).sync(remote(base, name), { batch_size: batchSize })));
    return performance.now() - started;
  },

  /** Chosen fields of the winning revisions, by id. */
  async read(collection, ids, fields) {
    const result = await new PouchDB(collection).allDocs({ keys: ids, include_docs: true });
    const picked: PickedFields = {};
    for (const row of result.rows) {
      if (!row.doc) continue;
      const doc: Record<string, unknown> = {};
      for (const field of fields) doc[field] = row.doc[field];
      picked[row.id] = doc;
    }
    return picked;
  },
};

Object.assign(globalThis, { [POUCH_PAGE_GLOBAL]: api, [POUCH_PAGE_READY]: true });
