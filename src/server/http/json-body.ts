import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Fastify's default JSON parser is callback-style (its type also admits a promise form). */
type CallbackParser = (request: FastifyRequest, body: string, done: (error: Error | null, body?: unknown) => void) => void;

/**
 * JSON bodies with Fastify's hardened parser (prototype-poisoning protection), except that an
 * empty body reads as "no body": some HTTP clients send `Content-Type: application/json` on a
 * body-less POST such as token refresh. Routes that need a body still reject it by schema.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error') as CallbackParser;
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, done);
  });
}
