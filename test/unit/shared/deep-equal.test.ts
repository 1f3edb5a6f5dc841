import { describe, expect, it } from 'vitest';
import { jsonEqual, omitKeys } from '../../../src/shared/util/deep-equal';

describe('jsonEqual', () => {
  it('ignores key order, as stored JSONB does', () => {
    expect(jsonEqual({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
  });

  it('tells apart values, array order and lengths', () => {
    expect(jsonEqual({ a: 1 }, { a: 2 })).toBe(false);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual([1], [1, 1])).toBe(false);
    expect(jsonEqual({ a: [] }, { a: {} })).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
  });

  it('treats an undefined property like an absent one (JSON drops it)', () => {
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });
});

describe('omitKeys', () => {
  it('drops only the named keys and leaves the input untouched', () => {
    const input = { id: 't1', updatedAt: 'x', subject: 's' };
    expect(omitKeys(input, ['updatedAt'])).toEqual({ id: 't1', subject: 's' });
    expect(input.updatedAt).toBe('x');
  });
});
