/**
 * The quick facts on a customer's profile, from the replica alone (so they work offline): open tickets,
 * last contact, average CSAT and contacts in the last 30 days.
 *
 * A **contact** is one time the customer reached us or we reached them: a call (either direction), or a
 * ticket opened on a channel other than the phone. A phone ticket is counted through its call(s) — the
 * call that opened it and the ticket are one contact — unless no call is linked to it (typed in by
 * hand), then the ticket counts. Internal calls are not contacts.
 */
import type { Call } from './call';
import type { SurveyResponse } from './survey';
import type { Ticket, TicketStatus } from './ticket';

export const CONTACT_WINDOW_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Statuses in which a ticket still needs work from us or the customer. */
export const OPEN_TICKET_STATUSES: readonly TicketStatus[] = ['new', 'open', 'pending', 'on-hold'];

export type StatsTicket = Pick<Ticket, 'id' | 'status' | 'channel' | 'createdAt'> & Partial<Pick<Ticket, 'mergedIntoId' | 'lastCustomerMessageAt'>>;
export type StatsCall = Pick<Call, 'id' | 'direction' | 'offeredAt'> & Partial<Pick<Call, 'ticketId'>>;
export type StatsSurvey = Pick<SurveyResponse, 'kind' | 'score'>;

export interface CustomerStats {
  readonly openTickets: number;
  /** The newest contact or customer message, ISO 8601; undefined when there was none. */
  readonly lastContactAt?: string;
  /** Mean CSAT score (1–5); undefined without CSAT answers. */
  readonly averageCsat?: number;
  readonly csatResponses: number;
  /** Contacts in the `CONTACT_WINDOW_DAYS` up to `now`. */
  readonly recentContacts: number;
}

export function isOpenTicket(ticket: Pick<Ticket, 'status'> & Partial<Pick<Ticket, 'mergedIntoId'>>): boolean {
  return ticket.mergedIntoId === undefined && OPEN_TICKET_STATUSES.includes(ticket.status);
}

/** When each contact happened (see the module comment), in no particular order. */
export function contactTimes(tickets: readonly StatsTicket[], calls: readonly StatsCall[]): string[] {
  const external = calls.filter((call) => call.direction !== 'internal');
  const ticketsWithCalls = new Set(external.flatMap((call) => (call.ticketId === undefined ? [] : [call.ticketId])));
  const ticketContacts = tickets
    .filter((ticket) => ticket.mergedIntoId === undefined && !(ticket.channel === 'phone' && ticketsWithCalls.has(ticket.id)))
    .map((ticket) => ticket.createdAt);
  return [...ticketContacts, ...external.map((call) => call.offeredAt)];
}

const timeOf = (iso: string): number => Date.parse(iso);

export function customerStats(
  input: { readonly tickets: readonly StatsTicket[]; readonly calls: readonly StatsCall[]; readonly surveys: readonly StatsSurvey[] },
  now: Date,
): CustomerStats {
  const contacts = contactTimes(input.tickets, input.calls);
  const messages = input.tickets.flatMap((ticket) => (ticket.lastCustomerMessageAt === undefined ? [] : [ticket.lastCustomerMessageAt]));
  let lastContactAt: string | undefined;
  for (const at of [...contacts, ...messages]) {
    if (Number.isNaN(timeOf(at))) continue;
    if (lastContactAt === undefined || timeOf(at) > timeOf(lastContactAt)) lastContactAt = at;
  }
  const windowStart = now.getTime() - CONTACT_WINDOW_DAYS * DAY_MS;
  const recentContacts = contacts.filter((at) => {
    const time = timeOf(at);
    return time >= windowStart && time <= now.getTime();
  }).length;
  const csat = input.surveys.filter((survey) => survey.kind === 'csat').map((survey) => survey.score);
  return {
    openTickets: input.tickets.filter(isOpenTicket).length,
    ...(lastContactAt === undefined ? {} : { lastContactAt }),
    ...(csat.length === 0 ? {} : { averageCsat: csat.reduce((sum, score) => sum + score, 0) / csat.length }),
    csatResponses: csat.length,
    recentContacts,
  };
}
