/**
 * The authoritative SLA of stored tickets. The rules are the shared pure ones (src/shared/sla) the UI
 * counts down with; this module loads their inputs (the SLA settings, the tickets' timelines, the
 * customers' segments) and stores their results: the server-owned SLA fields of a ticket, and one
 * `sla_breach` timeline event per missed target (per metric cycle, so at most once however many
 * writers, scans and server processes see it).
 *
 * Used by the push path (writers/ticket-sla.ts: a ticket write, a reply or customer message), the
 * breach scan (breach-scan.ts) and the recomputation after a policy, calendar or customer segment
 * change (recompute-jobs.ts).
 */
import { sql } from 'kysely';
import type { Customer, CustomerSegment } from '../../shared/domain/customer';
import type { SettingsDocument } from '../../shared/domain/settings';
import { TICKET_SLA_FIELDS, type Ticket } from '../../shared/domain/ticket';
import type { SlaMetric, TimelineEntry } from '../../shared/domain/timeline';
import { slaSetupFor } from '../../shared/sla/policy';
import { slaBreaches, ticketSla, ticketSlaFields, type SlaBreach } from '../../shared/sla/ticket-sla';
import { compoundId } from '../../shared/util/compound-id';
import { jsonEqual, omitKeys } from '../../shared/util/deep-equal';
import type { ChangeNotice } from '../changes/change-feed';
import { existingIds, upsertDocument, type ChangeTransaction, type Trx } from '../documents/document-store';
import { createDocumentValidators } from '../sync/document-validator';
import { writeServerDocument } from '../sync/writers/derived-write';

type Entity = Readonly<Record<string, unknown>>;

/** Timeline kinds the clock reads; the rest cannot move an SLA. */
export const SLA_TIMELINE_KINDS = ['status_change', 'customer_message', 'agent_reply'] as const satisfies readonly TimelineEntry['kind'][];

/** The `recordedById` of the events the SLA engine writes (authorType `system`, no author). */
export const SLA_RECORDER_ID = 'system';

/** What the SLA of some tickets is computed from, read once for all of them. */
export interface SlaInputs {
  readonly settings: readonly SettingsDocument[];
  /** Each ticket's timeline entries of SLA_TIMELINE_KINDS. */
  readonly entries: ReadonlyMap<string, readonly TimelineEntry[]>;
  /** Each customer's segment (absent: none, or the customer is unknown). */
  readonly segments: ReadonlyMap<string, CustomerSegment | undefined>;
}

/** The live SLA policies and business calendars. */
export async function loadSlaSettings(trx: Trx): Promise<SettingsDocument[]> {
  const rows = await trx
    .selectFrom('documents')
    .select('data')
    .where('collection', '=', 'settings')
    .where('deleted', '=', false)
    .where(sql<string>`data->>'kind'`, 'in', ['slaPolicy', 'businessCalendar'])
    .execute();
  return rows.map((row) => row.data as unknown as SettingsDocument);
}

export async function loadSlaInputs(trx: Trx, tickets: readonly Pick<Ticket, 'id' | 'customerId'>[], settings?: readonly SettingsDocument[]): Promise<SlaInputs> {
  const ticketIds = [...new Set(tickets.map((ticket) => ticket.id))];
  const customerIds = [...new Set(tickets.map((ticket) => ticket.customerId))];
  if (ticketIds.length === 0) return { settings: settings ?? [], entries: new Map(), segments: new Map() };
  const [loadedSettings, entryRows, customerRows] = await Promise.all([
    settings === undefined ? loadSlaSettings(trx) : Promise.resolve(settings),
    trx
      .selectFrom('documents')
      .select('data')
      .where('collection', '=', 'timeline')
      .where(sql<string>`data->>'subjectId'`, 'in', ticketIds)
      .where(sql<string>`data->>'subjectType'`, '=', 'ticket')
      .where(sql<string>`data->>'kind'`, 'in', [...SLA_TIMELINE_KINDS])
      .execute(),
    trx.selectFrom('documents').select('data').where('collection', '=', 'customers').where('deleted', '=', false).where('id', 'in', customerIds).execute(),
  ]);
  const entries = new Map<string, TimelineEntry[]>();
  for (const row of entryRows) {
    const entry = row.data as unknown as TimelineEntry;
    const list = entries.get(entry.subjectId);
    if (list === undefined) entries.set(entry.subjectId, [entry]);
    else list.push(entry);
  }
  const segments = new Map(customerRows.map((row) => {
    const customer = row.data as unknown as Customer;
    return [customer.id, customer.segment] as const;
  }));
  return { settings: loadedSettings, entries, segments };
}

const METRIC_CODES: Readonly<Record<SlaMetric, string>> = { first_response: 'fr', next_response: 'nr', resolution: 'res' };

/** The id of the breach event of one metric cycle of a ticket: the same whoever writes it, so it is written once. */
export function slaBreachEventId(ticketId: string, breach: Pick<SlaBreach, 'metric' | 'cycleStartedAt'>): string {
  return compoundId(ticketId, `@sla-${METRIC_CODES[breach.metric]}-${breach.cycleStartedAt.toString(36)}`);
}

/** The timeline event of a missed target: it happened when the target passed; the server recorded it `now`. */
export function slaBreachEvent(ticket: Pick<Ticket, 'id' | 'customerId'>, breach: SlaBreach, now: Date): TimelineEntry {
  return {
    id: slaBreachEventId(ticket.id, breach),
    subjectType: 'ticket',
    subjectId: ticket.id,
    kind: 'sla_breach',
    occurredAt: new Date(breach.dueAt).toISOString(),
    authorType: 'system',
    customerId: ticket.customerId,
    slaMetric: breach.metric,
    recordedById: SLA_RECORDER_ID,
    createdAt: now.toISOString(),
  };
}

export interface TicketSlaOutcome {
  /** The ticket with its SLA fields recomputed (the others untouched). */
  readonly entity: Entity;
  /** Whether that differs from the ticket given. */
  readonly changed: boolean;
  /** The breach events of every target missed before the horizon (most exist already). */
  readonly breachEvents: readonly TimelineEntry[];
}

/**
 * The SLA of one ticket. `pending` are timeline entries this transaction is about to write (the status
 * events of the ticket write being stored). Targets missed before `horizon` (epoch ms, see
 * breach-scan.ts breachHorizon) get their breach events.
 */
export function ticketSlaOutcome(entity: Entity, inputs: SlaInputs, pending: readonly TimelineEntry[], now: Date, horizon: number): TicketSlaOutcome {
  const ticket = entity as unknown as Ticket;
  const entries = [...(inputs.entries.get(ticket.id) ?? []), ...pending];
  const sla = ticketSla(ticket, entries, slaSetupFor(ticket, inputs.segments.get(ticket.customerId), inputs.settings));
  const restamped = { ...omitKeys(entity, TICKET_SLA_FIELDS), ...ticketSlaFields(sla) };
  return {
    entity: restamped,
    changed: !jsonEqual(restamped, entity),
    breachEvents: slaBreaches(sla, horizon).map((breach) => slaBreachEvent(ticket, breach, now)),
  };
}

/** The breach events among `events` not written yet (usually none: a breached ticket is rewritten often). */
export async function newBreachEvents(trx: Trx, events: readonly TimelineEntry[]): Promise<TimelineEntry[]> {
  if (events.length === 0) return [];
  const existing = await existingIds(trx, 'timeline', events.map((event) => event.id));
  return events.filter((event) => !existing.has(event.id));
}

export interface SlaRefresh {
  readonly notices: readonly ChangeNotice[];
  /** Tickets whose SLA fields changed (each written once). */
  readonly updated: number;
  /** Breach events written. */
  readonly breaches: number;
}

/**
 * Recomputes the SLA of stored tickets: each ticket whose fields changed is stored again (a new change
 * sequence, so clients pull it), and missing breach events are appended. Deleted tickets are left alone.
 */
export async function refreshTicketSlas(
  trx: ChangeTransaction,
  tickets: readonly { readonly entity: Entity; readonly deleted: boolean }[],
  now: Date,
  horizon: number,
  settings?: readonly SettingsDocument[],
): Promise<SlaRefresh> {
  const live = tickets.filter((ticket) => !ticket.deleted).map((ticket) => ticket.entity);
  if (live.length === 0) return { notices: [], updated: 0, breaches: 0 };
  const inputs = await loadSlaInputs(trx, live as unknown as Ticket[], settings);
  const validate = createDocumentValidators();
  const notices: ChangeNotice[] = [];
  const breachEvents: TimelineEntry[] = [];
  let updated = 0;
  for (const entity of live) {
    const outcome = ticketSlaOutcome(entity, inputs, [], now, horizon);
    breachEvents.push(...outcome.breachEvents);
    if (!outcome.changed) continue;
    const id = String(entity.id);
    const problems = validate.tickets(outcome.entity);
    if (problems.length > 0) throw new Error(`SLA fields of ticket ${id} are invalid: ${JSON.stringify(problems)}`);
    const seq = await upsertDocument(trx, 'tickets', { id, data: outcome.entity, deleted: false, updatedAt: now });
    notices.push({ collection: 'tickets', seq });
    updated += 1;
  }
  const fresh = await newBreachEvents(trx, breachEvents);
  for (const event of fresh) notices.push(...(await writeServerDocument(trx, 'timeline', event as unknown as Entity, now)));
  return { notices, updated, breaches: fresh.length };
}
