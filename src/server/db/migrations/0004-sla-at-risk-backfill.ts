import { sql, type Kysely, type Migration } from 'kysely';

/** The reason the backfill job is queued under (what the SLA worker logs). */
export const SLA_AT_RISK_BACKFILL_REASON = 'backfill slaAtRiskAt';

/**
 * Tickets gained the server-owned `slaAtRiskAt` (schema v2: when a running SLA metric turns at risk).
 * No column or index: the server never queries it, the replicas keep it in memory indexes. Tickets
 * stored before carry due dates without it, so this queues one recomputation of the open tickets
 * (src/server/sla/recompute-jobs.ts, the pass a policy change queues): the SLA worker stamps the field
 * on each in the background, with a new change sequence, so every replica pulls them.
 */
export const slaAtRiskBackfillMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`insert into sla_recompute_jobs (reason, requested_at) values (${SLA_AT_RISK_BACKFILL_REASON}, now())`.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await sql`delete from sla_recompute_jobs where reason = ${SLA_AT_RISK_BACKFILL_REASON} and started_at is null`.execute(db);
  },
};
