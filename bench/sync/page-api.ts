/**
 * The APIs of the sync benchmark's browser pages, shared by each page (browser/*.ts, which implements
 * it on its global scope) and the Node side (which calls it through bench/lib/page-api.ts). Types only
 * plus the globals' names: this file is checked with the pages (DOM) and with the Node side.
 */
import type { Role } from '../../src/shared/domain/roles';
import type { SyncCollectionName } from '../../src/shared/sync/collections';

/** browser/harness.ts: the engine harness page (`/bench/harness.html` of the bench's web app). */
export const HARNESS_GLOBAL = 'atendeBench';
/** Set to true once the harness's API is in place. */
export const HARNESS_READY = 'atendeBenchReady';
/** browser/pouch-page.ts: the PouchDB page. */
export const POUCH_PAGE_GLOBAL = 'pouchBench';
export const POUCH_PAGE_READY = 'pouchBenchReady';
/** browser/idb-count.ts, injected into every page of a bench context: an `IdbCounter`. */
export const IDB_COUNTS_GLOBAL = '__benchIdbCounts';

/** Documents per RxDB collection in this page's IndexedDB. */
export type IdbCounter = (collections: readonly string[]) => Promise<Record<string, number>>;

/** Pulls or pushes of one collection the harness's engine sent, page clock relative to the `since` asked about. */
export interface RequestSummary {
  readonly requests: number;
  readonly failed: number;
  readonly rows: number;
  readonly firstStartMs: number;
  readonly lastEndMs: number;
}

/** What the header indicator would show. */
export interface HarnessStatus {
  /** The sync state (`online`, `syncing`, `offline`). */
  readonly state: string;
  readonly pending: number;
  /** Times the engine reported an unauthorized answer. */
  readonly unauthorized: number;
}

/** Chosen fields of documents, by id. */
export type PickedFields = Record<string, Record<string, unknown>>;

export interface HarnessApi {
  /**
   * Opens the user's replica and starts the sync engine exactly as the workspace does (on the app's
   * block storage); diagnostics put it on RxDB's Dexie storage (`'dexie'`, what the app used before)
   * or RxDB's memory storage (`'memory'`: RxDB's own cost, no IndexedDB).
   */
  open(input: { serverUrl: string; token: string; userId: string; role: Role; storage?: 'app' | 'dexie' | 'memory' }): Promise<{ openMs: number; collections: string[] }>;
  /** Documents in each collection of the replica, counted by RxDB (any storage). */
  counts(collections: readonly SyncCollectionName[]): Promise<Record<string, number>>;
  status(): HarnessStatus;
  /** The page clock, to pass to `requests` later. */
  now(): number;
  /** Pulls and pushes started at or after `since` (page clock), per `kind collection`. */
  requests(since: number): Record<string, RequestSummary>;
  /** Changes the subject of each ticket the way the ticket form saves; answers how many it found. */
  editTickets(ids: readonly string[], prefix: string): Promise<number>;
  /** Chosen fields of documents by id (missing ones are left out). */
  read(collection: SyncCollectionName, ids: readonly string[], fields: readonly string[]): Promise<PickedFields>;
  close(): Promise<void>;
}

export interface PouchReplicationInput {
  /** The PouchDB server's URL, ending in `/`: a collection's database is `${base}${collection}`. */
  readonly base: string;
  readonly collections: readonly string[];
  readonly batchSize: number;
}

export interface PouchProgress {
  readonly written: number;
  readonly firstDocMs: number | null;
  readonly doneMs: number | null;
  readonly error: string | null;
}

export interface PouchPageApi {
  /** Starts a one-shot pull replication of every collection (resumes from PouchDB's checkpoints); `progress` follows it. */
  startBootstrap(input: PouchReplicationInput): void;
  progress(): PouchProgress;
  counts(collections: readonly string[]): Promise<Record<string, number>>;
  /** Local edits of the ticket subjects (a get + put each); answers how many. */
  editTickets(ids: readonly string[], prefix: string): Promise<number>;
  /** One two-way sync of every collection; answers the time it took. */
  sync(input: PouchReplicationInput): Promise<number>;
  /** Chosen fields of the winning revisions, by id. */
  read(collection: string, ids: readonly string[], fields: readonly string[]): Promise<PickedFields>;
}

/** browser/idb-layout.ts: raw IndexedDB write rates of storage layouts (bench/sync/idb-layout.ts). */
export const IDB_LAYOUT_GLOBAL = 'atendeIdbLayout';

/**
 * How a pulled ticket is stored: `rxdb` as RxDB's Dexie storage stores it (one row with the tickets'
 * index entries), `+meta` with RxDB's replication meta row beside it (a full copy of the document),
 * `+ref` with a small meta row instead (what metadata without a copy would write), `lean` a row with
 * only the indexes a replica whose queue reads from memory still needs (`updatedAt`, a customer's
 * history), `key` a row alone, `pages` one row per pulled page (documents queried from memory only).
 */
export type IdbLayout = 'rxdb' | 'rxdb+meta' | 'rxdb+ref' | 'lean' | 'key' | 'pages';

export interface IdbLayoutApi {
  /** Writes the documents in batches of `batch` into a new database of that layout; documents per second. */
  write(layout: IdbLayout, documents: readonly Record<string, unknown>[], batch: number): Promise<number>;
}
