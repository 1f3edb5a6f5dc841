/**
 * A ticket merge, as the server accepts it: when a write sets `mergedIntoId` (the source lives on in
 * the target), the target's history records it too — a `merge` event on the target naming the source
 * (`fromValue`) next to the one `ticket-events.ts` appends on the source — and a merge that would close
 * a loop of merged tickets (two offline merges in opposite directions) is refused: the row's master
 * goes back as a conflict, so neither ticket's history disappears into the other.
 */
import { mergeWouldLoop } from '../../../shared/domain/merge-chain';
import type { Ticket } from '../../../shared/domain/ticket';
import type { TimelineEntry } from '../../../shared/domain/timeline';
import { readDocument } from '../../documents/document-store';
import { RefusedWrite, writeServerDocument, type DerivedWriter } from './derived-write';

/** The id of the target's merge event for the ticket write with change sequence `seq` (deterministic, unique). */
export function mergeTargetEventId(seq: number): string {
  return `tle_${String(seq)}_mergeTarget`;
}

export const recordTicketMerge: DerivedWriter = async ({ trx, actor, now, before, after, seq }) => {
  const targetId = after.entity['mergedIntoId'];
  if (typeof targetId !== 'string' || before?.entity['mergedIntoId'] === targetId || after.deleted) return [];
  const source = after.entity as unknown as Ticket;

  const mergedIntoOf = async (id: string): Promise<string | undefined> => {
    const stored = await readDocument(trx, 'tickets', id);
    const next = stored?.data['mergedIntoId'];
    return typeof next === 'string' ? next : undefined;
  };
  if (await mergeWouldLoop(source.id, targetId, mergedIntoOf)) {
    throw new RefusedWrite(`merging ticket ${source.id} into ${targetId} would close a loop of merged tickets`);
  }

  // The target may not be stored yet (created offline, pushed after the source): the event waits for it.
  const target = await readDocument(trx, 'tickets', targetId);
  const targetCustomerId = target?.data['customerId'];
  const entry: TimelineEntry = {
    id: mergeTargetEventId(seq),
    subjectType: 'ticket',
    subjectId: targetId,
    kind: 'merge',
    occurredAt: now.toISOString(),
    authorType: 'agent',
    authorId: actor.id,
    customerId: typeof targetCustomerId === 'string' ? targetCustomerId : source.customerId,
    fromValue: source.id,
    toValue: targetId,
    recordedById: actor.id,
    createdAt: now.toISOString(),
  };
  return writeServerDocument(trx, 'timeline', entry as unknown as Record<string, unknown>, now);
};
