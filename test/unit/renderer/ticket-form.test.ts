import { describe, expect, it } from 'vitest';
import { formValuesOf, sameFormValues, ticketChanges, validateTicketForm } from '../../../src/renderer/features/tickets/ticket-form';

describe('ticket form helpers', () => {
  const ticket = { subject: 'Hello', status: 'open', priority: 'high', assigneeId: undefined } as const;

  it('reads the editable fields, with null for unassigned', () => {
    expect(formValuesOf(ticket)).toEqual({ subject: 'Hello', status: 'open', priority: 'high', assigneeId: null });
  });

  it('lists only the fields that changed', () => {
    const base = formValuesOf(ticket);
    expect(ticketChanges(base, base)).toEqual([]);
    expect(sameFormValues(base, { ...base })).toBe(true);
    expect(ticketChanges(base, { ...base, subject: 'Bye', assigneeId: 'u1' })).toEqual(['subject', 'assigneeId']);
  });

  it('validates the subject like the schema does', () => {
    const base = formValuesOf(ticket);
    expect(validateTicketForm(base, 300)).toEqual({});
    expect(validateTicketForm({ ...base, subject: '   ' }, 300)).toEqual({ subject: 'required' });
    expect(validateTicketForm({ ...base, subject: 'x'.repeat(301) }, 300)).toEqual({ subject: 'too-long' });
    expect(validateTicketForm({ ...base, subject: ` ${'x'.repeat(300)} ` }, 300)).toEqual({});
  });
});
