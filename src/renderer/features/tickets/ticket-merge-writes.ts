/**
 * Merging one ticket into another with local writes (they replicate like any edit, so a merge works
 * offline). Permission comes from the shared write policy, the same rules the server applies to the
 * push; the plan is the shared pure one (src/shared/domain/ticket-merge.ts).
 */
import { planTicketMerge, type TicketMergeChoice, type TicketMergePlan, type TicketMergeProblem } from '../../../shared/domain/ticket-merge';
import type { Ticket } from '../../../shared/domain/ticket';
import { canWriteDocument } from '../../../shared/sync/write-policy';
import type { AtendeDatabase, TicketDocType } from '../../data/database';
import type { Actor } from '../customers/customer-writes';

export type TicketMergeCheck =
  | { readonly ok: true; readonly plan: TicketMergePlan }
  | { readonly ok: false; readonly problem: TicketMergeProblem | 'forbidden' | 'not_found' };

/** What merging `source` into `target` would write, checked against the write policy for `actor`. */
export function checkTicketMerge(source: Ticket, target: Ticket, choice: TicketMergeChoice, actor: Actor): TicketMergeCheck {
  const result = planTicketMerge(source, target, choice);
  if (!result.ok) return result;
  const allowed = (before: Ticket, after: Ticket) =>
    canWriteDocument({ ...actor, collection: 'tickets', before: before as unknown as Record<string, unknown>, after: after as unknown as Record<string, unknown> }).allowed;
  if (!allowed(target, result.plan.survivor) || !allowed(source, result.plan.merged)) return { ok: false, problem: 'forbidden' };
  return result;
}

/**
 * Merges `sourceId` into `targetId`. The target absorbs the source first; the source is closed and
 * linked last, so an interrupted merge (closed window, crash) leaves it open and merging again
 * finishes the job. The target is re-planned on its latest state (a pull may have changed it since
 * the dialog showed the plan); if it can no longer take the merge, the source is left as it was.
 */
export async function mergeTickets(db: AtendeDatabase, sourceId: string, targetId: string, choice: TicketMergeChoice, actor: Actor): Promise<TicketMergeCheck> {
  const [sourceDoc, targetDoc] = await Promise.all([db.tickets.findOne(sourceId).exec(), db.tickets.findOne(targetId).exec()]);
  if (sourceDoc === null || targetDoc === null) return { ok: false, problem: 'not_found' };
  const source = sourceDoc.toJSON() as Ticket;
  const check = checkTicketMerge(source, targetDoc.toJSON(), choice, actor);
  if (!check.ok) return check;

  const now = new Date().toISOString();
  let refused: TicketMergeProblem | undefined;
  await targetDoc.incrementalModify((data) => {
    const again = planTicketMerge(source, data, choice);
    if (!again.ok) {
      refused = again.problem;
      return data;
    }
    return { ...(again.plan.survivor as TicketDocType), updatedAt: now };
  });
  if (refused !== undefined) return { ok: false, problem: refused };
  await sourceDoc.incrementalModify((data) => ({ ...data, status: 'closed', mergedIntoId: targetId, updatedAt: now }));
  return check;
}
