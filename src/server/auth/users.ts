/** The users table: sign-in lookups, the assignee list, and creation (demo users, admin tooling). */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { PublicUser, Role } from '../../shared/domain/roles';
import type { DatabaseSchema, UserRow } from '../db/schema';
import { hashPassword } from './passwords';

type Db = Kysely<DatabaseSchema>;

export interface NewUser {
  readonly id?: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly password: string;
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

/** Creates the user unless one with the same email exists; returns whether it was created. */
export async function createUserIfAbsent(db: Db, user: NewUser): Promise<boolean> {
  const result = await db
    .insertInto('users')
    .values({
      id: user.id ?? newUserId(),
      email: normalizeEmail(user.email),
      name: user.name,
      role: user.role,
      password_hash: await hashPassword(user.password),
    })
    .onConflict((conflict) => conflict.column('email').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

function newUserId(): string {
  return `usr_${randomBytes(12).toString('base64url')}`;
}
