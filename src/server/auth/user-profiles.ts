/**
 * The replicated `users` collection mirrors the auth `users` table (which sign-in keeps using): every
 * account has a profile document, created in the same transaction as the account (or backfilled at
 * start-up for accounts older than the collection), and an admin's accepted change to a profile's name,
 * email or role is applied to the account in the push's transaction.
 */
import type { Role } from '../../shared/domain/roles';
import type { UserProfile } from '../../shared/domain/user';
import { notifyChange } from '../changes/notify-change-feed';
import { existingIds, inChangeTransaction, insertDocuments, type ChangeTransaction, type Db, type DocumentWrite } from '../documents/document-store';
import { RefusedWrite, type DerivedWriter } from '../sync/writers/derived-write';

/** Profile fields an account does not have; defaults come from the role. */
export type ProfileExtras = Partial<Pick<UserProfile, 'tier' | 'groupIds' | 'skills' | 'languages' | 'avatarColor' | 'extension'>>;

interface Account {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: Role;
}

const AVATAR_COLORS = ['#1c7ed6', '#2f9e44', '#e8590c', '#ae3ec9', '#0c8599', '#f08c00', '#c2255c', '#5c940d'] as const;

/** A stable colour per user id. */
export function avatarColorFor(id: string): string {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (Math.imul(hash, 31) + id.charCodeAt(i)) >>> 0;
  return AVATAR_COLORS[hash % AVATAR_COLORS.length] ?? AVATAR_COLORS[0];
}

export function userProfileFor(account: Account, at: Date, extras: ProfileExtras = {}): UserProfile {
  const tier = extras.tier ?? (account.role === 'agent' ? 'L1' : account.role === 'supervisor' ? 'L2' : undefined);
  return {
    id: account.id,
    name: account.name,
    email: account.email,
    role: account.role,
    ...(tier === undefined ? {} : { tier }),
    groupIds: extras.groupIds ?? [],
    skills: extras.skills ?? [],
    languages: extras.languages ?? ['pt-BR', 'en'],
    avatarColor: extras.avatarColor ?? avatarColorFor(account.id),
    ...(extras.extension === undefined ? {} : { extension: extras.extension }),
    active: true,
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
  };
}

function profileWrite(profile: UserProfile): DocumentWrite {
  return { id: profile.id, data: profile as unknown as Record<string, unknown>, deleted: false, updatedAt: new Date(profile.updatedAt) };
}

/** Inside an account-creating transaction: the account's profile document, unless one exists. Returns its change sequence. */
export async function insertUserProfileIfAbsent(trx: ChangeTransaction, profile: UserProfile): Promise<number | undefined> {
  if ((await existingIds(trx, 'users', [profile.id])).size > 0) return undefined;
  const seq = await insertDocuments(trx, 'users', [profileWrite(profile)]);
  return seq > 0 ? seq : undefined;
}

/** Creates the missing profile documents of existing accounts (accounts created before the collection). Returns how many. */
export async function ensureUserProfiles(db: Db): Promise<number> {
  const accounts = await db.selectFrom('users').select(['id', 'name', 'email', 'role', 'created_at']).orderBy('id').execute();
  const known = await existingIds(db, 'users', accounts.map((account) => account.id));
  if (accounts.every((account) => known.has(account.id))) return 0;
  const { created, seq } = await inChangeTransaction(db, async (trx) => {
    // Read again under the lock: another server process may be backfilling at the same time.
    const existing = await existingIds(trx, 'users', accounts.map((account) => account.id));
    const missing = accounts.filter((account) => !existing.has(account.id));
    const writes = missing.map((account) => profileWrite(userProfileFor(account, new Date(account.created_at))));
    return { created: writes.length, seq: await insertDocuments(trx, 'users', writes) };
  });
  if (seq > 0) await notifyChange(db, { collection: 'users', seq });
  return created;
}

/**
 * After an accepted push to `users`: the account with the profile's id (if there is one; a profile
 * without an account is a directory entry that cannot sign in) takes its name, email and role. An
 * email another account has refuses the whole write (the admin gets the master back as a conflict).
 */
export const syncAccountFromProfile: DerivedWriter = async ({ trx, after }) => {
  const profile = after.entity as unknown as UserProfile;
  const account = await trx.selectFrom('users').select(['email', 'name', 'role']).where('id', '=', profile.id).executeTakeFirst();
  if (account === undefined) return [];
  const email = profile.email.trim().toLowerCase();
  if (account.email === email && account.name === profile.name && account.role === profile.role) return [];
  if (account.email !== email) {
    const taken = await trx.selectFrom('users').select('id').where('email', '=', email).where('id', '<>', profile.id).executeTakeFirst();
    if (taken !== undefined) throw new RefusedWrite(`the email of ${profile.id} belongs to another account`);
  }
  await trx.updateTable('users').set({ email, name: profile.name, role: profile.role }).where('id', '=', profile.id).execute();
  // The account table is not replicated: nothing for the change feed.
  return [];
};
