/**
 * Field-by-field three-way merge for replicated documents (tickets, customers).
 *
 * RxDB hands the client a conflict when its push was based on a master state the server no longer
 * holds. We compare both sides against that common ancestor (the assumed master): a field only one
 * side changed takes that side's value, so edits to different fields both survive. When both sides
 * changed the same field to different values the server wins, and the overwritten local value is
 * reported so the UI can record it as a visible conflict entry (nothing typed is silently lost).
 */
import { jsonEqual } from '../util/deep-equal';

export interface FieldConflict {
  readonly field: string;
  /** The value the agent had typed, which the server's value replaced. */
  readonly localValue: unknown;
  /** The value that won. */
  readonly masterValue: unknown;
}

export interface MergeResult {
  readonly merged: Record<string, unknown>;
  readonly conflicts: readonly FieldConflict[];
}

export interface MergeInput {
  /** The server's current document (wins on same-field conflicts and owns server fields). */
  readonly master: Readonly<Record<string, unknown>>;
  /** The local document the client tried to push. */
  readonly local: Readonly<Record<string, unknown>>;
  /** The master state the local edits were based on; absent when the client believed it was inserting. */
  readonly base: Readonly<Record<string, unknown>> | undefined;
  /** Fields only the server sets: always taken from the master, never reported as conflicts. */
  readonly serverOwnedFields: readonly string[];
}

export function mergeFieldByField({ master, local, base, serverOwnedFields }: MergeInput): MergeResult {
  const merged: Record<string, unknown> = {};
  const conflicts: FieldConflict[] = [];
  // Without a common ancestor nothing can be told apart: every differing field counts as changed on both sides.
  const ancestor = base ?? {};
  const fields = new Set([...Object.keys(master), ...Object.keys(local), ...Object.keys(ancestor)]);

  for (const field of fields) {
    const masterValue = master[field];
    const localValue = local[field];
    if (serverOwnedFields.includes(field)) {
      assign(merged, field, masterValue);
      continue;
    }
    const localChanged = base === undefined ? true : !jsonEqual(localValue, ancestor[field]);
    const masterChanged = base === undefined ? true : !jsonEqual(masterValue, ancestor[field]);
    if (localChanged && !masterChanged) {
      assign(merged, field, localValue);
    } else if (localChanged && !jsonEqual(localValue, masterValue)) {
      assign(merged, field, masterValue);
      conflicts.push({ field, localValue, masterValue });
    } else {
      assign(merged, field, masterValue);
    }
  }
  return { merged, conflicts };
}

function assign(target: Record<string, unknown>, field: string, value: unknown): void {
  // An absent value stays absent (optional fields such as an unassigned ticket's assigneeId).
  if (value !== undefined) target[field] = value;
}
