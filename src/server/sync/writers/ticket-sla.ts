/**
 * The SLA engine on the push path (the rules are the shared ones, src/shared/sla; loading and storing
 * is src/server/sla/ticket-sla-store.ts). Pushes never set the SLA fields (their stamper keeps the
 * stored value), so these and the SLA worker are their only writers:
 *
 * - a ticket write is completed before it is stored: its status events (which the clock reads) and
 *   its SLA fields are computed together, so the ticket is written once, with one change sequence;
 * - a customer message or agent reply restamps its ticket;
 * - a change to an SLA policy or business calendar queues the recomputation of open tickets, and a
 *   change to a customer's segment (which SLA policies match on) that of the customer's open tickets;
 *   the SLA worker carries them out in the background (src/server/sla/recompute-jobs.ts).
 *
 * Each of them also records the targets already missed (`sla_breach` events), for due dates the
 * breach scan has passed (see breach-scan.ts).
 */
import type { CustomerSegment } from '../../../shared/domain/customer';
import type { SettingsDocument } from '../../../shared/domain/settings';
import type { Ticket } from '../../../shared/domain/ticket';
import type { TimelineEntry } from '../../../shared/domain/timeline';
import { jsonEqual, omitKeys } from '../../../shared/util/deep-equal';
import { readDocument } from '../../documents/document-store';
import { horizonFrom, scannedBefore } from '../../sla/breach-scan';
import { hasOpenTickets, queueSlaRecompute } from '../../sla/recompute-jobs';
import { loadSlaInputs, loadSlaSettings, newBreachEvents, refreshTicketSlas, SLA_TIMELINE_KINDS, ticketSlaOutcome } from '../../sla/ticket-sla-store';
import type { CompanionDocument, DerivedWriteContext, DerivedWriter, DocumentState, WritePreparer } from './derived-write';
import { ticketChangeEvents } from './ticket-events';

/** The SLA policies and calendars, read once per push transaction (dropped when a row writes settings). */
function slaSettings({ trx, reads }: DerivedWriteContext): Promise<readonly SettingsDocument[]> {
  return reads.read('slaSettings', 'settings', () => loadSlaSettings(trx));
}

/** breachHorizon(), with where the scan stands read once per push transaction (only the breach scan moves it). */
async function horizon({ trx, now, reads }: DerivedWriteContext): Promise<number> {
  return horizonFrom(now, await reads.read('breachScannedBefore', undefined, () => scannedBefore(trx)));
}

const asTimelineCompanion = (entry: TimelineEntry): CompanionDocument => ({ collection: 'timeline', entity: entry as unknown as Readonly<Record<string, unknown>> });

/** An accepted ticket write: its change events, then its SLA fields with those events counted. */
export const prepareTicketWrite: WritePreparer = async (context) => {
  const { trx, now, after } = context;
  const events = ticketChangeEvents(context);
  const companions = events.map(asTimelineCompanion);
  // A deleted ticket keeps the SLA it had.
  if (after.deleted) return { entity: after.entity, companions };
  const inputs = await loadSlaInputs(trx, [after.entity as unknown as Ticket], await slaSettings(context));
  const outcome = ticketSlaOutcome(after.entity, inputs, events, now, await horizon(context));
  const breaches = await newBreachEvents(trx, outcome.breachEvents);
  return { entity: outcome.entity, companions: [...companions, ...breaches.map(asTimelineCompanion)] };
};


/** After an accepted timeline entry that can move its ticket's SLA. */
export const restampSlaOfEntryTicket: DerivedWriter = async (context) => {
  const { trx, now, before, after } = context;
  const entry = after.entity as unknown as TimelineEntry;
  // Entries are append-only: only an insert is new information.
  if (before !== undefined || entry.subjectType !== 'ticket' || !(SLA_TIMELINE_KINDS as readonly string[]).includes(entry.kind)) return [];
  const ticket = await readDocument(trx, 'tickets', entry.subjectId);
  // A message pushed before its ticket: the ticket's own write will count it.
  if (ticket === undefined) return [];
  const refresh = await refreshTicketSlas(trx, [{ entity: ticket.data, deleted: ticket.deleted }], now, await horizon(context), await slaSettings(context));
  return refresh.notices;
};

const SLA_SETTINGS_KINDS: readonly string[] = ['slaPolicy', 'businessCalendar'] satisfies readonly SettingsDocument['kind'][];
/** Settings fields that cannot move a due date. */
const COSMETIC_FIELDS = ['name', 'createdAt', 'updatedAt'];

/** After an accepted write of an SLA policy or business calendar that can move due dates: queue the recomputation. */
export const queueSlaRecomputeOnSettings: DerivedWriter = async ({ trx, now, before, after }) => {
  const kind = String(after.entity.kind);
  if (!SLA_SETTINGS_KINDS.includes(kind)) return [];
  const unchanged =
    before !== undefined && before.deleted === after.deleted && jsonEqual(omitKeys(before.entity, COSMETIC_FIELDS), omitKeys(after.entity, COSMETIC_FIELDS));
  if (!unchanged) await queueSlaRecompute(trx, `${kind} ${String(after.entity.id)}`, now);
  return [];
};

/** The segment the SLA engine reads for a customer's tickets: none for a deleted or not yet stored customer (loadSlaInputs). */
function slaSegmentOf(state: DocumentState | undefined): CustomerSegment | undefined {
  if (state === undefined || state.deleted) return undefined;
  return state.entity.segment as CustomerSegment | undefined;
}

/**
 * After an accepted customer write that changes the segment their tickets' SLA is computed with (an
 * edit, a merge filling the survivor's segment, a deletion, a customer stored after tickets created
 * offline for them): queue the recomputation of their open tickets, if they have any.
 */
export const queueSlaRecomputeOnSegment: DerivedWriter = async ({ trx, now, before, after }) => {
  const segment = slaSegmentOf(after);
  if (segment === slaSegmentOf(before)) return [];
  const customerId = String(after.entity.id);
  if (await hasOpenTickets(trx, customerId)) await queueSlaRecompute(trx, `segment of customer ${customerId}: ${segment ?? 'none'}`, now, { customerId });
  return [];
};
