/**
 * Conflict handling for pushes the server rejected because its copy moved on (another agent saved,
 * or the server stamped `updatedAt`/`number` after our previous push).
 *
 * Uses the shared field-by-field merge rule instead of RxDB's default "server wins": a field only this
 * client changed (relative to the `assumedMasterState` its edit was based on) keeps the local value;
 * same-field clashes go to the server and the overwritten local value is recorded in the conflict log,
 * which the UI shows, and handed to the replication's recorder (which writes a `sync_conflict` timeline
 * entry) before the merge is returned, so nothing typed disappears silently, not even when the app
 * closes right after. RxDB writes the merged document locally and pushes it again with the new master
 * as its assumed state.
 *
 * Two cases take the server's document as it is, without merging:
 * - append-only collections (their documents never change, so there is nothing to merge);
 * - a change the server refused (validation or write policy): the push handler registers the refused
 *   state with {@link expectRevert} and answers it as a conflict with the master, so the local copy
 *   goes back to the server's version (the refused value is kept in the rejection record instead).
 */
import type { RxConflictHandler, RxConflictHandlerInput, WithDeleted } from 'rxdb';
import { createStore } from 'zustand/vanilla';
import type { SyncCollectionName } from '../../shared/sync/collections';
import { mergeFieldByField, rebaseOnUnconfirmedPushes, type FieldConflict, type UnconfirmedPush } from '../../shared/sync/merge';
import { jsonEqual } from '../../shared/util/deep-equal';
import { UnconfirmedPushes } from './unconfirmed-pushes';

/** Keys RxDB may carry on local document data that are never part of the replicated entity. */
const LOCAL_ONLY_KEYS = new Set(['_meta', '_rev', '_attachments']);

function stripLocalKeys(doc: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc).filter(([key]) => !LOCAL_ONLY_KEYS.has(key)));
}

export function documentsEqual(a: object, b: object): boolean {
  return jsonEqual(stripLocalKeys(a), stripLocalKeys(b));
}

export interface ConflictEntry extends FieldConflict {
  readonly key: number;
  readonly collection: SyncCollectionName;
  readonly documentId: string;
  readonly at: number;
}

export interface ConflictLogState {
  readonly entries: readonly ConflictEntry[];
}

const MAX_ENTRIES = 100;
let nextKey = 1;

/** Same-field clashes the server won, newest last (kept in memory for this session). */
export const conflictLog = createStore<ConflictLogState>()(() => ({ entries: [] }));

export function recordConflicts(
  collection: SyncCollectionName,
  documentId: string,
  conflicts: readonly FieldConflict[],
  now: number = Date.now(),
): void {
  if (conflicts.length === 0) return;
  const added = conflicts.map((conflict) => ({ ...conflict, key: nextKey++, collection, documentId, at: now }));
  conflictLog.setState((state) => ({ entries: [...state.entries, ...added].slice(-MAX_ENTRIES) }));
}

export function dismissConflict(key: number): void {
  conflictLog.setState((state) => ({ entries: state.entries.filter((entry) => entry.key !== key) }));
}

export function mergeConflict<T extends object>(
  input: RxConflictHandlerInput<T>,
  serverOwnedFields: readonly string[],
  unconfirmedPushes: readonly UnconfirmedPush[] = [],
): { readonly document: WithDeleted<T>; readonly conflicts: readonly FieldConflict[] } {
  const master = stripLocalKeys(input.realMasterState);
  const assumed = input.assumedMasterState === undefined ? undefined : stripLocalKeys(input.assumedMasterState);
  const { merged, conflicts } = mergeFieldByField({
    master,
    local: stripLocalKeys(input.newDocumentState),
    base: rebaseOnUnconfirmedPushes(assumed, master, unconfirmedPushes, serverOwnedFields),
    serverOwnedFields,
  });
  return { document: { ...merged, _deleted: merged._deleted === true } as WithDeleted<T>, conflicts };
}

/** Same-field clashes of one resolved conflict, with the master that won (for timeline entries). */
export interface ResolvedConflictEvent {
  readonly collection: SyncCollectionName;
  readonly documentId: string;
  readonly conflicts: readonly FieldConflict[];
  readonly master: Readonly<Record<string, unknown>>;
}

/** What the replication can do with a conflict handler created here. */
export interface ConflictHandlerControls {
  /**
   * The server refused `refused` (the pushed state of document `id`): when it comes back as a conflict,
   * resolve it to the master as it is instead of merging, and report nothing.
   */
  expectRevert(id: string, refused: object): void;
  /** Pushed states whose outcome is not known (see unconfirmed-pushes.ts); merges and sync checks use them. */
  readonly unconfirmed: UnconfirmedPushes;
  /**
   * Where merges that overwrote local values (same-field clashes) are recorded. A merge is returned to
   * RxDB only once the recorder is done, so the record exists before the local value is overwritten; when
   * the recorder fails, the merge fails too and is neither applied nor logged.
   */
  setRecorder(recorder: ConflictRecorder | undefined): void;
}

export type ConflictRecorder = (event: ResolvedConflictEvent) => Promise<void>;

const MAX_PENDING_REVERTS = 500;

class Controls implements ConflictHandlerControls {
  private readonly reverts = new Map<string, object[]>();
  private size = 0;
  readonly unconfirmed = new UnconfirmedPushes();
  private recorder: ConflictRecorder | undefined;

  expectRevert(id: string, refused: object): void {
    if (this.size >= MAX_PENDING_REVERTS) {
      this.reverts.clear();
      this.size = 0;
    }
    const states = this.reverts.get(id) ?? [];
    states.push(refused);
    this.reverts.set(id, states);
    this.size += 1;
  }

  /** True (once) when `state` of `id` is a refused state registered before. */
  takeRevert(id: string, state: object): boolean {
    const states = this.reverts.get(id);
    const index = states?.findIndex((refused) => documentsEqual(refused, state)) ?? -1;
    if (states === undefined || index < 0) return false;
    states.splice(index, 1);
    if (states.length === 0) this.reverts.delete(id);
    this.size -= 1;
    return true;
  }

  setRecorder(recorder: ConflictRecorder | undefined): void {
    this.recorder = recorder;
  }

  /** Throws when the record could not be written: the merge must not be applied then (it is retried). */
  async record(event: ResolvedConflictEvent): Promise<void> {
    await this.recorder?.(event);
  }
}

/** RxDB's isEqual contexts that decide "the local copy equals its assumed master, nothing to sync". */
const SYNC_CHECKS = new Set(['upstream-check-if-equal', 'downstream-check-if-equal-0']);

const controlsByHandler = new WeakMap<object, Controls>();

/** The controls of a handler made by this module (`collection.conflictHandler`), or undefined for any other handler. */
export function conflictHandlerControls(handler: unknown): ConflictHandlerControls | undefined {
  return typeof handler === 'object' && handler !== null ? controlsByHandler.get(handler) : undefined;
}

/** The server's document as RxDB wants it back (no local metadata, a boolean `_deleted`). */
function masterAsIs<T>(input: RxConflictHandlerInput<T>): WithDeleted<T> {
  const master = stripLocalKeys(input.realMasterState);
  return { ...master, _deleted: master._deleted === true } as WithDeleted<T>;
}

export function createConflictHandler<T extends { id: string }>(
  collection: SyncCollectionName,
  serverOwnedFields: readonly string[],
  onConflicts: typeof recordConflicts = recordConflicts,
): RxConflictHandler<T> {
  const controls = new Controls();
  const handler: RxConflictHandler<T> = {
    isEqual: (a, b, context) => {
      if (!documentsEqual(a, b)) return false;
      // The local copy went back to its assumed master after a push whose answer was lost: the server
      // may hold that push, so the local copy must be pushed (upstream) and not overwritten (downstream).
      return !(SYNC_CHECKS.has(context) && controls.unconfirmed.of(b.id).some((push) => !documentsEqual(push.state, b)));
    },
    resolve: async (input) => {
      const id = input.realMasterState.id;
      if (controls.takeRevert(id, input.newDocumentState)) return masterAsIs(input);
      const { document, conflicts } = mergeConflict(input, serverOwnedFields, controls.unconfirmed.of(id));
      if (conflicts.length > 0) {
        // Recorded first: a merge whose record cannot be written is not applied (RxDB merges it again later).
        await controls.record({ collection, documentId: id, conflicts, master: stripLocalKeys(input.realMasterState) });
      }
      controls.unconfirmed.observe(id, stripLocalKeys(input.realMasterState), serverOwnedFields);
      onConflicts(collection, id, conflicts);
      return document;
    },
  };
  controlsByHandler.set(handler, controls);
  return handler;
}

/**
 * Append-only collections: a stored document never changes, so a conflict only means the server holds
 * the document already (a retry, or the id was taken): its copy is the truth.
 */
export function createAppendOnlyConflictHandler<T extends { id: string }>(): RxConflictHandler<T> {
  const controls = new Controls();
  const handler: RxConflictHandler<T> = {
    isEqual: (a, b) => documentsEqual(a, b),
    resolve: (input) => {
      controls.takeRevert(input.realMasterState.id, input.newDocumentState);
      return Promise.resolve(masterAsIs(input));
    },
  };
  controlsByHandler.set(handler, controls);
  return handler;
}
