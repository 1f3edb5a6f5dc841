/** Sign-in, token refresh and the user list (for the assignee picker). */
import type { FastifyInstance } from 'fastify';
import type { LoginRequest, LoginResponse } from '../../shared/sync/auth';
import { LOGIN_PATH, REFRESH_PATH, USERS_PATH } from '../../shared/sync/auth';
import type { Db } from '../documents/document-store';
import { ApiError } from '../http/api-error';
import { requireUser } from './bearer-auth';
import { MAX_PASSWORD_LENGTH, verifyPassword } from './passwords';
import type { TokenService } from './tokens';
import { findUserByEmail, findUserById, listUsers, normalizeEmail, toPublicUser } from './users';

export interface LoginRateLimit {
  /** Attempts allowed per client address and email within `windowMs`. */
  readonly max: number;
  readonly windowMs: number;
}

export const DEFAULT_LOGIN_RATE_LIMIT: LoginRateLimit = { max: 10, windowMs: 60_000 };

const INVALID_CREDENTIALS = 'Invalid email or password';

const loginBodySchema = {
  type: 'object',
  required: ['email', 'password'],
  additionalProperties: false,
  properties: {
    email: { type: 'string', minLength: 3, maxLength: 254 },
    password: { type: 'string', minLength: 1, maxLength: MAX_PASSWORD_LENGTH },
  },
} as const;

export function registerAuthRoutes(api: FastifyInstance, db: Db, tokens: TokenService, rateLimit: LoginRateLimit): void {
  api.post<{ Body: LoginRequest }>(
    LOGIN_PATH,
    {
      schema: { body: loginBodySchema },
      config: {
        public: true,
        // Counted per address and email (after body parsing), so one office behind a shared NAT
        // is not locked out by a colleague's typos, while guessing one account's password is slow.
        rateLimit: {
          max: rateLimit.max,
          timeWindow: rateLimit.windowMs,
          hook: 'preHandler',
          keyGenerator: (request) => `${request.ip}|${loginEmail(request.body)}`,
        },
      },
    },
    async (request): Promise<LoginResponse> => {
      const user = await findUserByEmail(db, request.body.email);
      const valid = await verifyPassword(user?.password_hash, request.body.password);
      if (user === undefined || !valid) throw new ApiError('unauthorized', INVALID_CREDENTIALS);
      const publicUser = toPublicUser(user);
      request.log.info({ userId: user.id }, 'signed in');
      return { token: await tokens.issue(publicUser), user: publicUser };
    },
  );

  api.post(REFRESH_PATH, async (request): Promise<LoginResponse> => {
    // Re-read the user so a refreshed token carries the current name and role, and a deleted user cannot refresh.
    const user = await findUserById(db, requireUser(request).id);
    if (user === undefined) throw new ApiError('unauthorized', 'This user no longer exists');
    const publicUser = toPublicUser(user);
    return { token: await tokens.issue(publicUser), user: publicUser };
  });

  api.get(USERS_PATH, async (request) => {
    requireUser(request);
    return listUsers(db);
  });
}

function loginEmail(body: unknown): string {
  return typeof body === 'object' && body !== null && 'email' in body && typeof body.email === 'string' ? normalizeEmail(body.email) : '';
}
