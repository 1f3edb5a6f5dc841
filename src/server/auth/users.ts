/** The users table: sign-in lookups, the assignee list, and creation (demo users, admin tooling). */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { PublicUser, Role } from '../../shared/domain/roles';
import { notifyChange } from '../changes/notify-change-feed';
import type { DatabaseSchema, UserRow } from '../db/schema';
import { inChangeTransaction } from '../documents/document-store';
import { hashPassword } from './passwords';
import { insertUserProfileIfAbsent, userProfileFor, type ProfileExtras } from './user-profiles';

type Db = Kysely<DatabaseSchema>;

export interface NewUser {
  readonly id?: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly password: string;
  /** Profile fields for the user's document in the replicated `users` collection (defaults by role). */
  readonly profile?: ProfileExtras;
}

/** Emails compare case-insensitively and without surrounding spaces. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function toPublicUser(row: Pick<UserRow, 'id' | 'name' | 'email' | 'role'>): PublicUser {
  return { id: row.id, name: row.name, email: row.email, role: row.role };
}

export function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
}

export function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listUsers(db: Db): Promise<PublicUser[]> {
  const rows = await db.selectFrom('users').select(['id', 'name', 'email', 'role']).orderBy('name').orderBy('id').execute();
  return rows.map(toPublicUser);
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<string | number>().as('count')).executeTakeFirst();
  return Number(row?.count ?? 0);
}

/**
 * Creates the user unless one with the same email exists, together with its profile document in the
 * replicated `users` collection (one change transaction; announced on the change feed after commit).
 * Returns whether it was created.
 */
export async function createUserIfAbsent(db: Db, user: NewUser): Promise<boolean> {
  // Hashing is slow on purpose: done before the transaction, so the change lock is never held for it.
  const passwordHash = await hashPassword(user.password);
  const account = { id: user.id ?? newUserId(), email: normalizeEmail(user.email), name: user.name, role: user.role };
  const outcome = await inChangeTransaction(db, async (trx) => {
    const inserted = await trx
      .insertInto('users')
      .values({ ...account, password_hash: passwordHash })
      .onConflict((conflict) => conflict.column('email').doNothing())
      .returning('created_at')
      .executeTakeFirst();
    if (inserted === undefined) return { created: false, seq: undefined };
    return { created: true, seq: await insertUserProfileIfAbsent(trx, userProfileFor(account, new Date(inserted.created_at), user.profile)) };
  });
  if (outcome.seq !== undefined) await notifyChange(db, { collection: 'users', seq: outcome.seq });
  return outcome.created;
}

function newUserId(): string {
  return `usr_${randomBytes(12).toString('base64url')}`;
}
