/** Validates documents against a shared entity schema the way the server does (strict Ajv, RxDB keywords declared). */
import { Ajv } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { RXDB_SCHEMA_KEYWORDS, type EntitySchema } from '../../../../src/shared/sync/entity-schema';

// ajv-formats is CommonJS with `exports.default` (same dance as the server's document validator).
const addFormats = (addFormatsPlugin as unknown as { default?: typeof addFormatsPlugin }).default ?? addFormatsPlugin;

/** A function returning the schema errors of a document as `path: message` strings (empty when valid). */
export function validatorFor(schema: EntitySchema): (doc: unknown) => string[] {
  const ajv = new Ajv({ allErrors: true, strict: true, keywords: [...RXDB_SCHEMA_KEYWORDS] });
  addFormats(ajv, ['date-time', 'email', 'uri']);
  const validate = ajv.compile(schema);
  return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath}: ${error.message ?? error.keyword}`));
}
