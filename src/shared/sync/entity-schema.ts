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
}

export interface JsonSchemaProperty {
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
  readonly enum?: readonly string[];
  readonly format?: 'date-time' | 'email' | 'uri';
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly items?: JsonSchemaProperty;
  readonly maxItems?: number;
  readonly properties?: Readonly<Record<string, JsonSchemaProperty>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean;
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
