/**
 * Conflict handling for pushes the server rejected because its copy moved on (another agent saved,
 * or the server stamped `updatedAt`/`number` after our previous push).
 *
 * Uses the shared field-by-field merge rule instead of RxDB's default "server wins": a field only this
 * client changed (relative to the `assumedMasterState` its edit was based on) keeps the local value;
 * same-field clashes go to the server and the overwritten local value is recorded in the conflict log,
 * which the UI shows, so nothing typed disappears silently. RxDB writes the merged document locally
 * and pushes it again with the new master as its assumed state.
 */
import type { RxConflictHandler, RxConflictHandlerInput, WithDeleted } from 'rxdb';
import { createStore } from 'zustand/vanilla';
import type { SyncCollectionName } from '../../shared/sync/collections';
import { mergeFieldByField, type FieldConflict } from '../../shared/sync/merge';
import { jsonEqual } from '../../shared/util/deep-equal';

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
): { readonly document: WithDeleted<T>; readonly conflicts: readonly FieldConflict[] } {
  const { merged, conflicts } = mergeFieldByField({
    master: stripLocalKeys(input.realMasterState),
    local: stripLocalKeys(input.newDocumentState),
    base: input.assumedMasterState === undefined ? undefined : stripLocalKeys(input.assumedMasterState),
    serverOwnedFields,
  });
  return { document: { ...merged, _deleted: merged._deleted === true } as WithDeleted<T>, conflicts };
}

export function createConflictHandler<T extends { id: string }>(
  collection: SyncCollectionName,
  serverOwnedFields: readonly string[],
  onConflicts: typeof recordConflicts = recordConflicts,
): RxConflictHandler<T> {
  return {
    isEqual: (a, b) => documentsEqual(a, b),
    resolve: (input) => {
      const { document, conflicts } = mergeConflict(input, serverOwnedFields);
      onConflicts(collection, input.realMasterState.id, conflicts);
      return Promise.resolve(document);
    },
  };
}
