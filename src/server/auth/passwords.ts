/**
 * Password hashing with argon2id (the library's default algorithm, with its OWASP-level default
 * cost: 19 MiB, 2 passes). Verification of an unknown user still runs one full argon2 verify
 * against a dummy hash, so response time does not reveal whether an email exists.
 */
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

export const MAX_PASSWORD_LENGTH = 1024;

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

let dummyHash: Promise<string> | undefined;

/** True only when `passwordHash` exists and matches; takes about as long either way. */
export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  dummyHash ??= hash(randomBytes(32).toString('base64url'));
  const target = passwordHash ?? (await dummyHash);
  try {
    const matches = await verify(target, password);
    return matches && passwordHash !== undefined;
  } catch {
    // A malformed stored hash must read as a failed sign-in, not a server error.
    return false;
  }
}
