/**
 * Bearer authentication for the API scope. Every route there requires a valid token unless it is
 * declared with `config: { public: true }` (sign-in, and the stream, which authenticates itself
 * because browsers cannot send headers on a WebSocket).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Role } from '../../shared/domain/roles';
import { ApiError } from '../http/api-error';
import type { AuthUser, TokenService } from './tokens';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Skip bearer authentication for this route. */
    public?: boolean;
  }
  interface FastifyRequest {
    authUser: AuthUser | null;
  }
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header ?? '');
  return match?.[1];
}

export function installBearerAuth(api: FastifyInstance, tokens: TokenService): void {
  api.decorateRequest('authUser', null);
  api.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.public === true) return;
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) throw new ApiError('unauthorized', 'A bearer token is required');
    const user = await tokens.verify(token);
    if (user === undefined) throw new ApiError('unauthorized', 'The token is invalid or has expired');
    request.authUser = user;
  });
}

/** The authenticated user of a protected route (the hook guarantees one). */
export function requireUser(request: FastifyRequest): AuthUser {
  if (request.authUser === null) throw new ApiError('unauthorized', 'A bearer token is required');
  return request.authUser;
}

export function requireRole(user: AuthUser, allowed: readonly Role[], action: string): void {
  if (!allowed.includes(user.role)) throw new ApiError('forbidden', `Your role (${user.role}) may not ${action}`);
}
