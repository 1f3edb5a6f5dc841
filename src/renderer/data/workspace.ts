/**
 * The signed-in user's local workspace: their RxDB database plus the sync engine. Opened and closed
 * imperatively by the session (never by React effects, which may run twice), observed by the UI.
 */
import { create } from 'zustand';
import type { StoredSession } from '../../shared/ipc/contract';
import { blockDatabaseName } from './block-storage/block-log';
import { isDatabaseInUse } from './block-storage/database-lock';
import { databaseNameFor, openUserDatabase, removeUserDatabase, type AtendeDatabase } from './database';
import { startSyncEngine, type SyncEngine } from './sync-engine';

export type WorkspaceStatus = 'closed' | 'opening' | 'ready' | 'error';

export interface WorkspaceState {
  readonly status: WorkspaceStatus;
  readonly db: AtendeDatabase | null;
  readonly engine: SyncEngine | null;
  /** Database name of the open workspace (server + user). */
  readonly key: string | null;
  readonly error: string | null;
  /** Why opening failed, where the UI has more to say than the message: another page has the replica open. */
  readonly errorCode: 'in-use' | null;
}

export const useWorkspace = create<WorkspaceState>()(() => ({
  status: 'closed',
  db: null,
  engine: null,
  key: null,
  error: null,
  errorCode: null,
}));

export interface WorkspaceCallbacks {
  readonly getToken: () => string | null;
  readonly onUnauthorized: () => void;
  /** The machine woke from sleep. */
  readonly onWake?: () => void;
  /** The session already expired (e.g. a 401 on another request while the database was opening). */
  readonly isExpired: () => boolean;
}

/** Serializes open/close so a quick sign-out during opening cannot interleave with it. */
let queue: Promise<unknown> = Promise.resolve();
function enqueue<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

function setReadyFlag(ready: boolean): void {
  if (ready) document.documentElement.dataset.dbReady = 'true';
  else delete document.documentElement.dataset.dbReady;
}

export function openWorkspace(session: StoredSession, callbacks: WorkspaceCallbacks): Promise<void> {
  return enqueue(async () => {
    const key = databaseNameFor(session.serverUrl, session.user.id);
    const current = useWorkspace.getState();
    if (current.key === key && (current.status === 'ready' || current.status === 'opening')) return;
    // RxDB's collection budget is per process: the previous user's database closes first.
    await closeCurrent(false);
    useWorkspace.setState({ status: 'opening', key, db: null, engine: null, error: null, errorCode: null });
    try {
      const db = await openUserDatabase({ serverUrl: session.serverUrl, userId: session.user.id, role: session.user.role });
      const engine = startSyncEngine({
        db,
        serverUrl: session.serverUrl,
        getToken: callbacks.getToken,
        onUnauthorized: callbacks.onUnauthorized,
        userId: session.user.id,
        role: session.user.role,
        ...(callbacks.onWake === undefined ? {} : { onWake: callbacks.onWake }),
      });
      if (callbacks.isExpired()) engine.suspend();
      useWorkspace.setState({ status: 'ready', db, engine });
      setReadyFlag(true);
    } catch (error) {
      useWorkspace.setState({
        status: 'error',
        error: error instanceof Error ? error.message : String(error),
        errorCode: isDatabaseInUse(error) ? 'in-use' : null,
      });
    }
  });
}

/**
 * Storages empty their IndexedDB databases on remove but leave them in place (the block storage's, and
 * RxDB's Dexie storage's of a replica from before it); delete them so nothing of the user's replica
 * (not even the empty shells) stays on the device. Best effort.
 */
async function deleteIndexedDbDatabases(databaseName: string): Promise<void> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return;
  const dexiePrefix = `rxdb-dexie-${databaseName}--`;
  const existing = await indexedDB.databases();
  await Promise.all(
    existing
      .map((info) => info.name)
      .filter((name): name is string => name === blockDatabaseName(databaseName) || name?.startsWith(dexiePrefix) === true)
      .map(
        (name) =>
          new Promise<void>((resolve) => {
            const request = indexedDB.deleteDatabase(name);
            request.onsuccess = () => {
              resolve();
            };
            request.onerror = () => {
              resolve();
            };
            request.onblocked = () => {
              resolve();
            };
          }),
      ),
  );
}

/**
 * With `wipe`, everything of the user's replica goes: its collections, replication checkpoints and
 * RxDB local documents (the rejected-changes store lives there), then the emptied IndexedDB databases.
 */
async function closeCurrent(wipe: boolean, session?: StoredSession): Promise<void> {
  const { db, engine, key } = useWorkspace.getState();
  setReadyFlag(false);
  useWorkspace.setState({ status: 'closed', db: null, engine: null, key: null, error: null, errorCode: null });
  if (engine !== null) await engine.stop();
  if (db !== null) {
    if (wipe) await db.remove();
    else await db.close();
  } else if (wipe && session !== undefined) {
    await removeUserDatabase(session.serverUrl, session.user.id);
  }
  if (wipe) {
    const name = key ?? (session === undefined ? null : databaseNameFor(session.serverUrl, session.user.id));
    if (name !== null) await deleteIndexedDbDatabases(name);
  }
}

/** Stops sync and closes the database; with `wipe`, deletes the user's local replica too. */
export function closeWorkspace(options: { wipe: boolean; session?: StoredSession }): Promise<void> {
  return enqueue(() => closeCurrent(options.wipe, options.session));
}
