import { beforeEach, describe, expect, it } from 'vitest';
import {
  conflictHandlerControls,
  conflictLog,
  createAppendOnlyConflictHandler,
  createConflictHandler,
  dismissConflict,
  mergeConflict,
  recordConflicts,
  type ResolvedConflictEvent,
} from '../../../src/renderer/data/conflict';

const SERVER_OWNED = ['number', 'createdAt', 'updatedAt'];
const base = {
  id: 't1',
  number: 7,
  subject: 'Printer on fire',
  status: 'open',
  priority: 'normal',
  assigneeId: 'u1',
  tags: ['hw'],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
  _deleted: false,
};
type Doc = typeof base;

beforeEach(() => {
  conflictLog.setState({ entries: [] });
});

describe('mergeConflict', () => {
  it('keeps my edits to fields the server did not change and takes theirs for the rest', () => {
    const mine = { ...base, subject: 'Printer on fire (again)', updatedAt: '2026-01-03T00:00:00.000Z' };
    const master = { ...base, priority: 'urgent', updatedAt: '2026-01-02T12:00:00.000Z' };
    const { document, conflicts } = mergeConflict<Doc>(
      { assumedMasterState: base, newDocumentState: mine, realMasterState: master },
      SERVER_OWNED,
    );
    expect(document).toEqual({ ...base, subject: 'Printer on fire (again)', priority: 'urgent', updatedAt: '2026-01-02T12:00:00.000Z' });
    expect(conflicts).toEqual([]);
  });

  it('lets the server win the same field and reports what I had typed', () => {
    const { document, conflicts } = mergeConflict<Doc>(
      { assumedMasterState: base, newDocumentState: { ...base, status: 'solved' }, realMasterState: { ...base, status: 'pending' } },
      SERVER_OWNED,
    );
    expect(document.status).toBe('pending');
    expect(conflicts).toEqual([{ field: 'status', localValue: 'solved', masterValue: 'pending' }]);
  });

  it('removes a field I removed (unassign) and ignores local RxDB metadata', () => {
    const mine = Object.fromEntries(Object.entries(base).filter(([key]) => key !== 'assigneeId')) as Doc;
    const master = { ...base, subject: 'Renamed', _meta: { lwt: 5 }, _rev: '2-x' } as Doc;
    const { document } = mergeConflict<Doc>({ assumedMasterState: base, newDocumentState: mine, realMasterState: master }, SERVER_OWNED);
    expect(document).not.toHaveProperty('assigneeId');
    expect(document).not.toHaveProperty('_meta');
    expect(document.subject).toBe('Renamed');
    expect(document._deleted).toBe(false);
  });

  it('keeps a deletion made on the server', () => {
    const { document } = mergeConflict<Doc>(
      { assumedMasterState: base, newDocumentState: { ...base, subject: 'x' }, realMasterState: { ...base, _deleted: true } },
      SERVER_OWNED,
    );
    expect(document._deleted).toBe(true);
  });
});

describe('createConflictHandler', () => {
  it('compares documents structurally, ignoring key order and local metadata', () => {
    const handler = createConflictHandler<Doc>('tickets', SERVER_OWNED);
    const reordered = Object.fromEntries(Object.entries(base).reverse()) as Doc;
    expect(handler.isEqual(base, reordered, 'test')).toBe(true);
    expect(handler.isEqual(base, { ...base, _meta: { lwt: 1 } } as Doc, 'test')).toBe(true);
    expect(handler.isEqual(base, { ...base, subject: 'other' }, 'test')).toBe(false);
  });

  it('records same-field clashes in the conflict log so the UI can show them', async () => {
    const handler = createConflictHandler<Doc>('tickets', SERVER_OWNED);
    const resolved = await handler.resolve(
      { assumedMasterState: base, newDocumentState: { ...base, priority: 'low' }, realMasterState: { ...base, priority: 'urgent' } },
      'test',
    );
    expect(resolved.priority).toBe('urgent');
    const [entry] = conflictLog.getState().entries;
    expect(entry).toMatchObject({ collection: 'tickets', documentId: 't1', field: 'priority', localValue: 'low', masterValue: 'urgent' });
    dismissConflict(entry?.key ?? -1);
    expect(conflictLog.getState().entries).toEqual([]);
    recordConflicts('tickets', 't1', []);
    expect(conflictLog.getState().entries).toEqual([]);
  });
});

describe('conflict handler controls', () => {
  it('records same-field clashes with the master that won before it returns the merge', async () => {
    const handler = createConflictHandler<Doc>('tickets', SERVER_OWNED);
    const events: ResolvedConflictEvent[] = [];
    conflictHandlerControls(handler)?.setRecorder(async (event) => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      events.push(event);
    });
    await handler.resolve(
      { assumedMasterState: base, newDocumentState: { ...base, subject: 'mine' }, realMasterState: { ...base, priority: 'high' } },
      'test',
    );
    expect(events).toEqual([]);
    await handler.resolve(
      { assumedMasterState: base, newDocumentState: { ...base, status: 'solved' }, realMasterState: { ...base, status: 'pending' } },
      'test',
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ collection: 'tickets', documentId: 't1', master: { status: 'pending' } });
    expect(events[0]?.conflicts).toEqual([{ field: 'status', localValue: 'solved', masterValue: 'pending' }]);
  });

  it('neither applies nor logs a merge whose record could not be written', async () => {
    const handler = createConflictHandler<Doc>('tickets', SERVER_OWNED);
    conflictHandlerControls(handler)?.setRecorder(() => Promise.reject(new Error('database closing')));
    await expect(
      handler.resolve({ assumedMasterState: base, newDocumentState: { ...base, status: 'solved' }, realMasterState: { ...base, status: 'pending' } }, 'test'),
    ).rejects.toThrow('database closing');
    expect(conflictLog.getState().entries).toEqual([]);
  });

  it('takes the master as it is for a refused state, once, and reports no conflict', async () => {
    const handler = createConflictHandler<Doc>('tickets', SERVER_OWNED);
    const refused = { ...base, subject: 'refused value' };
    conflictHandlerControls(handler)?.expectRevert('t1', refused);
    const reverted = await handler.resolve({ assumedMasterState: base, newDocumentState: refused, realMasterState: { ...base, _meta: { lwt: 1 } } as Doc }, 'test');
    expect(reverted).toEqual(base);
    expect(conflictLog.getState().entries).toEqual([]);
    // The registration is used up: the same state conflicting again merges as usual.
    const merged = await handler.resolve({ assumedMasterState: base, newDocumentState: refused, realMasterState: base }, 'test');
    expect(merged.subject).toBe('refused value');
  });

  it('append-only collections take the server document without merging', async () => {
    const handler = createAppendOnlyConflictHandler<Doc>();
    const resolved = await handler.resolve({ newDocumentState: { ...base, subject: 'mine' }, realMasterState: base }, 'test');
    expect(resolved).toEqual(base);
    expect(conflictHandlerControls(handler)).toBeDefined();
    expect(conflictHandlerControls({})).toBeUndefined();
  });

  it('merges against a push whose answer was lost, so my newer edit beats my own applied one', async () => {
    const handler = createConflictHandler<Doc>('tickets', SERVER_OWNED);
    const firstEdit = { ...base, subject: 'first edit' };
    conflictHandlerControls(handler)?.unconfirmed.remember('t1', firstEdit, false);
    // The server applied the first edit, then someone raised the priority; RxDB still holds the old base.
    const master = { ...firstEdit, priority: 'urgent', updatedAt: '2026-01-03T00:00:00.000Z' };
    const resolved = await handler.resolve({ assumedMasterState: base, newDocumentState: { ...base, subject: 'second edit' }, realMasterState: master }, 'test');
    expect(resolved).toMatchObject({ subject: 'second edit', priority: 'urgent', updatedAt: master.updatedAt });
    expect(conflictLog.getState().entries).toEqual([]);
    // Going back to the old base value is an edit too.
    const restored = await handler.resolve({ assumedMasterState: base, newDocumentState: base, realMasterState: master }, 'test');
    expect(restored).toMatchObject({ subject: base.subject, priority: 'urgent' });
  });

  it('merges a lost insert against the inserted state: fields I never touched are no clash', async () => {
    const handler = createConflictHandler<Doc>('tickets', SERVER_OWNED);
    const inserted = { ...base, subject: 'new ticket' };
    conflictHandlerControls(handler)?.unconfirmed.remember('t1', inserted, true);
    const master = { ...inserted, priority: 'high', number: 42 };
    const resolved = await handler.resolve({ newDocumentState: { ...inserted, status: 'pending' }, realMasterState: master }, 'test');
    expect(resolved).toMatchObject({ subject: 'new ticket', status: 'pending', priority: 'high', number: 42 });
    expect(conflictLog.getState().entries).toEqual([]);
  });

  it('takes the master without clashes for a pulled copy pushed back as an insert (closed before its metadata was written)', async () => {
    const handler = createConflictHandler<Doc>('tickets', SERVER_OWNED);
    const pulled = { ...base };
    // The push handler records every insert row before sending it.
    conflictHandlerControls(handler)?.unconfirmed.remember('t1', pulled, true);
    const master = { ...base, status: 'pending', tags: ['vip'], updatedAt: '2026-01-05T00:00:00.000Z' };
    const resolved = await handler.resolve({ newDocumentState: pulled, realMasterState: master }, 'test');
    expect(resolved).toEqual(master);
    expect(conflictLog.getState().entries).toEqual([]);
  });

  it('does not call a copy "in sync" with its old base while a lost push of it may be on the server', () => {
    const handler = createConflictHandler<Doc>('tickets', SERVER_OWNED);
    const controls = conflictHandlerControls(handler);
    controls?.unconfirmed.remember('t1', { ...base, subject: 'lost push' }, false);
    expect(handler.isEqual(base, { ...base }, 'upstream-check-if-equal')).toBe(false);
    expect(handler.isEqual(base, { ...base }, 'downstream-check-if-equal-0')).toBe(false);
    // Other comparisons (e.g. "is the master what I have") stay structural.
    expect(handler.isEqual(base, { ...base }, 'downstream-check-if-equal-1')).toBe(true);
    // Once the server answered a push of the document, it is plain equality again.
    controls?.unconfirmed.forget('t1');
    expect(handler.isEqual(base, { ...base }, 'upstream-check-if-equal')).toBe(true);
  });
});
