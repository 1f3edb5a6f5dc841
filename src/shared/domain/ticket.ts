import type { EntitySchema } from '../sync/entity-schema';

export const TICKET_STATUSES = ['new', 'open', 'pending', 'on-hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

export const CHANNELS = ['phone', 'email', 'chat', 'whatsapp', 'sms', 'social', 'web_form'] as const;
export type Channel = (typeof CHANNELS)[number];

export const TIERS = ['L1', 'L2', 'L3'] as const;
export type Tier = (typeof TIERS)[number];

export interface Ticket {
  readonly id: string;
  /** Human-facing number; assigned by the server on first insert, absent until then. */
  readonly number?: number;
  readonly subject: string;
  readonly description?: string;
  readonly status: TicketStatus;
  readonly priority: TicketPriority;
  readonly channel: Channel;
  readonly tier: Tier;
  readonly customerId: string;
  /** Absent while unassigned. */
  readonly assigneeId?: string;
  readonly tags: readonly string[];
  /** Server-owned: stamped on first insert. */
  readonly createdAt: string;
  /** Server-owned: stamped on every accepted write. */
  readonly updatedAt: string;
}

export const ticketSchema: EntitySchema = {
  title: 'ticket',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'string', maxLength: 64, minLength: 1 },
    number: { type: 'integer', minimum: 1 },
    subject: { type: 'string', minLength: 1, maxLength: 300 },
    description: { type: 'string', maxLength: 20000 },
    status: { type: 'string', enum: [...TICKET_STATUSES], maxLength: 16 },
    priority: { type: 'string', enum: [...TICKET_PRIORITIES], maxLength: 16 },
    channel: { type: 'string', enum: [...CHANNELS], maxLength: 16 },
    tier: { type: 'string', enum: [...TIERS], maxLength: 4 },
    customerId: { type: 'string', maxLength: 64, minLength: 1 },
    assigneeId: { type: 'string', maxLength: 64, minLength: 1 },
    tags: { type: 'array', items: { type: 'string', maxLength: 64 }, maxItems: 50 },
    createdAt: { type: 'string', format: 'date-time', maxLength: 32 },
    updatedAt: { type: 'string', format: 'date-time', maxLength: 32 },
  },
  required: ['id', 'subject', 'status', 'priority', 'channel', 'tier', 'customerId', 'tags', 'createdAt', 'updatedAt'],
  indexes: ['updatedAt', ['status', 'updatedAt'], 'customerId'],
};
