import { sql, type Kysely, type Migration } from 'kysely';

/** Users, the generic document store, the change and ticket-number sequences, and server settings. */
export const initialMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('email', 'text', (column) => column.notNull().unique().check(sql`email = lower(email)`))
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('role', 'text', (column) => column.notNull().check(sql`role in ('agent', 'supervisor', 'admin')`))
      .addColumn('password_hash', 'text', (column) => column.notNull())
      .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .execute();

    // One global sequence orders every change of every collection; see db/change-lock.ts for why
    // values become visible in order.
    await sql`create sequence change_seq`.execute(db);
    await sql`create sequence ticket_number_seq`.execute(db);

    await db.schema
      .createTable('documents')
      .addColumn('collection', 'text', (column) => column.notNull())
      .addColumn('id', 'text', (column) => column.notNull())
      .addColumn('seq', 'bigint', (column) => column.notNull())
      .addColumn('data', 'jsonb', (column) => column.notNull())
      .addColumn('deleted', 'boolean', (column) => column.notNull().defaultTo(false))
      .addColumn('updated_at', 'timestamptz', (column) => column.notNull())
      .addPrimaryKeyConstraint('documents_pkey', ['collection', 'id'])
      .execute();
    // Pulls read "collection = $1 and seq > $2 order by seq limit $3": exactly this index.
    await db.schema.createIndex('documents_collection_seq').on('documents').columns(['collection', 'seq']).unique().execute();

    await db.schema
      .createTable('server_settings')
      .addColumn('key', 'text', (column) => column.primaryKey())
      .addColumn('value', 'text', (column) => column.notNull())
      .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('server_settings').execute();
    await db.schema.dropTable('documents').execute();
    await sql`drop sequence ticket_number_seq`.execute(db);
    await sql`drop sequence change_seq`.execute(db);
    await db.schema.dropTable('users').execute();
  },
};
