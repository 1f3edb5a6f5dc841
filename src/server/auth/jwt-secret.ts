/**
 * The HS256 signing secret. Configured explicitly, or generated once and kept in the database so
 * every server process sharing that database signs and accepts the same tokens.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../db/schema';

const SETTING_KEY = 'jwt_secret';

export async function resolveJwtSecret(db: Kysely<DatabaseSchema>, configured: string | undefined): Promise<string> {
  if (configured !== undefined) return configured;
  // Insert-if-absent then read back: when two processes start together, both end up with the winner's value.
  await db
    .insertInto('server_settings')
    .values({ key: SETTING_KEY, value: randomBytes(48).toString('base64url') })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('server_settings').select('value').where('key', '=', SETTING_KEY).executeTakeFirstOrThrow();
  return row.value;
}
