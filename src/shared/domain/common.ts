/**
 * Building blocks shared by the entity schemas: ids, timestamps, phone numbers, tags, languages, and
 * the `kind` conditions. Every string gets a maxLength (RxDB needs it on indexed fields, the server
 * needs it to bound what a push can store).
 */
import type { JsonSchemaCondition, JsonSchemaProperty, JsonSubschema } from '../sync/entity-schema';

/** Languages the product speaks and content can be written in. */
export const LANGUAGES = ['en', 'pt-BR'] as const;
export type Language = (typeof LANGUAGES)[number];

export const ID_MAX = 64;
export const TIMESTAMP_MAX = 32;
export const TAG_MAX = 64;
export const TAGS_MAX_ITEMS = 50;

/** E.164: a plus, a country code that does not start with 0, at most 15 digits in all. */
export const E164_PATTERN = '^\\+[1-9][0-9]{6,14}$';
export const E164_MAX = 16;
const E164_REGEX = new RegExp(E164_PATTERN);

export function isE164(value: unknown): value is string {
  return typeof value === 'string' && E164_REGEX.test(value);
}

/** An entity id (the primary key, or a reference to another entity). */
export const idProperty: JsonSchemaProperty = { type: 'string', minLength: 1, maxLength: ID_MAX };
/** An ISO 8601 instant, e.g. 2026-03-02T14:05:00.000Z. */
export const timestampProperty: JsonSchemaProperty = { type: 'string', format: 'date-time', maxLength: TIMESTAMP_MAX };
export const e164Property: JsonSchemaProperty = { type: 'string', pattern: E164_PATTERN, maxLength: E164_MAX };
export const emailProperty: JsonSchemaProperty = { type: 'string', format: 'email', maxLength: 254 };
export const tagsProperty: JsonSchemaProperty = {
  type: 'array',
  items: { type: 'string', minLength: 1, maxLength: TAG_MAX },
  maxItems: TAGS_MAX_ITEMS,
  uniqueItems: true,
};
export const languageProperty: JsonSchemaProperty = { type: 'string', enum: [...LANGUAGES], maxLength: 8 };

export function textProperty(maxLength: number, minLength?: number): JsonSchemaProperty {
  return minLength === undefined ? { type: 'string', maxLength } : { type: 'string', minLength, maxLength };
}

export function enumProperty(values: readonly string[]): JsonSchemaProperty {
  return { type: 'string', enum: [...values], maxLength: Math.max(...values.map((value) => value.length)) };
}

export function idListProperty(maxItems: number): JsonSchemaProperty {
  return { type: 'array', items: idProperty, maxItems, uniqueItems: true };
}

export function enumListProperty(values: readonly string[]): JsonSchemaProperty {
  return { type: 'array', items: enumProperty(values), maxItems: values.length, uniqueItems: true };
}

/** A whole number of e.g. seconds or minutes; `multipleOf` makes it indexable by RxDB. */
export function countProperty(minimum: number, maximum: number): JsonSchemaProperty {
  return { type: 'integer', minimum, maximum, multipleOf: 1 };
}

/** `if field === value then …`; `field` must be a string property of the same object. */
export function whenFieldIs(field: string, value: string | readonly string[], then: JsonSubschema): JsonSchemaCondition {
  const test: JsonSchemaProperty = typeof value === 'string' ? { type: 'string', const: value } : { type: 'string', enum: [...value] };
  return { if: { properties: { [field]: test }, required: [field] }, then };
}

/** `then` part listing fields that must be present (typed loosely, only presence matters here). */
export function requireFields(fields: Readonly<Record<string, JsonSchemaProperty['type']>>): JsonSubschema {
  return {
    properties: Object.fromEntries(Object.entries(fields).map(([name, type]) => [name, { type }])),
    required: Object.keys(fields),
  };
}
