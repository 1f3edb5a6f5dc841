/**
 * The timeline: everything that happened on a ticket (and on the other field-merged documents), as
 * immutable entries. Customer messages, agent replies, internal notes, calls, escalations and the
 * server's own events (status, priority, assignment, group and tier changes, merges, SLA breaches) live here,
 * as do the visible records of sync conflicts. Entries are never edited, so they never conflict.
 */
import type { EntitySchema } from '../sync/entity-schema';
import { enumProperty, idProperty, requireFields, textProperty, timestampProperty, whenFieldIs } from './common';
import { CHANNELS, type Channel } from './ticket';

export const TIMELINE_KINDS = [
  'customer_message',
  'agent_reply',
  'internal_note',
  'call',
  'escalation',
  'sync_conflict',
  // Written only by the server, from ticket changes it accepted:
  'status_change',
  'priority_change',
  'assignment_change',
  'group_change',
  'tier_change',
  'merge',
  'sla_breach',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** Kinds a client may append; the rest (SERVER_TIMELINE_KINDS) are derived by the server from accepted writes, never pushed. */
export const CLIENT_TIMELINE_KINDS = [
  'customer_message',
  'agent_reply',
  'internal_note',
  'call',
  'escalation',
  'sync_conflict',
] as const satisfies readonly TimelineKind[];

/**
 * Kinds only the server writes, each from an accepted ticket write that changed one field (SLA breaches
 * from the SLA engine). `tier_change` records every accepted tier change, escalations and de-escalations
 * alike; a client's `escalation` entry carries the reason.
 */
export const SERVER_TIMELINE_KINDS = TIMELINE_KINDS.filter(
  (kind): kind is Exclude<TimelineKind, (typeof CLIENT_TIMELINE_KINDS)[number]> => !(CLIENT_TIMELINE_KINDS as readonly string[]).includes(kind),
);

/** The timeline kind the server appends when an accepted ticket write changes the field. */
export const TICKET_CHANGE_EVENTS = {
  status: 'status_change',
  priority: 'priority_change',
  assigneeId: 'assignment_change',
  groupId: 'group_change',
  tier: 'tier_change',
  mergedIntoId: 'merge',
} as const satisfies Readonly<Record<string, TimelineKind>>;

/** What the entry is about. `ticket` for nearly everything; the others carry sync-conflict records. */
export const TIMELINE_SUBJECTS = ['ticket', 'customer', 'article', 'call', 'callback', 'settings', 'user'] as const;
export type TimelineSubject = (typeof TIMELINE_SUBJECTS)[number];

export const AUTHOR_TYPES = ['customer', 'agent', 'system'] as const;
export type AuthorType = (typeof AUTHOR_TYPES)[number];

export const SLA_METRICS = ['first_response', 'next_response', 'resolution'] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];

/** A field whose local value lost to the server's during a merge (see src/shared/sync/merge.ts). */
export interface ConflictRecord {
  readonly field: string;
  /** JSON text of the value the agent had; absent when the agent had cleared the field. */
  readonly localValue?: string;
  /** JSON text of the value that won; absent when the server's side has no value. */
  readonly masterValue?: string;
}

export interface TimelineEntry {
  readonly id: string;
  readonly subjectType: TimelineSubject;
  readonly subjectId: string;
  readonly kind: TimelineKind;
  /** When it happened on the writer's clock (an offline note keeps the time it was typed). */
  readonly occurredAt: string;
  readonly authorType: AuthorType;
  /** The user (authorType agent) or customer (authorType customer) who spoke; absent for the system. */
  readonly authorId?: string;
  /** Denormalised from the ticket so CRM views can list a customer's history. */
  readonly customerId?: string;
  /** Messages and replies: the channel it came in or went out on. */
  readonly channel?: Channel;
  /** Message, reply or note text; the reason of an escalation. Plain text. */
  readonly body?: string;
  /** kind `call`: the call record. */
  readonly callId?: string;
  /** Change events: the old and new value (status, priority, assignee or group id, tier, merge target); absent = none. */
  readonly fromValue?: string;
  readonly toValue?: string;
  /** kind `sla_breach`: which target was missed. */
  readonly slaMetric?: SlaMetric;
  /** kind `sync_conflict`: what was overwritten. */
  readonly conflict?: ConflictRecord;
  /** Server-owned: the signed-in user whose push created the entry (the server's actor for its own events). */
  readonly recordedById: string;
  /** Server-owned: when the server accepted the entry. */
  readonly createdAt: string;
}

const CHANGE_VALUE_MAX = 64;
const CONFLICT_VALUE_MAX = 20000;

export const timelineEntrySchema: EntitySchema = {
  title: 'timeline entry',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  properties: {
    id: idProperty,
    subjectType: enumProperty(TIMELINE_SUBJECTS),
    subjectId: idProperty,
    kind: enumProperty(TIMELINE_KINDS),
    occurredAt: timestampProperty,
    authorType: enumProperty(AUTHOR_TYPES),
    authorId: idProperty,
    customerId: idProperty,
    channel: enumProperty(CHANNELS),
    body: textProperty(20000, 1),
    callId: idProperty,
    fromValue: textProperty(CHANGE_VALUE_MAX),
    toValue: textProperty(CHANGE_VALUE_MAX),
    slaMetric: enumProperty(SLA_METRICS),
    conflict: {
      type: 'object',
      additionalProperties: false,
      properties: {
        field: textProperty(64, 1),
        localValue: textProperty(CONFLICT_VALUE_MAX),
        masterValue: textProperty(CONFLICT_VALUE_MAX),
      },
      required: ['field'],
    },
    recordedById: idProperty,
    createdAt: timestampProperty,
  },
  required: ['id', 'subjectType', 'subjectId', 'kind', 'occurredAt', 'authorType', 'recordedById', 'createdAt'],
  indexes: [
    // The timeline of one ticket (or other subject), in order.
    ['subjectType', 'subjectId', 'occurredAt'],
    // Activity feeds and "what changed since" views.
    'occurredAt',
  ],
  allOf: [
    whenFieldIs('kind', ['customer_message', 'agent_reply'], requireFields({ body: 'string', channel: 'string' })),
    whenFieldIs('kind', 'internal_note', requireFields({ body: 'string' })),
    whenFieldIs('kind', 'call', requireFields({ callId: 'string' })),
    // The reason is the body; toValue is the tier escalated to.
    whenFieldIs('kind', 'escalation', requireFields({ body: 'string', toValue: 'string' })),
    whenFieldIs('kind', ['status_change', 'priority_change', 'tier_change', 'merge'], requireFields({ toValue: 'string' })),
    whenFieldIs('kind', 'sla_breach', requireFields({ slaMetric: 'string' })),
    whenFieldIs('kind', 'sync_conflict', requireFields({ conflict: 'object' })),
    // Only conflict records are about something other than a ticket.
    whenFieldIs('subjectType', ['customer', 'article', 'call', 'callback', 'settings', 'user'], {
      properties: { kind: { type: 'string', const: 'sync_conflict' } },
    }),
    whenFieldIs('kind', 'customer_message', { properties: { authorType: { type: 'string', const: 'customer' } } }),
    whenFieldIs('kind', ['agent_reply', 'internal_note', 'escalation'], { properties: { authorType: { type: 'string', const: 'agent' } } }),
  ],
};

/** The fields of a `sync_conflict` entry for one conflict the merge reported. */
export function conflictRecord(field: string, localValue: unknown, masterValue: unknown): ConflictRecord {
  const encode = (value: unknown): string | undefined => {
    if (value === undefined) return undefined;
    const text = JSON.stringify(value);
    return text.length <= CONFLICT_VALUE_MAX ? text : `${text.slice(0, CONFLICT_VALUE_MAX - 1)}…`;
  };
  const local = encode(localValue);
  const master = encode(masterValue);
  return { field, ...(local === undefined ? {} : { localValue: local }), ...(master === undefined ? {} : { masterValue: master }) };
}
