/**
 * The server's SLA background work, on a timer: queued recomputations after policy, calendar and
 * customer segment changes (recompute-jobs.ts) and the breach scan (breach-scan.ts), batch by batch
 * until both have caught up, publishing each batch's changes on the change feed so live clients get them.
 *
 * Every server process runs one; they share the work through the database (each batch is a change
 * transaction that starts from the state the previous one committed), so running several is safe.
 */
import type { SyncCollectionName } from '../../shared/sync/collections';
import type { ChangeFeed, ChangeNotice } from '../changes/change-feed';
import type { Clock } from '../clock';
import type { Db } from '../documents/document-store';
import type { Logger } from '../logger';
import { timerScheduler, type CancelTask, type Scheduler } from '../voice/scheduler';
import { hasDuesToScan, scanBreachBatch } from './breach-scan';
import { countOpenTickets, hasQueuedRecompute, recomputeBatch, type RecomputeStep } from './recompute-jobs';

export interface SlaWorkerOptions {
  readonly db: Db;
  readonly feed: ChangeFeed;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Where the timer comes from; tests pass one they fire by hand (or never, and call runOnce). */
  readonly scheduler?: Scheduler;
  /** Pause between runs: the most a breach event can lag behind its due time. */
  readonly intervalMs?: number;
  /** Tickets per change transaction (how long a batch holds the change lock). */
  readonly batchSize?: number;
}

export interface SlaWorkReport {
  /** Tickets the breach scan checked (those whose due dates it passed). */
  readonly checked: number;
  /** Breach events written. */
  readonly breaches: number;
  /** Tickets stored with new SLA fields (by recomputations and the scan). */
  readonly updated: number;
  /** Recompute jobs finished. */
  readonly jobsFinished: number;
}

export const SLA_WORKER_INTERVAL_MS = 10_000;
export const SLA_WORKER_BATCH_SIZE = 200;
/** A running recomputation logs its progress each time this many more tickets have been checked. */
const PROGRESS_EVERY = 5000;

export class SlaWorker {
  private readonly scheduler: Scheduler;
  private readonly intervalMs: number;
  private readonly batchSize: number;
  private cancelTimer: CancelTask | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: SlaWorkerOptions) {
    this.scheduler = options.scheduler ?? timerScheduler;
    this.intervalMs = options.intervalMs ?? SLA_WORKER_INTERVAL_MS;
    this.batchSize = options.batchSize ?? SLA_WORKER_BATCH_SIZE;
  }

  /** Runs now, then every intervalMs after the previous run ended. */
  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops the timer and waits for a run in progress to finish its batch loop. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    await this.queue.catch(() => undefined);
  }

  /** Works until recomputations and the breach scan have caught up with the clock. Runs never overlap within a process. */
  runOnce(): Promise<SlaWorkReport> {
    const run = this.queue.catch(() => undefined).then(() => this.work());
    this.queue = run;
    return run;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.cancelTimer = this.scheduler.schedule(delayMs, () => {
      this.runOnce()
        .catch((error: unknown) => {
          this.options.logger.error({ err: error }, 'SLA worker run failed; retrying on the next tick');
        })
        .finally(() => {
          this.schedule(this.intervalMs);
        });
    });
  }

  private async work(): Promise<SlaWorkReport> {
    const { db, clock } = this.options;
    let checked = 0;
    let breaches = 0;
    let updated = 0;
    let jobsFinished = 0;
    for (;;) {
      let busy = false;
      if (!this.stopped && (await hasQueuedRecompute(db))) {
        const step = await recomputeBatch(db, clock.now(), this.batchSize);
        if (step !== undefined) {
          breaches += step.batch.breaches;
          updated += step.batch.updated;
          await this.publish(step.notices);
          await this.report(step);
          if (step.finished) jobsFinished += 1;
          // Go round again: the job's next batch, or the next job.
          busy = true;
        }
      }
      const now = clock.now();
      if (!this.stopped && (await hasDuesToScan(db, now))) {
        const step = await scanBreachBatch(db, now, this.batchSize);
        checked += step.checked;
        breaches += step.breaches;
        updated += step.updated;
        await this.publish(step.notices);
        if (step.breaches > 0) this.options.logger.info({ checked: step.checked, breaches: step.breaches }, 'SLA breaches recorded');
        if (!step.done) busy = true;
      }
      if (!busy) return { checked, breaches, updated, jobsFinished };
    }
  }

  private async report(step: RecomputeStep): Promise<void> {
    const { logger, db } = this.options;
    const fields = { job: step.jobId, reason: step.reason, checked: step.checked, updated: step.updated };
    if (step.started) logger.info({ ...fields, openTickets: await countOpenTickets(db, step.scope), superseded: step.superseded }, 'SLA recompute started');
    if (step.finished) logger.info(fields, 'SLA recompute finished');
    else if (Math.floor(step.checked / PROGRESS_EVERY) > Math.floor((step.checked - step.batch.checked) / PROGRESS_EVERY)) logger.info(fields, 'SLA recompute in progress');
    else logger.debug(fields, 'SLA recompute batch');
  }

  private async publish(notices: readonly ChangeNotice[]): Promise<void> {
    const latest = new Map<SyncCollectionName, number>();
    for (const { collection, seq } of notices) latest.set(collection, Math.max(latest.get(collection) ?? 0, seq));
    for (const [collection, seq] of latest) {
      try {
        await this.options.feed.publish({ collection, seq });
      } catch (error) {
        // The write stands; live clients catch up with the next notice or their next RESYNC.
        this.options.logger.warn({ err: error }, 'change notice not published');
      }
    }
  }
}
