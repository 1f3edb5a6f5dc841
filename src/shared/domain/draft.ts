/**
 * A reply or note being typed. Local-only: it lives in the agent's replica so it survives a restart
 * or a crash, and is never replicated (a draft is not a fact anyone else should see or merge).
 */
import type { EntitySchema } from '../sync/entity-schema';
import { compoundId } from '../util/compound-id';
import { enumProperty, idProperty, textProperty, timestampProperty } from './common';
import { CHANNELS, type Channel } from './ticket';

export const DRAFT_KINDS = ['reply', 'note'] as const;
export type DraftKind = (typeof DRAFT_KINDS)[number];

export interface Draft {
  /** draftId(ticketId, kind): one reply and one note draft per ticket. */
  readonly id: string;
  readonly ticketId: string;
  readonly kind: DraftKind;
  readonly body: string;
  readonly channel?: Channel;
  /** The canned response it started from, for usage stats. */
  readonly cannedResponseId?: string;
  readonly updatedAt: string;
}

export const draftSchema: EntitySchema = {
  title: 'draft',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  properties: {
    id: idProperty,
    ticketId: idProperty,
    kind: enumProperty(DRAFT_KINDS),
    body: textProperty(20000),
    channel: enumProperty(CHANNELS),
    cannedResponseId: idProperty,
    updatedAt: timestampProperty,
  },
  required: ['id', 'ticketId', 'kind', 'body', 'updatedAt'],
  // "Unsent drafts" list, most recent first.
  indexes: ['updatedAt'],
};

export function draftId(ticketId: string, kind: DraftKind): string {
  return compoundId(ticketId, `:${kind}`);
}
