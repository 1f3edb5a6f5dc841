/** Messages between the chaos orchestrator (main thread) and its client workers, and the ledger they report. */

import { createHash } from 'node:crypto';
import type { SyncCollectionName } from '../../src/shared/sync/collections';

/** Every replicated collection is compared; the clients edit tickets and customers. */
export type CollectionName = SyncCollectionName;

export type Doc = Record<string, unknown> & { readonly id: string };

/** Knobs of a client's own chaos: how often it edits, goes offline, reloads. */
export interface ClientBehaviour {
  readonly opIntervalMs: readonly [number, number];
  /** Time online between two offline windows, and the length of a window. */
  readonly onlineMs: readonly [number, number];
  readonly offlineMs: readonly [number, number];
  /** Time between two app reloads (sync engine stopped, database closed and opened again); 0 disables. */
  readonly reloadEveryMs: readonly [number, number];
  /** Time between two `focus` events (the agent brings the window to the front); 0 disables. */
  readonly focusEveryMs: readonly [number, number];
  /** Ids of the documents most clients edit, so their edits overlap and really conflict. */
  readonly hotTickets: readonly string[];
  readonly hotCustomers: readonly string[];
}

export interface ClientInit {
  readonly index: number;
  readonly seed: number;
  /** The proxy, as the client knows the server. */
  readonly serverUrl: string;
  readonly userId: string;
  /** Decides which collections the replica opens (as in the app). */
  readonly role: string;
  readonly token: string;
  /** Prefix of the ids of tickets this client creates (unique per trial and client). */
  readonly idPrefix: string;
  readonly behaviour: ClientBehaviour;
}

/** One field of one local write, with the value the client saw before it. */
export interface WriteRecord {
  readonly client: number;
  /** Per-client order of writes. */
  readonly n: number;
  readonly at: number;
  readonly collection: CollectionName;
  readonly id: string;
  readonly field: string;
  readonly value: unknown;
  /** The local value before the write (undefined on create). */
  readonly prev: unknown;
  readonly create: boolean;
}

/** A pushed row the server accepted (applied, or already held): the client's write is acknowledged. */
export interface AckRecord {
  /** The client's write counter when the push request started: writes with n ≤ this may be in it. */
  readonly upToWrite: number;
  readonly at: number;
  readonly collection: CollectionName;
  readonly id: string;
  readonly state: Doc;
}

/** An entry of the renderer's conflict log (same-field clash the server won), kept in full. */
export interface ConflictRecord {
  readonly client: number;
  readonly at: number;
  readonly collection: CollectionName;
  readonly id: string;
  readonly field: string;
  readonly localValue: unknown;
  readonly masterValue: unknown;
}

export interface TraceEntry {
  readonly at: number;
  readonly text: string;
  /** Documents the entry is about (empty: about the whole client, e.g. a reload). */
  readonly ids: readonly string[];
}

export interface ClientStats {
  ops: number;
  edits: number;
  creates: number;
  offlineWindows: number;
  reloads: number;
  pushRequests: number;
  pushFailures: number;
  pullRequests: number;
  pullFailures: number;
  offlineRejections: number;
  abortedInFlight: number;
  unauthorized: number;
}

export interface ClientStatus {
  readonly pending: number;
  readonly inSync: boolean;
  /** Per replicated collection this client holds. */
  readonly digests: Readonly<Record<string, string>>;
  readonly online: boolean;
  readonly streamState: string;
  /** Why the indicator is not "online", for a trial that does not converge. */
  readonly detail: string;
}

export interface ClientSnapshot {
  readonly index: number;
  /** Every replicated collection this client holds (which ones depends on its role). */
  readonly docs: Readonly<Partial<Record<CollectionName, readonly Doc[]>>>;
  /** Changes the server refused (the renderer's rejection records), when the replication keeps them. */
  readonly rejections: readonly unknown[];
  readonly writes: readonly WriteRecord[];
  readonly acks: readonly AckRecord[];
  readonly conflicts: readonly ConflictRecord[];
  readonly errors: readonly string[];
  readonly trace: readonly TraceEntry[];
  readonly stats: ClientStats;
}

export type ClientCommand =
  | { readonly type: 'start' }
  | { readonly type: 'quiesce' }
  | { readonly type: 'status' }
  | { readonly type: 'resync' }
  | { readonly type: 'snapshot' }
  | { readonly type: 'shutdown' };

export type ToWorker = { readonly kind: 'init'; readonly init: ClientInit } | { readonly kind: 'command'; readonly id: number; readonly command: ClientCommand };

export type FromWorker =
  | { readonly kind: 'ready' }
  | { readonly kind: 'fatal'; readonly message: string }
  | { readonly kind: 'reply'; readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly kind: 'reply'; readonly id: number; readonly ok: false; readonly message: string }
  | { readonly kind: 'log'; readonly line: string };

/** Documents as both sides compare them: without RxDB's local keys and `_deleted` (checked apart). */
export function canonicalDoc(doc: Readonly<Record<string, unknown>>): Doc {
  const entries = Object.entries(doc)
    .filter(([key, value]) => !key.startsWith('_') && value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries) as Doc;
}

/** Stable JSON: object keys sorted at every level (arrays keep their order). */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => stableStringify(item)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${stableStringify(record[key])}`).join(',')}}`;
  }
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

/** The digest the clients and the orchestrator compute per collection (docs sorted by id). */
export function digestOf(docs: readonly Doc[]): string {
  return createHash('sha256').update(stableStringify(docs)).digest('hex');
}

export function sortById(docs: Doc[]): Doc[] {
  return docs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
