import { sql, type Kysely, type Migration } from 'kysely';

/** The ticket fields holding SLA due dates, each with its index (read by sla/breach-scan.ts). */
const TICKET_DUE_INDEXES = {
  firstResponseDueAt: 'documents_ticket_first_response_due',
  nextResponseDueAt: 'documents_ticket_next_response_due',
  resolutionDueAt: 'documents_ticket_resolution_due',
} as const;

/**
 * What the server's SLA scheduler needs (src/server/sla):
 * - one index per due-date field of live tickets, so finding the targets that passed since the last
 *   scan reads only those tickets. ISO instants in one format sort as text in time order; "C"
 *   collation makes that byte order whatever the database's locale.
 * - `sla_breach_scan`: how far the breach scan has got (every due date before it has been handled).
 *   It starts at the epoch, so the first scan records the targets already missed.
 * - `sla_recompute_jobs`: due-date recomputations queued by SLA policy and calendar changes, worked
 *   through in batches in the background, resumable from `after_ticket_id`.
 */
export const slaSchedulingMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const [field, index] of Object.entries(TICKET_DUE_INDEXES)) {
      await sql`create index ${sql.id(index)} on documents (((data->>${sql.lit(field)}) collate "C")) where collection = 'tickets' and not deleted`.execute(db);
    }
    await db.schema
      .createTable('sla_breach_scan')
      .addColumn('id', 'integer', (column) => column.primaryKey().check(sql`id = 1`))
      .addColumn('scanned_before', 'timestamptz', (column) => column.notNull())
      .execute();
    await sql`insert into sla_breach_scan (id, scanned_before) values (1, 'epoch')`.execute(db);
    await db.schema
      .createTable('sla_recompute_jobs')
      .addColumn('id', 'bigserial', (column) => column.primaryKey())
      .addColumn('reason', 'text', (column) => column.notNull())
      .addColumn('requested_at', 'timestamptz', (column) => column.notNull())
      .addColumn('started_at', 'timestamptz')
      .addColumn('after_ticket_id', 'text')
      .addColumn('checked', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('updated', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('finished_at', 'timestamptz')
      .addColumn('superseded_by', 'bigint')
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('sla_recompute_jobs').execute();
    await db.schema.dropTable('sla_breach_scan').execute();
    for (const index of Object.values(TICKET_DUE_INDEXES)) await sql`drop index ${sql.id(index)}`.execute(db);
  },
};
