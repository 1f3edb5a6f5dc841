/**
 * RxDB replication of every collection of the user's replica with the sync server (protocol v1): pull
 * by checkpoint, push with assumed master state, live change notices from the shared WebSocket
 * stream. Plain TypeScript with injected `fetch` and stream so it runs against a fake server in unit
 * tests and from Node (no DOM).
 *
 * What it guards against, beyond RxDB's own protocol:
 * - A stream event never carries a checkpoint into RxDB: it only triggers `RESYNC` (a pull from the
 *   stored checkpoint), so the checkpoint can only move with documents a pull returned (RxDB #5843),
 *   and events that arrive while a push is in flight are pulled after it instead of dropped (#5571).
 * - A pull never moves the checkpoint past a document whose push is still unsettled (sent, or answered
 *   but not yet recorded by RxDB as the assumed master): RxDB would skip the server's copy, which holds
 *   the server's stamps (number, createdAt, updatedAt) of that very push, and no later pull would bring
 *   it. The page is cut before that document and pulled again once the push is settled. This holds
 *   across reloads, because it lives in the stored checkpoint, not in memory.
 * - A pulled master RxDB could not store because the local copy had unpushed changes is remembered;
 *   when the server then accepts our push as "unchanged" (same values, it writes nothing, so no later
 *   pull would bring its stamped fields), that master is handed back as a conflict and adopted.
 * - A push whose answer is lost may have been applied: its rows are remembered as unconfirmed, so a
 *   later conflict merges against them (the agent's own applied edit is not taken for someone else's)
 *   and a local copy changed back to its old base is still pushed (see `conflict.ts`).
 * - Rows the server refuses (422 `validation_failed`, 403 `forbidden`, 400) are never dropped: each
 *   is recorded in the {@link RejectionStore}, the other rows of the batch are pushed again in the same
 *   call, a refused update/delete is answered as a conflict with the master it was based on (the local
 *   copy goes back to the server's version) and a refused insert stays local, listed as rejected.
 * - Push errors (network, 5xx, 401) are thrown for RxDB to retry; nothing pauses the replication, so
 *   later writes keep being pushed once the server answers again (#7259).
 * - Same-field clashes of the field merge become `sync_conflict` timeline entries (when this replica
 *   holds the timeline), which replicate like any entry.
 */
import { map, merge, Subject, type Observable, type Subscription } from 'rxjs';
import type { RxCollection, RxReplicationPullStreamItem, RxReplicationWriteToMasterRow, WithDeleted } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { conflictRecord, type TimelineSubject } from '../../shared/domain/timeline';
import type { Role } from '../../shared/domain/roles';
import { COLLECTIONS, type SyncCollectionName } from '../../shared/sync/collections';
import { canWriteDocument } from '../../shared/sync/write-policy';
import { changedFields } from '../../shared/sync/merge';
import { syncPullPath, syncPushPath, type SyncCheckpoint } from '../../shared/sync/protocol';
import { jsonEqual, omitKeys } from '../../shared/util/deep-equal';
import { ApiRequestError, apiRequest, type FetchLike } from './api';
import { conflictHandlerControls, documentsEqual, type ConflictHandlerControls, type ResolvedConflictEvent } from './conflict';
import { collectionOf, replicatedCollectionsOf, type AtendeDatabase, type GenericDocType } from './database';
import { sha256Hex } from './hash';
import type { NewRejection, RejectedOperation, RejectionCode, RejectionError, RejectionRecord, RejectionStore } from './rejections';
import type { PendingTracker } from './sync-status';
import type { StreamItem } from './sync-stream';

export const PULL_BATCH_SIZE = 200;
/**
 * Rows per push request (the server takes up to 1000). After an outage RxDB walks every document
 * written since its push checkpoint, pulled ones included, a batch at a time: big batches make that
 * walk, and catching up, fast. The server applies each row in its own transaction (with derived
 * writes), so a batch must stay well inside the request timeout on a busy server: a push that times
 * out is retried whole and would never get through.
 */
export const PUSH_BATCH_SIZE = 200;
/** How long a pull waits for the page before the previous one to be stored (see `pull`). */
const PAGE_STORE_WAIT_MS = 2_000;
export const RETRY_TIME_MS = 3_000;
/** Writes with these bulkWrite contexts come from the replication itself, not from the user. */
const REPLICATION_CONTEXT_PREFIX = 'replication-';
/** RxDB's own keys on document data, never part of the entity on the wire. */
const LOCAL_KEYS = ['_meta', '_rev', '_attachments'];
/** Pulled masters kept for the "accepted as unchanged" check; the oldest go first beyond this. */
const MAX_UNSTORED_MASTERS = 5_000;

/** Outcomes the replication reports to the sync status. */
export interface SyncReporter {
  requestSucceeded(collection?: SyncCollectionName): void;
  requestFailed(error: unknown, collection?: SyncCollectionName): void;
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
  readonly pushBatchSize?: number;
  /** Where refused rows are recorded (persisted); without it they are only reverted and reported. */
  readonly rejections?: RejectionStore;
  /** The signed-in user: the placeholder `recordedById` of the timeline entries this client writes. */
  readonly userId?: string;
  /** The signed-in user's role: explains refusals the server answers as conflicts (shared write policy). */
  readonly role?: Role;
  /** Replicate only these collections of the database (default: every replicated collection it holds). */
  readonly collections?: readonly SyncCollectionName[];
  /** Clock for records and entries (tests). */
  readonly now?: () => number;
}

type Doc = WithDeleted<GenericDocType>;
type Row = RxReplicationWriteToMasterRow<GenericDocType>;

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

function reportFailure(deps: ReplicationDeps, collection: SyncCollectionName, error: unknown): void {
  deps.reporter?.requestFailed(error, collection);
  if (error instanceof ApiRequestError && error.isUnauthorized) deps.onUnauthorized?.();
}

// ---- refused rows -------------------------------------------------------------------------------

interface Denial {
  readonly reason: string;
  readonly fields: readonly string[];
}

interface RefusedRow {
  readonly row: Row;
  readonly code: RejectionCode;
  readonly message: string;
  readonly errors: readonly RejectionError[];
  readonly denial?: Denial;
}

interface PushOutcome {
  /** Current masters of rows that conflicted. */
  readonly conflicts: Doc[];
  readonly refused: RefusedRow[];
}

interface RowDetail {
  readonly index: number;
  readonly errors: readonly RejectionError[];
  readonly denial?: Denial;
}

function toRejectionError(value: unknown): RejectionError {
  if (typeof value === 'string') return { message: value };
  if (typeof value !== 'object' || value === null) return { message: String(value) };
  const record = value as Record<string, unknown>;
  const path = typeof record.path === 'string' && record.path !== '' ? record.path : undefined;
  let message: string;
  if (typeof record.message === 'string') message = record.message;
  else if (typeof record.reason === 'string') {
    const fields = Array.isArray(record.fields) && record.fields.length > 0 ? ` (${record.fields.map(String).join(', ')})` : '';
    message = `${record.reason}${fields}`;
  } else message = JSON.stringify(value);
  return path === undefined ? { message } : { path, message };
}

/** `details: [{index, id, errors}]` of a refused push, or null when absent or unusable. */
function rowDetails(details: unknown, rowCount: number): RowDetail[] | null {
  if (!Array.isArray(details) || details.length === 0) return null;
  const parsed: RowDetail[] = [];
  for (const item of details) {
    if (typeof item !== 'object' || item === null) return null;
    const { index, errors, reason, fields } = item as { index?: unknown; errors?: unknown; reason?: unknown; fields?: unknown };
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= rowCount) return null;
    const list = Array.isArray(errors) ? errors.map(toRejectionError) : errors === undefined ? [] : [toRejectionError(errors)];
    const denial = typeof reason === 'string' ? { reason, fields: Array.isArray(fields) ? fields.map(String) : [] } : undefined;
    parsed.push({ index, errors: list, ...(denial === undefined ? {} : { denial }) });
  }
  return parsed;
}

type Refusal =
  | { readonly kind: 'rows'; readonly code: RejectionCode; readonly details: RowDetail[] }
  | { readonly kind: 'all'; readonly code: RejectionCode }
  | { readonly kind: 'split' };

/**
 * Whether an error answer refuses rows (never retried as they are) or is transient (thrown, RxDB
 * retries). 401, 404, 408, 409, 429 and 5xx are transient.
 */
function classifyRefusal(error: unknown, rowCount: number): Refusal | null {
  if (!(error instanceof ApiRequestError) || error.kind !== 'http' || error.status === undefined) return null;
  const { status } = error;
  let code: RejectionCode;
  if (error.code === 'forbidden' && (status === 403 || status === 422)) code = 'forbidden';
  else if (status === 422) code = 'validation_failed';
  else if (status === 403) code = 'forbidden';
  else if (status === 400 || status === 413) code = 'bad_request';
  else return null;
  const details = rowDetails(error.details, rowCount);
  if (details !== null) return { kind: 'rows', code, details };
  // No per-row answer: find the culprit by halves; a lone row (or a role that may not write at all) is refused.
  if (rowCount > 1 && !(code === 'forbidden' && error.details === undefined)) return { kind: 'split' };
  return { kind: 'all', code };
}

function operationOf(row: Row): RejectedOperation {
  if (row.assumedMasterState === undefined) return 'insert';
  return row.newDocumentState._deleted && !row.assumedMasterState._deleted ? 'delete' : 'update';
}

// ---- the replication of one collection ----------------------------------------------------------

/** What one collection's replication keeps between handler calls. */
class CollectionSync {
  /** Pulled masters that may not have been stored (see the module comment), by id. */
  readonly unstoredMasters = new Map<string, Doc>();
  /** Documents pushed and not yet settled, with how many pushes of each are open. */
  private readonly unsettled = new Map<string, number>();
  /** Documents a pull was cut at: pull again as soon as one of them is settled. */
  private readonly cutAt = new Set<string>();
  /** `RESYNC` requests of this collection's own (a pull from the stored checkpoint). */
  readonly resyncs$ = new Subject<'RESYNC'>();
  private replication: RxReplicationState<GenericDocType, SyncCheckpoint> | undefined;

  constructor(
    readonly name: SyncCollectionName,
    readonly collection: RxCollection<GenericDocType>,
    readonly deps: ReplicationDeps,
  ) {}

  private get serverOwned(): readonly string[] {
    return COLLECTIONS[this.name].serverOwnedFields;
  }

  rememberPulled(documents: readonly Doc[]): void {
    for (const doc of documents) {
      this.unstoredMasters.delete(doc.id);
      this.unstoredMasters.set(doc.id, doc);
    }
    while (this.unstoredMasters.size > MAX_UNSTORED_MASTERS) {
      const oldest = this.unstoredMasters.keys().next().value;
      if (oldest === undefined) break;
      this.unstoredMasters.delete(oldest);
    }
  }

  /** Ids of full pulled pages RxDB has not written yet, oldest page first (see `pull`). */
  private readonly unwrittenPages: Set<string>[] = [];
  private pageWritten: (() => void) | undefined;

  /** The replication wrote this pulled document to the local copy. */
  stored(id: string): void {
    this.unstoredMasters.delete(id);
    for (const page of this.unwrittenPages) page.delete(id);
    if (this.unwrittenPages[0]?.size === 0) {
      this.unwrittenPages.shift();
      this.pageWritten?.();
    }
  }

  /**
   * Back-pressure for bulk pulls (first sync, catching up): RxDB asks for the next page as soon as a
   * page arrives and only queues its write, so with a network faster than IndexedDB, received pages
   * pile up in memory and are lost (fetched again) when the app is closed or crashes. One page of
   * read-ahead keeps the pipeline busy; beyond that, wait until the older page is written. Documents
   * RxDB will not write (local changes pending) are not waited for, and the wait is bounded.
   */
  private async olderPagesWritten(): Promise<void> {
    while (this.unwrittenPages.length > 1) {
      const oldest = this.unwrittenPages[0];
      if (oldest === undefined) return;
      for (const id of oldest) if (this.deps.tracker.isPending(this.name, id)) oldest.delete(id);
      if (oldest.size === 0) {
        this.unwrittenPages.shift();
        continue;
      }
      const written = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          resolve(false);
        }, PAGE_STORE_WAIT_MS);
        this.pageWritten = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      this.pageWritten = undefined;
      if (!written) this.unwrittenPages.splice(0, this.unwrittenPages.length - 1);
    }
  }

  attach(replication: RxReplicationState<GenericDocType, SyncCheckpoint>): void {
    this.replication = replication;
  }

  /** What this replication is doing, for diagnostics (a test harness that waits for convergence). */
  describe(): string {
    const events = this.replication?.internalReplicationState?.events;
    const flag = (subject: { getValue(): boolean } | undefined) => (subject === undefined ? '?' : String(subject.getValue()));
    return `up=${flag(events?.active.up)} down=${flag(events?.active.down)} unsettled=${this.unsettled.size} cutAt=${this.cutAt.size} unwrittenPages=${this.unwrittenPages.length}`;
  }

  private pushOpened(ids: readonly string[]): void {
    for (const id of ids) this.unsettled.set(id, (this.unsettled.get(id) ?? 0) + 1);
  }

  /**
   * A push was answered. RxDB records accepted rows as the assumed master (and writes resolved
   * conflicts) after the handler returns, in the same upstream cycle: the documents stay unsettled
   * until that cycle is done. A failed push settles at once (nothing was recorded; a retry follows).
   */
  private pushClosed(ids: readonly string[], answered: boolean): void {
    const upstream = answered ? this.replication?.internalReplicationState?.streamQueue.up : undefined;
    const settle = () => {
      let resync = false;
      for (const id of ids) {
        const open = (this.unsettled.get(id) ?? 1) - 1;
        if (open > 0) {
          this.unsettled.set(id, open);
        } else {
          this.unsettled.delete(id);
          resync = this.cutAt.delete(id) || resync;
        }
      }
      if (resync) this.resyncs$.next('RESYNC');
    };
    if (upstream === undefined) settle();
    else void upstream.catch(() => undefined).then(settle);
  }

  private async fetchPage(checkpoint: SyncCheckpoint | undefined, limit: number) {
    const query = new URLSearchParams({ limit: String(limit) });
    if (checkpoint !== undefined) query.set('checkpoint', JSON.stringify(checkpoint));
    const body = await apiRequest(this.deps.fetch, this.deps.serverUrl, `${syncPullPath(this.name)}?${query.toString()}`, {
      token: requireToken(this.deps),
    });
    if (!isPullBody(body)) throw new ApiRequestError('invalid-response', 'Malformed pull response');
    return { documents: body.documents as unknown as Doc[], checkpoint: body.checkpoint ?? checkpoint };
  }

  async pull(checkpoint: SyncCheckpoint | undefined, batchSize: number) {
    const { deps, name } = this;
    await this.olderPagesWritten();
    try {
      let page = await this.fetchPage(checkpoint, batchSize);
      // Cut the page before the first document whose push is unsettled (see the module comment). The
      // changes after a checkpoint come in sequence order, so fewer of them are the same first ones
      // (unless one changed again meanwhile: it moved to a later sequence, so cut again).
      for (;;) {
        const cut = page.documents.findIndex((doc) => this.unsettled.has(doc.id));
        const at = page.documents[cut];
        if (at === undefined) break;
        this.cutAt.add(at.id);
        if (cut === 0) {
          page = { documents: [], checkpoint };
          break;
        }
        page = await this.fetchPage(checkpoint, cut);
      }
      deps.reporter?.requestSucceeded(name);
      const { documents } = page;
      this.rememberPulled(documents);
      if (documents.length >= batchSize) this.unwrittenPages.push(new Set(documents.map((doc) => doc.id)));
      else this.unwrittenPages.length = 0;
      return { documents, checkpoint: page.checkpoint };
    } catch (error) {
      reportFailure(deps, name, error);
      throw error;
    }
  }

  /** POSTs rows; refused rows are taken out and the rest pushed again until the server takes them. */
  private async send(rows: readonly Row[]): Promise<PushOutcome> {
    if (rows.length === 0) return { conflicts: [], refused: [] };
    const { deps, name } = this;
    let body: unknown;
    try {
      body = await apiRequest(deps.fetch, deps.serverUrl, syncPushPath(name), {
        method: 'POST',
        token: requireToken(deps),
        body: rows,
      });
    } catch (error) {
      const refusal = classifyRefusal(error, rows.length);
      if (refusal === null) throw error;
      const message = error instanceof Error ? error.message : String(error);
      if (refusal.kind === 'split') {
        const middle = Math.ceil(rows.length / 2);
        const first = await this.send(rows.slice(0, middle));
        const second = await this.send(rows.slice(middle));
        return { conflicts: [...first.conflicts, ...second.conflicts], refused: [...first.refused, ...second.refused] };
      }
      if (refusal.kind === 'all') {
        return { conflicts: [], refused: rows.map((row) => ({ row, code: refusal.code, message, errors: [] })) };
      }
      const byIndex = new Map(refusal.details.map((detail) => [detail.index, detail]));
      const refused: RefusedRow[] = [];
      const rest: Row[] = [];
      rows.forEach((row, index) => {
        const detail = byIndex.get(index);
        if (detail === undefined) rest.push(row);
        else refused.push({ row, code: refusal.code, message, errors: detail.errors, ...(detail.denial === undefined ? {} : { denial: detail.denial }) });
      });
      // The server applied nothing: push the rows it did not refuse again, in this same call.
      const next = await this.send(rest);
      return { conflicts: next.conflicts, refused: [...refused, ...next.refused] };
    }
    if (!Array.isArray(body)) throw new ApiRequestError('invalid-response', 'Malformed push response');
    return { conflicts: body as Doc[], refused: [] };
  }

  async push(rows: Row[]): Promise<Doc[]> {
    const { deps, name } = this;
    const ticket = deps.tracker.pushStarted(
      name,
      rows.map((row) => row.newDocumentState.id),
    );
    const controls = conflictHandlerControls(this.collection.conflictHandler);
    // Recorded (and stored) before sending: if the answer is lost, the server may still have applied
    // these rows, and later merges must know (see unconfirmed-pushes.ts). Append-only rows never merge.
    const unconfirmed = COLLECTIONS[name].appendOnly ? undefined : controls?.unconfirmed;
    for (const row of rows) {
      const { newDocumentState: state, assumedMasterState: assumed } = row;
      unconfirmed?.remember(state.id, state, assumed === undefined, changedFields(state, assumed, [...this.serverOwned, ...LOCAL_KEYS]), assumed?.updatedAt);
    }
    await unconfirmed?.flushed();
    const ids = rows.map((row) => row.newDocumentState.id);
    this.pushOpened(ids);
    let outcome: PushOutcome;
    try {
      outcome = await this.send(rows);
    } catch (error) {
      this.pushClosed(ids, false);
      reportFailure(deps, name, error);
      throw error;
    }
    this.pushClosed(ids, true);
    const conflicts = [...outcome.conflicts];
    const refused = [...outcome.refused];
    const conflictIds = new Set(conflicts.map((doc) => doc.id));

    // A "conflict" that is the very state our row was based on is a refusal in disguise (the server
    // answers updates its write policy refuses that way): merging would push the same values forever.
    // Unless the row changed nothing but server-owned fields: then the server just hands back its stamps.
    for (const row of rows) {
      const master = conflicts.find((doc) => doc.id === row.newDocumentState.id);
      if (
        master !== undefined &&
        row.assumedMasterState !== undefined &&
        documentsEqual(master, row.assumedMasterState) &&
        !documentsEqual(omitKeys(master, this.serverOwned), omitKeys(row.newDocumentState, this.serverOwned))
      ) {
        refused.push(this.explainRefusal(row, master));
      }
    }

    const refusedIds = new Set<string>();
    const records: NewRejection[] = [];
    const now = deps.now?.() ?? Date.now();
    for (const { row, code, message, errors, denial } of refused) {
      const id = row.newDocumentState.id;
      refusedIds.add(id);
      const operation = operationOf(row);
      records.push({
        collection: name,
        documentId: id,
        operation,
        code,
        message,
        errors,
        ...(denial === undefined ? {} : { denial }),
        rejected: omitKeys(row.newDocumentState, LOCAL_KEYS),
        ...(row.assumedMasterState === undefined ? {} : { base: omitKeys(row.assumedMasterState, LOCAL_KEYS) }),
        at: now,
      });
      // A refused update or delete goes back to the master it was based on (the server kept it).
      if (row.assumedMasterState !== undefined) {
        controls?.expectRevert(id, row.newDocumentState);
        if (!conflictIds.has(id)) {
          conflicts.push(row.assumedMasterState);
          conflictIds.add(id);
        }
      }
      // A refused insert stays in the local copy, listed as rejected, until fixed and retried or discarded.
    }

    const accepted: string[] = [];
    for (const row of rows) {
      const id = row.newDocumentState.id;
      if (refusedIds.has(id) || conflictIds.has(id)) {
        // Answered without being applied: earlier states of the document may still be unconfirmed. A
        // conflict whose master holds this very state (apart from the server's stamps) is no such answer:
        // an earlier push of it was applied, and merges must keep counting it as a base.
        // Nor is a conflict on an insert: the id exists on the server, so one of the states pushed as an
        // insert (or a pulled copy pushed back after a crash) is its origin, which merges need as base.
        const master = conflicts.find((doc) => doc.id === id);
        const onServer = master !== undefined && documentsEqual(omitKeys(master, this.serverOwned), omitKeys(row.newDocumentState, this.serverOwned));
        const insertConflict = !refusedIds.has(id) && row.assumedMasterState === undefined;
        if (refusedIds.has(id) || (!onServer && !insertConflict)) unconfirmed?.settle(id, row.newDocumentState);
        this.unstoredMasters.delete(id);
        continue;
      }
      accepted.push(id);
      unconfirmed?.forget(id);
      // Accepted without a write ("unchanged"): the server's copy is the pulled master we could not
      // store, and no later pull would bring it. Hand it back as a conflict so the local copy adopts it.
      const pulled = this.unstoredMasters.get(id);
      this.unstoredMasters.delete(id);
      if (
        pulled !== undefined &&
        !documentsEqual(pulled, row.newDocumentState) &&
        documentsEqual(omitKeys(pulled, this.serverOwned), omitKeys(row.newDocumentState, this.serverOwned))
      ) {
        conflicts.push(pulled);
        conflictIds.add(id);
      }
    }

    if (deps.rejections !== undefined) {
      const store = deps.rejections;
      if (records.length > 0) await store.add(records);
      // A refused insert the server has now taken (fixed and pushed again) is no longer rejected.
      const acceptedIds = new Set(accepted);
      if (acceptedIds.size > 0) {
        await store.removeWhere((record) => record.collection === name && record.operation === 'insert' && acceptedIds.has(record.documentId));
      }
    }
    deps.tracker.pushSucceeded(ticket);
    deps.reporter?.requestSucceeded(name);
    return conflicts;
  }

  /** Why the server kept its master: the shared write policy tells, when we know the user's role. */
  private explainRefusal(row: Row, master: Doc): RefusedRow {
    const { role, userId } = this.deps;
    if (role !== undefined && userId !== undefined) {
      const decision = canWriteDocument({ role, userId, collection: this.name, before: master, after: row.newDocumentState });
      if (!decision.allowed) {
        return { row, code: 'forbidden', message: 'The server refused the change', errors: [], denial: { reason: decision.reason, fields: decision.fields } };
      }
    }
    return { row, code: 'refused', message: 'The server kept its version', errors: [] };
  }

  /**
   * Push modifier, run on each row's new and assumed state: sends entity fields only (a state RxDB
   * kept from before a schema migration carries `_attachments`, which would never equal the server's
   * master), and drops the local deletion of a refused insert the user discarded (the server never had it).
   */
  async modifyPush(doc: Doc): Promise<Doc | null> {
    const clean = omitKeys(doc, LOCAL_KEYS) as Doc;
    const store = this.deps.rejections;
    if (store === undefined || !clean._deleted) return clean;
    await store.whenIdle();
    const discarding = store.forDocument(this.name, clean.id).filter((record) => record.discarding === true);
    if (discarding.length === 0) return clean;
    await store.remove(discarding.map((record) => record.key));
    this.deps.tracker.forget(this.name, [clean.id]);
    return null;
  }
}

export function replicateCollection<T extends { id: string }>(
  collection: RxCollection<T>,
  name: SyncCollectionName,
  deps: ReplicationDeps,
): RxReplicationState<T, SyncCheckpoint> {
  return startCollectionSync(new CollectionSync(name, collection as unknown as RxCollection<GenericDocType>, deps)) as unknown as RxReplicationState<
    T,
    SyncCheckpoint
  >;
}

function startCollectionSync(sync: CollectionSync): RxReplicationState<GenericDocType, SyncCheckpoint> {
  const { deps, name, collection } = sync;
  // Change notices only say "something changed": pull from the stored checkpoint (see the module comment).
  const notices$ = deps.streamFor?.(name).pipe(map((): RxReplicationPullStreamItem<GenericDocType, SyncCheckpoint> => 'RESYNC'));
  const stream$ = notices$ === undefined ? sync.resyncs$ : merge(notices$, sync.resyncs$);
  const state = replicateRxCollection<GenericDocType, SyncCheckpoint>({
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
      stream$,
      handler: (checkpoint, batchSize) => sync.pull(checkpoint, batchSize),
    },
    push: {
      batchSize: deps.pushBatchSize ?? PUSH_BATCH_SIZE,
      modifier: (doc: Doc) => sync.modifyPush(doc),
      handler: (rows: Row[]) => sync.push(rows),
    },
  });
  sync.attach(state);
  return state;
}

// ---- sync_conflict timeline entries -------------------------------------------------------------

const TIMELINE_SUBJECT: Readonly<Record<SyncCollectionName, TimelineSubject | null>> = {
  tickets: 'ticket',
  customers: 'customer',
  calls: 'call',
  callbacks: 'callback',
  articles: 'article',
  users: 'user',
  settings: 'settings',
  timeline: null,
  articleVersions: null,
  surveys: null,
};

/** A deterministic id, so two tabs resolving the same conflict write one entry. */
export function conflictEntryId(event: ResolvedConflictEvent, field: string, localValue: unknown, masterValue: unknown): string {
  const updatedAt = typeof event.master.updatedAt === 'string' ? event.master.updatedAt : '';
  const json = (value: unknown) => (JSON.stringify(value) as string | undefined) ?? '';
  const text = [event.collection, event.documentId, field, json(localValue), json(masterValue), updatedAt].join('|');
  return `sc_${sha256Hex(text).slice(0, 40)}`;
}

/**
 * Writes one `sync_conflict` entry per overwritten field on the timeline of the document. Throws when an
 * entry could not be written (the database is closing): the merge must then not be applied either.
 */
export async function recordConflictOnTimeline(
  db: AtendeDatabase,
  event: ResolvedConflictEvent,
  options: { readonly userId?: string; readonly now?: number } = {},
): Promise<void> {
  const timeline = collectionOf(db, 'timeline');
  const subjectType = TIMELINE_SUBJECT[event.collection];
  if (timeline === undefined || subjectType === null) return;
  const at = new Date(options.now ?? Date.now()).toISOString();
  const customerId = event.collection === 'tickets' && typeof event.master.customerId === 'string' ? event.master.customerId : undefined;
  for (const conflict of event.conflicts) {
    const entry = {
      id: conflictEntryId(event, conflict.field, conflict.localValue, conflict.masterValue),
      subjectType,
      subjectId: event.documentId,
      kind: 'sync_conflict',
      occurredAt: at,
      authorType: 'system',
      ...(customerId === undefined ? {} : { customerId }),
      conflict: conflictRecord(conflict.field, conflict.localValue, conflict.masterValue),
      // Server-owned: the server stamps the pushing user and its own time.
      recordedById: options.userId ?? 'unknown',
      createdAt: at,
    };
    try {
      await timeline.insert(entry);
    } catch (error) {
      // Already recorded (the same conflict resolved by another tab, or before a reload) is fine.
      if ((await timeline.findOne(entry.id).exec()) === null) throw error;
    }
  }
}

// ---- the whole database -------------------------------------------------------------------------

export interface DatabaseReplication {
  readonly states: ReadonlyMap<SyncCollectionName, RxReplicationState<{ id: string }, SyncCheckpoint>>;
  /** Pull every collection again from its checkpoint (and retry pending pushes). */
  reSync(): void;
  /** Resolves when every collection is in sync (nothing to pull or push, no retry waiting). */
  awaitInSync(): Promise<void>;
  /** Cancels every replication; the database stays open. */
  stop(): Promise<void>;
  /** Per collection, what its replication is doing (diagnostics). */
  describe(): Readonly<Record<string, string>>;
}

/**
 * Starts the replication of the collections of `db` (every replicated collection it holds, or
 * `deps.collections`) and counts local writes of this database instance as pending changes (writes
 * coming from the replication itself are not counted).
 */
export function startDatabaseReplication(db: AtendeDatabase, deps: ReplicationDeps): DatabaseReplication {
  const subscriptions: Subscription[] = [];
  const states = new Map<SyncCollectionName, RxReplicationState<{ id: string }, SyncCheckpoint>>();
  const timelineWrites = new Set<Promise<void>>();
  const recorders: ConflictHandlerControls[] = [];
  const syncs = new Map<SyncCollectionName, CollectionSync>();
  const names = deps.collections ?? replicatedCollectionsOf(db);
  for (const name of names) {
    const collection = collectionOf(db, name);
    if (collection === undefined) throw new Error(`The database has no ${name} collection`);
    subscriptions.push(
      collection.eventBulks$.subscribe((bulk) => {
        if (bulk.databaseToken !== db.token || bulk.context.startsWith(REPLICATION_CONTEXT_PREFIX)) return;
        deps.tracker.markLocalWrite(
          name,
          bulk.events.map((event) => event.documentId),
        );
      }),
    );
    const sync = new CollectionSync(name, collection, deps);
    syncs.set(name, sync);
    const state = startCollectionSync(sync);
    subscriptions.push(
      state.active$.subscribe((active) => {
        deps.reporter?.setActive(name, active);
      }),
      state.received$.subscribe((doc) => {
        sync.stored(doc.id);
      }),
      // Errors are reported by the handlers; subscribing keeps RxDB from treating them as unhandled.
      state.error$.subscribe(() => undefined),
    );
    const controls = conflictHandlerControls(collection.conflictHandler);
    controls?.setRecorder((event) => {
      const write = recordConflictOnTimeline(db, event, {
        ...(deps.userId === undefined ? {} : { userId: deps.userId }),
        ...(deps.now === undefined ? {} : { now: deps.now() }),
      });
      timelineWrites.add(write);
      void write.finally(() => timelineWrites.delete(write));
      return write;
    });
    if (controls !== undefined) recorders.push(controls);
    states.set(name, state);
  }
  return {
    states,
    reSync: () => {
      for (const state of states.values()) state.reSync();
    },
    describe: () => Object.fromEntries([...syncs].map(([name, sync]) => [name, sync.describe()])),
    awaitInSync: async () => {
      await Promise.all([...states.values()].map((state) => state.awaitInSync()));
      await Promise.all([...timelineWrites]);
      await Promise.all([...states.values()].map((state) => state.awaitInSync()));
    },
    stop: async () => {
      for (const subscription of subscriptions) subscription.unsubscribe();
      // A merge resolved while stopping is not applied (the replication is cancelled) and so not recorded:
      // it is merged again, and recorded then, after the next start.
      for (const controls of recorders) controls.setRecorder(() => Promise.reject(new Error('The replication has stopped')));
      await Promise.all([...timelineWrites]);
      await Promise.all([...states.values()].map((state) => state.cancel()));
    },
  };
}

// ---- user actions on rejected changes -----------------------------------------------------------

/** A server-owned timestamp of the collection a local write may bump to make RxDB push the document again. */
function touchField(name: SyncCollectionName): string | undefined {
  const owned = COLLECTIONS[name].serverOwnedFields;
  return ['updatedAt', 'createdAt'].find((field) => owned.includes(field));
}

/**
 * "Retry": writes the refused change again to the local copy, so the replication pushes it (now, or
 * when back online) and the server decides anew; a new refusal makes a new record. Updates re-apply
 * the refused fields on top of the current document; a refused insert is pushed again as it is now
 * (after the user fixed it, or unchanged); a refused delete deletes again.
 */
export async function retryRejection(
  db: AtendeDatabase,
  store: RejectionStore,
  record: RejectionRecord,
  now: number = Date.now(),
): Promise<void> {
  const collection = collectionOf(db, record.collection);
  if (collection === undefined) throw new Error(`This replica has no ${record.collection} collection`);
  await store.remove([record.key]);
  const stamp = new Date(now).toISOString();
  const touch = touchField(record.collection);
  const doc = await collection.findOne(record.documentId).exec();
  if (record.operation === 'delete') {
    if (doc !== null) await doc.remove();
    return;
  }
  const refused = omitKeys(record.rejected, ['_deleted']);
  if (doc === null) {
    // The local copy is gone (e.g. deleted meanwhile): bring the refused state back.
    await collection.upsert({ ...refused, ...(touch === undefined ? {} : { [touch]: stamp }) });
    return;
  }
  await doc.incrementalModify((current) => {
    const set: Record<string, unknown> = {};
    const cleared = new Set<string>();
    if (record.operation === 'update') {
      const base = record.base ?? {};
      for (const field of new Set([...Object.keys(base), ...Object.keys(refused)])) {
        if (field === '_deleted' || COLLECTIONS[record.collection].serverOwnedFields.includes(field)) continue;
        if (jsonEqual(base[field], refused[field])) continue;
        if (refused[field] === undefined) cleared.add(field);
        else set[field] = refused[field];
      }
    }
    if (touch !== undefined) set[touch] = stamp;
    const kept = Object.fromEntries(Object.entries(current).filter(([field]) => !cleared.has(field)));
    return { ...kept, ...set } as GenericDocType;
  });
}

/**
 * "Discard": a refused update or delete is already undone locally, so only the record goes. A refused
 * insert is removed from the local copy without telling the server (which never had it).
 */
export async function discardRejection(db: AtendeDatabase, store: RejectionStore, record: RejectionRecord, tracker?: PendingTracker): Promise<void> {
  if (record.operation !== 'insert') {
    await store.remove([record.key]);
    return;
  }
  const collection = collectionOf(db, record.collection);
  const doc = collection === undefined ? null : await collection.findOne(record.documentId).exec();
  if (doc === null) {
    await store.removeWhere((other) => other.collection === record.collection && other.documentId === record.documentId && other.operation === 'insert');
    return;
  }
  // Every insert record of the document goes with it; the push modifier drops the deletion and the records.
  for (const other of store.forDocument(record.collection, record.documentId)) {
    if (other.operation === 'insert') await store.update(other.key, { discarding: true });
  }
  await doc.remove();
  tracker?.forget(record.collection, [record.documentId]);
}
