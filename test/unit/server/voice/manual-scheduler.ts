/** A Scheduler driven by hand: tasks run when a test advances virtual time, never on their own. */
import type { CancelTask, Scheduler } from '../../../../src/server/voice/scheduler';

interface Task {
  readonly dueAt: number;
  readonly delayMs: number;
  readonly order: number;
  readonly run: () => void;
}

export class ManualScheduler implements Scheduler {
  private readonly tasks = new Set<Task>();
  private order = 0;
  /** Virtual time in ms. */
  time = 0;

  readonly now = (): number => this.time;

  schedule(delayMs: number, run: () => void): CancelTask {
    const task: Task = { dueAt: this.time + delayMs, delayMs, order: ++this.order, run };
    this.tasks.add(task);
    return () => this.tasks.delete(task);
  }

  /** Delays of the tasks still pending. */
  pendingDelays(): number[] {
    return [...this.tasks].map((task) => task.delayMs);
  }

  /** Moves time forward by `ms`, running every task that falls due, in due order. */
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const next = [...this.tasks].filter((task) => task.dueAt <= until).sort((a, b) => a.dueAt - b.dueAt || a.order - b.order)[0];
      if (next === undefined) break;
      this.tasks.delete(next);
      this.time = next.dueAt;
      next.run();
    }
    this.time = until;
  }

  /** Runs the pending tasks scheduled with exactly `delayMs` (time does not move). */
  fire(delayMs: number): number {
    const due = [...this.tasks].filter((task) => task.delayMs === delayMs).sort((a, b) => a.order - b.order);
    for (const task of due) {
      this.tasks.delete(task);
      task.run();
    }
    return due.length;
  }
}
