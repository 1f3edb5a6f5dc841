/**
 * Validates pushed documents against the same entity schema the clients' RxDB collections use
 * (src/shared/domain), so server and clients can never disagree about what a valid document is, plus
 * the rules JSON Schema cannot state (src/shared/domain/settings-rules.ts: calendars, placeholders;
 * ticket-merge.ts: no ticket merged into itself).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import type { BusinessCalendar } from '../../shared/domain/settings';
import { businessCalendarProblems, unknownPlaceholders } from '../../shared/domain/settings-rules';
import type { Ticket } from '../../shared/domain/ticket';
import { ticketMergeFieldProblems } from '../../shared/domain/ticket-merge';
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

type Entity = Readonly<Record<string, unknown>>;

/** Rules beyond the schema, run only on schema-valid documents. */
const EXTRA_RULES: Partial<Readonly<Record<SyncCollectionName, (entity: Entity) => FieldError[]>>> = {
  tickets: (entity) => ticketMergeFieldProblems(entity as unknown as Ticket).map((message) => ({ path: '/mergedIntoId', message })),
  settings: (entity) => {
    if (entity.kind === 'businessCalendar') {
      return businessCalendarProblems(entity.businessCalendar as BusinessCalendar).map((message) => ({ path: '/businessCalendar', message }));
    }
    if (entity.kind === 'cannedResponse') {
      const body = String((entity.cannedResponse as { body?: unknown }).body);
      return unknownPlaceholders(body).map((name) => ({ path: '/cannedResponse/body', message: `unknown placeholder {{${name}}}` }));
    }
    return [];
  },
};

let compiled: Readonly<Record<SyncCollectionName, DocumentValidator>> | undefined;

/** One compiled validator per collection (compiled once, shared). Validates the entity, i.e. the wire document minus `_deleted`. */
export function createDocumentValidators(): Readonly<Record<SyncCollectionName, DocumentValidator>> {
  if (compiled !== undefined) return compiled;
  // Strict mode stays on (it catches typos in our schemas); RxDB's own keys are declared as keywords.
  const ajv = new Ajv({ allErrors: true, strict: true, keywords: [...RXDB_SCHEMA_KEYWORDS] });
  addFormats(ajv, ['date-time', 'email', 'uri']);
  const entries = SYNC_COLLECTIONS.map((name) => [name, toValidator(ajv.compile(COLLECTIONS[name].schema), EXTRA_RULES[name])] as const);
  compiled = Object.fromEntries(entries) as Record<SyncCollectionName, DocumentValidator>;
  return compiled;
}

function toValidator(validate: ValidateFunction, extra: ((entity: Entity) => FieldError[]) | undefined): DocumentValidator {
  return (document) => {
    if (typeof document !== 'object' || document === null || Array.isArray(document)) return [{ path: '', message: 'must be object' }];
    const entity = omitKeys(document as Entity, ['_deleted']);
    if (!validate(entity)) return (validate.errors ?? []).map(toFieldError);
    return extra === undefined ? [] : extra(entity);
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
