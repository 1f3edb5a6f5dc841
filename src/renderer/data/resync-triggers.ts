/**
 * When to pull and push again without waiting for the stream or a retry timer: the browser says it is
 * online again, the window gets focus or the page becomes visible (a laptop lid opened, a tab brought
 * back), and the machine woke up from sleep — detected as a gap between the ticks of an interval timer,
 * since timers do not run while it sleeps.
 *
 * No DOM types: the window and document are passed in as plain event targets, the timers are injected.
 */
import type { Timers } from './sync-stream';

export type ResyncReason = 'online' | 'focus' | 'visible' | 'wake';

/** The part of `window`/`document` this module uses. */
export interface ListenerTarget {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

export interface ResyncTriggerOptions {
  /** Fires `online` and `focus`. */
  readonly window: ListenerTarget;
  /** Fires `visibilitychange`; `visibilityState` is read then. */
  readonly document?: ListenerTarget & { readonly visibilityState: string };
  readonly timers: Pick<Timers, 'setInterval' | 'clearInterval' | 'now'>;
  readonly onTrigger: (reason: ResyncReason) => void;
  /** How often the wake detector ticks. */
  readonly tickMs?: number;
  /** A gap between ticks longer than this means the machine slept. */
  readonly wakeGapMs?: number;
  /** Focus and visibility fire in bursts: at most one of those triggers per this interval. */
  readonly attentionThrottleMs?: number;
}

export const DEFAULT_TICK_MS = 5_000;
export const DEFAULT_WAKE_GAP_MS = 30_000;
export const DEFAULT_ATTENTION_THROTTLE_MS = 2_000;

/** Starts listening; returns the function that stops it. */
export function startResyncTriggers(options: ResyncTriggerOptions): () => void {
  const { timers, onTrigger } = options;
  const tickMs = options.tickMs ?? DEFAULT_TICK_MS;
  const wakeGapMs = options.wakeGapMs ?? DEFAULT_WAKE_GAP_MS;
  const throttleMs = options.attentionThrottleMs ?? DEFAULT_ATTENTION_THROTTLE_MS;
  let lastAttention = Number.NEGATIVE_INFINITY;
  let lastTick = timers.now();

  const attention = (reason: 'focus' | 'visible') => {
    const now = timers.now();
    if (now - lastAttention < throttleMs) return;
    lastAttention = now;
    onTrigger(reason);
  };
  const handleOnline = () => {
    onTrigger('online');
  };
  const handleFocus = () => {
    attention('focus');
  };
  const handleVisibility = () => {
    if (options.document?.visibilityState === 'visible') attention('visible');
  };

  options.window.addEventListener('online', handleOnline);
  options.window.addEventListener('focus', handleFocus);
  options.document?.addEventListener('visibilitychange', handleVisibility);
  const interval = timers.setInterval(() => {
    const now = timers.now();
    const gap = now - lastTick;
    lastTick = now;
    if (gap > wakeGapMs) onTrigger('wake');
  }, tickMs);

  return () => {
    options.window.removeEventListener('online', handleOnline);
    options.window.removeEventListener('focus', handleFocus);
    options.document?.removeEventListener('visibilitychange', handleVisibility);
    timers.clearInterval(interval);
  };
}
