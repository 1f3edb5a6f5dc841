/**
 * Browser glue for sync: one {@link SyncStream} over the real WebSocket, the RxDB replications fed by
 * it, the window's online/offline events, and the sync status store the header indicator reads.
 */
import { SYNC_COLLECTIONS } from '../../shared/sync/collections';
import { SYNC_STREAM_PATH } from '../../shared/sync/protocol';
import { ApiRequestError } from './api';
import type { AtendeDatabase } from './database';
import { startDatabaseReplication, type DatabaseReplication, type SyncReporter } from './replication';
import { INITIAL_SYNC_STATUS, PendingTracker, syncStatusStore, type SyncStatusStore } from './sync-status';
import { SyncStream, streamUrl, type SocketFactory } from './sync-stream';

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
  readonly store?: SyncStatusStore;
}

export interface SyncEngine {
  /** Pull everything again and retry pushes now ("Sync now"). */
  reSync(): void;
  /** After a new token: reconnect the stream and resync. */
  resume(): void;
  /** The session is no longer valid: stop talking to the server until `resume()`. */
  suspend(): void;
  stop(): Promise<void>;
}

export function startSyncEngine(options: SyncEngineOptions): SyncEngine {
  const store = options.store ?? syncStatusStore;
  const online = () => navigator.onLine;
  store.setState({ ...INITIAL_SYNC_STATUS, browserOnline: online() }, true);

  const tracker = new PendingTracker((pending) => {
    store.setState({ pending });
  });

  const stream = new SyncStream({
    collections: SYNC_COLLECTIONS,
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
    requestSucceeded: () => {
      store.setState({ requestsFailing: false, lastSyncedAt: Date.now() });
    },
    requestFailed: (error) => {
      if (error instanceof ApiRequestError && error.kind === 'network') store.setState({ requestsFailing: true });
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
  });

  const changeSubscriptions = SYNC_COLLECTIONS.map((collection) =>
    stream.streamFor(collection).subscribe((item) => {
      if (item !== 'RESYNC') store.setState({ lastSyncedAt: Date.now() });
    }),
  );

  const handleOnline = () => {
    store.setState({ browserOnline: true, requestsFailing: false });
    stream.goOnline();
  };
  const handleOffline = () => {
    store.setState({ browserOnline: false });
    stream.pause();
  };
  window.addEventListener('online', handleOnline);
  window.addEventListener('offline', handleOffline);

  if (online()) stream.start();

  return {
    reSync: () => {
      replication.reSync();
      if (online() && !store.getState().sessionExpired) stream.goOnline();
    },
    resume: () => {
      store.setState({ sessionExpired: false, requestsFailing: false });
      if (online()) stream.reconnectNow();
      replication.reSync();
    },
    suspend: () => {
      store.setState({ sessionExpired: true });
      stream.pause();
    },
    stop: async () => {
      window.removeEventListener('online', handleOnline);
      window.removeEventListener('offline', handleOffline);
      for (const subscription of changeSubscriptions) subscription.unsubscribe();
      stream.stop();
      await replication.stop();
      tracker.reset();
      store.setState(INITIAL_SYNC_STATUS, true);
    },
  };
}
