/** Where the server gets the time, so tests can pin it (token expiry, server-stamped timestamps). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
