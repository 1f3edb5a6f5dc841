/**
 * A promise to call a customer back: from the IVR ("press 1 and we call you back"), from an agent
 * (after a dropped call), or from the web. A small work queue of its own: it has a due time, an owner
 * and a lifecycle, and often no ticket at all, so it is neither a ticket nor a call.
 */
import type { EntitySchema } from '../sync/entity-schema';
import { countProperty, e164Property, enumProperty, idProperty, requireFields, textProperty, timestampProperty, whenFieldIs } from './common';

export const CALLBACK_STATUSES = ['pending', 'in_progress', 'completed', 'failed', 'cancelled'] as const;
export type CallbackStatus = (typeof CALLBACK_STATUSES)[number];

export const CALLBACK_SOURCES = ['ivr', 'agent', 'web'] as const;
export type CallbackSource = (typeof CALLBACK_SOURCES)[number];

export const CALLBACK_ATTEMPTS_MAX = 20;

export interface CallbackRequest {
  readonly id: string;
  /** The number to call, E.164. */
  readonly phoneNumber: string;
  readonly reason?: string;
  /** When the customer expects the call. */
  readonly dueAt: string;
  readonly status: CallbackStatus;
  readonly source: CallbackSource;
  readonly attempts: number;
  readonly lastAttemptAt?: string;
  readonly assigneeId?: string;
  readonly queueId?: string;
  readonly customerId?: string;
  readonly ticketId?: string;
  /** The call the request came from (e.g. the abandoned call). */
  readonly originCallId?: string;
  /** The call that fulfilled it. */
  readonly resultCallId?: string;
  readonly notes?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const callbackRequestSchema: EntitySchema = {
  title: 'callback request',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  properties: {
    id: idProperty,
    phoneNumber: e164Property,
    reason: textProperty(500),
    dueAt: timestampProperty,
    status: enumProperty(CALLBACK_STATUSES),
    source: enumProperty(CALLBACK_SOURCES),
    attempts: countProperty(0, CALLBACK_ATTEMPTS_MAX),
    lastAttemptAt: timestampProperty,
    assigneeId: idProperty,
    queueId: idProperty,
    customerId: idProperty,
    ticketId: idProperty,
    originCallId: idProperty,
    resultCallId: idProperty,
    notes: textProperty(2000),
    createdAt: timestampProperty,
    updatedAt: timestampProperty,
  },
  required: ['id', 'phoneNumber', 'dueAt', 'status', 'source', 'attempts', 'createdAt', 'updatedAt'],
  // The callback list: pending ones, most overdue first.
  indexes: [['status', 'dueAt']],
  allOf: [whenFieldIs('status', 'completed', requireFields({ resultCallId: 'string' }))],
};
