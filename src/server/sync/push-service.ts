/**
 * Applies a push, in three steps:
 *
 * 1. Validate every row against the schema: any invalid row → 422 `validation_failed`, nothing applied.
 * 2. Authorize every insert (a row whose id the server has never stored) with the write policy: any
 *    refused insert → 422 `forbidden`, nothing applied. An insert has no master to answer with, so the
 *    client must be told which rows to drop.
 * 3. Apply the rows in order (push-decision.ts): a stale assumed master is a conflict; a retry of the
 *    stored state is a no-op; an update the write policy refuses (or a derived write finds impossible)
 *    is answered as a conflict with the stored master, so the client's merge reverts it and replication
 *    goes on. An accepted row is stamped, stored, and followed by the collection's derived writes
 *    (timeline events, article versions, the auth account).
 *
 * Step 3 runs up to PUSH_ROWS_PER_TRANSACTION rows in one change transaction (one lock wait and one
 * commit instead of one per row: a client catching up pushes hundreds of rows). Each accepted row is
 * written inside its own savepoint, so it is still all or nothing: a row a derived write refuses rolls
 * back to its savepoint (its companions and derived writes with it) and the rows after it go on. A
 * conflict or refusal writes nothing. Every row reads its master inside the transaction, so it sees the
 * rows before it in the same push; reads the SLA engine repeats for every row are shared (batch-reads.ts).
 * Sequences are drawn under the change lock as before and become visible at the batch's commit, all at
 * once, so pulls still never skip a change (db/change-lock.ts).
 */
import { canWriteDocument, type WriteDenial } from '../../shared/sync/write-policy';
import type { CollectionDefinition } from '../../shared/sync/collections';
import type { PushRow, PushRowRejection, WireDocument } from '../../shared/sync/protocol';
import { omitKeys } from '../../shared/util/deep-equal';
import { sql } from 'kysely';
import type { ChangeNotice } from '../changes/change-feed';
import type { Clock } from '../clock';
import {
  drawChangeSeq,
  drawSequenceValues,
  existingIds,
  inChangeTransaction,
  readDocument,
  toWireDocument,
  upsertDocument,
  type ChangeTransaction,
  type Db,
  type StoredDocument,
} from '../documents/document-store';
import type { DocumentValidator, FieldError } from './document-validator';
import { decidePush } from './push-decision';
import { NUMBER_SEQUENCES, stampServerOwnedFields, type StampActor } from './server-owned-fields';
import { BatchReads } from './writers/batch-reads';
import { RefusedWrite, writeServerDocument } from './writers/derived-write';
import { DERIVED_WRITERS, WRITE_PREPARERS } from './writers';

/** One rejected row of a 422 push (see PushRowRejection in the shared protocol). */
export type RowRejection = PushRowRejection;

/** A refused row the push answered with its master (logged, not reported to the client beyond the conflict). */
export interface RefusedUpdate {
  readonly id: string;
  readonly reason: WriteDenial | 'derived';
  readonly fields: readonly string[];
}

/** Every schema problem of every row; empty when the whole push is valid. */
export function validatePushRows(definition: CollectionDefinition, validate: DocumentValidator, rows: readonly PushRow[]): RowRejection[] {
  const primaryKey = definition.schema.primaryKey;
  const problems: RowRejection[] = [];
  rows.forEach((row, index) => {
    const errors: FieldError[] = [...validate(row.newDocumentState)];
    if (typeof (row.newDocumentState as { _deleted?: unknown })._deleted !== 'boolean') {
      errors.push({ path: '/_deleted', message: 'must be boolean' });
    }
    const id = row.newDocumentState[primaryKey];
    if (row.assumedMasterState !== undefined && row.assumedMasterState[primaryKey] !== id) {
      errors.push({ path: `/assumedMasterState/${primaryKey}`, message: 'must equal the id of newDocumentState' });
    }
    if (errors.length > 0) problems.push({ index, id, errors });
  });
  return problems;
}

const DENIAL_MESSAGES: Readonly<Record<WriteDenial, string>> = {
  role: 'your role may not write this collection',
  append_only: 'documents of this collection cannot be changed',
  delete: 'your role may not delete or restore documents of this collection',
  kind: 'your role may not write documents of this kind',
  kind_changed: 'the kind of a document cannot change',
  not_owner: 'you may only write your own documents',
  field: 'your role may not set this field',
  sealed: 'the document is sealed for your role',
};

function denialErrors(reason: WriteDenial, fields: readonly string[]): FieldError[] {
  const message = DENIAL_MESSAGES[reason];
  return fields.length === 0 ? [{ path: '', message }] : fields.map((field) => ({ path: `/${field.replaceAll('.', '/')}`, message }));
}

/**
 * The pushed inserts (ids the server has never stored) the write policy refuses; empty when every
 * insert may be applied. Documents are never removed, so a row found to be an update here stays one.
 */
export async function findRefusedInserts(db: Db, definition: CollectionDefinition, rows: readonly PushRow[], actor: StampActor): Promise<RowRejection[]> {
  const primaryKey = definition.schema.primaryKey;
  const stored = await existingIds(db, definition.name, rows.map((row) => String(row.newDocumentState[primaryKey])));
  const refused: RowRejection[] = [];
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const id = String(row.newDocumentState[primaryKey]);
    // A second row with the same id is an update of the first (or a conflict), not another insert.
    if (stored.has(id) || seen.has(id)) return;
    seen.add(id);
    const decision = canWriteDocument({ role: actor.role, userId: actor.id, collection: definition.name, after: row.newDocumentState });
    if (!decision.allowed) {
      refused.push({ index, id, reason: decision.reason, fields: decision.fields, errors: denialErrors(decision.reason, decision.fields) });
    }
  });
  return refused;
}

export interface ApplyDeps {
  readonly clock: Clock;
  readonly actor: StampActor;
  /** Hears of every committed change (the row's and its derived writes'), even if a later row fails. */
  readonly onCommitted: (notices: readonly ChangeNotice[]) => void;
  /** Hears of every refused update (answered as a conflict). */
  readonly onRefused?: (refusal: RefusedUpdate) => void;
}

/**
 * Rows applied per change transaction. Bounded so that one push holds the change lock (which every
 * other writer waits for) for a bounded time, and so that a transaction's savepoints that write stay
 * under Postgres's cache of 64 subtransactions per backend (beyond it, every other session's
 * snapshots get slower while the transaction is open).
 */
export const PUSH_ROWS_PER_TRANSACTION = 50;

/** Applies already validated and authorized rows; returns the current masters of the rows that conflicted or were refused. */
export async function applyPushRows(db: Db, definition: CollectionDefinition, rows: readonly PushRow[], deps: ApplyDeps): Promise<WireDocument[]> {
  const conflicts: WireDocument[] = [];
  for (let start = 0; start < rows.length; start += PUSH_ROWS_PER_TRANSACTION) {
    const batch = rows.slice(start, start + PUSH_ROWS_PER_TRANSACTION);
    // An unexpected error rolls back this batch and fails the request; the batches before it stay committed and announced.
    const outcomes = await inChangeTransaction(db, async (trx) => {
      const reads = new BatchReads();
      const applied: RowOutcome[] = [];
      for (const row of batch) applied.push(await applyPushRow(trx, reads, definition, row, deps));
      return applied;
    });
    for (const outcome of outcomes) {
      if (outcome.conflict !== undefined) conflicts.push(outcome.conflict);
      if (outcome.refusal !== undefined) deps.onRefused?.(outcome.refusal);
      if (outcome.notices !== undefined && outcome.notices.length > 0) deps.onCommitted(outcome.notices);
    }
  }
  return conflicts;
}

interface RowOutcome {
  readonly conflict?: WireDocument;
  readonly refusal?: RefusedUpdate;
  readonly notices?: readonly ChangeNotice[];
}

async function applyPushRow(trx: ChangeTransaction, reads: BatchReads, definition: CollectionDefinition, row: PushRow, deps: ApplyDeps): Promise<RowOutcome> {
  const collection = definition.name;
  const id = String(row.newDocumentState[definition.schema.primaryKey]);
  const stored = await readDocument(trx, collection, id);
  const master = stored === undefined ? undefined : toWireDocument(stored);
  const decision = decidePush(master, row, definition.serverOwnedFields);
  if (decision === 'conflict') return { conflict: master };
  if (decision === 'unchanged') return {};

  const { actor } = deps;
  const policy = canWriteDocument({ role: actor.role, userId: actor.id, collection, after: row.newDocumentState, ...(master === undefined ? {} : { before: master }) });
  if (!policy.allowed) {
    // findRefusedInserts answered every refused insert with a 422 before anything was applied.
    if (master === undefined) throw new Error(`refused insert of ${collection}/${id} reached the apply step`);
    return { conflict: master, refusal: { id, reason: policy.reason, fields: policy.fields } };
  }

  // The row's writes (it, its companions, its derived writes) stand or fall together, apart from the other rows'.
  await sql`savepoint push_row`.execute(trx);
  try {
    const notices = await writeAcceptedRow(trx, reads, definition, row, stored, deps);
    await sql`release savepoint push_row`.execute(trx);
    reads.written(notices);
    return { notices };
  } catch (error) {
    if (!(error instanceof RefusedWrite)) throw error;
    await sql`rollback to savepoint push_row`.execute(trx);
    await sql`release savepoint push_row`.execute(trx);
    reads.forgetAll();
    // A refused insert has no master to answer with: the request fails.
    if (master === undefined) throw error;
    // Rolled back to the state the decision read: the master is still current.
    return { conflict: master, refusal: { id, reason: 'derived', fields: [] } };
  }
}

/** Stamps and stores an accepted row, then its companions and derived writes; returns every change written. */
async function writeAcceptedRow(
  trx: ChangeTransaction,
  reads: BatchReads,
  definition: CollectionDefinition,
  row: PushRow,
  stored: StoredDocument | undefined,
  { clock, actor }: ApplyDeps,
): Promise<ChangeNotice[]> {
  const collection = definition.name;
  const id = String(row.newDocumentState[definition.schema.primaryKey]);
  const now = clock.now();
  const pushed = omitKeys(row.newDocumentState, ['_deleted']);
  const entity = await stampServerOwnedFields(definition, pushed, {
    collection,
    entity: pushed,
    master: stored?.data,
    now,
    actor,
    drawNumber: async () => {
      const sequence = NUMBER_SEQUENCES[collection];
      if (sequence === undefined) throw new Error(`${collection} has no number sequence`);
      const [value] = await drawSequenceValues(trx, sequence, 1);
      if (value === undefined) throw new Error(`${sequence} returned no value`);
      return value;
    },
  });
  const deleted = row.newDocumentState._deleted;
  const before = stored === undefined ? undefined : { entity: stored.data, deleted: stored.deleted };
  const preparer = WRITE_PREPARERS[collection];
  let seq: number;
  let data = entity;
  const notices: ChangeNotice[] = [];
  if (preparer === undefined) {
    seq = await upsertDocument(trx, collection, { id, data, deleted, updatedAt: now });
    notices.push({ collection, seq });
  } else {
    seq = await drawChangeSeq(trx);
    const prepared = await preparer({ trx, actor, now, before, after: { entity, deleted }, seq, reads });
    data = prepared.entity;
    await upsertDocument(trx, collection, { id, data, deleted, updatedAt: now, seq });
    notices.push({ collection, seq });
    for (const companion of prepared.companions) notices.push(...(await writeServerDocument(trx, companion.collection, companion.entity, now)));
  }
  notices.push(...((await DERIVED_WRITERS[collection]?.({ trx, actor, now, before, after: { entity: data, deleted }, seq, reads })) ?? []));
  return notices;
}
