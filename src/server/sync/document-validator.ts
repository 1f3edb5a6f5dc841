/**
 * Validates pushed documents against the same entity schema the clients' RxDB collections use
 * (src/shared/domain), so server and clients can never disagree about what a valid document is.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { COLLECTIONS, SYNC_COLLECTIONS, type SyncCollectionName } from '../../shared/sync/collections';
import { RXDB_SCHEMA_KEYWORDS } from '../../shared/sync/entity-schema';
import { omitKeys } from '../../shared/util/deep-equal';

export interface FieldError {
  /** JSON pointer of the offending value ('' for the document itself). */
  readonly path: string;
  readonly message: string;
}

export type DocumentValidator = (document: unknown) => readonly FieldError[];

// ajv-formats is CommonJS with `exports.default`; depending on the loader the plugin is the module or its default.
const addFormats = ((addFormatsPlugin as unknown as { default?: typeof addFormatsPlugin }).default ?? addFormatsPlugin);

/** One compiled validator per collection. Validates the entity, i.e. the wire document minus `_deleted`. */
export function createDocumentValidators(): Readonly<Record<SyncCollectionName, DocumentValidator>> {
  // Strict mode stays on (it catches typos in our schemas); RxDB's own keys are declared as keywords.
  const ajv = new Ajv({ allErrors: true, strict: true, keywords: [...RXDB_SCHEMA_KEYWORDS] });
  addFormats(ajv, ['date-time', 'email', 'uri']);
  const entries = SYNC_COLLECTIONS.map((name) => [name, toValidator(ajv.compile(COLLECTIONS[name].schema))] as const);
  return Object.fromEntries(entries) as Record<SyncCollectionName, DocumentValidator>;
}

function toValidator(validate: ValidateFunction): DocumentValidator {
  return (document) => {
    if (typeof document !== 'object' || document === null || Array.isArray(document)) return [{ path: '', message: 'must be object' }];
    if (validate(omitKeys(document as Readonly<Record<string, unknown>>, ['_deleted']))) return [];
    return (validate.errors ?? []).map(toFieldError);
  };
}

function toFieldError(error: ErrorObject): FieldError {
  if (error.keyword === 'additionalProperties' && 'additionalProperty' in error.params) {
    return { path: `${error.instancePath}/${String(error.params.additionalProperty)}`, message: 'is not allowed' };
  }
  if (error.keyword === 'required' && 'missingProperty' in error.params) {
    return { path: `${error.instancePath}/${String(error.params.missingProperty)}`, message: 'is required' };
  }
  return { path: error.instancePath, message: error.message ?? `fails ${error.keyword}` };
}
