/**
 * A deadline around an SDK promise that may never settle. The original promise keeps running: when it
 * resolves after the deadline, `onLate` gets the value so it can be undone (e.g. hang up a call that
 * connects after the agent was told it failed).
 */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, onLate?: (value: T) => void): Promise<T> {
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new TimeoutError(timeoutMs));
    }, timeoutMs);
  });
  // After the deadline nobody waits for the original any more: a late value goes to onLate, a late error nowhere.
  promise.then(
    (value) => {
      if (timedOut) onLate?.(value);
    },
    () => undefined,
  );
  return Promise.race([promise, deadline]).finally(() => {
    clearTimeout(timer);
  });
}
