/**
 * Keeps the voice token fresh from its own JWT `exp`, instead of the SDK's `tokenWillExpire` event,
 * which fires only once per Device (twilio-voice.js #93): after the first `updateToken` it never warns
 * again and the second token silently expires.
 *
 * Refreshing swaps the token on the signalling connection, which can cost ~1 s of audio during a call
 * (SDK docs of `Device.updateToken`), so a refresh due during a call waits for the call to end, but
 * never past `urgentMs` before expiry: an expired token would break the reconnection of that very call.
 */
import { tokenExpiresAt } from '../data/session-core';

export interface TokenRefreshOptions {
  /** Our server's voice token endpoint. */
  readonly fetchToken: () => Promise<string>;
  /** Hands the new token to the provider (Twilio: `device.updateToken`); may throw. */
  readonly apply: (token: string) => void;
  /** Whether a call is in progress (then a non-urgent refresh waits). */
  readonly isBusy: () => boolean;
  readonly onError: (failure: TokenRefreshFailure) => void;
  /** Refresh this long before expiry (at most halfway through the token's remaining life). */
  readonly leadMs?: number;
  /** From this long before expiry a refresh no longer waits for the call to end. */
  readonly urgentMs?: number;
  /** First retry delay after a failure; doubles up to `maxRetryMs`. */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
}

export type TokenRefreshFailure = { readonly stage: 'fetch' | 'apply'; readonly cause: unknown };

export const DEFAULT_TOKEN_LEAD_MS = 5 * 60_000;
export const DEFAULT_TOKEN_URGENT_MS = 60_000;
const MIN_DELAY_MS = 1_000;

/** Milliseconds from `now` until the refresh is due, or null for a token without `exp`. */
export function tokenRefreshDelay(token: string, now: number, leadMs = DEFAULT_TOKEN_LEAD_MS): number | null {
  const expiresAt = tokenExpiresAt(token);
  if (expiresAt === null) return null;
  const remaining = expiresAt - now;
  return Math.max(MIN_DELAY_MS, remaining - Math.min(leadMs, remaining / 2));
}

export class TokenRefresher {
  private token: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private waitingForCallEnd = false;
  private inFlight: Promise<string> | null = null;
  private retryDelay: number;
  private stopped = true;
  private readonly leadMs: number;
  private readonly urgentMs: number;
  private readonly retryMs: number;
  private readonly maxRetryMs: number;

  constructor(private readonly options: TokenRefreshOptions) {
    this.leadMs = options.leadMs ?? DEFAULT_TOKEN_LEAD_MS;
    this.urgentMs = options.urgentMs ?? DEFAULT_TOKEN_URGENT_MS;
    this.retryMs = options.retryMs ?? 5_000;
    this.maxRetryMs = options.maxRetryMs ?? 60_000;
    this.retryDelay = this.retryMs;
  }

  /** Starts watching `token` (the one the provider was created with). */
  start(token: string): void {
    this.stopped = false;
    this.token = token;
    this.retryDelay = this.retryMs;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
    this.waitingForCallEnd = false;
  }

  /** The provider's calls are over: a refresh that waited for them runs now. */
  callsEnded(): void {
    if (this.waitingForCallEnd && !this.stopped) {
      this.waitingForCallEnd = false;
      void this.refreshNow().catch(() => undefined);
    }
  }

  /** Whether the current token is valid for at least `marginMs` more (true for a token without `exp`). */
  isFresh(marginMs: number, now = Date.now()): boolean {
    if (this.token === null) return false;
    const expiresAt = tokenExpiresAt(this.token);
    return expiresAt === null || expiresAt - now > marginMs;
  }

  /**
   * Fetches and applies a new token now (one at a time: concurrent callers share the same refresh).
   * Rejects with the failure, after reporting it and scheduling a retry.
   */
  refreshNow(): Promise<string> {
    this.inFlight ??= this.fetchAndApply().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async fetchAndApply(): Promise<string> {
    this.clearTimer();
    this.waitingForCallEnd = false;
    let token: string;
    try {
      token = await this.options.fetchToken();
    } catch (cause) {
      this.fail({ stage: 'fetch', cause });
      throw cause;
    }
    if (this.stopped) return token;
    try {
      this.options.apply(token);
    } catch (cause) {
      // twilio-voice.js #33: updateToken after the signalling connection went offline threw
      // InvalidStateError. Report and retry rather than leave the old token to expire.
      this.fail({ stage: 'apply', cause });
      throw cause;
    }
    this.token = token;
    this.retryDelay = this.retryMs;
    this.schedule();
    return token;
  }

  private fail(failure: TokenRefreshFailure): void {
    this.options.onError(failure);
    if (this.stopped) return;
    this.setTimer(this.retryDelay);
    this.retryDelay = Math.min(this.maxRetryMs, this.retryDelay * 2);
  }

  private schedule(): void {
    if (this.stopped || this.token === null) return;
    const delay = tokenRefreshDelay(this.token, Date.now(), this.leadMs);
    if (delay !== null) this.setTimer(delay);
  }

  private setTimer(delay: number): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onDue();
    }, delay);
  }

  private onDue(): void {
    if (this.stopped) return;
    const expiresAt = this.token === null ? null : tokenExpiresAt(this.token);
    const untilUrgent = expiresAt === null ? 0 : expiresAt - this.urgentMs - Date.now();
    if (this.options.isBusy() && untilUrgent > 0) {
      this.waitingForCallEnd = true;
      this.setTimer(untilUrgent);
      return;
    }
    void this.refreshNow().catch(() => undefined);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
