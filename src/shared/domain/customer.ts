import type { EntitySchema } from '../sync/entity-schema';

export const CUSTOMER_LANGUAGES = ['en', 'pt-BR'] as const;
export type CustomerLanguage = (typeof CUSTOMER_LANGUAGES)[number];

export interface Customer {
  readonly id: string;
  readonly name: string;
  readonly email?: string;
  /** E.164, e.g. +5511987654321. */
  readonly phone?: string;
  readonly organization?: string;
  readonly language: CustomerLanguage;
  readonly tags: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

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
