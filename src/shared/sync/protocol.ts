/**
 * Public sync API v1. Other clients integrate against these shapes: change them only additively.
 * It follows RxDB's replication protocol (pull by checkpoint, push with assumed master state).
 */
import type { SyncCollectionName } from './collections';
import type { WriteDenial } from './write-policy';

export const API_PREFIX = '/api/v1';
export const PULL_LIMIT_MAX = 1000;
export const PULL_LIMIT_DEFAULT = 100;

/** A document as it travels on the wire: the entity plus RxDB's deletion flag. */
export type WireDocument<T = Record<string, unknown>> = T & { readonly _deleted: boolean };

/**
 * Opaque to clients. Built on the server's change sequence, never on client clocks.
 * `seq` is the highest change sequence the client has seen for this collection.
 */
export interface SyncCheckpoint {
  readonly seq: number;
}

export interface PullResponse<T = Record<string, unknown>> {
  readonly documents: readonly WireDocument<T>[];
  readonly checkpoint: SyncCheckpoint | null;
}

export interface PushRow<T = Record<string, unknown>> {
  readonly assumedMasterState?: WireDocument<T>;
  readonly newDocumentState: WireDocument<T>;
}

/**
 * The push response (HTTP 200): the current master documents of the rows that were not applied
 * (`[]` when all were). A row is answered with its master when its assumed master is stale (a
 * conflict), and also when the server refuses the update (write policy, an append-only document, a
 * derived write that cannot stand): the client merges as for any conflict and must not re-push what
 * `canWriteDocument` refuses for its user (the master comes back unchanged otherwise). A row the
 * server already holds apart from server-owned fields (a retry after a lost answer) applies nothing
 * and is answered with the master when the pushed server-owned fields differ, so the client adopts
 * the server's stamps.
 */
export type PushResponse<T = Record<string, unknown>> = readonly WireDocument<T>[];

/**
 * One rejected row of a push answered with HTTP 422 (`error.details` is an array of these). Nothing of
 * that push was applied; the client drops or marks the listed rows and pushes the rest again.
 * - code `validation_failed`: the row does not match the collection's schema (or its extra rules);
 *   `errors` name the offending values.
 * - code `forbidden`: the row is an insert (an id the server has never stored) that the write policy
 *   refuses for the signed-in user; `reason` and `fields` are canWriteDocument's denial, `errors` the
 *   same as JSON pointers. Schema problems are reported first: a push gets one code or the other.
 */
export interface PushRowRejection {
  /** Position of the row in the pushed array. */
  readonly index: number;
  /** The row's `newDocumentState.id` as sent. */
  readonly id: unknown;
  /** Never empty. `path` is a JSON pointer into the document ('' for the document as a whole). */
  readonly errors: readonly { readonly path: string; readonly message: string }[];
  /** `forbidden` only. */
  readonly reason?: WriteDenial;
  /** `forbidden` only: the fields the denial names (dot paths), possibly empty. */
  readonly fields?: readonly string[];
}

/** Messages the server sends on `GET /api/v1/sync/stream`. */
export type StreamServerMessage =
  | {
      readonly type: 'change';
      readonly collection: SyncCollectionName;
      readonly documents: readonly WireDocument[];
      readonly checkpoint: SyncCheckpoint;
    }
  /** Sent on every (re)connect: the client must pull from its checkpoint, events may have been missed. */
  | { readonly type: 'RESYNC' }
  | { readonly type: 'pong'; readonly at: number };

/** Messages a client may send on the stream. */
export type StreamClientMessage = { readonly type: 'ping'; readonly at: number };

export function syncPullPath(collection: SyncCollectionName): string {
  return `${API_PREFIX}/sync/${collection}/pull`;
}

export function syncPushPath(collection: SyncCollectionName): string {
  return `${API_PREFIX}/sync/${collection}/push`;
}

export const SYNC_STREAM_PATH = `${API_PREFIX}/sync/stream`;

/** Parses the `checkpoint` query parameter; `undefined` means "from the start". Throws on bad input. */
export function parseCheckpointParam(raw: string | undefined): SyncCheckpoint | undefined {
  if (raw === undefined || raw === '' || raw === 'null') return undefined;
  const parsed: unknown = JSON.parse(raw);
  if (parsed === null) return undefined;
  if (
    typeof parsed !== 'object' ||
    !('seq' in parsed) ||
    typeof parsed.seq !== 'number' ||
    !Number.isSafeInteger(parsed.seq) ||
    parsed.seq < 0
  ) {
    throw new TypeError('checkpoint must be {"seq": <non-negative integer>}');
  }
  return { seq: parsed.seq };
}
