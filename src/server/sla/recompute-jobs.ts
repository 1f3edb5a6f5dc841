/**
 * Recomputing the SLA of open tickets after what picks or shapes their policy changed: an SLA policy
 * or business calendar (every open ticket), or a customer's segment (that customer's open tickets).
 * The push only queues a job: a row in `sla_recompute_jobs`, written in the transaction of the change
 * that asks for it, so both commit or neither does, and a server stopped right after the push leaves
 * the job for the next worker run of any process. However many tickets there are, the push stays fast.
 * The SLA worker (sla-worker.ts) then walks the job's open tickets in id order, one batch per change
 * transaction, storing the tickets whose SLA fields moved. Clients get them through the ordinary pull
 * and stream.
 *
 * A customer's jobs (a few tickets, read through the `customerId` index) run before the passes over
 * every open ticket, so a segment change shows within a worker run even while a long pass is under
 * way; each kind runs oldest first. A job starting takes over every job it covers that has not started
 * (its pass reads the settings and segments as they are now, so it covers those changes too): a pass
 * over every open ticket covers all of them, a customer's job that customer's. A change arriving while
 * a job runs queues a new job. The cursor lives in the row, so a restarted or second server process
 * carries on where the last batch committed.
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

/** What a job recomputes: every open ticket, or only one customer's. */
export interface RecomputeScope {
  readonly customerId?: string;
}

/** Queues a recomputation; call in the transaction of the change that asks for it. */
export async function queueSlaRecompute(trx: Trx, reason: string, now: Date, scope: RecomputeScope = {}): Promise<void> {
  await trx
    .insertInto('sla_recompute_jobs')
    .values({ reason, requested_at: now, customer_id: scope.customerId ?? null, started_at: null, after_ticket_id: null, finished_at: null, superseded_by: null })
    .execute();
}

/** Whether a job is waiting or running (read without the change lock: a hint whether to take it). */
export async function hasQueuedRecompute(db: Db): Promise<boolean> {
  const row = await db.selectFrom('sla_recompute_jobs').select('id').where('finished_at', 'is', null).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** The live open tickets in a job's scope. */
function openTickets(db: Db | Trx, scope: RecomputeScope) {
  let query = db
    .selectFrom('documents')
    .where(sql<boolean>`collection = 'tickets' and not deleted`)
    .where(sql<string>`data->>'status'`, 'in', OPEN_STATUSES);
  // The expression of the documents_ticket_customer index (migration 0005).
  if (scope.customerId !== undefined) query = query.where(sql<string>`data->>'customerId'`, '=', scope.customerId);
  return query;
}

/** The open tickets a job has to check (for progress reports). */
export async function countOpenTickets(db: Db, scope: RecomputeScope = {}): Promise<number> {
  const row = await openTickets(db, scope)
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** Whether a customer has open tickets (whether a change to them has anything to recompute). */
export async function hasOpenTickets(trx: Trx, customerId: string): Promise<boolean> {
  const row = await openTickets(trx, { customerId }).select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

export interface RecomputeStep {
  readonly jobId: number;
  readonly reason: string;
  readonly scope: RecomputeScope;
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

/** One batch of the next unfinished job (a customer's first, then oldest first); undefined when there is none. */
export async function recomputeBatch(db: Db, now: Date, batchSize: number): Promise<RecomputeStep | undefined> {
  return inChangeTransaction(db, async (trx) => {
    const job = await trx
      .selectFrom('sla_recompute_jobs')
      .selectAll()
      .where('finished_at', 'is', null)
      .orderBy(sql`customer_id is null`)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    if (job === undefined) return undefined;
    const jobId = Number(job.id);
    const scope: RecomputeScope = job.customer_id === null ? {} : { customerId: job.customer_id };
    const started = job.started_at === null;
    let superseded = 0;
    if (started) {
      // Every job waiting was queued before this one starts (queueing and batches both hold the change lock).
      let covered = trx
        .updateTable('sla_recompute_jobs')
        .set({ finished_at: now, superseded_by: jobId })
        .where('finished_at', 'is', null)
        .where('started_at', 'is', null)
        .where('id', '<>', jobId);
      if (scope.customerId !== undefined) covered = covered.where('customer_id', '=', scope.customerId);
      superseded = Number((await covered.executeTakeFirst()).numUpdatedRows);
    }
    let query = openTickets(trx, scope).select(['id', 'data']);
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
    return { jobId, reason: job.reason, scope, started, superseded, checked, updated, batch, finished, notices: refresh.notices };
  });
}
