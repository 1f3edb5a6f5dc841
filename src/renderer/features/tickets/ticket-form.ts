/** The editable part of a ticket, as the detail form holds it (pure helpers, unit-tested). */
import type { TicketPriority, TicketStatus } from '../../../shared/domain/ticket';
import { jsonEqual } from '../../../shared/util/deep-equal';

export interface TicketFormValues {
  readonly subject: string;
  readonly status: TicketStatus;
  readonly priority: TicketPriority;
  /** null = unassigned. */
  readonly assigneeId: string | null;
  /** null = no group. */
  readonly groupId: string | null;
  readonly tags: readonly string[];
  readonly relatedTicketIds: readonly string[];
  /** ISO instant; null = no reminder. */
  readonly followUpAt: string | null;
}

export type TicketFormField = keyof TicketFormValues;
const FIELDS: readonly TicketFormField[] = ['subject', 'status', 'priority', 'assigneeId', 'groupId', 'tags', 'relatedTicketIds', 'followUpAt'];
/** Optional ticket fields: an empty form value removes them from the document. */
const OPTIONAL: readonly TicketFormField[] = ['assigneeId', 'groupId', 'relatedTicketIds', 'followUpAt'];

export interface EditableTicket {
  readonly subject: string;
  readonly status: TicketStatus;
  readonly priority: TicketPriority;
  readonly assigneeId?: string | undefined;
  readonly groupId?: string | undefined;
  readonly tags: readonly string[];
  readonly relatedTicketIds?: readonly string[] | undefined;
  readonly followUpAt?: string | undefined;
}

export function formValuesOf(ticket: EditableTicket): TicketFormValues {
  return {
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    assigneeId: ticket.assigneeId ?? null,
    groupId: ticket.groupId ?? null,
    tags: ticket.tags,
    relatedTicketIds: ticket.relatedTicketIds ?? [],
    followUpAt: ticket.followUpAt ?? null,
  };
}

export function sameFormValues(a: TicketFormValues, b: TicketFormValues): boolean {
  return FIELDS.every((field) => jsonEqual(a[field], b[field]));
}

/** Fields whose value differs between what the form started from and what it holds now. */
export function ticketChanges(base: TicketFormValues, draft: TicketFormValues): TicketFormField[] {
  return FIELDS.filter((field) => !jsonEqual(base[field], draft[field]));
}

const isEmpty = (value: unknown) => value === null || (Array.isArray(value) && value.length === 0);

/**
 * The document after writing `changes` from `values` onto it: only the changed fields are touched (so
 * a concurrent edit of another field survives the field merge), and emptied optional fields are removed.
 */
export function applyTicketChanges<T extends object>(doc: T, values: TicketFormValues, changes: readonly TicketFormField[]): T {
  const removed = new Set(changes.filter((field) => OPTIONAL.includes(field) && isEmpty(values[field])));
  const next = Object.fromEntries(Object.entries(doc).filter(([field]) => !removed.has(field as TicketFormField)));
  for (const field of changes) {
    if (removed.has(field)) continue;
    const value = values[field];
    next[field] = Array.isArray(value) ? [...(value as readonly unknown[])] : value;
  }
  return next as T;
}

export interface TicketFormErrors {
  readonly subject?: 'required' | 'too-long';
}

export function validateTicketForm(values: TicketFormValues, subjectMax: number): TicketFormErrors {
  const subject = values.subject.trim();
  if (subject === '') return { subject: 'required' };
  if (subject.length > subjectMax) return { subject: 'too-long' };
  return {};
}

/** Tags as stored: trimmed, lower-cased, no blanks or duplicates, in the order typed. */
export function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter((tag) => tag !== ''))];
}

const pad = (value: number) => String(value).padStart(2, '0');

/** An ISO instant as the value of `<input type="datetime-local">` in this device's time zone. */
export function toLocalInputValue(iso: string | null): string {
  if (iso === null) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${String(date.getFullYear())}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The value of a `datetime-local` input (local time) as an ISO instant; null when empty or invalid. */
export function fromLocalInputValue(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (match === null) return null;
  const [year, month, day, hours, minutes] = match.slice(1).map(Number) as [number, number, number, number, number];
  const date = new Date(year, month - 1, day, hours, minutes);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
