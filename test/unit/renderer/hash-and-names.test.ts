import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { databaseNameFor } from '../../../src/renderer/data/database';
import { rxdbHash, sha256Hex } from '../../../src/renderer/data/hash';

describe('sha256Hex (fallback for pages without crypto.subtle)', () => {
  it.each(['', 'abc', 'atende-v1-tickets-http://localhost:8787', 'ção ✓ 🎧', 'x'.repeat(55), 'y'.repeat(56), 'z'.repeat(1000)])(
    'matches node:crypto for %j',
    (input) => {
      expect(sha256Hex(input)).toBe(createHash('sha256').update(input, 'utf8').digest('hex'));
    },
  );

  it('gives the same result as the native path', async () => {
    expect(await rxdbHash('hello')).toBe(sha256Hex('hello'));
    const bytes = new Uint8Array([0, 255, 1, 128]);
    expect(await rxdbHash(bytes.buffer)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});

describe('databaseNameFor', () => {
  it('is a valid, stable name per server origin and user', () => {
    const name = databaseNameFor('http://localhost:8787', '0b7c-USER_1');
    expect(name).toMatch(/^[a-z][a-z0-9_-]*$/);
    expect(name).toContain('localhost-8787');
    expect(databaseNameFor('http://localhost:8787/', '0b7c-USER_1')).toBe(name);
  });

  it('differs between servers and users, even when sanitizing would make them look alike', () => {
    const names = new Set([
      databaseNameFor('http://localhost:8787', 'u1'),
      databaseNameFor('https://localhost:8787', 'u1'),
      databaseNameFor('http://localhost:8788', 'u1'),
      databaseNameFor('http://localhost:8787', 'u2'),
      databaseNameFor('http://localhost:8787', 'U.1'),
      databaseNameFor('http://localhost:8787', 'u-1'),
    ]);
    expect(names.size).toBe(6);
  });
});
