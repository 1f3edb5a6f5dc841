import type { SyncCollectionName } from '../../shared/sync/collections';

/**
 * "Something changed in `collection`, up to `seq`." Deliberately tiny: notices carry no documents,
 * so a lost or merged notice costs nothing; each listener reads what it has not broadcast yet.
 */
export interface ChangeNotice {
  readonly collection: SyncCollectionName;
  readonly seq: number;
}

export type ChangeListener = (notice: ChangeNotice) => void;

/**
 * Fan-out of committed changes between server processes. Implementations must deliver every
 * notice published by any process sharing the database to every subscriber, possibly merged or
 * late, and report a possible gap (e.g. after a reconnect) as a notice with `seq` =
 * `Number.MAX_SAFE_INTEGER` for each collection.
 */
export interface ChangeFeed {
  /** Announce a committed change. Call after commit. */
  publish(notice: ChangeNotice): Promise<void>;
  subscribe(listener: ChangeListener): () => void;
  close(): Promise<void>;
}

/** The `seq` of a notice that means "anything may have changed". */
export const UNKNOWN_SEQ = Number.MAX_SAFE_INTEGER;
