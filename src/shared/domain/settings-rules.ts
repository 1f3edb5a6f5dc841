/**
 * Rules about settings documents that JSON Schema cannot express: shifts in order, known placeholders,
 * which SLA policy applies. Pure functions, used by the server on write and by the UI while editing.
 */
import type { CustomerSegment } from './customer';
import type { BusinessCalendar, SettingsOfKind, SlaPolicy } from './settings';
import type { Channel, Tier } from './ticket';
import { WEEKDAYS } from './settings';

// ---- business calendar ---------------------------------------------------------------------------

const minutesOf = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** Problems a schema-valid calendar can still have; [] when it is usable. */
export function businessCalendarProblems(calendar: BusinessCalendar): string[] {
  const problems: string[] = [];
  for (const day of WEEKDAYS) {
    let previousEnd = -1;
    for (const [index, shift] of calendar.weeklyHours[day].entries()) {
      const start = minutesOf(shift.start);
      const end = minutesOf(shift.end);
      if (start >= end) problems.push(`${day}[${index}]: starts at or after it ends`);
      if (start < previousEnd) problems.push(`${day}[${index}]: overlaps or precedes the previous shift`);
      previousEnd = Math.max(previousEnd, end);
    }
  }
  const seen = new Set<string>();
  for (const holiday of calendar.holidays) {
    const [year, month, day] = holiday.date.split('-').map(Number);
    const probe = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1));
    if (probe.getUTCMonth() !== (month ?? 1) - 1) problems.push(`holiday ${holiday.date}: no such date`);
    if (seen.has(holiday.date)) problems.push(`holiday ${holiday.date}: listed twice`);
    seen.add(holiday.date);
  }
  if (WEEKDAYS.every((day) => calendar.weeklyHours[day].length === 0)) problems.push('no open hours in the week');
  return problems;
}

// ---- canned responses ----------------------------------------------------------------------------

/** Placeholders a canned response may use; the reply box fills them in when it is inserted. */
export const CANNED_PLACEHOLDERS = [
  'customer.name',
  'customer.firstName',
  'customer.email',
  'customer.phone',
  'customer.organization',
  'ticket.number',
  'ticket.subject',
  'agent.name',
  'agent.firstName',
] as const;
export type CannedPlaceholder = (typeof CANNED_PLACEHOLDERS)[number];

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Every `{{ name }}` in a body, in order of appearance, without duplicates. */
export function placeholdersIn(body: string): string[] {
  return [...new Set([...body.matchAll(PLACEHOLDER)].map((match) => match[1] ?? ''))];
}

/** Placeholders the product cannot fill: a canned response with any of them is rejected on save. */
export function unknownPlaceholders(body: string): string[] {
  return placeholdersIn(body).filter((name) => !(CANNED_PLACEHOLDERS as readonly string[]).includes(name));
}

// ---- SLA policy selection ------------------------------------------------------------------------

export interface SlaSubject {
  readonly channel: Channel;
  readonly tier: Tier;
  readonly segment?: CustomerSegment;
  /** A policy a supervisor pinned to the ticket. */
  readonly slaPolicyId?: string;
}

function listMatches<T>(list: readonly T[] | undefined, value: T | undefined): boolean {
  return list === undefined || list.length === 0 || (value !== undefined && list.includes(value));
}

export function slaPolicyMatches(policy: SlaPolicy, subject: SlaSubject): boolean {
  return (
    listMatches(policy.match.channels, subject.channel) &&
    listMatches(policy.match.tiers, subject.tier) &&
    listMatches(policy.match.segments, subject.segment)
  );
}

/**
 * The policy that governs a ticket: the pinned one if it exists and is enabled, else the enabled
 * matching policy with the lowest rank (ties: lowest id, so every replica picks the same one).
 */
export function selectSlaPolicy(
  policies: readonly SettingsOfKind<'slaPolicy'>[],
  subject: SlaSubject,
): SettingsOfKind<'slaPolicy'> | undefined {
  const enabled = policies.filter((policy) => policy.enabled);
  const pinned = enabled.find((policy) => policy.id === subject.slaPolicyId);
  if (pinned !== undefined) return pinned;
  return enabled
    .filter((policy) => slaPolicyMatches(policy.slaPolicy, subject))
    .sort((a, b) => a.slaPolicy.rank - b.slaPolicy.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
}
