/**
 * Access tokens: HS256 JWTs signed with the server secret, valid for one agent shift. The
 * algorithm is pinned on verification, so a token claiming `alg: none` or an asymmetric algorithm
 * is rejected outright.
 */
import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { isRole, type PublicUser } from '../../shared/domain/roles';
import type { Clock } from '../clock';

export const TOKEN_ISSUER = 'atende';
export const TOKEN_AUDIENCE = 'atende-api';
export const TOKEN_ALGORITHM = 'HS256';
export const TOKEN_TTL_SECONDS = 12 * 60 * 60;

export interface AuthUser extends PublicUser {
  /** When the token that authenticated this user stops being valid. */
  readonly expiresAt: Date;
}

export interface TokenService {
  issue(user: PublicUser): Promise<string>;
  /** The token's user, or `undefined` when the token is invalid, expired or not ours. */
  verify(token: string): Promise<AuthUser | undefined>;
}

export function createTokenService(secret: string, clock: Clock, ttlSeconds = TOKEN_TTL_SECONDS): TokenService {
  const key = new TextEncoder().encode(secret);
  return {
    async issue(user) {
      const issuedAt = Math.floor(clock.now().getTime() / 1000);
      return new SignJWT({ name: user.name, email: user.email, role: user.role })
        .setProtectedHeader({ alg: TOKEN_ALGORITHM, typ: 'JWT' })
        .setIssuer(TOKEN_ISSUER)
        .setAudience(TOKEN_AUDIENCE)
        .setSubject(user.id)
        .setJti(randomUUID())
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttlSeconds)
        .sign(key);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [TOKEN_ALGORITHM],
          issuer: TOKEN_ISSUER,
          audience: TOKEN_AUDIENCE,
          currentDate: clock.now(),
          requiredClaims: ['sub', 'exp', 'iat'],
        });
        const { sub, exp, name, email, role } = payload;
        if (typeof sub !== 'string' || typeof exp !== 'number' || typeof name !== 'string' || typeof email !== 'string' || !isRole(role)) {
          return undefined;
        }
        return { id: sub, name, email, role, expiresAt: new Date(exp * 1000) };
      } catch {
        return undefined;
      }
    },
  };
}
