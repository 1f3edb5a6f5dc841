import type { EntitySchema, JsonSchemaProperty } from '../sync/entity-schema';
import { E164_PATTERN, enumProperty, idProperty, LANGUAGES, textProperty, whenFieldIs } from './common';

export const CUSTOMER_LANGUAGES = LANGUAGES;
export type CustomerLanguage = (typeof CUSTOMER_LANGUAGES)[number];

/**
 * Who the customer is to the business. SLA policies can match on it (e.g. VIP customers get faster
 * targets), so only supervisors and admins may change it.
 */
export const CUSTOMER_SEGMENTS = ['consumer', 'smb', 'enterprise', 'vip', 'public_sector', 'partner'] as const;
export type CustomerSegment = (typeof CUSTOMER_SEGMENTS)[number];

export const CONTACT_POINT_KINDS = ['phone', 'email', 'whatsapp'] as const;
export type ContactPointKind = (typeof CONTACT_POINT_KINDS)[number];

export const CONTACT_LABELS = ['mobile', 'work', 'home', 'other'] as const;
export type ContactLabel = (typeof CONTACT_LABELS)[number];

/** One more way to reach the customer: a phone or WhatsApp number in E.164, or an email address. */
export interface ContactPoint {
  readonly kind: ContactPointKind;
  readonly value: string;
  readonly label?: ContactLabel;
}

export interface Customer {
  readonly id: string;
  readonly name: string;
  /** The primary email address. */
  readonly email?: string;
  /** The primary phone number, E.164, e.g. +5511987654321. */
  readonly phone?: string;
  readonly organization?: string;
  readonly language: CustomerLanguage;
  readonly tags: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;

  // ---- schema v1 (all optional) ---------------------------------------------------------------------
  /** Every other way to reach the customer (secondary phones and emails, WhatsApp), in order of preference. */
  readonly contactPoints?: readonly ContactPoint[];
  readonly segment?: CustomerSegment;
  /** Free-form CRM notes agents keep about the customer (not per ticket: those go on the timeline). */
  readonly notes?: string;
  /** IANA time zone, e.g. America/Sao_Paulo: when to call back. */
  readonly timeZone?: string;

  // ---- schema v2 (optional) ---------------------------------------------------------------------------
  /**
   * Set when this customer was merged into another one (a duplicate): the record stays, hidden from
   * lists, so links nobody could re-point (survey answers, timeline entries) still resolve to the survivor.
   */
  readonly mergedIntoId?: string;
}

/** The v0 schema (what the first releases replicated). Frozen, like ticketSchema; changes go into v1 (COLLECTIONS.customers). */
export const customerSchema: EntitySchema = {
  title: 'customer',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'string', maxLength: 64, minLength: 1 },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    email: { type: 'string', format: 'email', maxLength: 254 },
    phone: { type: 'string', pattern: '^\\+[1-9][0-9]{6,14}$', maxLength: 16 },
    organization: { type: 'string', maxLength: 200 },
    language: { type: 'string', enum: [...CUSTOMER_LANGUAGES], maxLength: 8 },
    tags: { type: 'array', items: { type: 'string', maxLength: 64 }, maxItems: 50 },
    createdAt: { type: 'string', format: 'date-time', maxLength: 32 },
    updatedAt: { type: 'string', format: 'date-time', maxLength: 32 },
  },
  required: ['id', 'name', 'language', 'tags', 'createdAt', 'updatedAt'],
  indexes: ['updatedAt', 'name'],
};

/** IANA zone names: Area/Location[/Sublocation], or UTC. */
export const TIME_ZONE_PATTERN = '^(?:UTC|[A-Za-z]+(?:/[A-Za-z0-9_+-]+){1,2})$';
export const timeZoneProperty: JsonSchemaProperty = { type: 'string', pattern: TIME_ZONE_PATTERN, maxLength: 64 };

const contactPointProperty: JsonSchemaProperty = {
  type: 'object',
  additionalProperties: false,
  properties: {
    kind: enumProperty(CONTACT_POINT_KINDS),
    value: textProperty(254, 1),
    label: enumProperty(CONTACT_LABELS),
  },
  required: ['kind', 'value'],
  allOf: [
    whenFieldIs('kind', 'email', { properties: { value: { type: 'string', format: 'email' } } }),
    whenFieldIs('kind', ['phone', 'whatsapp'], { properties: { value: { type: 'string', pattern: E164_PATTERN } } }),
  ],
};

export const customerSchemaV1: EntitySchema = {
  ...customerSchema,
  version: 1,
  properties: {
    ...customerSchema.properties,
    contactPoints: { type: 'array', items: contactPointProperty, maxItems: 20 },
    segment: enumProperty(CUSTOMER_SEGMENTS),
    notes: textProperty(5000),
    timeZone: timeZoneProperty,
  },
  indexes: [
    'updatedAt',
    // The customer directory, alphabetical.
    'name',
  ],
};

/**
 * v2 adds `mergedIntoId` (duplicate merge). Only an optional field, so every v1 document is a valid v2
 * document and the migration is the identity (MIGRATION_STRATEGIES).
 */
export const customerSchemaV2: EntitySchema = {
  ...customerSchemaV1,
  version: 2,
  properties: {
    ...customerSchemaV1.properties,
    mergedIntoId: idProperty,
  },
};
