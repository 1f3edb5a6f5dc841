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

/** One row (id 1): every SLA due date before `scanned_before` has been checked for a breach (sla/breach-scan.ts). */
export interface SlaBreachScanTable {
  id: number;
  scanned_before: Date;
}

/** Due-date recomputations queued by SLA policy, calendar and customer segment changes (sla/recompute-jobs.ts). */
export interface SlaRecomputeJobsTable {
  /** bigserial: assigned by the database. */
  id: ColumnType<string | number, never, never>;
  /** What asked for it, e.g. `settings set_sla_vip`. */
  reason: string;
  requested_at: Date;
  /** Only this customer's open tickets (a segment change); null: every open ticket. */
  customer_id: string | null;
  started_at: Date | null;
  /** The last ticket id handled: the job resumes after it. */
  after_ticket_id: string | null;
  checked: Generated<number>;
  updated: Generated<number>;
  finished_at: Date | null;
  /** A job that had not started when another one started: that one's pass covers it. */
  superseded_by: BigIntColumn | null;
}

export interface DatabaseSchema {
  users: UsersTable;
  documents: DocumentsTable;
  server_settings: ServerSettingsTable;
  sla_breach_scan: SlaBreachScanTable;
  sla_recompute_jobs: SlaRecomputeJobsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type DocumentRow = Selectable<DocumentsTable>;
