/** Kysely's view of the tables created by the migrations in ./migrations. */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { Role } from '../../shared/domain/roles';

/** `bigint` columns: node-postgres returns them as strings, PGlite as numbers; read them with Number(). */
type BigIntColumn = ColumnType<string | number, number, number>;

export interface UsersTable {
  id: string;
  /** Stored lowercased (a check constraint enforces it) so the unique index is case-insensitive. */
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

/** Every replicated entity of every collection, stored generically as JSON with its change sequence. */
export interface DocumentsTable {
  collection: string;
  id: string;
  seq: BigIntColumn;
  /** The entity without `_deleted`; written as a JSON string cast to jsonb. */
  data: ColumnType<Record<string, unknown>, string, string>;
  deleted: boolean;
  updated_at: ColumnType<Date, Date, Date>;
}

export interface ServerSettingsTable {
  key: string;
  value: string;
  created_at: Generated<Date>;
}

export interface DatabaseSchema {
  users: UsersTable;
  documents: DocumentsTable;
  server_settings: ServerSettingsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type DocumentRow = Selectable<DocumentsTable>;
