import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The SLA engine reads a ticket's timeline on every ticket write and every reply (writers/ticket-sla.ts):
 * without this index each of those scans the whole timeline collection.
 */
export const timelineSubjectIndexMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`create index documents_timeline_subject on documents ((data->>'subjectId')) where collection = 'timeline'`.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await sql`drop index documents_timeline_subject`.execute(db);
  },
};
