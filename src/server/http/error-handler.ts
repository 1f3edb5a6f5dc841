/**
 * Every error leaves the server as `{"error":{"code","message"}}` with a fitting status. Messages
 * of unexpected errors are replaced: a stack trace or SQL text never reaches a client.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, codeForStatus, errorBody } from './api-error';

/** Lets web mode answer unknown page URLs with the app instead of a 404. */
export type NotFoundFallback = (request: FastifyRequest, reply: FastifyReply) => boolean;

/** Install before registering plugins: child scopes take the handler in effect when they are created. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => sendError(error, request, reply));
}

export function installNotFoundHandler(app: FastifyInstance, notFoundFallback?: NotFoundFallback): void {
  app.setNotFoundHandler((request, reply) => {
    if (notFoundFallback?.(request, reply) === true) return;
    const path = request.url.split('?')[0] ?? '';
    void reply.code(404).send(errorBody('not_found', `No route for ${request.method} ${path}`));
  });
}

function sendError(error: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof ApiError) {
    if (error.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    return withChallenge(reply.code(error.statusCode)).send(error.toBody());
  }
  if (error.validation !== undefined) {
    // Fastify's schema validation: the message names the field and the rule, never internals.
    return reply.code(400).send(errorBody('bad_request', error.message));
  }
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(errorBody('internal', 'Internal server error'));
  }
  return withChallenge(reply.code(status)).send(errorBody(codeForStatus(status), clientMessage(error, status)));
}

/** RFC 6750: a 401 names the scheme the client should use. */
function withChallenge(reply: FastifyReply): FastifyReply {
  return reply.statusCode === 401 ? reply.header('www-authenticate', 'Bearer realm="atende"') : reply;
}

/** Fastify's own 4xx errors (bad JSON, wrong content type, body too large, rate limit) are written for clients. */
function clientMessage(error: FastifyError, status: number): string {
  if (status === 429) return 'Too many attempts, try again later';
  return error.message.length > 0 && error.message.length <= 300 ? error.message : 'Bad request';
}
