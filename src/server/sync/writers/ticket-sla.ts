/**
 * The authoritative SLA fields of a ticket (due dates, firstRespondedAt, solvedAt,
 * lastCustomerMessageAt), recomputed in the transaction of every accepted write that can move them: a
 * ticket write (after its status events were appended) and a customer message or agent reply on its
 * timeline. The rules are the shared pure ones (src/shared/sla) the UI counts down with; this only
 * loads their inputs and stores the result when it differs. Pushes never set these fields (their
 * stamper keeps the stored value), so this is their only writer.
 */
import { sql } from 'kysely';
import type { Customer } from '../../../shared/domain/customer';
import type { SettingsDocument } from '../../../shared/domain/settings';
import { TICKET_SLA_FIELDS, type Ticket } from '../../../shared/domain/ticket';
import type { TimelineEntry } from '../../../shared/domain/timeline';
import { slaSetupFor } from '../../../shared/sla/policy';
import { ticketSla, ticketSlaFields } from '../../../shared/sla/ticket-sla';
import { jsonEqual, omitKeys } from '../../../shared/util/deep-equal';
import type { ChangeNotice } from '../../changes/change-feed';
import { readDocument, upsertDocument, type ChangeTransaction } from '../../documents/document-store';
import { createDocumentValidators } from '../document-validator';
import type { DerivedWriter } from './derived-write';

type Entity = Readonly<Record<string, unknown>>;

/** Timeline kinds the clock reads; the rest cannot move an SLA. */
const SLA_TIMELINE_KINDS = ['status_change', 'customer_message', 'agent_reply'] as const satisfies readonly TimelineEntry['kind'][];

async function slaSettings(trx: ChangeTransaction): Promise<SettingsDocument[]> {
  const rows = await trx
    .selectFrom('documents')
    .select('data')
    .where('collection', '=', 'settings')
    .where('deleted', '=', false)
    .where(sql<string>`data->>'kind'`, 'in', ['slaPolicy', 'businessCalendar'])
    .execute();
  return rows.map((row) => row.data as unknown as SettingsDocument);
}

async function ticketTimeline(trx: ChangeTransaction, ticketId: string): Promise<TimelineEntry[]> {
  const rows = await trx
    .selectFrom('documents')
    .select('data')
    .where('collection', '=', 'timeline')
    .where(sql<string>`data->>'subjectId'`, '=', ticketId)
    .where(sql<string>`data->>'subjectType'`, '=', 'ticket')
    .where(sql<string>`data->>'kind'`, 'in', [...SLA_TIMELINE_KINDS])
    .execute();
  return rows.map((row) => row.data as unknown as TimelineEntry);
}

async function customerSegment(trx: ChangeTransaction, customerId: string): Promise<Customer['segment']> {
  const customer = await readDocument(trx, 'customers', customerId);
  return customer === undefined || customer.deleted ? undefined : (customer.data as unknown as Customer).segment;
}

/**
 * Recomputes the SLA fields of a stored ticket and stores the ticket again when they changed (a new
 * change sequence, so clients pull the new values). Returns the change, or nothing.
 */
export async function restampTicketSla(trx: ChangeTransaction, stored: { readonly entity: Entity; readonly deleted: boolean }, now: Date): Promise<ChangeNotice[]> {
  if (stored.deleted) return [];
  const ticket = stored.entity as unknown as Ticket;
  const [settings, entries, segment] = await Promise.all([slaSettings(trx), ticketTimeline(trx, ticket.id), customerSegment(trx, ticket.customerId)]);
  const fields = ticketSlaFields(ticketSla(ticket, entries, slaSetupFor(ticket, segment, settings)));
  const restamped = { ...omitKeys(stored.entity, TICKET_SLA_FIELDS), ...fields };
  if (jsonEqual(restamped, stored.entity)) return [];
  const problems = createDocumentValidators().tickets(restamped);
  if (problems.length > 0) throw new Error(`SLA fields of ticket ${ticket.id} are invalid: ${JSON.stringify(problems)}`);
  const seq = await upsertDocument(trx, 'tickets', { id: ticket.id, data: restamped, deleted: false, updatedAt: now });
  return [{ collection: 'tickets', seq }];
}

/** After an accepted ticket write (its status events already appended). */
export const restampSlaOfWrittenTicket: DerivedWriter = ({ trx, now, after }) => restampTicketSla(trx, after, now);

/** After an accepted timeline entry that can move its ticket's SLA. */
export const restampSlaOfEntryTicket: DerivedWriter = async ({ trx, now, before, after }) => {
  const entry = after.entity as unknown as TimelineEntry;
  // Entries are append-only: only an insert is new information.
  if (before !== undefined || entry.subjectType !== 'ticket' || !(SLA_TIMELINE_KINDS as readonly string[]).includes(entry.kind)) return [];
  const ticket = await readDocument(trx, 'tickets', entry.subjectId);
  // A message pushed before its ticket: the ticket's own write will count it.
  if (ticket === undefined) return [];
  return restampTicketSla(trx, { entity: ticket.data, deleted: ticket.deleted }, now);
};
