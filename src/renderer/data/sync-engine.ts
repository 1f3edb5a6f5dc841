/**
 * Browser glue for sync: one {@link SyncStream} over the real WebSocket, the RxDB replications fed by
 * it, the rejected-changes store, the triggers that resync (online, focus, visible, wake from sleep),
 * and the sync status store the header indicator and the sync-details panel read.
 */
import { SYNC_STREAM_PATH } from '../../shared/sync/protocol';
import { ApiRequestError } from './api';
import { replicatedCollectionsOf, type AtendeDatabase } from './database';
import { RejectionStore, localDocumentBackend, type RejectionRecord } from './rejections';
import {
  discardRejection,
  retryRejection,
  startDatabaseReplication,
  type DatabaseReplication,
  type SyncReporter,
} from './replication';
import { startResyncTriggers, type ResyncReason } from './resync-triggers';
import {
  INITIAL_SYNC_STATUS,
  PendingTracker,
  syncStatusStore,
  withCollectionStatus,
  type SyncStatusStore,
} from './sync-status';
import { SyncStream, realTimers, streamUrl, type SocketFactory, type StreamChannel } from './sync-stream';
import type { Role } from '../../shared/domain/roles';
import type { SyncCollectionName } from '../../shared/sync/collections';

export const browserSocketFactory: SocketFactory = (url, handlers) => {
  const socket = new WebSocket(url);
  socket.onopen = () => {
    handlers.onOpen();
  };
  socket.onmessage = (event: MessageEvent) => {
    handlers.onMessage(event.data);
  };
  socket.onclose = (event: CloseEvent) => {
    handlers.onClose(event.code);
  };
  socket.onerror = () => {
    handlers.onError();
  };
  return {
    send: (data) => {
      socket.send(data);
    },
    close: (code, reason) => {
      socket.onopen = null;
      socket.onmessage = null;
      socket.onclose = null;
      socket.onerror = null;
      socket.close(code, reason);
    },
  };
};

export interface SyncEngineOptions {
  readonly db: AtendeDatabase;
  readonly serverUrl: string;
  readonly getToken: () => string | null;
  readonly onUnauthorized: () => void;
  /** The signed-in user (placeholder author of the conflict records this client writes). */
  readonly userId?: string;
  /** The signed-in user's role (explains refusals with the shared write policy). */
  readonly role?: Role;
  /** The machine woke from sleep (e.g. the session checks whether its token needs a refresh). */
  readonly onWake?: () => void;
  readonly store?: SyncStatusStore;
}

export interface SyncEngine {
  /** The replicated collections of this replica. */
  readonly collections: readonly SyncCollectionName[];
  /** Changes the server refused, persisted with the user's database. */
  readonly rejections: RejectionStore;
  /** Other features' messages on the stream's socket (voice signalling). */
  readonly channel: StreamChannel;
  /** Pull everything again and retry pushes now ("Sync now"). */
  reSync(): void;
  /** After a new token: reconnect the stream and resync. */
  resume(): void;
  /** The token was refreshed (the session stays valid): move the stream onto the new token. */
  tokenRefreshed(): void;
  /** The session is no longer valid: stop talking to the server until `resume()`. */
  suspend(): void;
  /** Per collection, what its replication is doing (diagnostics for test harnesses). */
  describeReplication(): Readonly<Record<string, string>>;
  /** "Retry" on a rejected change: write it again so it is pushed again. */
  retryRejection(record: RejectionRecord): Promise<void>;
  /** "Discard" on a rejected change. */
  discardRejection(record: RejectionRecord): Promise<void>;
  stop(): Promise<void>;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function startSyncEngine(options: SyncEngineOptions): SyncEngine {
  const store = options.store ?? syncStatusStore;
  const online = () => navigator.onLine;
  store.setState({ ...INITIAL_SYNC_STATUS, browserOnline: online() }, true);
  const collections = replicatedCollectionsOf(options.db);
  const rejections = new RejectionStore(localDocumentBackend(options.db));

  const tracker = new PendingTracker((pending, pendingKeys) => {
    store.setState({ pending, pendingKeys });
  });

  const stream = new SyncStream({
    collections,
    connect: browserSocketFactory,
    url: () => {
      const token = options.getToken();
      return token === null || !online() ? null : streamUrl(options.serverUrl, SYNC_STREAM_PATH, token);
    },
    onStatus: (status) => {
      const connected = status.state === 'open';
      store.setState((previous) => ({
        streamConnected: connected,
        streamFailing: status.failures > 0,
        lastSyncedAt: connected && !previous.streamConnected ? Date.now() : previous.lastSyncedAt,
      }));
      if (status.unauthorized) options.onUnauthorized();
    },
  });

  const reporter: SyncReporter = {
    requestSucceeded: (collection) => {
      const now = Date.now();
      store.setState((previous) => ({
        requestsFailing: false,
        lastSyncedAt: now,
        ...(collection === undefined ? {} : withCollectionStatus(previous, collection, { lastSyncedAt: now })),
      }));
    },
    requestFailed: (error, collection) => {
      const network = error instanceof ApiRequestError && error.kind === 'network';
      store.setState((previous) => ({
        ...(network ? { requestsFailing: true } : {}),
        ...(collection === undefined
          ? {}
          : withCollectionStatus(previous, collection, {
              lastError: {
                message: errorMessage(error),
                ...(error instanceof ApiRequestError && error.status !== undefined ? { status: error.status } : {}),
                at: Date.now(),
              },
            })),
      }));
    },
    setActive: (collection, active) => {
      store.setState((previous) => ({ active: { ...previous.active, [collection]: active } }));
    },
  };

  const replication: DatabaseReplication = startDatabaseReplication(options.db, {
    serverUrl: options.serverUrl,
    getToken: options.getToken,
    fetch: (input, init) => fetch(input, init),
    tracker,
    streamFor: (collection) => stream.streamFor(collection),
    reporter,
    onUnauthorized: options.onUnauthorized,
    rejections,
    collections,
    ...(options.userId === undefined ? {} : { userId: options.userId }),
    ...(options.role === undefined ? {} : { role: options.role }),
  });

  const canTalk = () => online() && !store.getState().sessionExpired;

  const handleTrigger = (reason: ResyncReason) => {
    if (reason === 'online') {
      store.setState({ browserOnline: true, requestsFailing: false });
      stream.goOnline();
      replication.reSync();
      return;
    }
    if (reason === 'wake') options.onWake?.();
    if (!canTalk()) return;
    // After sleep the socket is most likely dead without a close frame: do not wait for the ping to tell.
    if (reason === 'wake') stream.reconnectNow();
    else stream.goOnline();
    replication.reSync();
  };
  const handleOffline = () => {
    store.setState({ browserOnline: false });
    stream.pause();
  };
  window.addEventListener('offline', handleOffline);
  const stopTriggers = startResyncTriggers({ window, document, timers: realTimers, onTrigger: handleTrigger });

  if (online()) stream.start();

  return {
    collections,
    rejections,
    channel: stream.channel,
    reSync: () => {
      replication.reSync();
      if (canTalk()) stream.goOnline();
    },
    resume: () => {
      store.setState({ sessionExpired: false, requestsFailing: false });
      if (online()) stream.reconnectNow();
      replication.reSync();
    },
    tokenRefreshed: () => {
      if (canTalk()) stream.reconnectNow();
    },
    suspend: () => {
      store.setState({ sessionExpired: true });
      stream.pause();
    },
    describeReplication: () => replication.describe(),
    retryRejection: (record) => retryRejection(options.db, rejections, record),
    discardRejection: (record) => discardRejection(options.db, rejections, record, tracker),
    stop: async () => {
      window.removeEventListener('offline', handleOffline);
      stopTriggers();
      stream.stop();
      await replication.stop();
      await rejections.whenIdle();
      rejections.close();
      tracker.reset();
      store.setState(INITIAL_SYNC_STATUS, true);
    },
  };
}
