import type { Clock } from '../../../src/server/clock';

/** The server's clock, moved by the test. */
export class TestClock implements Clock {
  constructor(private current: Date) {}

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }

  advanceMinutes(minutes: number): void {
    this.advance(minutes * 60_000);
  }

  /** Moves the clock to `iso`, which must be later (the breach scan only goes forward). */
  set(iso: string): void {
    if (Date.parse(iso) <= this.current.getTime()) throw new Error(`the test clock is already past ${iso}`);
    this.current = new Date(iso);
  }
}
