/**
 * The breach scan: finds the tickets whose SLA due date passed since the last scan and records each
 * missed target as an `sla_breach` timeline event (ticket-sla-store.ts), in batches.
 *
 * How far it has got is one row, `sla_breach_scan.scanned_before`: every due date before it has been
 * handled. A batch reads the due dates in [scanned_before, now) through the per-field indexes of
 * migration 0003, so it touches only the tickets that breached since, never all tickets. Each batch
 * is a change transaction: it holds the change lock, so batches of several server processes and the
 * ticket writes of the push path take turns, and a second process sees where the first stopped.
 *
 * A due date can also appear behind the scan: a priority raised, a policy changed, another process's
 * clock ahead of this one. The push path and the recomputation therefore record the breaches of every
 * due date before breachHorizon() themselves. Breach event ids are derived from the ticket, metric
 * and cycle, so whoever gets there first writes it and nobody writes it twice.
 */
import { sql, type RawBuilder } from 'kysely';
import type { ChangeNotice } from '../changes/change-feed';
import { inChangeTransaction, type Db, type Trx } from '../documents/document-store';
import { refreshTicketSlas } from './ticket-sla-store';

/** Due dates before this instant (epoch ms) have their breaches recorded by the writer that stamps them. */
export async function breachHorizon(trx: Trx, now: Date): Promise<number> {
  return horizonFrom(now, await scannedBefore(trx));
}

/** breachHorizon() given where the scan stands (scannedBefore()). */
export function horizonFrom(now: Date, scanned: Date): number {
  return Math.max(now.getTime(), scanned.getTime());
}

/** Where the breach scan stands: it has recorded the targets due before this instant. */
export async function scannedBefore(db: Db | Trx): Promise<Date> {
  const row = await db.selectFrom('sla_breach_scan').select('scanned_before').where('id', '=', 1).executeTakeFirst();
  return row === undefined ? new Date(0) : new Date(row.scanned_before);
}

export interface DueRow {
  readonly id: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly due: string;
}

/** The ticket fields holding due dates (each indexed by migration 0003 as text in "C" collation). */
export const DUE_FIELDS = ['firstResponseDueAt', 'nextResponseDueAt', 'resolutionDueAt'] as const;
export type DueField = (typeof DUE_FIELDS)[number];

/**
 * Live tickets whose `field` is in [from, before), soonest first, at most `limit` (a range read of the
 * field's index); `before` undefined: exactly at `from`, without limit.
 */
export function dueTicketsQuery(field: DueField, from: string, before: string | undefined, limit: number | undefined): RawBuilder<DueRow> {
  // The expression must be the indexed one, literally: the field name is a literal, not a parameter.
  const due = sql`(data->>${sql.lit(field)}) collate "C"`;
  const range = before === undefined ? sql`${due} = ${from}` : sql`${due} >= ${from} and ${due} < ${before}`;
  const bounded = limit === undefined ? sql`` : sql`order by ${due} limit ${limit}`;
  return sql<DueRow>`select id, data, ${due} as due from documents where collection = 'tickets' and not deleted and ${range} ${bounded}`;
}

async function dueTickets(db: Db | Trx, from: string, before: string | undefined, limit: number | undefined): Promise<DueRow[][]> {
  return Promise.all(DUE_FIELDS.map(async (field) => (await dueTicketsQuery(field, from, before, limit).execute(db)).rows));
}

/** Whether some due date lies in [scanned_before, now) (read without the change lock: a hint whether to take it). */
export async function hasDuesToScan(db: Db, now: Date): Promise<boolean> {
  const from = (await scannedBefore(db)).toISOString();
  const found = await dueTickets(db, from, now.toISOString(), 1);
  return found.some((rows) => rows.length > 0);
}

export interface BreachScanStep {
  /** Tickets checked in this batch. */
  readonly checked: number;
  /** Breach events written. */
  readonly breaches: number;
  /** Tickets whose SLA fields were out of date and were stored again. */
  readonly updated: number;
  readonly notices: readonly ChangeNotice[];
  /** True once every due date before `now` has been handled. */
  readonly done: boolean;
}

/**
 * One batch of the scan up to `now`: at most about `batchSize` tickets (more only when that many share
 * one due instant), then `scanned_before` moves past them.
 */
export async function scanBreachBatch(db: Db, now: Date, batchSize: number): Promise<BreachScanStep> {
  return inChangeTransaction(db, async (trx) => {
    const from = await scannedBefore(trx);
    if (from >= now) return { checked: 0, breaches: 0, updated: 0, notices: [], done: true };
    const perField = await dueTickets(trx, from.toISOString(), now.toISOString(), batchSize);
    const rows = perField.flat().sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
    let handled: DueRow[];
    let next: Date;
    if (rows.length <= batchSize && perField.every((field) => field.length < batchSize)) {
      handled = rows;
      next = now;
    } else {
      // Stop before the due instant the batch fills up at: every earlier one is complete in `rows`
      // (a field that returned `batchSize` rows ends at or after it).
      const last = rows[batchSize - 1]?.due ?? '';
      handled = rows.filter((row) => row.due < last);
      next = new Date(last);
      if (handled.length === 0) {
        handled = (await dueTickets(trx, last, undefined, undefined)).flat();
        next = new Date(next.getTime() + 1);
      }
    }
    const tickets = [...new Map(handled.map((row) => [row.id, { entity: row.data, deleted: false }])).values()];
    const refresh = await refreshTicketSlas(trx, tickets, now, await breachHorizon(trx, now));
    await trx.updateTable('sla_breach_scan').set({ scanned_before: next }).where('id', '=', 1).where('scanned_before', '<', next).execute();
    return { checked: tickets.length, breaches: refresh.breaches, updated: refresh.updated, notices: refresh.notices, done: next >= now };
  });
}
