import { sql, type Kysely, type Migration } from 'kysely';

/**
 * A customer's segment picks their tickets' SLA policy, so a segment change recomputes that customer's
 * open tickets (src/server/sla/recompute-jobs.ts):
 * - `sla_recompute_jobs.customer_id`: the job covers only that customer's tickets (null: every open ticket);
 * - an index on the tickets' `customerId` (then id, the order a job walks them in), so such a job, and the
 *   push that decides whether to queue one, read only that customer's tickets.
 */
export const slaRecomputePerCustomerMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('sla_recompute_jobs').addColumn('customer_id', 'text').execute();
    await sql`create index documents_ticket_customer on documents ((data->>'customerId'), id) where collection = 'tickets' and not deleted`.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await sql`drop index documents_ticket_customer`.execute(db);
    await db.schema.alterTable('sla_recompute_jobs').dropColumn('customer_id').execute();
  },
};
