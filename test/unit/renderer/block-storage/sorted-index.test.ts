import fc from 'fast-check';
import type { DocWithIndexString } from 'rxdb/plugins/storage-memory';
import { describe, expect, it } from 'vitest';
import { applyIndexChange, positionOf } from '../../../../src/renderer/data/block-storage/sorted-index';

type Entry = DocWithIndexString<unknown>;
const entry = (key: string, version = 0): Entry => [key, { key, version } as never, key];
const keysOf = (entries: readonly Entry[]) => entries.map((e) => e[0]);

describe('applyIndexChange', () => {
  it('inserts new entries between, before and after existing ones', () => {
    const entries = ['b', 'd', 'f'].map((k) => entry(k));
    applyIndexChange(entries, { removed: [], added: [entry('g'), entry('a'), entry('c'), entry('e')], replaced: [] });
    expect(keysOf(entries)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('removes entries whose key changed and replaces documents whose key stayed', () => {
    const entries = ['a', 'b', 'c', 'd'].map((k) => entry(k));
    applyIndexChange(entries, { removed: ['a', 'c'], added: [entry('e')], replaced: [entry('b', 1)] });
    expect(keysOf(entries)).toEqual(['b', 'd', 'e']);
    expect(entries[0]?.[1]).toEqual({ key: 'b', version: 1 });
  });

  it('refuses to replace an entry the index does not hold', () => {
    expect(() => {
      applyIndexChange([entry('a')], { removed: [], added: [], replaced: [entry('z')] });
    }).toThrow(/missing/);
  });

  it('keeps the index equal to a sorted array after any sequence of bulk changes', () => {
    const key = fc.string({ maxLength: 4 });
    const step = fc.record({ remove: fc.array(key, { maxLength: 6 }), add: fc.uniqueArray(key, { maxLength: 12 }) });
    fc.assert(
      fc.property(fc.uniqueArray(key, { maxLength: 40 }), fc.array(step, { maxLength: 8 }), (initial, steps) => {
        const entries = [...initial].sort().map((k) => entry(k));
        const model = new Set(initial);
        for (const { remove, add } of steps) {
          // As the storage calls it: removed keys exist, added keys are absent once the removals are done.
          const removed = [...new Set(remove)].filter((k) => model.has(k));
          for (const k of removed) model.delete(k);
          const added = add.filter((k) => !model.has(k));
          for (const k of added) model.add(k);
          applyIndexChange(entries, { removed, added: added.map((k) => entry(k)), replaced: [] });
          expect(keysOf(entries)).toEqual([...model].sort());
        }
        for (const k of model) expect(entries[positionOf(entries, k)]?.[0]).toBe(k);
      }),
    );
  });
});
