import { describe, expect, it } from 'vitest';
import { changedFields, mergeFieldByField, rebaseOnUnconfirmedPushes } from '../../../src/shared/sync/merge';

const serverOwnedFields = ['updatedAt', 'createdAt', 'number'];
const base = {
  id: 't1',
  subject: 'Printer jams',
  status: 'open',
  priority: 'normal',
  tags: ['hardware'],
  updatedAt: '2026-01-01T10:00:00.000Z',
  createdAt: '2026-01-01T09:00:00.000Z',
};

describe('mergeFieldByField', () => {
  it('keeps edits to different fields from both sides', () => {
    const master = { ...base, status: 'pending', updatedAt: '2026-01-01T10:05:00.000Z' };
    const local = { ...base, subject: 'Printer jams on tray 2' };
    const { merged, conflicts } = mergeFieldByField({ master, local, base, serverOwnedFields });
    expect(merged).toMatchObject({ subject: 'Printer jams on tray 2', status: 'pending' });
    expect(conflicts).toEqual([]);
  });

  it('lets the server win the same field and reports the overwritten local value', () => {
    const master = { ...base, priority: 'urgent' };
    const local = { ...base, priority: 'low' };
    const { merged, conflicts } = mergeFieldByField({ master, local, base, serverOwnedFields });
    expect(merged['priority']).toBe('urgent');
    expect(conflicts).toEqual([{ field: 'priority', localValue: 'low', masterValue: 'urgent' }]);
  });

  it('does not report a conflict when both sides made the same change', () => {
    const master = { ...base, status: 'solved' };
    const local = { ...base, status: 'solved' };
    expect(mergeFieldByField({ master, local, base, serverOwnedFields }).conflicts).toEqual([]);
  });

  it('always takes server-owned fields from the master', () => {
    const master = { ...base, updatedAt: '2026-01-01T11:00:00.000Z' };
    const local = { ...base, updatedAt: '2099-01-01T00:00:00.000Z', createdAt: '1999-01-01T00:00:00.000Z' };
    const { merged, conflicts } = mergeFieldByField({ master, local, base, serverOwnedFields });
    expect(merged['updatedAt']).toBe('2026-01-01T11:00:00.000Z');
    expect(merged['createdAt']).toBe(base.createdAt);
    expect(conflicts).toEqual([]);
  });

  it('handles optional fields being cleared on one side', () => {
    const withAssignee = { ...base, assigneeId: 'u1' };
    const master = { ...withAssignee, status: 'pending' };
    const local: Record<string, unknown> = { ...withAssignee };
    delete local['assigneeId'];
    const { merged } = mergeFieldByField({ master, local, base: withAssignee, serverOwnedFields });
    expect(merged).not.toHaveProperty('assigneeId');
    expect(merged['status']).toBe('pending');
  });

  it('compares arrays by value', () => {
    const master = { ...base, tags: ['hardware', 'vip'] };
    const local = { ...base, tags: ['hardware', 'printer'] };
    const { merged, conflicts } = mergeFieldByField({ master, local, base, serverOwnedFields });
    expect(merged['tags']).toEqual(['hardware', 'vip']);
    expect(conflicts).toEqual([{ field: 'tags', localValue: ['hardware', 'printer'], masterValue: ['hardware', 'vip'] }]);
  });

  it('without a common ancestor, the master wins every differing field and each is reported', () => {
    const master = { ...base, subject: 'A' };
    const local = { ...base, subject: 'B' };
    const { merged, conflicts } = mergeFieldByField({ master, local, base: undefined, serverOwnedFields });
    expect(merged['subject']).toBe('A');
    expect(conflicts.map((c) => c.field)).toEqual(['subject']);
  });
});

describe('rebaseOnUnconfirmedPushes', () => {
  it('takes the master value as the base of a field when it is a value this client pushed', () => {
    const pushed = { ...base, subject: 'Printer jams again', priority: 'high' };
    const master = { ...pushed, priority: 'urgent', updatedAt: '2026-01-01T10:07:00.000Z' };
    const rebased = rebaseOnUnconfirmedPushes(base, master, [{ state: pushed, insert: false }], serverOwnedFields);
    // subject: ours on the server; priority: someone changed it after us, so it stays a change on their side.
    expect(rebased).toEqual({ ...base, subject: 'Printer jams again' });
  });

  it('takes no evidence from a field the push carried along unchanged', () => {
    // We pushed a new subject with the priority as it was ("normal"); meanwhile others set it to
    // "urgent" and back to "normal". That "normal" is theirs: our newer local "high" clashes with it.
    const pushed = { ...base, subject: 'Printer jams again' };
    const master = { ...base, priority: 'normal', subject: 'Printer jams again', updatedAt: '2026-01-01T10:07:00.000Z' };
    const assumed = { ...base, priority: 'urgent' };
    const push = { state: pushed, insert: false, changed: changedFields(pushed, base, serverOwnedFields) };
    expect(push.changed).toEqual(['subject']);
    expect(rebaseOnUnconfirmedPushes(assumed, master, [push], serverOwnedFields)).toEqual({ ...assumed, subject: 'Printer jams again' });
    // Without the changed fields (a record from before they were kept) every field counts, as before.
    expect(rebaseOnUnconfirmedPushes(assumed, master, [{ state: pushed, insert: false }], serverOwnedFields)).toEqual({ ...assumed, subject: 'Printer jams again', priority: 'normal' });
  });

  it('removes a field from the base when this client pushed its removal', () => {
    const withAssignee = { ...base, assigneeId: 'u1' };
    const master = { ...base, updatedAt: '2026-01-01T10:07:00.000Z' };
    expect(rebaseOnUnconfirmedPushes(withAssignee, master, [{ state: base, insert: false }], serverOwnedFields)).toEqual(base);
  });

  it('bases a lost insert on the inserted state, and leaves everything alone without pushes', () => {
    const inserted = { ...base, subject: 'New' };
    const master = { ...inserted, status: 'pending', number: 9 };
    expect(rebaseOnUnconfirmedPushes(undefined, master, [{ state: inserted, insert: true }], serverOwnedFields)).toEqual(inserted);
    expect(rebaseOnUnconfirmedPushes(undefined, master, [{ state: inserted, insert: false }], serverOwnedFields)).toBeUndefined();
    expect(rebaseOnUnconfirmedPushes(base, master, [], serverOwnedFields)).toBe(base);
  });

  it('bases an insert conflict on the insert the server applied, not on a later edit pushed as an insert', () => {
    const applied = { ...base, subject: 'New ticket', tags: ['t1'] };
    const laterEdit = { ...base, subject: 'Edited offline', status: 'closed', tags: ['t1', 'vip'] };
    // Someone changed the priority after our first insert reached the server.
    const master = { ...applied, priority: 'urgent', number: 12 };
    const pushes = [
      { state: applied, insert: true },
      { state: laterEdit, insert: true },
    ];
    expect(rebaseOnUnconfirmedPushes(undefined, master, pushes, serverOwnedFields)).toEqual(applied);
    const { merged, conflicts } = mergeFieldByField({ master, local: laterEdit, base: applied, serverOwnedFields });
    expect(merged).toMatchObject({ subject: 'Edited offline', status: 'closed', tags: ['t1', 'vip'], priority: 'urgent' });
    expect(conflicts).toEqual([]);
  });

  it('never rebases server-owned fields', () => {
    const pushed = { ...base, updatedAt: '2030-01-01T00:00:00.000Z' };
    const master = { ...base, updatedAt: '2030-01-01T00:00:00.000Z' };
    expect(rebaseOnUnconfirmedPushes(base, master, [{ state: pushed, insert: false }], serverOwnedFields)).toEqual(base);
  });
});
