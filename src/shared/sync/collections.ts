/**
 * The one registry of replicated collections: their names (as used in RxDB and in
 * `/api/v1/sync/{collection}`), schemas, who may read and write what, and the fields only the server
 * sets. The server builds its routes, validation, write policy and stream from it; the renderer opens
 * `collectionsForRole(role)` of it.
 *
 * RxDB's free tier opens at most 13 collections per JavaScript process, counting every database
 * and local-only collections; we replicate 10 and keep 1 local-only.
 */
import { articleSchema, articleVersionSchema } from '../domain/article';
import { callSchema } from '../domain/call';
import { callbackRequestSchema } from '../domain/callback';
import { customerSchemaV2 } from '../domain/customer';
import { draftSchema } from '../domain/draft';
import type { Role } from '../domain/roles';
import { settingsSchemaV1, type SettingsKind } from '../domain/settings';
import { surveyResponseSchema } from '../domain/survey';
import { TICKET_SLA_FIELDS, ticketSchemaV2 } from '../domain/ticket';
import { CLIENT_TIMELINE_KINDS, TIMELINE_KINDS, timelineEntrySchema, type TimelineKind } from '../domain/timeline';
import { userProfileSchema } from '../domain/user';
import type { EntitySchema } from './entity-schema';

export const RXDB_COLLECTION_BUDGET = 13;
export const REPLICATED_COLLECTION_TARGET = 10;

/** Every replicated collection, by the name used in RxDB and in `/api/v1/sync/{collection}`. */
export const SYNC_COLLECTIONS = [
  'tickets',
  'timeline',
  'customers',
  'calls',
  'callbacks',
  'articles',
  'articleVersions',
  'surveys',
  'users',
  'settings',
] as const;
export type SyncCollectionName = (typeof SYNC_COLLECTIONS)[number];

export function isSyncCollectionName(value: unknown): value is SyncCollectionName {
  return typeof value === 'string' && (SYNC_COLLECTIONS as readonly string[]).includes(value);
}

export interface CollectionDefinition {
  readonly name: SyncCollectionName;
  readonly schema: EntitySchema;
  /** Roles that may pull and receive stream events for this collection (and push to it at all). */
  readonly readRoles: readonly Role[];
  /** Roles that may write documents of this collection (the rules below narrow it further). */
  readonly writeRoles: readonly Role[];
  /**
   * Fields only the server sets. A push cannot forge them: the server keeps its own value (or stamps a
   * fresh one) whatever the client sent. Every one needs a stamper in src/server/sync/server-owned-fields.ts.
   */
  readonly serverOwnedFields: readonly string[];
  /**
   * Documents are immutable once stored: a push may insert, or repeat the stored document unchanged
   * (a retry); anything else is refused. Nothing to merge, so nothing ever conflicts.
   */
  readonly appendOnly: boolean;
  /** Roles that may delete a document (push `_deleted: true`) or restore one. */
  readonly deleteRoles: readonly Role[];
  /** Fields only some of the writeRoles may set or change; every other field is open to all writeRoles. */
  readonly restrictedFields?: Readonly<Record<string, readonly Role[]>>;
  /** Who may write a document depends on this discriminator's value; the value never changes. */
  readonly writeRolesByKind?: {
    readonly field: string;
    readonly roles: Readonly<Record<string, readonly Role[]>>;
  };
  /** These roles may only write documents whose `ownerPath` (dot path) is their own user id, before and after. */
  readonly ownDocumentsOnly?: { readonly roles: readonly Role[]; readonly ownerPath: string };
  /** Once `field` is set on the stored document, roles outside `roles` may change only `exceptFields`. */
  readonly sealedWhenSet?: { readonly field: string; readonly roles: readonly Role[]; readonly exceptFields: readonly string[] };
}

const ALL_ROLES: readonly Role[] = ['agent', 'supervisor', 'admin'];
const SUPERVISORS: readonly Role[] = ['supervisor', 'admin'];
const ADMINS: readonly Role[] = ['admin'];
const NOBODY: readonly Role[] = [];
const STAMPED = ['createdAt', 'updatedAt'] as const;

const SETTINGS_WRITE_ROLES: Readonly<Record<SettingsKind, readonly Role[]>> = {
  slaPolicy: ADMINS,
  businessCalendar: ADMINS,
  queue: ADMINS,
  group: ADMINS,
  cannedResponse: SUPERVISORS,
  dispositionCode: SUPERVISORS,
  // Agents: their own views only (ownDocumentsOnly); supervisors and admins also write shared views.
  savedView: ALL_ROLES,
};

const TIMELINE_WRITE_ROLES = Object.fromEntries(
  TIMELINE_KINDS.map((kind) => [kind, (CLIENT_TIMELINE_KINDS as readonly TimelineKind[]).includes(kind) ? ALL_ROLES : NOBODY]),
) as Readonly<Record<TimelineKind, readonly Role[]>>;

export const COLLECTIONS: Readonly<Record<SyncCollectionName, CollectionDefinition>> = {
  tickets: {
    name: 'tickets',
    schema: ticketSchemaV2,
    readRoles: ALL_ROLES,
    writeRoles: ALL_ROLES,
    serverOwnedFields: ['number', ...STAMPED, ...TICKET_SLA_FIELDS],
    appendOnly: false,
    // Agents close tickets; removing one (spam, duplicates created by mistake) is a supervisor's call.
    deleteRoles: SUPERVISORS,
    // Pinning another SLA policy moves the due dates: supervisors only.
    restrictedFields: { slaPolicyId: SUPERVISORS },
  },
  timeline: {
    name: 'timeline',
    schema: timelineEntrySchema,
    readRoles: ALL_ROLES,
    writeRoles: ALL_ROLES,
    serverOwnedFields: ['createdAt', 'recordedById'],
    appendOnly: true,
    deleteRoles: NOBODY,
    // Status, priority, assignment, group, tier, merge and SLA events come from the server alone.
    writeRolesByKind: { field: 'kind', roles: TIMELINE_WRITE_ROLES },
  },
  customers: {
    name: 'customers',
    schema: customerSchemaV2,
    readRoles: ALL_ROLES,
    writeRoles: ALL_ROLES,
    serverOwnedFields: [...STAMPED],
    appendOnly: false,
    // Erasure requests (LGPD/GDPR) are an admin task.
    deleteRoles: ADMINS,
    // The segment can buy a faster SLA.
    restrictedFields: { segment: SUPERVISORS },
  },
  calls: {
    name: 'calls',
    schema: callSchema,
    readRoles: ALL_ROLES,
    writeRoles: ALL_ROLES,
    serverOwnedFields: ['recordingRef', 'ringSeconds', 'talkSeconds', 'wrapUpSeconds', 'handleSeconds', ...STAMPED],
    // Written by two parties (provider webhooks through the server, the agent at wrap-up): field merge.
    appendOnly: false,
    deleteRoles: NOBODY,
    // After wrap-up the record is final for agents, except linking it and adding notes.
    sealedWhenSet: { field: 'wrapUpEndedAt', roles: SUPERVISORS, exceptFields: ['notes', 'ticketId', 'customerId'] },
  },
  callbacks: {
    name: 'callbacks',
    schema: callbackRequestSchema,
    readRoles: ALL_ROLES,
    writeRoles: ALL_ROLES,
    serverOwnedFields: [...STAMPED],
    appendOnly: false,
    // Agents cancel (status cancelled) instead; the record stays for the service-level report.
    deleteRoles: SUPERVISORS,
  },
  articles: {
    name: 'articles',
    schema: articleSchema,
    readRoles: ALL_ROLES,
    writeRoles: SUPERVISORS,
    serverOwnedFields: ['versionNumber', ...STAMPED],
    appendOnly: false,
    // Archive (status archived) is the normal way out; deleting also orphans the version history.
    deleteRoles: ADMINS,
  },
  articleVersions: {
    name: 'articleVersions',
    schema: articleVersionSchema,
    // Editors compare versions; agents only ever need the current article, so they do not replicate history.
    readRoles: SUPERVISORS,
    // The server appends a snapshot whenever it accepts an article write that changes its content.
    writeRoles: NOBODY,
    serverOwnedFields: ['createdAt'],
    appendOnly: true,
    deleteRoles: NOBODY,
  },
  surveys: {
    name: 'surveys',
    schema: surveyResponseSchema,
    readRoles: ALL_ROLES,
    // Survey links and the IVR write through the server; supervisors may key in a paper/phone answer.
    // Agents never: nobody grades their own work.
    writeRoles: SUPERVISORS,
    serverOwnedFields: ['createdAt'],
    appendOnly: true,
    deleteRoles: NOBODY,
  },
  users: {
    name: 'users',
    schema: userProfileSchema,
    readRoles: ALL_ROLES,
    writeRoles: ADMINS,
    serverOwnedFields: [...STAMPED],
    appendOnly: false,
    // Users are deactivated (active: false), never deleted: history keeps pointing at them.
    deleteRoles: NOBODY,
  },
  settings: {
    name: 'settings',
    schema: settingsSchemaV1,
    readRoles: ALL_ROLES,
    writeRoles: ALL_ROLES,
    serverOwnedFields: [...STAMPED],
    appendOnly: false,
    deleteRoles: ALL_ROLES,
    writeRolesByKind: { field: 'kind', roles: SETTINGS_WRITE_ROLES },
    ownDocumentsOnly: { roles: ['agent'], ownerPath: 'savedView.ownerId' },
  },
};

/** Collections each client keeps for itself, never replicated; they count against the RxDB budget too. */
export const LOCAL_ONLY_COLLECTIONS = {
  drafts: { name: 'drafts', schema: draftSchema },
} as const satisfies Readonly<Record<string, { readonly name: string; readonly schema: EntitySchema }>>;
export type LocalOnlyCollectionName = keyof typeof LOCAL_ONLY_COLLECTIONS;

/**
 * RxDB migrations for collections whose schema version is above 0. Tickets and customers only gained
 * optional fields (and indexes) in v1, tickets `slaAtRiskAt` and customers `mergedIntoId` in v2,
 * settings the saved views' `assigneeIds` and `customerIds` in v1, so every older document is already
 * valid under the newer schema. (What a saved view holds is read defensively anyway: `savedViewOf` in
 * queue-views.ts.) A ticket migrated to v2 gains `slaAtRiskAt` from the server, like any server-owned
 * field: the server stamps it on every open ticket once (migration 0004) and the replica pulls them.
 */
export const MIGRATION_STRATEGIES: Partial<
  Readonly<Record<SyncCollectionName, Readonly<Record<number, (doc: Record<string, unknown>) => Record<string, unknown>>>>>
> = {
  tickets: { 1: (doc) => doc, 2: (doc) => doc },
  customers: { 1: (doc) => doc, 2: (doc) => doc },
  settings: { 1: (doc) => doc },
};

/** Whether `role` may pull, push and receive stream events of `collection`. */
export function canReadCollection(role: Role, collection: SyncCollectionName): boolean {
  return COLLECTIONS[collection].readRoles.includes(role);
}

/** The collections a user of `role` opens in their replica (the ones they may read) plus the local-only ones. */
export function collectionsForRole(role: Role): { readonly replicated: readonly SyncCollectionName[]; readonly localOnly: readonly LocalOnlyCollectionName[] } {
  return {
    replicated: SYNC_COLLECTIONS.filter((name) => canReadCollection(role, name)),
    localOnly: Object.keys(LOCAL_ONLY_COLLECTIONS) as LocalOnlyCollectionName[],
  };
}
