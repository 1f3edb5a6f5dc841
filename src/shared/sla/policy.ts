/**
 * Which SLA applies to a ticket: the policy (selectSlaPolicy: pinned if enabled, else the lowest-rank
 * enabled match), its target for the ticket's priority, and the business calendar its clock runs on.
 */
import type { CustomerSegment } from '../domain/customer';
import type { BusinessCalendar, SettingsDocument, SettingsOfKind, SlaTarget } from '../domain/settings';
import { selectSlaPolicy, type SlaSubject } from '../domain/settings-rules';
import type { Ticket } from '../domain/ticket';

export interface SlaSetup {
  readonly policyId: string;
  readonly target: SlaTarget;
  /** A metric is at risk once this share of its target has elapsed. */
  readonly atRiskPercent: number;
  /** The policy's calendar; undefined: the clock runs 24/7. */
  readonly calendar: BusinessCalendar | undefined;
}

export type SlaTicket = Pick<Ticket, 'channel' | 'tier' | 'priority' | 'slaPolicyId'>;

export function slaSubjectOf(ticket: SlaTicket, segment: CustomerSegment | undefined): SlaSubject {
  return {
    channel: ticket.channel,
    tier: ticket.tier,
    ...(segment === undefined ? {} : { segment }),
    ...(ticket.slaPolicyId === undefined ? {} : { slaPolicyId: ticket.slaPolicyId }),
  };
}

const isPolicy = (document: SettingsDocument): document is SettingsOfKind<'slaPolicy'> => document.kind === 'slaPolicy';
const isCalendar = (document: SettingsDocument): document is SettingsOfKind<'businessCalendar'> => document.kind === 'businessCalendar';

/**
 * The SLA of a ticket from the settings documents (any kinds; the others are ignored), or undefined
 * when no enabled policy applies. The calendar a policy names is used even when disabled (disabling
 * hides it from pickers; the policy still keeps those hours); a calendar that no longer exists leaves
 * the policy on 24/7, as a policy without a calendar.
 */
export function slaSetupFor(ticket: SlaTicket, segment: CustomerSegment | undefined, settings: readonly SettingsDocument[]): SlaSetup | undefined {
  const policy = selectSlaPolicy(settings.filter(isPolicy), slaSubjectOf(ticket, segment));
  if (policy === undefined) return undefined;
  const { calendarId, targets, atRiskPercent } = policy.slaPolicy;
  const calendar = calendarId === undefined ? undefined : settings.filter(isCalendar).find((document) => document.id === calendarId);
  return { policyId: policy.id, target: targets[ticket.priority], atRiskPercent, calendar: calendar?.businessCalendar };
}
