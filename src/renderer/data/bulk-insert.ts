/**
 * Blind bulk inserts for RxDB's Dexie storage.
 *
 * RxDB's Dexie storage (17.x) reads every id of a write (`bulkGet`) before it writes, to find
 * conflicts. On a first sync nearly every write is an insert of a document the replica has never seen:
 * the replication writes each pulled page as inserts into the collection and into its meta instance
 * (the assumed master states), so half of the IndexedDB requests of a bootstrap are reads of missing
 * keys. This wrapper writes a batch made only of inserts (no `previous`) with one `bulkAdd` in one
 * transaction instead; IndexedDB itself refuses an id that exists (ConstraintError), which aborts the
 * whole transaction, and then the batch goes to RxDB's own bulkWrite, which reports those ids as 409
 * conflicts as before. Stored rows, change events and the result are the ones RxDB's own path makes
 * (`categorizeBulkWriteRows` and `fromStorageToDexie` are RxDB's; test/unit/renderer/bulk-insert.test.ts
 * holds the two paths to each other). Any other write goes to RxDB unchanged.
 */
import type { Subject } from 'rxjs';
import {
  categorizeBulkWriteRows,
  type BulkWriteRow,
  type DexieStorageInternals,
  type EventBulk,
  type RxDocumentData,
  type RxStorage,
  type RxStorageBulkWriteResponse,
  type RxStorageChangeEvent,
  type RxStorageDefaultCheckpoint,
  type RxStorageInstance,
} from 'rxdb';
import { fromStorageToDexie } from 'rxdb/plugins/storage-dexie';
import { wrapDexieInstances } from './dexie-wrapper';

type Doc = RxDocumentData<Record<string, unknown>>;
type DexieInstance = RxStorageInstance<Record<string, unknown>, DexieStorageInternals, unknown> & {
  readonly primaryPath: string;
  readonly devMode: boolean;
  readonly closed?: Promise<void>;
};
type ChangeBulk = EventBulk<RxStorageChangeEvent<Doc>, RxStorageDefaultCheckpoint>;

/** Whether a failed transaction failed only because some id was already stored. */
export function isConstraintError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, failures } = error as { name?: unknown; failures?: unknown };
  if (name === 'ConstraintError') return true;
  return name === 'BulkError' && Array.isArray(failures) && failures.length > 0 && failures.every(isConstraintError);
}

/** RxDB's Dexie instance keeps its change subject private; its bulkWrite emits there after commit, and so must this. */
function changeSubjectOf(instance: DexieInstance): Subject<ChangeBulk> | null {
  const subject = (instance as unknown as { changes$?: unknown }).changes$;
  return typeof subject === 'object' && subject !== null && typeof (subject as { next?: unknown }).next === 'function'
    ? (subject as Subject<ChangeBulk>)
    : null;
}

function onlyInserts(rows: readonly BulkWriteRow<Record<string, unknown>>[]): boolean {
  // A row without `_rev` is refused by RxDB's own bulkWrite (SNH): leave that answer to it.
  return rows.length > 0 && rows.every((row) => row.previous === undefined && typeof row.document._rev === 'string' && row.document._rev !== '');
}

/** The instance with its bulkWrite writing insert-only batches blind (see the module comment). */
function withBlindInserts(instance: DexieInstance): DexieInstance {
  const changes$ = changeSubjectOf(instance);
  const hasAttachments = instance.schema.attachments !== undefined;
  // Dev mode adds fields to written documents inside bulkWrite; attachments go to their own table.
  if (changes$ === null || instance.devMode || hasAttachments) return instance;
  const rxdbBulkWrite = instance.bulkWrite.bind(instance);
  const primaryPath = instance.primaryPath;
  instance.bulkWrite = async (rows, context): Promise<RxStorageBulkWriteResponse<Record<string, unknown>>> => {
    if (instance.closed !== undefined || !onlyInserts(rows)) return rxdbBulkWrite(rows, context);
    const state = await instance.internals;
    // With nothing stored under these ids every row is an insert: RxDB's own categorizing gives the events.
    const categorized = categorizeBulkWriteRows<Record<string, unknown>>(instance, primaryPath, new Map(), rows, context);
    if (categorized.errors.length > 0) return rxdbBulkWrite(rows, context);
    const stored = categorized.bulkInsertDocs.map((row): unknown => fromStorageToDexie(state.booleanIndexes, row.document));
    try {
      await state.dexieDb.transaction('rw', state.dexieTable, async () => {
        await state.dexieTable.bulkAdd(stored);
      });
    } catch (error) {
      // Some id exists (the transaction is rolled back whole): RxDB's path reads them and answers 409.
      if (isConstraintError(error)) return rxdbBulkWrite(rows, context);
      throw error;
    }
    const { eventBulk, newestRow } = categorized;
    if (eventBulk.events.length > 0 && newestRow !== undefined) {
      const last = newestRow.document;
      eventBulk.checkpoint = { id: last[primaryPath] as string, lwt: last._meta.lwt };
      changes$.next(eventBulk as ChangeBulk);
    }
    return { error: [] };
  };
  return instance;
}

/** The Dexie storage with blind bulk inserts (any other storage is returned as it is). */
export function withBulkInserts<S extends RxStorage<unknown, unknown>>(storage: S): S {
  return wrapDexieInstances(storage, (instance) => withBlindInserts(instance as unknown as DexieInstance) as unknown as typeof instance);
}
