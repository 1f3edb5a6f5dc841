/**
 * Timers behind an interface, so ring timeouts, wrap-up and reconnect grace periods can be driven by
 * hand in tests instead of waited for.
 */

/** Cancels a scheduled task; calling it after the task ran (or twice) does nothing. */
export type CancelTask = () => void;

export interface Scheduler {
  schedule(delayMs: number, task: () => void): CancelTask;
}

/** setTimeout-backed; timers do not keep the process alive on shutdown. */
export const timerScheduler: Scheduler = {
  schedule(delayMs, task) {
    const timer = setTimeout(task, delayMs);
    timer.unref();
    return () => {
      clearTimeout(timer);
    };
  },
};
