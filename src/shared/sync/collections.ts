import { customerSchema } from '../domain/customer';
import type { Role } from '../domain/roles';
import { ticketSchema } from '../domain/ticket';
import type { EntitySchema } from './entity-schema';

/** Every replicated collection, by the name used in RxDB and in `/api/v1/sync/{collection}`. */
export const SYNC_COLLECTIONS = ['tickets', 'customers'] as const;
export type SyncCollectionName = (typeof SYNC_COLLECTIONS)[number];

export function isSyncCollectionName(value: unknown): value is SyncCollectionName {
  return typeof value === 'string' && (SYNC_COLLECTIONS as readonly string[]).includes(value);
}

export interface CollectionDefinition {
  readonly name: SyncCollectionName;
  readonly schema: EntitySchema;
  /** Roles that may pull and receive stream events for this collection. */
  readonly readRoles: readonly Role[];
  /** Roles that may push to this collection. */
  readonly writeRoles: readonly Role[];
  /**
   * Fields only the server sets. A push cannot forge them: the server keeps its own value
   * (or stamps a fresh one) whatever the client sent.
   */
  readonly serverOwnedFields: readonly string[];
}

const ALL_ROLES: readonly Role[] = ['agent', 'supervisor', 'admin'];

export const COLLECTIONS: Readonly<Record<SyncCollectionName, CollectionDefinition>> = {
  tickets: {
    name: 'tickets',
    schema: ticketSchema,
    readRoles: ALL_ROLES,
    writeRoles: ALL_ROLES,
    serverOwnedFields: ['number', 'createdAt', 'updatedAt'],
  },
  customers: {
    name: 'customers',
    schema: customerSchema,
    readRoles: ALL_ROLES,
    writeRoles: ALL_ROLES,
    serverOwnedFields: ['createdAt', 'updatedAt'],
  },
};
