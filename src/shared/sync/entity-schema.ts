/**
 * A JSON Schema (draft 2020-12 subset) with RxDB's extra keys. One object per entity feeds both the
 * RxDB collection in the renderer and Ajv validation on the server, so the two can never disagree.
 */
export interface EntitySchema {
  readonly title: string;
  readonly version: number;
  readonly primaryKey: string;
  readonly type: 'object';
  readonly additionalProperties: false;
  readonly properties: Readonly<Record<string, JsonSchemaProperty>>;
  readonly required: readonly string[];
  readonly indexes?: readonly (string | readonly string[])[];
  /**
   * Rules that depend on another field's value, e.g. "a survey of kind nps has a score from 0 to 10"
   * or "a settings document of kind queue carries the queue payload and no other".
   */
  readonly allOf?: readonly JsonSchemaCondition[];
}

export interface JsonSchemaProperty {
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
  readonly enum?: readonly string[];
  readonly const?: string | number | boolean;
  readonly format?: 'date-time' | 'email' | 'uri';
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  /** RxDB requires it (with minimum and maximum) on indexed numbers. */
  readonly multipleOf?: number;
  readonly items?: JsonSchemaProperty;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly properties?: Readonly<Record<string, JsonSchemaProperty>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean;
  readonly allOf?: readonly JsonSchemaCondition[];
}

/**
 * A part of a schema used inside a condition. `false` for a property means "must be absent".
 * Ajv's strict mode wants every `required` name listed in `properties` of the same part.
 */
export interface JsonSubschema {
  readonly properties?: Readonly<Record<string, JsonSchemaProperty | false>>;
  readonly required?: readonly string[];
}

/** JSON Schema `if`/`then`: when the document matches `if`, it must also match `then`. */
export interface JsonSchemaCondition {
  readonly if: JsonSubschema;
  readonly then: JsonSubschema;
}

/** Keys RxDB reads from a schema that are not JSON Schema keywords (the server's Ajv must tolerate them). */
export const RXDB_SCHEMA_KEYWORDS = [
  'version',
  'primaryKey',
  'indexes',
  'encrypted',
  'keyCompression',
  'attachments',
  'final',
  'ref',
  'internalIndexes',
] as const;
