import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AudioPreferences, type KeyValueStore } from '../../../../src/renderer/voice/audio-preferences';
import { TimeoutError, withTimeout } from '../../../../src/renderer/voice/timeout';
import { TokenRefresher, tokenRefreshDelay } from '../../../../src/renderer/voice/token-refresh';
import { jwt } from './fake-twilio';

const NOW = Date.parse('2026-03-02T14:00:00Z');

beforeEach(() => {
  vi.useFakeTimers({ now: NOW });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('tokenRefreshDelay', () => {
  it('refreshes the lead time before expiry, halfway for short tokens, never at once, never for tokens without exp', () => {
    expect(tokenRefreshDelay(jwt(NOW + 3_600_000), NOW, 300_000)).toBe(3_300_000);
    expect(tokenRefreshDelay(jwt(NOW + 120_000), NOW, 300_000)).toBe(60_000);
    expect(tokenRefreshDelay(jwt(NOW - 5_000), NOW, 300_000)).toBe(1_000);
    expect(tokenRefreshDelay('not-a-jwt', NOW)).toBeNull();
  });
});

describe('TokenRefresher', () => {
  it('shares one refresh between concurrent callers', async () => {
    let resolveFetch: (token: string) => void = () => undefined;
    const fetchToken = vi.fn(() => new Promise<string>((resolve) => (resolveFetch = resolve)));
    const apply = vi.fn();
    const refresher = new TokenRefresher({ fetchToken, apply, isBusy: () => false, onError: () => undefined });
    refresher.start(jwt(NOW + 3_600_000));
    const both = Promise.all([refresher.refreshNow(), refresher.refreshNow()]);
    resolveFetch(jwt(NOW + 7_200_000));
    await both;
    expect(fetchToken).toHaveBeenCalledOnce();
    expect(apply).toHaveBeenCalledOnce();
    expect(refresher.isFresh(3_600_000)).toBe(true);
  });

  it('stops scheduling when stopped', async () => {
    const fetchToken = vi.fn(() => Promise.resolve(jwt(NOW + 7_200_000)));
    const refresher = new TokenRefresher({ fetchToken, apply: () => undefined, isBusy: () => false, onError: () => undefined });
    refresher.start(jwt(NOW + 3_600_000));
    refresher.stop();
    await vi.advanceTimersByTimeAsync(7_200_000);
    expect(fetchToken).not.toHaveBeenCalled();
  });
});

describe('withTimeout', () => {
  it('passes a value or an error that comes in time', async () => {
    await expect(withTimeout(Promise.resolve(1), 100)).resolves.toBe(1);
    await expect(withTimeout(Promise.reject(new Error('no')), 100)).rejects.toThrow('no');
  });

  it('rejects at the deadline and hands a late value to onLate', async () => {
    let resolveLate: (value: string) => void = () => undefined;
    const onLate = vi.fn();
    const result = withTimeout(new Promise<string>((resolve) => (resolveLate = resolve)), 100, onLate);
    const assertion = expect(result).rejects.toBeInstanceOf(TimeoutError);
    await vi.advanceTimersByTimeAsync(100);
    await assertion;
    resolveLate('late');
    await vi.advanceTimersByTimeAsync(0);
    expect(onLate).toHaveBeenCalledWith('late');
  });
});

describe('AudioPreferences', () => {
  it('reads nothing and loses nothing else when the store throws (private mode, quota)', () => {
    const broken: KeyValueStore = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    const preferences = new AudioPreferences(broken);
    expect(() => {
      preferences.set('input', 'mic-1');
    }).not.toThrow();
    expect(preferences.all()).toEqual({ input: null, speaker: null, ringtone: null });
  });
});
