/**
 * Applies a push, in three steps:
 *
 * 1. Validate every row against the schema: any invalid row → 422 `validation_failed`, nothing applied.
 * 2. Authorize every insert (a row whose id the server has never stored) with the write policy: any
 *    refused insert → 422 `forbidden`, nothing applied. An insert has no master to answer with, so the
 *    client must be told which rows to drop.
 * 3. Apply each row in its own change transaction (push-decision.ts): a stale assumed master is a
 *    conflict; a retry of the stored state is a no-op; an update the write policy refuses (or a derived
 *    write finds impossible) is answered as a conflict with the stored master, so the client's merge
 *    reverts it and replication goes on. An accepted row is stamped, stored, and followed by the
 *    collection's derived writes (timeline events, article versions, the auth account) in the same
 *    transaction.
 */
import { canWriteDocument, type WriteDenial } from '../../shared/sync/write-policy';
import type { CollectionDefinition } from '../../shared/sync/collections';
import type { PushRow, PushRowRejection, WireDocument } from '../../shared/sync/protocol';
import { omitKeys } from '../../shared/util/deep-equal';
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
  type Db,
} from '../documents/document-store';
import type { DocumentValidator, FieldError } from './document-validator';
import { decidePush } from './push-decision';
import { NUMBER_SEQUENCES, stampServerOwnedFields, type StampActor } from './server-owned-fields';
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

/** Applies already validated and authorized rows; returns the current masters of the rows that conflicted or were refused. */
export async function applyPushRows(db: Db, definition: CollectionDefinition, rows: readonly PushRow[], deps: ApplyDeps): Promise<WireDocument[]> {
  const conflicts: WireDocument[] = [];
  for (const row of rows) {
    const outcome = await applyPushRow(db, definition, row, deps);
    if (outcome.conflict !== undefined) conflicts.push(outcome.conflict);
    if (outcome.refusal !== undefined) deps.onRefused?.(outcome.refusal);
    if (outcome.notices !== undefined && outcome.notices.length > 0) deps.onCommitted(outcome.notices);
  }
  return conflicts;
}

interface RowOutcome {
  readonly conflict?: WireDocument;
  readonly refusal?: RefusedUpdate;
  readonly notices?: readonly ChangeNotice[];
}

async function applyPushRow(db: Db, definition: CollectionDefinition, row: PushRow, deps: ApplyDeps): Promise<RowOutcome> {
  const collection = definition.name;
  const id = String(row.newDocumentState[definition.schema.primaryKey]);
  try {
    return await inChangeTransaction(db, async (trx): Promise<RowOutcome> => {
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

      const now = deps.clock.now();
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
        const prepared = await preparer({ trx, actor, now, before, after: { entity, deleted }, seq });
        data = prepared.entity;
        await upsertDocument(trx, collection, { id, data, deleted, updatedAt: now, seq });
        notices.push({ collection, seq });
        for (const companion of prepared.companions) notices.push(...(await writeServerDocument(trx, companion.collection, companion.entity, now)));
      }
      notices.push(...((await DERIVED_WRITERS[collection]?.({ trx, actor, now, before, after: { entity: data, deleted }, seq })) ?? []));
      return { notices };
    });
  } catch (error) {
    if (!(error instanceof RefusedWrite)) throw error;
    // The transaction rolled back: answer with the master as it is now.
    const stored = await readDocument(db, collection, id);
    if (stored === undefined) throw error;
    return { conflict: toWireDocument(stored), refusal: { id, reason: 'derived', fields: [] } };
  }
}
