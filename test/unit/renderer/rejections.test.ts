import { describe, expect, it } from 'vitest';
import { MAX_REJECTIONS, RejectionStore, memoryBackend, type NewRejection } from '../../../src/renderer/data/rejections';

const rejection = (documentId: string, patch: Partial<NewRejection> = {}): NewRejection => ({
  collection: 'tickets',
  documentId,
  operation: 'update',
  code: 'validation_failed',
  message: '1 of 1 documents are invalid; nothing was applied',
  errors: [{ path: '/subject', message: 'must NOT have fewer than 1 characters' }],
  rejected: { id: documentId, subject: '' },
  base: { id: documentId, subject: 'Before' },
  at: 1_000,
  ...patch,
});

describe('RejectionStore', () => {
  it('loads what was saved, then adds, updates and removes records in order, saving each change', async () => {
    const backend = memoryBackend();
    const first = new RejectionStore(backend);
    const [a] = await first.add([rejection('t1')]);
    await first.add([rejection('t2', { operation: 'insert' })]);
    expect(backend.saved.map((record) => record.documentId)).toEqual(['t1', 't2']);
    expect(new Set(backend.saved.map((record) => record.key)).size).toBe(2);

    const second = new RejectionStore(backend);
    await second.whenIdle();
    expect(second.state.getState().loaded).toBe(true);
    expect(second.forDocument('tickets', 't2')).toHaveLength(1);
    await second.update(second.forDocument('tickets', 't2')[0]?.key ?? '', { discarding: true });
    expect(backend.saved[1]?.discarding).toBe(true);
    await second.remove([a?.key ?? '']);
    await second.removeWhere((record) => record.operation === 'insert');
    expect(second.records).toEqual([]);
    expect(backend.saved).toEqual([]);
  });

  it('ignores unreadable persisted data and keeps at most MAX_REJECTIONS records', async () => {
    const backend = memoryBackend([{ nonsense: true } as never]);
    const store = new RejectionStore(backend);
    await store.whenIdle();
    expect(store.records).toEqual([]);
    await store.add(Array.from({ length: MAX_REJECTIONS + 5 }, (_unused, index) => rejection(`t${index}`)));
    expect(store.records).toHaveLength(MAX_REJECTIONS);
    expect(store.records[0]?.documentId).toBe('t5');
  });
});
