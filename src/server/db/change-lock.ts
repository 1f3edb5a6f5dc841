/**
 * Why pulls never skip a change
 * -----------------------------
 * A pull returns documents with `seq > checkpoint`. Sequences are drawn before commit, so without
 * care a transaction that drew 7 could commit after one that drew 8; a pull in between would hand
 * out checkpoint 8 and 7 would never be seen by that client.
 *
 * Every transaction that draws from `change_seq` first takes one transaction-scoped advisory lock
 * and holds it until it commits or rolls back. Writers are thereby serialised: the next writer can
 * only draw after the previous one has finished, and Postgres makes a commit visible before it
 * releases the transaction's locks. So the set of visible sequence numbers is always everything up
 * to some value (minus numbers of rolled-back transactions, which never appear), and "seq >
 * checkpoint" can never pass over a change that becomes visible later. The lock is an ordinary
 * Postgres feature, so this holds on PGlite and on any number of server processes sharing one
 * Postgres.
 */
import { sql, type Transaction } from 'kysely';
import type { DatabaseSchema } from './schema';

/** The advisory lock key reserved for change writers ("aten" in ASCII). */
export const CHANGE_LOCK_KEY = 0x6174656e;

/** Must be the first statement of every transaction that draws a change sequence. */
export async function acquireChangeLock(trx: Transaction<DatabaseSchema>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${sql.lit(CHANGE_LOCK_KEY)})`.execute(trx);
}
