import { describe, expect, it } from 'vitest';
import {
  INITIAL_SYNC_STATUS,
  PendingTracker,
  computeSyncState,
  offlineReason,
  type SyncStatusSnapshot,
} from '../../../src/renderer/data/sync-status';

describe('PendingTracker', () => {
  it('counts local writes per document until a push of them succeeds', () => {
    const counts: number[] = [];
    const tracker = new PendingTracker((count) => counts.push(count));
    tracker.markLocalWrite('tickets', ['a', 'b']);
    tracker.markLocalWrite('tickets', ['a']); // same document again: still one pending change
    tracker.markLocalWrite('customers', ['a']); // same id, other collection
    expect(tracker.count).toBe(3);

    const push = tracker.pushStarted('tickets', ['a', 'b']);
    tracker.pushSucceeded(push);
    expect(tracker.count).toBe(1);
    expect(tracker.isPending('customers', 'a')).toBe(true);
    expect(counts.at(-1)).toBe(1);
  });

  it('keeps the rows of a failed push pending until a later push succeeds', () => {
    const tracker = new PendingTracker();
    tracker.markLocalWrite('tickets', ['a', 'b']);
    tracker.pushStarted('tickets', ['a', 'b']); // fails: nobody calls pushSucceeded
    expect(tracker.count).toBe(2);
    const retry = tracker.pushStarted('tickets', ['a', 'b']);
    expect(tracker.count).toBe(2);
    tracker.pushSucceeded(retry);
    expect(tracker.count).toBe(0);
  });

  it('counts rows RxDB pushes after a reload, even without a local write in this session', () => {
    const tracker = new PendingTracker();
    const push = tracker.pushStarted('tickets', ['x', 'y']);
    expect(tracker.count).toBe(2);
    tracker.pushSucceeded(push);
    expect(tracker.count).toBe(0);
  });

  it('keeps a document pending when it was written again while its push was in flight', () => {
    const tracker = new PendingTracker();
    tracker.markLocalWrite('tickets', ['a']);
    const push = tracker.pushStarted('tickets', ['a']);
    tracker.markLocalWrite('tickets', ['a']);
    tracker.pushSucceeded(push);
    expect(tracker.isPending('tickets', 'a')).toBe(true);
    tracker.pushSucceeded(tracker.pushStarted('tickets', ['a']));
    expect(tracker.count).toBe(0);
  });

  it('resets on sign-out', () => {
    const counts: number[] = [];
    const tracker = new PendingTracker((count) => counts.push(count));
    tracker.markLocalWrite('tickets', ['a']);
    tracker.reset();
    expect(tracker.count).toBe(0);
    expect(counts).toEqual([1, 0]);
  });
});

describe('computeSyncState', () => {
  const status = (patch: Partial<SyncStatusSnapshot>): SyncStatusSnapshot => ({
    ...INITIAL_SYNC_STATUS,
    streamConnected: true,
    ...patch,
  });

  it('is online when connected, idle and nothing is pending', () => {
    expect(computeSyncState(status({}))).toBe('online');
    expect(offlineReason(status({}))).toBeNull();
  });

  it('is syncing while a replication works, changes are pending or the stream is still connecting', () => {
    expect(computeSyncState(status({ active: { tickets: true } }))).toBe('syncing');
    expect(computeSyncState(status({ pending: 2 }))).toBe('syncing');
    expect(computeSyncState(status({ streamConnected: false }))).toBe('syncing');
  });

  it('is offline without network, without the server, or with an expired session', () => {
    expect(computeSyncState(status({ browserOnline: false, pending: 2 }))).toBe('offline');
    expect(offlineReason(status({ browserOnline: false }))).toBe('no-network');
    expect(computeSyncState(status({ streamConnected: false, streamFailing: true }))).toBe('offline');
    expect(computeSyncState(status({ requestsFailing: true }))).toBe('offline');
    expect(offlineReason(status({ requestsFailing: true }))).toBe('server-unreachable');
    expect(computeSyncState(status({ sessionExpired: true }))).toBe('offline');
    expect(offlineReason(status({ sessionExpired: true, browserOnline: false }))).toBe('session-expired');
  });
});
