/**
 * One RxDB database per signed-in user and server, stored with Dexie (IndexedDB). Collections and their
 * schemas come straight from the shared registry, the same objects the server validates against.
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
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { Customer } from '../../shared/domain/customer';
import type { Ticket } from '../../shared/domain/ticket';
import { COLLECTIONS, SYNC_COLLECTIONS, type SyncCollectionName } from '../../shared/sync/collections';
import { createConflictHandler } from './conflict';
import { rxdbHash } from './hash';

/** RxDB document types: the shared entities with mutable fields (RxDB's typings want them). */
type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };
export type TicketDocType = Mutable<Ticket>;
export type CustomerDocType = Mutable<Customer>;

/** Typed access to the collections the screens use; every collection of the registry is created. */
export interface AtendeCollections {
  tickets: RxCollection<TicketDocType>;
  customers: RxCollection<CustomerDocType>;
}

export type AtendeDatabase = RxDatabase<AtendeCollections>;

/** Storage used by the app; tests pass Dexie over fake-indexeddb instead. */
export function defaultStorage(): RxStorage<unknown, unknown> {
  return getRxStorageDexie();
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

/** 32-bit FNV-1a as 8 hex digits: not for security, only to tell sanitized names apart. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

function rxSchema<T>(name: SyncCollectionName): RxJsonSchema<T> {
  // A deep copy: RxDB fills in defaults on the object it gets, the shared one stays untouched.
  return structuredClone(COLLECTIONS[name].schema) as unknown as RxJsonSchema<T>;
}

/**
 * Schema versions only ever add optional fields (see src/shared/domain), so every stored document is
 * valid under the next version as it is: identity migrations for versions 1..current.
 */
function identityMigrations(version: number): Record<number, (doc: unknown) => unknown> | undefined {
  if (version === 0) return undefined;
  return Object.fromEntries(Array.from({ length: version }, (_unused, index) => [index + 1, (doc: unknown) => doc]));
}

/** Every replicated collection of the shared registry, with our conflict handler. */
export function collectionCreators(): Record<SyncCollectionName, RxCollectionCreator> {
  return Object.fromEntries(
    SYNC_COLLECTIONS.map((name) => {
      const definition = COLLECTIONS[name];
      const migrationStrategies = identityMigrations(definition.schema.version);
      const creator: RxCollectionCreator = {
        schema: rxSchema(name),
        conflictHandler: createConflictHandler<{ id: string }>(name, definition.serverOwnedFields),
        ...(migrationStrategies ? { migrationStrategies } : {}),
      };
      return [name, creator];
    }),
  ) as Record<SyncCollectionName, RxCollectionCreator>;
}

export interface OpenDatabaseOptions {
  readonly serverUrl: string;
  readonly userId: string;
  readonly storage?: RxStorage<unknown, unknown>;
  /** Several tabs of one user share the database through BroadcastChannel; off in tests. */
  readonly multiInstance?: boolean;
}

export async function openUserDatabase(options: OpenDatabaseOptions): Promise<AtendeDatabase> {
  if (SYNC_COLLECTIONS.some((name) => COLLECTIONS[name].schema.version > 0)) addRxPlugin(RxDBMigrationSchemaPlugin);
  const db = await createRxDatabase<AtendeCollections>({
    name: databaseNameFor(options.serverUrl, options.userId),
    storage: options.storage ?? defaultStorage(),
    multiInstance: options.multiInstance ?? true,
    eventReduce: true,
    closeDuplicates: true,
    hashFunction: rxdbHash,
  });
  try {
    await db.addCollections(collectionCreators());
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/** Deletes a user's local replica (used by "sign out and remove local data"). */
export async function removeUserDatabase(
  serverUrl: string,
  userId: string,
  storage: RxStorage<unknown, unknown> = defaultStorage(),
): Promise<void> {
  await removeRxDatabase(databaseNameFor(serverUrl, userId), storage);
}
