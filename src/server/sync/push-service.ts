/**
 * Applies a push: validate every row first (all or nothing), then apply each row in its own
 * change transaction, following the rules in push-decision.ts.
 */
import type { CollectionDefinition } from '../../shared/sync/collections';
import type { PushRow, WireDocument } from '../../shared/sync/protocol';
import { omitKeys } from '../../shared/util/deep-equal';
import type { Clock } from '../clock';
import {
  drawSequenceValues,
  inChangeTransaction,
  readDocument,
  toWireDocument,
  upsertDocument,
  type Db,
} from '../documents/document-store';
import type { DocumentValidator, FieldError } from './document-validator';
import { decidePush } from './push-decision';
import { NUMBER_SEQUENCES, stampServerOwnedFields } from './server-owned-fields';

export interface RowValidationError {
  /** Position of the row in the pushed array. */
  readonly index: number;
  readonly id: unknown;
  readonly errors: readonly FieldError[];
}

/** Every problem of every row; empty when the whole push may be applied. */
export function validatePushRows(definition: CollectionDefinition, validate: DocumentValidator, rows: readonly PushRow[]): RowValidationError[] {
  const primaryKey = definition.schema.primaryKey;
  const problems: RowValidationError[] = [];
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

/**
 * Applies already validated rows and returns the current masters of the rows that conflicted.
 * Each row commits on its own, so `onCommitted` hears of every write even if a later row fails.
 */
export async function applyPushRows(
  db: Db,
  definition: CollectionDefinition,
  rows: readonly PushRow[],
  clock: Clock,
  onCommitted: (seq: number) => void,
): Promise<WireDocument[]> {
  const conflicts: WireDocument[] = [];
  for (const row of rows) {
    const outcome = await applyPushRow(db, definition, row, clock);
    if (outcome.conflict !== undefined) conflicts.push(outcome.conflict);
    if (outcome.seq !== undefined) onCommitted(outcome.seq);
  }
  return conflicts;
}

interface RowOutcome {
  readonly conflict?: WireDocument;
  readonly seq?: number;
}

function applyPushRow(db: Db, definition: CollectionDefinition, row: PushRow, clock: Clock): Promise<RowOutcome> {
  const collection = definition.name;
  const id = String(row.newDocumentState[definition.schema.primaryKey]);
  return inChangeTransaction(db, async (trx) => {
    const stored = await readDocument(trx, collection, id);
    const master = stored === undefined ? undefined : toWireDocument(stored);
    const decision = decidePush(master, row, definition.serverOwnedFields);
    if (decision === 'conflict') return { conflict: master };
    if (decision === 'unchanged') return {};
    const now = clock.now();
    const entity = await stampServerOwnedFields(definition, omitKeys(row.newDocumentState, ['_deleted']), {
      collection,
      master: stored?.data,
      now,
      drawNumber: async () => {
        const sequence = NUMBER_SEQUENCES[collection];
        if (sequence === undefined) throw new Error(`${collection} has no number sequence`);
        const [value] = await drawSequenceValues(trx, sequence, 1);
        if (value === undefined) throw new Error(`${sequence} returned no value`);
        return value;
      },
    });
    const seq = await upsertDocument(trx, collection, { id, data: entity, deleted: row.newDocumentState._deleted, updatedAt: now });
    return { seq };
  });
}
