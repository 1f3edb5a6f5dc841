/**
 * Live reads behind merging tickets, all from the local replica (so they work offline): the tickets
 * merged into one (its history shows theirs too), a merged history, tickets by id for labels, and the
 * search of the "Merge into…" picker.
 */
import { useMemo } from 'react';
import { combineLatest, distinctUntilChanged, map, of } from 'rxjs';
import type { MangoQuerySelector } from 'rxdb';
import { escapeRegex, searchedNumber } from '../../../shared/domain/queue-views';
import { ticketIdsMergedInto } from '../../../shared/domain/ticket-merge';
import type { TicketDocType } from '../../data/database';
import { useDatabase, useObservable, type TicketView, type TimelineView } from '../../data/hooks';

const NO_IDS: readonly string[] = [];
const NO_ENTRIES: readonly TimelineView[] = [];
const NO_TICKETS: readonly TicketView[] = [];
const NO_TICKET_MAP: ReadonlyMap<string, TicketView> = new Map();
const SEARCH_LIMIT = 20;
const ID_SEPARATOR = '\n';

/**
 * The ticket and every ticket merged into it (directly or through a chain), itself first; live. A
 * merged ticket is always closed, so the `[status, updatedAt]` index narrows the scan to closed ones.
 */
export function useTicketIdsMergedInto(ticketId: string): readonly string[] {
  const db = useDatabase();
  const source = useMemo(
    () =>
      db.tickets.find({ selector: { status: 'closed', mergedIntoId: { $exists: true } } }).$.pipe(
        map((docs) => ticketIdsMergedInto(ticketId, docs.map((doc) => ({ id: doc.id, mergedIntoId: doc.mergedIntoId }))).join(ID_SEPARATOR)),
        distinctUntilChanged(),
        map((key) => key.split(ID_SEPARATOR)),
      ),
    [db, ticketId],
  );
  return useObservable(source, NO_IDS);
}

const newestFirst = (a: TimelineView, b: TimelineView): number =>
  a.occurredAt < b.occurredAt ? 1 : a.occurredAt > b.occurredAt ? -1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * The newest `limit` timeline entries of these tickets together, newest first. One indexed query per
 * ticket (`[subjectType, subjectId, occurredAt]`), each limited, merged here: `$in` over the subject
 * would not use the index range.
 */
export function useTimelineOf(ticketIds: readonly string[], limit = 50): readonly TimelineView[] {
  const db = useDatabase();
  const key = ticketIds.join(ID_SEPARATOR);
  const source = useMemo(() => {
    const timeline = db.timeline;
    if (timeline === undefined || key === '') return null;
    const queries = key.split(ID_SEPARATOR).map(
      (subjectId) => timeline.find({ selector: { subjectType: 'ticket', subjectId }, sort: [{ occurredAt: 'desc' }], limit }).$,
    );
    return combineLatest(queries).pipe(map((lists) => lists.flat().map((doc) => doc.toJSON()).sort(newestFirst).slice(0, limit)));
  }, [db, key, limit]);
  return useObservable(source, NO_ENTRIES);
}

/** Tickets by id, live (missing ids are simply absent). */
export function useTicketsByIds(ids: readonly (string | undefined)[]): ReadonlyMap<string, TicketView> {
  const db = useDatabase();
  const key = [...new Set(ids.filter((id): id is string => id !== undefined))].sort().join(ID_SEPARATOR);
  const source = useMemo(
    () =>
      key === ''
        ? of(NO_TICKET_MAP)
        : db.tickets
            .findByIds(key.split(ID_SEPARATOR))
            .$.pipe(map((found) => new Map([...found].map(([id, doc]) => [id, doc.toJSON() as TicketView])) as ReadonlyMap<string, TicketView>)),
    [db, key],
  );
  return useObservable(source, NO_TICKET_MAP);
}

/**
 * Tickets a ticket could be merged into: not merged, not closed, not itself; by number (with or
 * without #) or subject, most recently active first. With no text: the same customer's tickets, the
 * likeliest duplicates.
 */
export function useMergeTargetMatches(source: Pick<TicketView, 'id' | 'customerId'>, text: string): readonly TicketView[] {
  const db = useDatabase();
  const trimmed = text.trim();
  const query = useMemo(() => {
    const open: MangoQuerySelector<TicketDocType> = { mergedIntoId: { $exists: false }, status: { $ne: 'closed' }, id: { $ne: source.id } };
    if (trimmed === '') return db.tickets.find({ selector: { ...open, customerId: source.customerId }, sort: [{ updatedAt: 'desc' }], limit: SEARCH_LIMIT });
    const number = searchedNumber(trimmed);
    const alternatives: MangoQuerySelector<TicketDocType>[] = [
      { subject: { $regex: escapeRegex(trimmed), $options: 'i' } },
      ...(number === undefined ? [] : [{ number }]),
    ];
    return db.tickets.find({ selector: { ...open, $or: alternatives }, sort: [{ updatedAt: 'desc' }], limit: SEARCH_LIMIT });
  }, [db, source.id, source.customerId, trimmed]);
  const results = useMemo(() => query.$.pipe(map((docs) => docs.map((doc) => doc.toJSON() as TicketView))), [query]);
  return useObservable(results, NO_TICKETS);
}
