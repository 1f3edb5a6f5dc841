/**
 * One RxDB database per signed-in user and server, kept in memory and stored in IndexedDB by the block
 * storage (block-storage/; tests may pass RxDB's Dexie storage instead). Which collections it
 * holds comes from the shared registry: `collectionsForRole(role)` (the replicated collections the role
 * may read) plus the local-only ones, with the same schema objects the server validates against and
 * RxDB's migration-schema plugin for collections above version 0 (tickets and customers are v1).
 *
 * RxDB's free tier opens at most 13 collections per JavaScript process, across every open database:
 * the workspace closes one user's database before it opens another's, and `openUserDatabase` refuses a
 * set that would not fit. The database also keeps RxDB local documents (no collection slot) for the
 * sync engine's own small records, e.g. rejected changes; they go when the database is removed.
 */
import {
  addRxPlugin,
  createRxDatabase,
  removeRxDatabase,
  type RxCollection,
  type RxCollectionCreator,
  type RxDatabase,
  type RxJsonSchema,
  type RxStorage,
} from 'rxdb';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getBooleanIndexes } from 'rxdb/plugins/storage-dexie';
import type { Customer } from '../../shared/domain/customer';
import type { Draft } from '../../shared/domain/draft';
import { SLA_MEMORY_FIELDS } from '../../shared/domain/queue-sla';
import type { Role } from '../../shared/domain/roles';
import type { Ticket } from '../../shared/domain/ticket';
import type { TimelineEntry } from '../../shared/domain/timeline';
import {
  COLLECTIONS,
  LOCAL_ONLY_COLLECTIONS,
  MIGRATION_STRATEGIES,
  RXDB_COLLECTION_BUDGET,
  collectionsForRole,
  type LocalOnlyCollectionName,
  type SyncCollectionName,
} from '../../shared/sync/collections';
import type { EntitySchema } from '../../shared/sync/entity-schema';
import { fnv1a } from '../../shared/util/compound-id';
import type { IdbFactory, IdbKeyRangeFactory } from './block-storage/block-log';
import { getRxStorageBlocks, isBlockStorage } from './block-storage/block-storage';
import { browserLocks } from './block-storage/database-lock';
import { conflictHandlerControls, createAppendOnlyConflictHandler, createConflictHandler } from './conflict';
import { withBulkInserts } from './bulk-insert';
import type { MemoryOrder } from './memory-index';
import { withOrderedReads } from './ordered-reads';
import type { UnconfirmedSnapshot } from './unconfirmed-pushes';
import { rxdbHash } from './hash';

/** RxDB document types: the shared entities with mutable fields (RxDB's typings want them). */
type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };
export type TicketDocType = Mutable<Ticket>;
export type CustomerDocType = Mutable<Customer>;
export type TimelineDocType = Mutable<TimelineEntry>;
export type DraftDocType = Mutable<Draft>;
/** Documents of collections no screen reads with a typed view yet. */
export type GenericDocType = { id: string } & Record<string, unknown>;

export type AtendeCollectionName = SyncCollectionName | LocalOnlyCollectionName;

/**
 * Typed access to the collections. Every role reads tickets and customers; the others exist when the
 * role may read them (see `collectionsForRole`) or when a test opened a narrower set.
 */
export interface AtendeCollections {
  tickets: RxCollection<TicketDocType>;
  customers: RxCollection<CustomerDocType>;
  timeline?: RxCollection<TimelineDocType>;
  calls?: RxCollection<GenericDocType>;
  callbacks?: RxCollection<GenericDocType>;
  articles?: RxCollection<GenericDocType>;
  articleVersions?: RxCollection<GenericDocType>;
  surveys?: RxCollection<GenericDocType>;
  users?: RxCollection<GenericDocType>;
  settings?: RxCollection<GenericDocType>;
  drafts?: RxCollection<DraftDocType>;
}

export type AtendeDatabase = RxDatabase<AtendeCollections>;

/**
 * Newest activity first within groups of tickets, tried in this order: "My tickets" and "Unassigned"
 * (the assignee is optional: no IndexedDB index can hold it), a tier's open tickets, statuses, all.
 */
export const TICKET_MEMORY_ORDERS: readonly MemoryOrder[] = [
  { prefix: ['assigneeId', 'status'], order: 'updatedAt' },
  { prefix: ['tier', 'status'], order: 'updatedAt' },
  { prefix: ['status'], order: 'updatedAt' },
  { prefix: [], order: 'updatedAt' },
];

/** Fields RxDB's Dexie storage kept as '1'/'0' in a collection's rows: `_deleted` and the indexed booleans. */
export function dexieBooleanIndexesOf(collectionName: string): readonly string[] {
  const registry: Record<string, { readonly schema: EntitySchema } | undefined> = { ...COLLECTIONS, ...LOCAL_ONLY_COLLECTIONS };
  const schema = registry[collectionName]?.schema;
  return schema === undefined ? ['_deleted'] : getBooleanIndexes(rxSchema(schema));
}

/** At most how often a live query re-runs while its collection changes (RxDB's `liveQueryUpdateThrottleTime`). */
export const LIVE_QUERY_THROTTLE_MS = 100;

/**
 * Storage used by the app: the block storage on the browser's IndexedDB (block-storage/), one page
 * per replica, moving a replica the app kept on RxDB's Dexie storage before into it on first open.
 * Tests pass Dexie or the block storage over fake-indexeddb instead.
 */
export function defaultStorage(): RxStorage<unknown, unknown> {
  const scope = globalThis as { indexedDB?: IdbFactory; IDBKeyRange?: IdbKeyRangeFactory };
  if (scope.indexedDB === undefined || scope.IDBKeyRange === undefined) throw new Error('No IndexedDB to keep the local replica in');
  const locks = browserLocks();
  return getRxStorageBlocks({
    indexedDB: scope.indexedDB,
    IDBKeyRange: scope.IDBKeyRange,
    migrateDexie: { booleanIndexesOf: dexieBooleanIndexesOf },
    ...(locks === undefined ? {} : { locks }),
  });
}

/**
 * A database name unique per server and user, safe for RxDB and IndexedDB: lowercase letters, digits,
 * `-` and `_`, starting with a letter. The server part keeps its host and port readable; a short hash
 * keeps names from distinct URLs distinct after sanitizing.
 */
export function databaseNameFor(serverUrl: string, userId: string): string {
  const origin = new URL(serverUrl).origin.toLowerCase();
  const sanitize = (value: string) =>
    value
      .toLowerCase()
      .replace(/^https?:\/\//, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const fingerprint = fnv1a(`${origin}|${userId}`);
  return `atende_${sanitize(origin).slice(0, 60)}_${sanitize(userId).slice(0, 64)}_${fingerprint}`;
}


function rxSchema(schema: EntitySchema): RxJsonSchema<GenericDocType> {
  // A deep copy: RxDB fills in defaults on the object it gets, the shared one stays untouched.
  return structuredClone(schema) as unknown as RxJsonSchema<GenericDocType>;
}

function isLocalOnly(name: AtendeCollectionName): name is LocalOnlyCollectionName {
  return Object.hasOwn(LOCAL_ONLY_COLLECTIONS, name);
}

/** The collections a user of `role` keeps: what they may read, plus the local-only ones. */
export function collectionNamesFor(role: Role): readonly AtendeCollectionName[] {
  const { replicated, localOnly } = collectionsForRole(role);
  return [...replicated, ...localOnly];
}

/**
 * RxDB collection creators for `names` (default: every replicated and local-only collection):
 * field-merge conflict handling for mergeable collections, "take the server's document" for
 * append-only ones, and the shared migration strategies for schemas above version 0.
 */
export function collectionCreators(
  names: readonly AtendeCollectionName[] = [...Object.keys(COLLECTIONS), ...Object.keys(LOCAL_ONLY_COLLECTIONS)] as AtendeCollectionName[],
): Partial<Record<AtendeCollectionName, RxCollectionCreator>> {
  const creators: Partial<Record<AtendeCollectionName, RxCollectionCreator>> = {};
  for (const name of names) {
    if (isLocalOnly(name)) {
      creators[name] = { schema: rxSchema(LOCAL_ONLY_COLLECTIONS[name].schema) };
      continue;
    }
    const definition = COLLECTIONS[name];
    const migrationStrategies = MIGRATION_STRATEGIES[name];
    creators[name] = {
      schema: rxSchema(definition.schema),
      conflictHandler: definition.appendOnly
        ? createAppendOnlyConflictHandler<GenericDocType>()
        : createConflictHandler<GenericDocType>(name, definition.serverOwnedFields),
      ...(migrationStrategies === undefined ? {} : { migrationStrategies: { ...migrationStrategies } }),
    };
  }
  return creators;
}

export interface OpenDatabaseOptions {
  readonly serverUrl: string;
  readonly userId: string;
  /** Decides which collections are opened (`collectionsForRole`); default `agent`, the narrowest. */
  readonly role?: Role;
  /** Open exactly these collections instead of the role's (tests and tools that run several replicas in one process). */
  readonly collections?: readonly AtendeCollectionName[];
  readonly storage?: RxStorage<unknown, unknown>;
  /**
   * Several tabs of one user share a Dexie database through BroadcastChannel (off in tests). The block
   * storage holds each database in one page, so it is off there (a second tab is refused instead).
   */
  readonly multiInstance?: boolean;
}

let pluginsAdded = false;
function addPlugins(): void {
  if (pluginsAdded) return;
  addRxPlugin(RxDBMigrationSchemaPlugin);
  addRxPlugin(RxDBLocalDocumentsPlugin);
  pluginsAdded = true;
}

export async function openUserDatabase(options: OpenDatabaseOptions): Promise<AtendeDatabase> {
  addPlugins();
  const names = options.collections ?? collectionNamesFor(options.role ?? 'agent');
  if (!names.includes('tickets') || !names.includes('customers')) {
    throw new Error('A replica always holds tickets and customers');
  }
  if (names.length > RXDB_COLLECTION_BUDGET) {
    throw new Error(`${names.length} collections exceed RxDB's budget of ${RXDB_COLLECTION_BUDGET} per process`);
  }
  const storage = options.storage ?? defaultStorage();
  const db = await createRxDatabase<AtendeCollections>({
    name: databaseNameFor(options.serverUrl, options.userId),
    // The queue's views are read from memory: the tickets themselves (a page read by id from IndexedDB
    // costs a request per ticket), memory indexes on the optional SLA fields (IndexedDB cannot index
    // optional fields) and order indexes for its newest-first pages. Other queries read first pages in
    // IndexedDB index order instead of whole ranges sorted in memory (ordered-reads.ts).
    // Insert-only writes (a first sync's pages) skip the read of every id before writing (bulk-insert.ts).
    storage: withOrderedReads(withBulkInserts(storage), {
      memoryIndexes: { tickets: SLA_MEMORY_FIELDS },
      memoryOrders: { tickets: TICKET_MEMORY_ORDERS },
      memoryDocuments: ['tickets'],
    }),
    multiInstance: options.multiInstance ?? !isBlockStorage(storage),
    eventReduce: true,
    // Live queries re-run at most every 100 ms while writes come in bursts (a first sync writes a page
    // every few milliseconds; re-running and re-rendering every screen's queries each time cost more
    // than the writes). A single change reaches the screen within that time.
    liveQueryUpdateThrottleTime: LIVE_QUERY_THROTTLE_MS,
    closeDuplicates: true,
    localDocuments: true,
    hashFunction: rxdbHash,
  });
  try {
    await db.addCollections(collectionCreators(names));
    await keepUnconfirmedPushes(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/** Each mergeable collection keeps its unconfirmed pushes in a local document (see unconfirmed-pushes.ts). */
async function keepUnconfirmedPushes(db: AtendeDatabase): Promise<void> {
  for (const name of replicatedCollectionsOf(db)) {
    const collection = collectionOf(db, name);
    const unconfirmed = COLLECTIONS[name].appendOnly ? undefined : conflictHandlerControls(collection?.conflictHandler)?.unconfirmed;
    if (unconfirmed === undefined) continue;
    const id = `unconfirmed-pushes-${name}`;
    await unconfirmed.attach({
      load: async () => {
        const pushes: unknown = (await db.getLocal<{ pushes?: unknown }>(id))?.toJSON().data.pushes;
        return Array.isArray(pushes) ? (pushes as UnconfirmedSnapshot) : [];
      },
      save: async (snapshot) => {
        if (!db.closed) await db.upsertLocal(id, { pushes: structuredClone(snapshot) });
      },
    });
  }
}

/** The replicated collections this database holds, in registry order. */
export function replicatedCollectionsOf(db: AtendeDatabase): SyncCollectionName[] {
  return (Object.keys(COLLECTIONS) as SyncCollectionName[]).filter((name) => Object.hasOwn(db.collections, name));
}

/** A collection of `db` by name, untyped (undefined when this replica does not hold it). */
export function collectionOf(db: AtendeDatabase, name: AtendeCollectionName): RxCollection<GenericDocType> | undefined {
  return Object.hasOwn(db.collections, name)
    ? (db.collections[name] as unknown as RxCollection<GenericDocType>)
    : undefined;
}

/**
 * Deletes a user's local replica (used by "sign out and remove local data"): every collection, the
 * replication checkpoints and the local documents (rejected changes) of that user's database.
 */
export async function removeUserDatabase(
  serverUrl: string,
  userId: string,
  storage: RxStorage<unknown, unknown> = defaultStorage(),
): Promise<void> {
  await removeRxDatabase(databaseNameFor(serverUrl, userId), storage);
}
