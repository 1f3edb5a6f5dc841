import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { HEALTH_PATH } from '../../shared/sync/auth';
import type { Db } from '../documents/document-store';
import { errorBody } from './api-error';

/** `GET /healthz`: 200 `{"status":"ok"}` when the server can reach its database, 503 otherwise. */
export function registerHealthRoute(app: FastifyInstance, db: Db): void {
  app.get(HEALTH_PATH, { logLevel: 'warn' }, async (request, reply) => {
    try {
      await sql`select 1`.execute(db);
      return { status: 'ok' };
    } catch (error) {
      request.log.error({ err: error }, 'health check: database unreachable');
      return reply.code(503).send(errorBody('internal', 'Database unreachable'));
    }
  });
}
