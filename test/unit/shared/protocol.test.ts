import { describe, expect, it } from 'vitest';
import { COLLECTIONS, SYNC_COLLECTIONS, isSyncCollectionName } from '../../../src/shared/sync/collections';
import { parseCheckpointParam, syncPullPath, syncPushPath } from '../../../src/shared/sync/protocol';

describe('parseCheckpointParam', () => {
  it('reads absent, empty and null as "from the start"', () => {
    expect(parseCheckpointParam(undefined)).toBeUndefined();
    expect(parseCheckpointParam('')).toBeUndefined();
    expect(parseCheckpointParam('null')).toBeUndefined();
  });

  it('parses a sequence checkpoint', () => {
    expect(parseCheckpointParam('{"seq":42}')).toEqual({ seq: 42 });
  });

  it.each(['{"seq":-1}', '{"seq":1.5}', '{"seq":"3"}', '{}', '[]', 'not json', '{"updatedAt":"2026-01-01"}'])(
    'rejects %s',
    (raw) => {
      expect(() => parseCheckpointParam(raw)).toThrow();
    },
  );
});

describe('collections registry', () => {
  it('builds the public v1 routes from the collection name', () => {
    expect(syncPullPath('tickets')).toBe('/api/v1/sync/tickets/pull');
    expect(syncPushPath('customers')).toBe('/api/v1/sync/customers/push');
  });

  it('keeps every collection inside the RxDB free tier and consistent with its schema', () => {
    expect(SYNC_COLLECTIONS.length).toBeLessThanOrEqual(10);
    for (const name of SYNC_COLLECTIONS) {
      const { schema, serverOwnedFields } = COLLECTIONS[name];
      expect(schema.primaryKey).toBe('id');
      for (const field of serverOwnedFields) expect(Object.keys(schema.properties)).toContain(field);
      for (const field of schema.required) expect(Object.keys(schema.properties)).toContain(field);
    }
  });

  it('only accepts known collection names', () => {
    expect(isSyncCollectionName('tickets')).toBe(true);
    expect(isSyncCollectionName('users; drop table')).toBe(false);
  });
});
