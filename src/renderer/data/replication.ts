/**
 * RxDB replication of every collection with the sync server (protocol v1): pull by checkpoint, push
 * with assumed master state, live changes from the shared WebSocket stream. Plain TypeScript with
 * injected `fetch` and stream so it runs against a fake server in unit tests.
 */
import type { Observable, Subscription } from 'rxjs';
import type { RxCollection, RxReplicationPullStreamItem, RxReplicationWriteToMasterRow, WithDeleted } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { SYNC_COLLECTIONS, type SyncCollectionName } from '../../shared/sync/collections';
import { syncPullPath, syncPushPath, type SyncCheckpoint } from '../../shared/sync/protocol';
import { ApiRequestError, apiRequest, type FetchLike } from './api';
import type { AtendeDatabase } from './database';
import type { PendingTracker } from './sync-status';
import type { StreamItem } from './sync-stream';

export const PULL_BATCH_SIZE = 200;
export const PUSH_BATCH_SIZE = 50;
export const RETRY_TIME_MS = 3_000;
/** Writes with these bulkWrite contexts come from the replication itself, not from the user. */
const REPLICATION_CONTEXT_PREFIX = 'replication-';

/** Outcomes the replication reports to the sync status. */
export interface SyncReporter {
  requestSucceeded(): void;
  requestFailed(error: unknown): void;
  setActive(collection: SyncCollectionName, active: boolean): void;
}

export interface ReplicationDeps {
  readonly serverUrl: string;
  /** The current bearer token (read for every request: it gets refreshed), or null when signed out. */
  readonly getToken: () => string | null;
  readonly fetch: FetchLike;
  readonly tracker: PendingTracker;
  /** The live stream per collection; without it the replication only pulls on start and on reSync. */
  readonly streamFor?: (collection: SyncCollectionName) => Observable<StreamItem>;
  readonly reporter?: SyncReporter;
  /** Called when the server rejects the token (HTTP 401). */
  readonly onUnauthorized?: () => void;
  readonly retryTimeMs?: number;
  readonly pullBatchSize?: number;
}

interface PullBody {
  readonly documents: WithDeleted<Record<string, unknown>>[];
  readonly checkpoint: SyncCheckpoint | null;
}

function isPullBody(value: unknown): value is PullBody {
  if (typeof value !== 'object' || value === null) return false;
  if (!('documents' in value) || !Array.isArray(value.documents) || !('checkpoint' in value)) return false;
  const checkpoint: unknown = value.checkpoint;
  return checkpoint === null || (typeof checkpoint === 'object' && 'seq' in checkpoint && typeof checkpoint.seq === 'number');
}

function requireToken(deps: ReplicationDeps): string {
  const token = deps.getToken();
  if (token === null) throw new ApiRequestError('http', 'Not signed in', 401, 'unauthorized');
  return token;
}

function reportFailure(deps: ReplicationDeps, error: unknown): void {
  deps.reporter?.requestFailed(error);
  if (error instanceof ApiRequestError && error.isUnauthorized) deps.onUnauthorized?.();
}

export function replicateCollection<T extends { id: string }>(
  collection: RxCollection<T>,
  name: SyncCollectionName,
  deps: ReplicationDeps,
): RxReplicationState<T, SyncCheckpoint> {
  return replicateRxCollection<T, SyncCheckpoint>({
    replicationIdentifier: `atende-v1-${name}-${new URL(deps.serverUrl).origin}`,
    collection,
    live: true,
    retryTime: deps.retryTimeMs ?? RETRY_TIME_MS,
    // Every tab and window replicates on its own: no leader election, no pausing hidden tabs.
    waitForLeadership: false,
    toggleOnDocumentVisible: false,
    autoStart: true,
    pull: {
      batchSize: deps.pullBatchSize ?? PULL_BATCH_SIZE,
      ...(deps.streamFor ? { stream$: deps.streamFor(name) as unknown as Observable<RxReplicationPullStreamItem<T, SyncCheckpoint>> } : {}),
      handler: async (checkpoint, batchSize) => {
        try {
          const query = new URLSearchParams({ limit: String(batchSize) });
          if (checkpoint !== undefined) query.set('checkpoint', JSON.stringify(checkpoint));
          const body = await apiRequest(deps.fetch, deps.serverUrl, `${syncPullPath(name)}?${query.toString()}`, {
            token: requireToken(deps),
          });
          if (!isPullBody(body)) throw new ApiRequestError('invalid-response', 'Malformed pull response');
          deps.reporter?.requestSucceeded();
          return {
            documents: body.documents as unknown as WithDeleted<T>[],
            checkpoint: body.checkpoint ?? checkpoint,
          };
        } catch (error) {
          reportFailure(deps, error);
          throw error;
        }
      },
    },
    push: {
      batchSize: PUSH_BATCH_SIZE,
      handler: async (rows: RxReplicationWriteToMasterRow<T>[]) => {
        const ticket = deps.tracker.pushStarted(
          name,
          rows.map((row) => row.newDocumentState.id),
        );
        try {
          const body = await apiRequest(deps.fetch, deps.serverUrl, syncPushPath(name), {
            method: 'POST',
            token: requireToken(deps),
            body: rows,
          });
          if (!Array.isArray(body)) throw new ApiRequestError('invalid-response', 'Malformed push response');
          deps.tracker.pushSucceeded(ticket);
          deps.reporter?.requestSucceeded();
          return body as WithDeleted<T>[];
        } catch (error) {
          reportFailure(deps, error);
          throw error;
        }
      },
    },
  });
}

export interface DatabaseReplication {
  readonly states: ReadonlyMap<SyncCollectionName, RxReplicationState<{ id: string }, SyncCheckpoint>>;
  /** Pull every collection again from its checkpoint (and retry pending pushes). */
  reSync(): void;
  /** Cancels every replication; the database stays open. */
  stop(): Promise<void>;
}

/**
 * Starts the replication of every collection of `db` and counts local writes of this database
 * instance as pending changes (writes coming from the replication itself are not counted).
 */
export function startDatabaseReplication(db: AtendeDatabase, deps: ReplicationDeps): DatabaseReplication {
  const subscriptions: Subscription[] = [];
  const states = new Map<SyncCollectionName, RxReplicationState<{ id: string }, SyncCheckpoint>>();
  for (const name of SYNC_COLLECTIONS) {
    const collection = db.collections[name] as unknown as RxCollection<{ id: string }>;
    subscriptions.push(
      collection.eventBulks$.subscribe((bulk) => {
        if (bulk.databaseToken !== db.token || bulk.context.startsWith(REPLICATION_CONTEXT_PREFIX)) return;
        deps.tracker.markLocalWrite(
          name,
          bulk.events.map((event) => event.documentId),
        );
      }),
    );
    const state = replicateCollection(collection, name, deps);
    subscriptions.push(
      state.active$.subscribe((active) => {
        deps.reporter?.setActive(name, active);
      }),
      // Errors are reported by the handlers; subscribing keeps RxDB from treating them as unhandled.
      state.error$.subscribe(() => undefined),
    );
    states.set(name, state);
  }
  return {
    states,
    reSync: () => {
      for (const state of states.values()) state.reSync();
    },
    stop: async () => {
      for (const subscription of subscriptions) subscription.unsubscribe();
      await Promise.all([...states.values()].map((state) => state.cancel()));
    },
  };
}
