/**
 * Schema validation for routes. URL parts (query string, params, headers) arrive as text, so they
 * are coerced ("50" → 50); JSON bodies are not, so `{"password": 1234}` is a 400 instead of
 * silently becoming "1234".
 */
import { Ajv, type Options } from 'ajv';
import type { FastifyInstance } from 'fastify';

/** Fastify's own defaults, minus coercion for bodies. */
const BASE_OPTIONS: Options = { removeAdditional: true, useDefaults: true, allErrors: false, strict: true };

export function installValidatorCompiler(app: FastifyInstance): void {
  const forBody = new Ajv({ ...BASE_OPTIONS, coerceTypes: false });
  const forUrl = new Ajv({ ...BASE_OPTIONS, coerceTypes: 'array' });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? forBody : forUrl).compile(schema));
}
