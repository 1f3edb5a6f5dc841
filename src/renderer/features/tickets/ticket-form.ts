/** The editable part of a ticket, as the detail form holds it (pure helpers, unit-tested). */
import type { TicketPriority, TicketStatus } from '../../../shared/domain/ticket';

export interface TicketFormValues {
  readonly subject: string;
  readonly status: TicketStatus;
  readonly priority: TicketPriority;
  /** null = unassigned. */
  readonly assigneeId: string | null;
}

export type TicketFormField = keyof TicketFormValues;
const FIELDS: readonly TicketFormField[] = ['subject', 'status', 'priority', 'assigneeId'];

export function formValuesOf(ticket: {
  readonly subject: string;
  readonly status: TicketStatus;
  readonly priority: TicketPriority;
  readonly assigneeId?: string | undefined;
}): TicketFormValues {
  return {
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    assigneeId: ticket.assigneeId ?? null,
  };
}

export function sameFormValues(a: TicketFormValues, b: TicketFormValues): boolean {
  return FIELDS.every((field) => a[field] === b[field]);
}

/** Fields whose value differs between what the form started from and what it holds now. */
export function ticketChanges(base: TicketFormValues, draft: TicketFormValues): TicketFormField[] {
  return FIELDS.filter((field) => base[field] !== draft[field]);
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
