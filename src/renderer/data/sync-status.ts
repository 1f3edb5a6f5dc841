/**
 * What the sync indicator shows: `online` | `syncing` | `offline`, the number of local changes the
 * server has not acknowledged yet, and when the last replication cycle completed.
 *
 * Pending changes are tracked per document (`collection/id`) with a write generation:
 * - a local write (any write to this database instance that did not come from the replication) marks
 *   the document pending, online or offline;
 * - a push batch marks its rows pending too (this covers changes made before a reload: RxDB pushes
 *   them again from its own checkpoint after the app starts);
 * - a push that the server answered clears its rows, unless the document was written again while
 *   the push was in flight; a failed push clears nothing, so its rows stay pending until a push succeeds.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';

export type SyncState = 'online' | 'syncing' | 'offline';

/** Why we are not connected, for the indicator's explanation. */
export type OfflineReason = 'no-network' | 'server-unreachable' | 'session-expired' | null;

export interface SyncStatusSnapshot {
  /** `navigator.onLine` (false is reliable, true only means "maybe"). */
  readonly browserOnline: boolean;
  /** The live change stream is open. */
  readonly streamConnected: boolean;
  /** The stream failed to connect at least once since it was last open. */
  readonly streamFailing: boolean;
  /** The last pull or push request failed for lack of a network answer. */
  readonly requestsFailing: boolean;
  readonly sessionExpired: boolean;
  /** Replications currently pulling or pushing, by collection. */
  readonly active: Readonly<Record<string, boolean>>;
  readonly pending: number;
  /** `collection/id` of each document with changes the server has not acknowledged. */
  readonly pendingKeys: readonly string[];
  /** Epoch ms of the last pull, push or stream event the server answered, or null. */
  readonly lastSyncedAt: number | null;
  /** Per replicated collection: last successful request and last error. */
  readonly collections: Readonly<Record<string, CollectionSyncStatus>>;
}

export interface CollectionSyncError {
  readonly message: string;
  /** HTTP status, when the server answered. */
  readonly status?: number;
  readonly at: number;
}

export interface CollectionSyncStatus {
  /** Epoch ms of the last pull or push of this collection the server answered, or null. */
  readonly lastSyncedAt: number | null;
  /** The last failed pull or push (kept after later successes, with its time). */
  readonly lastError: CollectionSyncError | null;
}

export const EMPTY_COLLECTION_STATUS: CollectionSyncStatus = { lastSyncedAt: null, lastError: null };

export const INITIAL_SYNC_STATUS: SyncStatusSnapshot = {
  browserOnline: true,
  streamConnected: false,
  streamFailing: false,
  requestsFailing: false,
  sessionExpired: false,
  active: {},
  pending: 0,
  pendingKeys: [],
  lastSyncedAt: null,
  collections: {},
};

/** The snapshot with one collection's status changed. */
export function withCollectionStatus(
  status: SyncStatusSnapshot,
  collection: string,
  patch: Partial<CollectionSyncStatus>,
): Pick<SyncStatusSnapshot, 'collections'> {
  const current = status.collections[collection] ?? EMPTY_COLLECTION_STATUS;
  return { collections: { ...status.collections, [collection]: { ...current, ...patch } } };
}

export function computeSyncState(status: SyncStatusSnapshot): SyncState {
  if (!status.browserOnline || status.sessionExpired || status.requestsFailing) return 'offline';
  if (!status.streamConnected && status.streamFailing) return 'offline';
  const anyActive = Object.values(status.active).some(Boolean);
  if (!status.streamConnected || anyActive || status.pending > 0) return 'syncing';
  return 'online';
}

export function offlineReason(status: SyncStatusSnapshot): OfflineReason {
  if (status.sessionExpired) return 'session-expired';
  if (!status.browserOnline) return 'no-network';
  if (computeSyncState(status) === 'offline') return 'server-unreachable';
  return null;
}

export type SyncStatusStore = StoreApi<SyncStatusSnapshot>;

export function createSyncStatusStore(initial: Partial<SyncStatusSnapshot> = {}): SyncStatusStore {
  return createStore<SyncStatusSnapshot>()(() => ({ ...INITIAL_SYNC_STATUS, ...initial }));
}

/** The app-wide store the header indicator reads. */
export const syncStatusStore: SyncStatusStore = createSyncStatusStore();

export interface PushTicket {
  readonly keys: readonly string[];
  readonly generations: readonly number[];
}

/** Counts documents with local changes the server has not acknowledged. */
export class PendingTracker {
  private readonly generations = new Map<string, number>();
  private readonly pending = new Set<string>();
  private counter = 0;
  private readonly onChange: (count: number) => void;

  /** `onChange` hears the count and the `collection/id` keys of the pending documents. */
  constructor(onChange: (count: number, keys: readonly string[]) => void = () => undefined) {
    this.onChange = (count) => {
      onChange(count, [...this.pending]);
    };
  }

  static key(collection: string, id: string): string {
    return `${collection}/${id}`;
  }

  /** Splits a key made by {@link PendingTracker.key}. */
  static parseKey(key: string): { readonly collection: string; readonly id: string } {
    const slash = key.indexOf('/');
    return { collection: key.slice(0, slash), id: key.slice(slash + 1) };
  }

  get count(): number {
    return this.pending.size;
  }

  /** `collection/id` of every pending document, oldest write first. */
  get keys(): readonly string[] {
    return [...this.pending];
  }

  isPending(collection: string, id: string): boolean {
    return this.pending.has(PendingTracker.key(collection, id));
  }

  /** A local write to these documents happened. */
  markLocalWrite(collection: string, ids: readonly string[]): void {
    if (ids.length === 0) return;
    for (const id of ids) {
      const key = PendingTracker.key(collection, id);
      this.generations.set(key, ++this.counter);
      this.pending.add(key);
    }
    this.onChange(this.count);
  }

  /** A push of these documents starts; returns what `pushSucceeded` needs to know. */
  pushStarted(collection: string, ids: readonly string[]): PushTicket {
    const keys = ids.map((id) => PendingTracker.key(collection, id));
    let changed = false;
    for (const key of keys) {
      if (!this.pending.has(key)) {
        this.pending.add(key);
        changed = true;
      }
      if (!this.generations.has(key)) this.generations.set(key, ++this.counter);
    }
    if (changed) this.onChange(this.count);
    return { keys, generations: keys.map((key) => this.generations.get(key) ?? 0) };
  }

  /** The server answered the push (applied or reported conflicts, which RxDB resolves and pushes again). */
  pushSucceeded(ticket: PushTicket): void {
    let changed = false;
    for (const [index, key] of ticket.keys.entries()) {
      if (this.generations.get(key) === ticket.generations[index] && this.pending.delete(key)) {
        this.generations.delete(key);
        changed = true;
      }
    }
    if (changed) this.onChange(this.count);
  }

  /** These local changes will never be pushed (a discarded refused insert): not pending any more. */
  forget(collection: string, ids: readonly string[]): void {
    let changed = false;
    for (const id of ids) {
      const key = PendingTracker.key(collection, id);
      this.generations.delete(key);
      if (this.pending.delete(key)) changed = true;
    }
    if (changed) this.onChange(this.count);
  }

  /** Forget everything (sign-out). */
  reset(): void {
    this.pending.clear();
    this.generations.clear();
    this.onChange(0);
  }
}
