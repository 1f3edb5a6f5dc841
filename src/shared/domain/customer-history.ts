/**
 * A customer's history as one list: every ticket (at the time it was opened), call and survey answer,
 * newest first. Ties keep a fixed order (kind, then id) so the list does not reshuffle on re-render.
 */
import type { Call } from './call';
import type { SurveyResponse } from './survey';
import type { Ticket } from './ticket';

export type HistoryItem<T extends Pick<Ticket, 'id' | 'createdAt'>, C extends Pick<Call, 'id' | 'offeredAt'>, S extends Pick<SurveyResponse, 'id' | 'respondedAt'>> =
  | { readonly kind: 'ticket'; readonly at: string; readonly id: string; readonly ticket: T }
  | { readonly kind: 'call'; readonly at: string; readonly id: string; readonly call: C }
  | { readonly kind: 'survey'; readonly at: string; readonly id: string; readonly survey: S };

const KIND_ORDER = { ticket: 0, call: 1, survey: 2 } as const;

export function customerHistory<T extends Pick<Ticket, 'id' | 'createdAt'>, C extends Pick<Call, 'id' | 'offeredAt'>, S extends Pick<SurveyResponse, 'id' | 'respondedAt'>>(
  tickets: readonly T[],
  calls: readonly C[],
  surveys: readonly S[],
): HistoryItem<T, C, S>[] {
  const items: HistoryItem<T, C, S>[] = [
    ...tickets.map((ticket) => ({ kind: 'ticket' as const, at: ticket.createdAt, id: ticket.id, ticket })),
    ...calls.map((call) => ({ kind: 'call' as const, at: call.offeredAt, id: call.id, call })),
    ...surveys.map((survey) => ({ kind: 'survey' as const, at: survey.respondedAt, id: survey.id, survey })),
  ];
  const time = (iso: string) => {
    const value = Date.parse(iso);
    return Number.isNaN(value) ? -Infinity : value;
  };
  return items.sort(
    (a, b) => time(b.at) - time(a.at) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}
