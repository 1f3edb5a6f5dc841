import type { EntitySchema } from '../sync/entity-schema';
import { idListProperty, idProperty, requireFields, timestampProperty } from './common';

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

  // ---- schema v1 (all optional, so every v0 document is a valid v1 document) ----------------------
  /** The team (a settings document of kind `group`) the ticket is routed to. */
  readonly groupId?: string;
  /** Other tickets about the same matter (shown side by side; no status coupling). */
  readonly relatedTicketIds?: readonly string[];
  /** Set when this ticket was merged into another one; a merged ticket is closed. */
  readonly mergedIntoId?: string;
  /** When the assignee wants to look at the ticket again (a personal reminder, not an SLA). */
  readonly followUpAt?: string;
  /** An SLA policy a supervisor pinned to this ticket; absent: the server picks the first policy that matches. */
  readonly slaPolicyId?: string;
  /** Server-owned (SLA engine): first response is due, per the policy and its business calendar. */
  readonly firstResponseDueAt?: string;
  /** Server-owned (SLA engine): the reply to the customer's latest message is due. */
  readonly nextResponseDueAt?: string;
  /** Server-owned (SLA engine): resolution is due. */
  readonly resolutionDueAt?: string;
  /** Server-owned: when the first agent reply reached the customer. */
  readonly firstRespondedAt?: string;
  /** Server-owned: when the ticket last entered `solved` (cleared when it is reopened). */
  readonly solvedAt?: string;
  /** Server-owned: the newest customer message on the ticket's timeline. */
  readonly lastCustomerMessageAt?: string;

  // ---- schema v2 --------------------------------------------------------------------------------
  /**
   * Server-owned (SLA engine, stamped with the due dates): the earliest instant at which a running SLA
   * metric turns at risk under the ticket's policy (queue-sla.ts `slaAtRiskAt`); absent when none can.
   * Lets the "SLA at risk" view read only the tickets already at risk.
   */
  readonly slaAtRiskAt?: string;
}

/**
 * The v0 schema (what the first releases replicated). Frozen: RxDB refuses to open a stored collection
 * whose schema changed without a version bump (error DB6), so changes go into `ticketSchemaV1`.
 */
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

/** SLA fields the server computes; no push can set them (see COLLECTIONS.tickets.serverOwnedFields). */
export const TICKET_SLA_FIELDS = [
  'firstResponseDueAt',
  'nextResponseDueAt',
  'resolutionDueAt',
  'firstRespondedAt',
  'solvedAt',
  'lastCustomerMessageAt',
  'slaAtRiskAt',
] as const;

/**
 * The v1 schema: v0 plus optional fields, so v0 documents stay valid and the RxDB migration to it is
 * the identity. Frozen like v0; changes go into `ticketSchemaV2`.
 */
export const ticketSchemaV1: EntitySchema = {
  ...ticketSchema,
  version: 1,
  properties: {
    ...ticketSchema.properties,
    groupId: idProperty,
    relatedTicketIds: idListProperty(50),
    mergedIntoId: idProperty,
    followUpAt: timestampProperty,
    slaPolicyId: idProperty,
    firstResponseDueAt: timestampProperty,
    nextResponseDueAt: timestampProperty,
    resolutionDueAt: timestampProperty,
    firstRespondedAt: timestampProperty,
    solvedAt: timestampProperty,
    lastCustomerMessageAt: timestampProperty,
  },
  indexes: [
    // "Recently updated" lists and the replica's default order.
    'updatedAt',
    // Queues: open/new/pending tickets, newest activity first.
    ['status', 'updatedAt'],
    // A customer's ticket history (CRM view), newest first.
    ['customerId', 'updatedAt'],
    // Tier queues: the L2 team's open tickets.
    ['tier', 'status', 'updatedAt'],
  ],
  allOf: [
    // A merged ticket lives on in the ticket it was merged into.
    { if: requireFields({ mergedIntoId: 'string' }), then: { properties: { status: { type: 'string', const: 'closed' } } } },
  ],
};

/**
 * The ticket schema the full product replicates (COLLECTIONS.tickets): v1 plus the optional
 * `slaAtRiskAt`, so the RxDB migration to it is the identity; the server stamps the field on open
 * tickets (migration 0004 queues that pass) and replication brings it to the replicas.
 */
export const ticketSchemaV2: EntitySchema = {
  ...ticketSchemaV1,
  version: 2,
  properties: {
    ...ticketSchemaV1.properties,
    slaAtRiskAt: timestampProperty,
  },
};
