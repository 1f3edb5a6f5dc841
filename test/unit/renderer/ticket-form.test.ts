import { describe, expect, it } from 'vitest';
import {
  applyTicketChanges,
  formValuesOf,
  fromLocalInputValue,
  normalizeTags,
  sameFormValues,
  ticketChanges,
  toLocalInputValue,
  validateTicketForm,
} from '../../../src/renderer/features/tickets/ticket-form';

describe('ticket form helpers', () => {
  const ticket = { subject: 'Hello', status: 'open', priority: 'high', assigneeId: undefined, tags: ['vip'] } as const;

  it('reads the editable fields, with null or [] for absent optional ones', () => {
    expect(formValuesOf(ticket)).toEqual({
      subject: 'Hello',
      status: 'open',
      priority: 'high',
      assigneeId: null,
      groupId: null,
      tags: ['vip'],
      relatedTicketIds: [],
      followUpAt: null,
    });
  });

  it('lists only the fields that changed, comparing lists by value', () => {
    const base = formValuesOf(ticket);
    expect(ticketChanges(base, base)).toEqual([]);
    expect(sameFormValues(base, { ...base, tags: ['vip'] })).toBe(true);
    expect(ticketChanges(base, { ...base, subject: 'Bye', assigneeId: 'u1', tags: ['vip', 'refund'] })).toEqual(['subject', 'assigneeId', 'tags']);
    expect(ticketChanges(base, { ...base, relatedTicketIds: ['t2'], followUpAt: '2026-05-01T12:00:00.000Z' })).toEqual([
      'relatedTicketIds',
      'followUpAt',
    ]);
  });

  it('writes only the changed fields and removes emptied optional ones', () => {
    const doc = { id: 't1', subject: 'Hello', status: 'open', priority: 'high', tags: ['vip'], assigneeId: 'u1', groupId: 'g1', relatedTicketIds: ['t2'], note: 'kept' } as const;
    const values = { ...formValuesOf(doc), status: 'solved' as const, assigneeId: null, relatedTicketIds: [], tags: ['vip', 'refund'] };
    const next = applyTicketChanges(doc, values, ['status', 'assigneeId', 'relatedTicketIds', 'tags']);
    expect(next).toEqual({ id: 't1', subject: 'Hello', status: 'solved', priority: 'high', tags: ['vip', 'refund'], groupId: 'g1', note: 'kept' });
    expect(doc.assigneeId).toBe('u1');
  });

  it('validates the subject like the schema does', () => {
    const base = formValuesOf(ticket);
    expect(validateTicketForm(base, 300)).toEqual({});
    expect(validateTicketForm({ ...base, subject: '   ' }, 300)).toEqual({ subject: 'required' });
    expect(validateTicketForm({ ...base, subject: 'x'.repeat(301) }, 300)).toEqual({ subject: 'too-long' });
    expect(validateTicketForm({ ...base, subject: ` ${'x'.repeat(300)} ` }, 300)).toEqual({});
  });

  it('normalizes tags', () => {
    expect(normalizeTags([' Refund ', 'refund', '', 'VIP'])).toEqual(['refund', 'vip']);
  });

  it('converts follow-up times between the local input and ISO instants', () => {
    const iso = fromLocalInputValue('2026-05-04T09:30');
    expect(iso).not.toBeNull();
    expect(new Date(iso ?? '').getHours()).toBe(9);
    expect(toLocalInputValue(iso)).toBe('2026-05-04T09:30');
    expect(fromLocalInputValue('')).toBeNull();
    expect(fromLocalInputValue('2026-05-04')).toBeNull();
    expect(toLocalInputValue(null)).toBe('');
  });
});
