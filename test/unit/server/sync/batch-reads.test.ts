/** The reads shared by the rows of one push transaction: never served once the transaction could have changed them. */
import { describe, expect, it } from 'vitest';
import { BatchReads } from '../../../../src/server/sync/writers/batch-reads';

/** A loader that counts its calls and returns the call number. */
function counter(): { load: () => Promise<number>; calls: () => number } {
  let calls = 0;
  return { load: () => Promise.resolve((calls += 1)), calls: () => calls };
}

describe('BatchReads', () => {
  it('reads a value once while no row writes where it came from', async () => {
    const reads = new BatchReads();
    const settings = counter();
    expect(await reads.read('slaSettings', 'settings', settings.load)).toBe(1);
    reads.written([{ collection: 'tickets', seq: 10 }, { collection: 'timeline', seq: 11 }]);
    expect(await reads.read('slaSettings', 'settings', settings.load)).toBe(1);
    expect(settings.calls()).toBe(1);
  });

  it('reads again after a row wrote the collection it came from, and keeps the others', async () => {
    const reads = new BatchReads();
    const settings = counter();
    const scan = counter();
    await reads.read('slaSettings', 'settings', settings.load);
    await reads.read('scan', undefined, scan.load);
    reads.written([{ collection: 'settings', seq: 12 }]);
    expect(await reads.read('slaSettings', 'settings', settings.load)).toBe(2);
    expect(await reads.read('scan', undefined, scan.load)).toBe(1);
  });

  it('reads everything again after a row was rolled back', async () => {
    const reads = new BatchReads();
    const scan = counter();
    await reads.read('scan', undefined, scan.load);
    reads.forgetAll();
    expect(await reads.read('scan', undefined, scan.load)).toBe(2);
  });

  it('does not keep a failed read', async () => {
    const reads = new BatchReads();
    await expect(reads.read('slaSettings', 'settings', () => Promise.reject(new Error('connection lost')))).rejects.toThrow('connection lost');
    expect(await reads.read('slaSettings', 'settings', () => Promise.resolve('loaded'))).toBe('loaded');
  });
});
