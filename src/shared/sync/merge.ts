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

/** A state this client pushed without learning the outcome (the answer was lost), or whose stamped copy it has not stored yet. */
export interface UnconfirmedPush {
  readonly state: Readonly<Record<string, unknown>>;
  /** Pushed as an insert (no assumed master). */
  readonly insert: boolean;
  /**
   * The fields the push changed (differing from its assumed master); absent: every field (an insert,
   * or a record from before this was kept). A field the push left as it was says nothing about who
   * put the master's value there.
   */
  readonly changed?: readonly string[];
}

/** The fields `state` changes relative to `assumed` (every field of `state` for an insert). */
export function changedFields(
  state: Readonly<Record<string, unknown>>,
  assumed: Readonly<Record<string, unknown>> | undefined,
  ignored: readonly string[],
): string[] | undefined {
  if (assumed === undefined) return undefined;
  const fields = new Set([...Object.keys(state), ...Object.keys(assumed)]);
  return [...fields].filter((field) => !ignored.includes(field) && !jsonEqual(state[field], assumed[field])).sort();
}

/**
 * The merge base once the client's own unconfirmed pushes are taken into account.
 *
 * A push the server applied but whose answer never arrived leaves RxDB with the base from before it;
 * merging against that base makes the client's own applied values look like someone else's change, so
 * its older edit beats its newer one. Here, a field whose master value is one this client pushed (as a
 * change: a value it merely carried along is someone else's) counts as based on that value, and a conflict on a document the client inserted without an answer is based
 * on the inserted state (ids are client-generated: the server holding the id means the insert applied).
 * When the server never applied the push, the only fields affected are ones whose master value equals a
 * value this client wrote anyway, so the merge can only keep the client's newer edit over its own value.
 */
export function rebaseOnUnconfirmedPushes(
  base: Readonly<Record<string, unknown>> | undefined,
  master: Readonly<Record<string, unknown>>,
  pushes: readonly UnconfirmedPush[],
  serverOwnedFields: readonly string[],
): Readonly<Record<string, unknown>> | undefined {
  if (pushes.length === 0) return base;
  const start = base ?? appliedInsert(master, pushes, serverOwnedFields)?.state;
  if (start === undefined) return undefined;
  const fields = new Set([...Object.keys(master), ...Object.keys(start), ...pushes.flatMap((push) => Object.keys(push.state))]);
  const rebased = new Map(Object.entries(start));
  for (const field of fields) {
    if (serverOwnedFields.includes(field) || jsonEqual(rebased.get(field), master[field])) continue;
    if (!pushes.some((push) => (push.changed === undefined || push.changed.includes(field)) && jsonEqual(push.state[field], master[field]))) continue;
    if (master[field] === undefined) rebased.delete(field);
    else rebased.set(field, master[field]);
  }
  return Object.fromEntries(rebased);
}

/**
 * Of the states pushed as inserts, the one the server applied: the master began as it, so it is the
 * one the master still agrees with on the most fields (later inserts of the same document are local
 * edits of a copy whose first insert lost its answer; a copy pulled just before the app closed, whose
 * replication metadata was never written, is pushed as an insert of the pulled state itself).
 */
function appliedInsert(
  master: Readonly<Record<string, unknown>>,
  pushes: readonly UnconfirmedPush[],
  serverOwnedFields: readonly string[],
): UnconfirmedPush | undefined {
  let best: UnconfirmedPush | undefined;
  let bestScore = -1;
  for (const push of pushes) {
    if (!push.insert) continue;
    const score = Object.keys(push.state).filter((field) => !serverOwnedFields.includes(field) && jsonEqual(push.state[field], master[field])).length;
    if (score > bestScore) {
      best = push;
      bestScore = score;
    }
  }
  return best;
}
