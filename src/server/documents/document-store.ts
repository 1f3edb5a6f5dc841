/**
 * The generic document store: every replicated collection lives in one `documents` table keyed by
 * (collection, id), each row stamped with the global change sequence of its last write.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { WireDocument } from '../../shared/sync/protocol';
import { acquireChangeLock } from '../db/change-lock';
import type { DatabaseSchema } from '../db/schema';

export type Db = Kysely<DatabaseSchema>;
export type Trx = Transaction<DatabaseSchema>;
/** A transaction holding the change lock: the only place allowed to draw change sequences. */
export type ChangeTransaction = Trx & { readonly __changeLockHeld: true };

export interface StoredDocument {
  readonly id: string;
  readonly seq: number;
  /** The entity without `_deleted`. */
  readonly data: Readonly<Record<string, unknown>>;
  readonly deleted: boolean;
}

export interface DocumentWrite {
  readonly id: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly deleted: boolean;
  readonly updatedAt: Date;
  /** A change sequence drawn beforehand with drawChangeSeq (for writes that need it first); default: a fresh one. */
  readonly seq?: number;
}

export function toWireDocument(document: StoredDocument): WireDocument {
  return { ...document.data, _deleted: document.deleted };
}

/** Runs `work` in a transaction that first takes the change lock (see db/change-lock.ts). */
export function inChangeTransaction<T>(db: Db, work: (trx: ChangeTransaction) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await acquireChangeLock(trx);
    return work(trx as ChangeTransaction);
  });
}

/** Documents of `collection` changed after `afterSeq`, oldest change first. */
export async function readDocumentsAfter(db: Db | Trx, collection: string, afterSeq: number, limit: number): Promise<StoredDocument[]> {
  const rows = await db
    .selectFrom('documents')
    .select(['id', 'seq', 'data', 'deleted'])
    .where('collection', '=', collection)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ id: row.id, seq: Number(row.seq), data: row.data, deleted: row.deleted }));
}

export async function readDocument(db: Db | Trx, collection: string, id: string): Promise<StoredDocument | undefined> {
  const row = await db
    .selectFrom('documents')
    .select(['id', 'seq', 'data', 'deleted'])
    .where('collection', '=', collection)
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : { id: row.id, seq: Number(row.seq), data: row.data, deleted: row.deleted };
}

/** Which of `ids` exist in `collection` (deleted documents included: documents are never removed). */
export async function existingIds(db: Db | Trx, collection: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('documents').select('id').where('collection', '=', collection).where('id', 'in', [...new Set(ids)]).execute();
  return new Set(rows.map((row) => row.id));
}

/** The sequence of the latest change in `collection` (0 when it has none). */
export async function latestSeq(db: Db | Trx, collection: string): Promise<number> {
  const row = await db
    .selectFrom('documents')
    .select((eb) => eb.fn.max<string | number | null>('seq').as('seq'))
    .where('collection', '=', collection)
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}

export async function countDocuments(db: Db | Trx): Promise<number> {
  const row = await db.selectFrom('documents').select((eb) => eb.fn.countAll<string | number>().as('count')).executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** Inserts or replaces one document with a fresh change sequence; returns that sequence. */
export async function upsertDocument(trx: ChangeTransaction, collection: string, write: DocumentWrite): Promise<number> {
  const row = await trx
    .insertInto('documents')
    .values(documentValues(collection, write))
    .onConflict((conflict) =>
      conflict.columns(['collection', 'id']).doUpdateSet((eb) => ({
        seq: eb.ref('excluded.seq'),
        data: eb.ref('excluded.data'),
        deleted: eb.ref('excluded.deleted'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .returning('seq')
    .executeTakeFirstOrThrow();
  return Number(row.seq);
}

/**
 * Inserts one document unless one with its id exists (immutable, server-written documents such as
 * article versions); returns its change sequence, or `undefined` when it existed.
 */
export async function insertDocumentIfAbsent(trx: ChangeTransaction, collection: string, write: DocumentWrite): Promise<number | undefined> {
  const row = await trx
    .insertInto('documents')
    .values(documentValues(collection, write))
    .onConflict((conflict) => conflict.columns(['collection', 'id']).doNothing())
    .returning('seq')
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.seq);
}

/**
 * Inserts many new documents in one statement, each with its own change sequence (drawn in the
 * order given). Returns the highest sequence written, or 0 for an empty batch.
 */
export async function insertDocuments(trx: ChangeTransaction, collection: string, writes: readonly DocumentWrite[]): Promise<number> {
  if (writes.length === 0) return 0;
  const rows = await trx
    .insertInto('documents')
    .values(writes.map((write) => documentValues(collection, write)))
    .returning('seq')
    .execute();
  return rows.reduce((max, row) => Math.max(max, Number(row.seq)), 0);
}

/**
 * Draws the change sequence of a write that must know it before storing (ids derived from it go into
 * the document's companions). Pass it as `DocumentWrite.seq`.
 */
export async function drawChangeSeq(trx: ChangeTransaction): Promise<number> {
  const [seq] = await drawSequenceValues(trx, 'change_seq', 1);
  if (seq === undefined) throw new Error('change_seq returned no value');
  return seq;
}

/** Draws `count` values from a sequence, ascending (e.g. ticket numbers). */
export async function drawSequenceValues(trx: ChangeTransaction, sequence: string, count: number): Promise<number[]> {
  if (count <= 0) return [];
  const result = await sql<{ value: string | number }>`select nextval(${sequence}::regclass) as value from generate_series(1, ${count})`.execute(trx);
  return result.rows.map((row) => Number(row.value)).sort((a, b) => a - b);
}

function documentValues(collection: string, write: DocumentWrite) {
  return {
    collection,
    id: write.id,
    seq: write.seq ?? sql<number>`nextval('change_seq')`,
    data: JSON.stringify(write.data),
    deleted: write.deleted,
    updated_at: write.updatedAt,
  };
}
