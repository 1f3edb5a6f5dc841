/**
 * One chaos client, in its own worker thread (like its own machine, with its own "browser": see
 * test/support/node-browser-env.ts): its own fake IndexedDB, its own RxDB database opened by the renderer's
 * `openUserDatabase`, and the renderer's own sync engine (`startSyncEngine`: stream, replication,
 * pending tracker, rejections, resync triggers). Module state is per worker, so the conflict log it
 * reads is this client's.
 *
 * It edits and creates documents at random, goes offline for random windows (`navigator.onLine`
 * false and the `offline` event, fetch fails, requests in flight are aborted), gets focus now and then,
 * and reloads (engine stopped, database closed and opened again, as when the app restarts). It records
 * every local write, every push the server acknowledged and every conflict-log entry for verify.ts.
 */
import { parentPort } from 'node:worker_threads';
import * as fakeIndexedDb from 'fake-indexeddb';
import type { RxCollection, RxDocument } from 'rxdb';
import { CUSTOMER_LANGUAGES } from '../../src/shared/domain/customer';
import { CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES, TIERS } from '../../src/shared/domain/ticket';
import type { Role } from '../../src/shared/domain/roles';
import { COLLECTIONS, isSyncCollectionName, type SyncCollectionName } from '../../src/shared/sync/collections';
import { jsonEqual } from '../../src/shared/util/deep-equal';
import { getRxStorageBlocks, type BlockStorageSettings } from '../../src/renderer/data/block-storage/block-storage';
import { conflictLog } from '../../src/renderer/data/conflict';
import { openUserDatabase, type AtendeDatabase } from '../../src/renderer/data/database';
import { computeSyncState, createSyncStatusStore, type SyncStatusStore } from '../../src/renderer/data/sync-status';
import { installBrowserEnv, type BrowserEnv } from '../support/node-browser-env';
import { loadSyncEngine, type SyncEngineHandle } from '../support/node-sync-engine';
import { Prng } from './prng';
import {
  canonicalDoc,
  digestOf,
  sortById,
  type AckRecord,
  type ClientCommand,
  type ClientInit,
  type ClientSnapshot,
  type ClientStats,
  type ClientStatus,
  type CollectionName,
  type ConflictRecord,
  type Doc,
  type FromWorker,
  type ToWorker,
  type TraceEntry,
  type WriteRecord,
} from './protocol';

const port = parentPort;
if (port === null) throw new Error('client-worker.ts runs in a worker thread');
const nodeFetch = globalThis.fetch;

// RxDB's Dexie storage prints a page-long notice about its premium storages once per realm: once per client here.
const consoleWarn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].includes('RxDB Open Core RxStorage')) return;
  consoleWarn(...args);
};

const TAG_POOL: readonly string[] = ['vip', 'billing', 'bug', 'refund', 'callback', 'outage', 'churn-risk'];
const TICKET_FIELDS = ['subject', 'status', 'priority', 'tags', 'description'] as const;
const CUSTOMER_FIELDS = ['name', 'organization', 'tags', 'language'] as const;

// fake-indexeddb's typings need the DOM lib, which the Node type program does not load.
const { IDBFactory, IDBKeyRange } = fakeIndexedDb as unknown as { IDBFactory: new () => object; IDBKeyRange: object };

type AnyDoc = Record<string, unknown> & { id: string };
interface PushedRow {
  readonly newDocumentState: Doc;
  readonly assumedMasterState?: Doc;
}

/** The fields the chaos clients edit, short: enough to follow a document through a trace. */
function brief(doc: Readonly<Record<string, unknown>>): string {
  const fields = ['subject', 'status', 'priority', 'tags', 'description', 'name', 'organization', 'language'].filter((field) => field in doc);
  return fields.map((field) => `${field}=${short(doc[field])}`).join(' ');
}

function short(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value).slice(0, 40);
}

/** One pushed row: its base (the assumed master's updatedAt, or insert) and what it changes. */
function describeRow(row: PushedRow): string {
  const next = row.newDocumentState;
  const base = row.assumedMasterState;
  if (base === undefined) return `${next.id} insert ${brief(next)}`;
  const changed = Object.keys({ ...base, ...next }).filter(
    (field) => !field.startsWith('_') && field !== 'updatedAt' && !jsonEqual(base[field], next[field]),
  );
  return `${next.id} base@${String(base.updatedAt)} Δ ${changed.map((field) => `${field}=${short(next[field])}`).join(' ') || '(none)'}`;
}

function send(message: FromWorker): void {
  port?.postMessage(message);
}

class ChaosClient {
  private readonly init: ClientInit;
  private readonly prng: Prng;
  /** One IndexedDB per client, kept across reloads (it is the device's disk), under the app's block storage. */
  private readonly storage = getRxStorageBlocks({ indexedDB: new IDBFactory(), IDBKeyRange } as unknown as BlockStorageSettings);
  private db: AtendeDatabase | null = null;
  private engine: SyncEngineHandle | null = null;
  /** What the header indicator reads; one per client, kept across reloads like the app's. */
  private readonly store: SyncStatusStore = createSyncStatusStore();
  private readonly browser: BrowserEnv;
  private offlineAbort = new AbortController();
  private running = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Ops and reloads run one at a time, in order. */
  private queue: Promise<void> = Promise.resolve();
  private writeCounter = 0;
  private createdCount = 0;
  private readonly writes: WriteRecord[] = [];
  private readonly acks: AckRecord[] = [];
  private readonly conflicts: ConflictRecord[] = [];
  private readonly errors: string[] = [];
  private readonly traceLog: TraceEntry[] = [];
  private requestCounter = 0;
  private readonly stats: ClientStats = {
    ops: 0,
    edits: 0,
    creates: 0,
    offlineWindows: 0,
    reloads: 0,
    pushRequests: 0,
    pushFailures: 0,
    pullRequests: 0,
    pullFailures: 0,
    offlineRejections: 0,
    abortedInFlight: 0,
    unauthorized: 0,
  };

  constructor(init: ClientInit) {
    this.init = init;
    this.prng = new Prng(init.seed);
    this.browser = installBrowserEnv((input, requestInit) =>
      this.fetch(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, requestInit),
    );
    let lastKey = 0;
    // The UI keeps the newest 100 entries; we keep every one this client ever recorded.
    conflictLog.subscribe((state) => {
      for (const entry of state.entries) {
        if (entry.key <= lastKey) continue;
        this.conflicts.push({
          client: init.index,
          at: entry.at,
          collection: entry.collection,
          id: entry.documentId,
          field: entry.field,
          localValue: entry.localValue,
          masterValue: entry.masterValue,
        });
        this.traceLog.push({
          at: entry.at,
          text: `conflict on ${entry.collection}/${entry.documentId}.${entry.field}: local ${JSON.stringify(entry.localValue)} lost to ${JSON.stringify(entry.masterValue)}`,
          ids: [entry.documentId],
        });
      }
      lastKey = Math.max(lastKey, ...state.entries.map((entry) => entry.key));
    });
  }

  async open(): Promise<void> {
    const db = await openUserDatabase({
      serverUrl: this.init.serverUrl,
      userId: this.init.userId,
      role: this.init.role as Role,
      storage: this.storage,
      multiInstance: false,
    });
    this.db = db;
    const startSyncEngine = await loadSyncEngine();
    this.engine = startSyncEngine({
      db,
      serverUrl: this.init.serverUrl,
      userId: this.init.userId,
      role: this.init.role,
      getToken: () => this.init.token,
      onUnauthorized: () => {
        this.stats.unauthorized += 1;
      },
      store: this.store,
    });
  }

  private async close(): Promise<void> {
    const { engine, db } = this;
    this.engine = null;
    this.db = null;
    if (engine !== null) await engine.stop();
    if (db !== null) await db.close();
  }

  /** Node's fetch behind the client's network switch; acknowledged push rows go to the ledger. */
  private async fetch(input: string, init?: RequestInit): Promise<Response> {
    const url = new URL(input);
    const match = /\/sync\/([^/]+)\/(pull|push)$/.exec(url.pathname);
    const isPush = match?.[2] === 'push';
    if (isPush) this.stats.pushRequests += 1;
    else if (match !== null) this.stats.pullRequests += 1;
    const fail = () => {
      if (isPush) this.stats.pushFailures += 1;
      else if (match !== null) this.stats.pullFailures += 1;
    };
    if (!this.browser.online) {
      this.stats.offlineRejections += 1;
      fail();
      throw new TypeError('fetch failed (client offline)');
    }
    const upToWrite = this.writeCounter;
    const offline = this.offlineAbort.signal;
    const signal = init?.signal ? AbortSignal.any([init.signal, offline]) : offline;
    const collection = (match?.[1] ?? '') as CollectionName;
    const requestId = ++this.requestCounter;
    const rows = isPush ? this.harness(() => this.tracePushSent(requestId, collection, init?.body), []) : [];
    let response: Response;
    try {
      response = await nodeFetch(input, { ...init, signal });
    } catch (error) {
      if (offline.aborted) this.stats.abortedInFlight += 1;
      fail();
      if (isPush) {
        const ids = rows.map((row) => row.newDocumentState.id);
        this.trace(`push#${requestId} failed: ${error instanceof Error ? error.message : String(error)}`, ids);
      }
      throw error;
    }
    if (!response.ok) fail();
    if (match !== null) {
      let body: unknown;
      try {
        body = await response.clone().json();
      } catch {
        body = undefined;
      }
      this.harness(() => {
        this.traceAnswer(requestId, collection, isPush, rows, response, body, upToWrite);
      }, undefined);
    }
    return response;
  }

  /** Runs ledger bookkeeping; a bug in it is reported as a client error, never passed off as a network failure. */
  private harness<T>(task: () => T, fallback: T): T {
    try {
      return task();
    } catch (error) {
      this.errors.push(`harness: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fallback;
    }
  }

  private tracePushSent(requestId: number, collection: CollectionName, body: unknown): PushedRow[] {
    const rows = typeof body === 'string' ? (JSON.parse(body) as PushedRow[]) : [];
    for (const row of rows) this.trace(`push#${requestId} sent ${collection}/${describeRow(row)}`, [row.newDocumentState.id]);
    return rows;
  }

  /** Acknowledged push rows go to the ledger; pushes and pulled documents to the trace. */
  private traceAnswer(
    requestId: number,
    collection: CollectionName,
    isPush: boolean,
    rows: readonly PushedRow[],
    response: Response,
    body: unknown,
    upToWrite: number,
  ): void {
    if (isPush) {
      if (response.ok && Array.isArray(body)) {
        const masters = new Map((body as Doc[]).map((doc) => [doc.id, doc]));
        for (const row of rows) {
          const id = row.newDocumentState.id;
          const master = masters.get(id);
          if (master !== undefined) {
            this.trace(`push#${requestId} conflict ${collection}/${id}: master@${String(master.updatedAt)} ${brief(master)}`, [id]);
            continue;
          }
          this.acks.push({ upToWrite, at: Date.now(), collection, id, state: canonicalDoc(row.newDocumentState) });
          this.trace(`push#${requestId} accepted ${collection}/${id}`, [id]);
        }
      } else {
        const text = body === undefined ? '(body lost)' : JSON.stringify(body).slice(0, 300);
        this.trace(`push#${requestId} answered ${response.status} ${text}`, rows.map((row) => row.newDocumentState.id));
      }
    } else if (response.ok && typeof body === 'object' && body !== null && 'documents' in body && Array.isArray(body.documents)) {
      for (const doc of body.documents as Doc[]) {
        this.trace(`pull#${requestId} got ${collection}/${doc.id}@${String(doc.updatedAt ?? doc.createdAt)} ${brief(doc)}`, [doc.id]);
      }
    }
  }

  /** Lifecycle and push events, for explaining a violation afterwards (`ids`: the documents involved). */
  private trace(text: string, ids: readonly string[] = []): void {
    this.traceLog.push({ at: Date.now(), text, ids });
  }

  // ---- the client's own chaos -------------------------------------------------------------------

  start(): void {
    this.running = true;
    this.scheduleOp();
    this.scheduleOffline();
    if (this.init.behaviour.reloadEveryMs[1] > 0) this.scheduleReload();
    if (this.init.behaviour.focusEveryMs[1] > 0) this.scheduleFocus();
  }

  async quiesce(): Promise<void> {
    this.running = false;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.queue;
    this.setOnline(true);
  }

  private later(ms: number, task: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.running) task();
    }, ms);
    this.timers.add(timer);
  }

  private enqueue(label: string, task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((error: unknown) => {
      this.errors.push(`${label}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
  }

  private scheduleOp(): void {
    const [min, max] = this.init.behaviour.opIntervalMs;
    this.later(this.prng.int(min, max), () => {
      this.enqueue('op', () => this.randomOp());
      this.scheduleOp();
    });
  }

  private scheduleOffline(): void {
    const { onlineMs, offlineMs } = this.init.behaviour;
    this.later(this.prng.int(onlineMs[0], onlineMs[1]), () => {
      this.setOnline(false);
      this.later(this.prng.int(offlineMs[0], offlineMs[1]), () => {
        this.setOnline(true);
        this.scheduleOffline();
      });
    });
  }

  private scheduleFocus(): void {
    const [min, max] = this.init.behaviour.focusEveryMs;
    this.later(this.prng.int(min, max), () => {
      this.browser.focus();
      this.scheduleFocus();
    });
  }

  private scheduleReload(): void {
    const [min, max] = this.init.behaviour.reloadEveryMs;
    this.later(this.prng.int(min, max), () => {
      this.enqueue('reload', async () => {
        this.log('reload');
        this.trace('reload: engine stopped, database closed');
        await this.close();
        this.stats.reloads += 1;
        await this.open();
        this.trace('reload: database and engine started again');
      });
      this.scheduleReload();
    });
  }

  private setOnline(online: boolean): void {
    if (online === this.browser.online) return;
    this.trace(online ? 'online' : 'offline (requests in flight aborted)');
    if (!online) {
      this.stats.offlineWindows += 1;
      // The network is gone: requests in flight fail too (their effect on the server is unknown).
      this.offlineAbort.abort(new TypeError('network lost'));
      this.offlineAbort = new AbortController();
    }
    this.browser.setOnline(online);
  }

  private log(line: string): void {
    send({ kind: 'log', line: `client ${this.init.index}: ${line}` });
  }

  // ---- random operations ------------------------------------------------------------------------

  private requireDb(): AtendeDatabase {
    if (this.db === null) throw new Error('database is closed');
    return this.db;
  }

  private async randomOp(): Promise<void> {
    this.stats.ops += 1;
    const roll = this.prng.next();
    if (roll < 0.15) await this.createTicket();
    else if (roll < 0.35) await this.editCustomer();
    else await this.editTicket();
  }

  private collection(name: 'tickets' | 'customers'): RxCollection<AnyDoc> {
    return this.requireDb()[name] as unknown as RxCollection<AnyDoc>;
  }

  private async pickDoc(name: 'tickets' | 'customers', hot: readonly string[]): Promise<RxDocument<AnyDoc> | null> {
    const collection = this.collection(name);
    if (hot.length > 0 && this.prng.chance(0.7)) return collection.findOne(this.prng.pick(hot)).exec();
    const docs = await collection.find().exec();
    return docs.length === 0 ? null : this.prng.pick(docs);
  }

  private async editTicket(): Promise<void> {
    const doc = await this.pickDoc('tickets', this.init.behaviour.hotTickets);
    if (doc === null) return;
    await this.modify('tickets', doc, this.prng.sample(TICKET_FIELDS, this.prng.int(1, 3)));
  }

  private async editCustomer(): Promise<void> {
    const doc = await this.pickDoc('customers', this.init.behaviour.hotCustomers);
    if (doc === null) return;
    await this.modify('customers', doc, this.prng.sample(CUSTOMER_FIELDS, this.prng.int(1, 2)));
  }

  /** A new value for `field`, different from `current`; unique for free text. */
  private valueFor(collection: CollectionName, field: string, current: unknown, n: number): unknown {
    const tag = `c${this.init.index}#${n}`;
    const other = <T>(values: readonly T[]): T => this.prng.pick(values.filter((value) => value !== current));
    switch (field) {
      case 'subject':
        return `Subject ${tag}`;
      case 'description':
        return `Description ${tag}: ${this.prng.pick(['call back', 'waiting on billing', 'escalated', 'resolved by phone'])}`;
      case 'status':
        return other(TICKET_STATUSES);
      case 'priority':
        return other(TICKET_PRIORITIES);
      case 'name':
        return `Customer ${tag}`;
      case 'organization':
        return `Org ${tag}`;
      case 'language':
        return other(CUSTOMER_LANGUAGES);
      case 'tags': {
        const tags = this.prng.sample(TAG_POOL, this.prng.int(0, 3));
        if (this.prng.chance(0.5) || jsonEqual(tags, current)) tags.push(`t-${tag}`);
        return tags;
      }
      default:
        throw new Error(`no value generator for ${collection}.${field}`);
    }
  }

  private async modify(collection: 'tickets' | 'customers', doc: RxDocument<AnyDoc>, fields: readonly string[]): Promise<void> {
    const n = this.writeCounter + 1;
    const current = doc.toMutableJSON() as Record<string, unknown>;
    const values = new Map(fields.map((field) => [field, this.valueFor(collection, field, current[field], n)]));
    let changes: { field: string; value: unknown; prev: unknown }[] = [];
    // As TicketDetail saves: incrementalModify with a local updatedAt (the server stamps its own).
    await doc.incrementalModify((data) => {
      const next: AnyDoc = { ...data, updatedAt: new Date().toISOString() };
      changes = [];
      for (const [field, value] of values) {
        const prev = data[field];
        if (jsonEqual(prev, value)) continue;
        next[field] = value;
        changes.push({ field, value, prev });
      }
      return next;
    });
    const at = Date.now();
    this.traceLog.push({ at, text: `write #${n} ${collection}/${doc.id} ${changes.map((change) => `${change.field}=${JSON.stringify(change.value)}`).join(' ')}`, ids: [doc.id] });
    for (const change of changes) {
      this.writes.push({ client: this.init.index, n, at, collection, id: doc.id, create: false, ...change });
    }
    this.writeCounter = n;
    this.stats.edits += 1;
  }

  private async createTicket(): Promise<void> {
    const customers = await this.collection('customers').find().exec();
    if (customers.length === 0) return;
    const n = this.writeCounter + 1;
    const now = new Date().toISOString();
    this.createdCount += 1;
    const ticket = {
      id: `${this.init.idPrefix}-${this.createdCount}`,
      subject: `New ticket c${this.init.index}#${n}`,
      status: 'new' as const,
      priority: this.prng.pick(TICKET_PRIORITIES),
      channel: this.prng.pick(CHANNELS),
      tier: this.prng.pick(TIERS),
      customerId: this.prng.pick(customers).id,
      tags: this.prng.chance(0.5) ? [`t-c${this.init.index}#${n}`] : [],
      createdAt: now,
      updatedAt: now,
    };
    await this.collection('tickets').insert(ticket);
    const at = Date.now();
    this.traceLog.push({ at, text: `write #${n} created tickets/${ticket.id}`, ids: [ticket.id] });
    const serverOwned = COLLECTIONS.tickets.serverOwnedFields;
    for (const [field, value] of Object.entries(ticket)) {
      if (field === 'id' || serverOwned.includes(field)) continue;
      this.writes.push({ client: this.init.index, n, at, collection: 'tickets', id: ticket.id, field, value, prev: undefined, create: true });
    }
    this.writeCounter = n;
    this.stats.creates += 1;
  }

  // ---- orchestrator queries ---------------------------------------------------------------------

  /** Every replicated collection this replica holds (local-only ones such as drafts left out). */
  private async localDocs(): Promise<Partial<Record<SyncCollectionName, Doc[]>>> {
    const db = this.requireDb();
    const result: Partial<Record<SyncCollectionName, Doc[]>> = {};
    const collections = db.collections as unknown as Record<string, RxCollection<AnyDoc>>;
    for (const name of Object.keys(collections)) {
      const collection = collections[name];
      if (!isSyncCollectionName(name) || collection === undefined) continue;
      const docs = await collection.find().exec();
      result[name] = sortById(docs.map((doc) => canonicalDoc(doc.toMutableJSON())));
    }
    return result;
  }

  /** What the client's sync indicator shows, and digests of its data. */
  async status(): Promise<ClientStatus> {
    if (this.engine === null) throw new Error('engine not running');
    const docs = await this.localDocs();
    const state = this.store.getState();
    return {
      pending: state.pending,
      // The indicator's "online": stream connected, nothing pending, no replication running, no failures.
      inSync: computeSyncState(state) === 'online',
      digests: Object.fromEntries(Object.entries(docs).map(([name, list]) => [name, digestOf(list)])),
      online: this.browser.online,
      streamState: state.streamConnected ? 'open' : state.streamFailing ? 'failing' : 'closed',
      detail: [
        `active=[${Object.keys(state.active).filter((name) => state.active[name] === true).join(',')}]`,
        `requestsFailing=${String(state.requestsFailing)}`,
        ...Object.entries(this.engine.describeReplication())
          .filter(([name, text]) => state.active[name] === true || /(unsettled|cutAt|unwrittenPages)=[1-9]/.test(text))
          .map(([name, text]) => `${name}{${text}}`),
        `last: ${this.traceLog
          .slice(-3)
          .map((entry) => entry.text.slice(0, 120))
          .join(' | ')}`,
      ].join(' '),
    };
  }

  resync(): void {
    this.engine?.reSync();
  }

  async snapshot(): Promise<ClientSnapshot> {
    return {
      index: this.init.index,
      docs: await this.localDocs(),
      rejections: this.engine?.rejections?.records ?? [],
      writes: this.writes,
      acks: this.acks,
      conflicts: this.conflicts,
      errors: this.errors,
      trace: this.traceLog,
      stats: this.stats,
    };
  }

  async shutdown(): Promise<void> {
    await this.quiesce();
    await this.close();
  }

  recordError(message: string): void {
    this.errors.push(message);
  }
}

let client: ChaosClient | null = null;

async function handle(command: ClientCommand): Promise<unknown> {
  if (client === null) throw new Error('not initialised');
  switch (command.type) {
    case 'start':
      client.start();
      return null;
    case 'quiesce':
      await client.quiesce();
      return null;
    case 'status':
      return client.status();
    case 'resync':
      client.resync();
      return null;
    case 'snapshot':
      return client.snapshot();
    case 'shutdown':
      await client.shutdown();
      return null;
  }
}

process.on('unhandledRejection', (reason) => {
  client?.recordError(`unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
});

port.on('message', (message: ToWorker) => {
  if (message.kind === 'init') {
    const created = new ChaosClient(message.init);
    client = created;
    created.open().then(
      () => {
        send({ kind: 'ready' });
      },
      (error: unknown) => {
        send({ kind: 'fatal', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      },
    );
    return;
  }
  handle(message.command).then(
    (result) => {
      send({ kind: 'reply', id: message.id, ok: true, result });
    },
    (error: unknown) => {
      send({ kind: 'reply', id: message.id, ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    },
  );
});
