/**
 * Recomputing the SLA of open tickets after an SLA policy or business calendar changed. The settings
 * push only queues a job (a row in `sla_recompute_jobs`, in its own transaction, so the push stays
 * fast however many tickets there are); the SLA worker (sla-worker.ts) then walks the open tickets in
 * id order, one batch per change transaction, storing the tickets whose due dates moved. Clients get
 * them through the ordinary pull and stream.
 *
 * Jobs run oldest first. A job starting takes over every job queued before it began that has not
 * started (its pass reads the settings as they are now, so it covers those changes too); a change
 * arriving while a job runs queues a job that runs after it. The cursor lives in the row, so a
 * restarted or second server process carries on where the last batch committed.
 */
import { sql } from 'kysely';
import { FINISHED_STATUSES } from '../../shared/sla/ticket-history';
import { TICKET_STATUSES } from '../../shared/domain/ticket';
import type { ChangeNotice } from '../changes/change-feed';
import { inChangeTransaction, type Db, type Trx } from '../documents/document-store';
import { breachHorizon } from './breach-scan';
import { loadSlaSettings, refreshTicketSlas } from './ticket-sla-store';

/** Statuses whose tickets can have due dates; finished tickets keep the SLA they ended with. */
const OPEN_STATUSES = TICKET_STATUSES.filter((status) => !FINISHED_STATUSES.includes(status));

/** Queues a recomputation; call in the transaction of the change that asks for it. */
export async function queueSlaRecompute(trx: Trx, reason: string, now: Date): Promise<void> {
  await trx.insertInto('sla_recompute_jobs').values({ reason, requested_at: now, started_at: null, after_ticket_id: null, finished_at: null, superseded_by: null }).execute();
}

/** Whether a job is waiting or running (read without the change lock: a hint whether to take it). */
export async function hasQueuedRecompute(db: Db): Promise<boolean> {
  const row = await db.selectFrom('sla_recompute_jobs').select('id').where('finished_at', 'is', null).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** The open tickets a job has to check (for progress reports). */
export async function countOpenTickets(db: Db): Promise<number> {
  const row = await db
    .selectFrom('documents')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where(sql<boolean>`collection = 'tickets' and not deleted`)
    .where(sql<string>`data->>'status'`, 'in', OPEN_STATUSES)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

export interface RecomputeStep {
  readonly jobId: number;
  readonly reason: string;
  /** This batch started the job. */
  readonly started: boolean;
  /** Jobs this one took over when it started. */
  readonly superseded: number;
  /** Totals of the job so far. */
  readonly checked: number;
  readonly updated: number;
  /** This batch: tickets checked, tickets stored with new SLA fields, breach events written (due dates moved into the past). */
  readonly batch: { readonly checked: number; readonly updated: number; readonly breaches: number };
  readonly finished: boolean;
  readonly notices: readonly ChangeNotice[];
}

/** One batch of the oldest unfinished job; undefined when there is none. */
export async function recomputeBatch(db: Db, now: Date, batchSize: number): Promise<RecomputeStep | undefined> {
  return inChangeTransaction(db, async (trx) => {
    const job = await trx.selectFrom('sla_recompute_jobs').selectAll().where('finished_at', 'is', null).orderBy('id').limit(1).executeTakeFirst();
    if (job === undefined) return undefined;
    const jobId = Number(job.id);
    const started = job.started_at === null;
    let superseded = 0;
    if (started) {
      const result = await trx
        .updateTable('sla_recompute_jobs')
        .set({ finished_at: now, superseded_by: jobId })
        .where('finished_at', 'is', null)
        .where('started_at', 'is', null)
        .where('id', '>', jobId)
        .executeTakeFirst();
      superseded = Number(result.numUpdatedRows);
    }
    let query = trx
      .selectFrom('documents')
      .select(['id', 'data'])
      .where(sql<boolean>`collection = 'tickets' and not deleted`)
      .where(sql<string>`data->>'status'`, 'in', OPEN_STATUSES);
    if (job.after_ticket_id !== null) query = query.where('id', '>', job.after_ticket_id);
    const tickets = await query.orderBy('id').limit(batchSize).execute();
    const refresh = await refreshTicketSlas(
      trx,
      tickets.map((ticket) => ({ entity: ticket.data, deleted: false })),
      now,
      await breachHorizon(trx, now),
      await loadSlaSettings(trx),
    );
    const finished = tickets.length < batchSize;
    const checked = job.checked + tickets.length;
    const updated = job.updated + refresh.updated;
    await trx
      .updateTable('sla_recompute_jobs')
      .set({
        ...(started ? { started_at: now } : {}),
        after_ticket_id: tickets.at(-1)?.id ?? job.after_ticket_id,
        checked,
        updated,
        finished_at: finished ? now : null,
      })
      .where('id', '=', jobId)
      .execute();
    const batch = { checked: tickets.length, updated: refresh.updated, breaches: refresh.breaches };
    return { jobId, reason: job.reason, started, superseded, checked, updated, batch, finished, notices: refresh.notices };
  });
}
