import { describe, expect, it } from 'vitest';
import { startResyncTriggers, type ListenerTarget, type ResyncReason } from '../../../src/renderer/data/resync-triggers';

/** A window/document stand-in: listeners by event type, fired by hand. */
class FakeTarget implements ListenerTarget {
  visibilityState = 'visible';
  private readonly listeners = new Map<string, Set<() => void>>();
  addEventListener(type: string, listener: () => void): void {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener);
    this.listeners.set(type, set);
  }
  removeEventListener(type: string, listener: () => void): void {
    this.listeners.get(type)?.delete(listener);
  }
  fire(type: string): void {
    for (const listener of this.listeners.get(type) ?? []) listener();
  }
  count(): number {
    return [...this.listeners.values()].reduce((sum, set) => sum + set.size, 0);
  }
}

/** An interval clock moved by hand; `sleep(ms)` jumps the clock without ticking, like a suspended machine. */
class FakeClock {
  time = 0;
  private tick: { callback: () => void; every: number; next: number } | null = null;
  now = () => this.time;
  setInterval = (callback: () => void, every: number) => {
    this.tick = { callback, every, next: this.time + every };
    return 1;
  };
  clearInterval = () => {
    this.tick = null;
  };
  advance(ms: number): void {
    const end = this.time + ms;
    while (this.tick !== null && this.tick.next <= end) {
      this.time = this.tick.next;
      this.tick.next += this.tick.every;
      this.tick.callback();
    }
    this.time = end;
  }
  sleep(ms: number): void {
    this.time += ms;
    if (this.tick !== null) this.tick.next = this.time;
  }
  get running(): boolean {
    return this.tick !== null;
  }
}

function setup() {
  const win = new FakeTarget();
  const doc = new FakeTarget();
  const clock = new FakeClock();
  const reasons: ResyncReason[] = [];
  const stop = startResyncTriggers({ window: win, document: doc, timers: clock, onTrigger: (reason) => reasons.push(reason) });
  return { win, doc, clock, reasons, stop };
}

describe('startResyncTriggers', () => {
  it('resyncs when the browser is online again', () => {
    const { win, reasons } = setup();
    win.fire('online');
    win.fire('online');
    expect(reasons).toEqual(['online', 'online']);
  });

  it('resyncs on focus and when the page becomes visible, at most once per burst', () => {
    const { win, doc, clock, reasons } = setup();
    win.fire('focus');
    doc.fire('visibilitychange');
    expect(reasons).toEqual(['focus']);
    clock.advance(2_500);
    doc.visibilityState = 'hidden';
    doc.fire('visibilitychange');
    expect(reasons).toEqual(['focus']);
    doc.visibilityState = 'visible';
    doc.fire('visibilitychange');
    expect(reasons).toEqual(['focus', 'visible']);
  });

  it('detects a wake from sleep as a gap of more than 30 s between timer ticks', () => {
    const { clock, reasons } = setup();
    clock.advance(60_000);
    expect(reasons).toEqual([]);
    clock.sleep(10 * 60_000);
    clock.advance(5_000);
    expect(reasons).toEqual(['wake']);
    clock.advance(60_000);
    expect(reasons).toEqual(['wake']);
  });

  it('stops listening', () => {
    const { win, doc, clock, reasons, stop } = setup();
    stop();
    win.fire('online');
    win.fire('focus');
    expect(win.count() + doc.count()).toBe(0);
    expect(clock.running).toBe(false);
    expect(reasons).toEqual([]);
  });
});
