/**
 * Moves a replica from RxDB's Dexie storage, which the app used before the block storage, into the
 * block storage before the database opens. Every storage instance moves as it is (the collections,
 * RxDB's internal store, and the replications' meta rows with their checkpoints and assumed masters),
 * so local edits not yet pushed are still pushed afterwards and nothing is pulled again.
 *
 * Each instance is copied in one transaction as the snapshot of its log (block-log.ts); the Dexie
 * databases are deleted once all are copied. A crash in between copies them again on the next open,
 * to the same result, since nothing writes to the block database until the copy is done.
 */
import { Dexie } from 'dexie';
import { DEXIE_DOCS_TABLE_NAME, fromDexieToStorage } from 'rxdb/plugins/storage-dexie';
import { BlockLog, blockDatabaseName, type IdbFactory, type IdbKeyRangeFactory } from './block-log';

/** Documents per snapshot row, as compaction writes them. */
const PART_SIZE = 1000;

/** RxDB's Dexie storage: one IndexedDB database per instance, `rxdb-dexie-<database>--<schema version>--<collection>`. */
const dexiePrefix = (databaseName: string) => `rxdb-dexie-${databaseName}--`;

export interface DexieMigration {
  /** Fields RxDB's Dexie storage stored as '1'/'0' for a collection: `_deleted` and its indexed booleans. */
  readonly booleanIndexesOf: (collectionName: string) => readonly string[];
}

interface Factories {
  readonly indexedDB: IdbFactory;
  readonly IDBKeyRange: IdbKeyRangeFactory;
}

/**
 * Copies `databaseName`'s Dexie replica, if there is one, into the block storage; answers how many
 * instances moved. The block storage runs it while it holds the database's lock, before reading it.
 */
export async function migrateDexieReplica(settings: Factories, databaseName: string, options: DexieMigration): Promise<number> {
  const factory = settings.indexedDB;
  if (typeof factory.databases !== 'function') return 0;
  const prefix = dexiePrefix(databaseName);
  const legacy = (await factory.databases()).map((info) => info.name).filter((name): name is string => name?.startsWith(prefix) === true);
  if (legacy.length === 0) return 0;

  const log = await BlockLog.open(factory, settings.IDBKeyRange, blockDatabaseName(databaseName));
  try {
    for (const name of legacy) {
      const instance = name.slice(prefix.length);
      const separator = instance.indexOf('--');
      const version = instance.slice(0, separator);
      const collection = instance.slice(separator + 2);
      const rows = await readDexieDocuments(settings, name);
      const booleans = [...options.booleanIndexesOf(collection)];
      const documents = rows.map((row) => fromDexieToStorage(booleans, row) as unknown);
      await log.compact(`${collection}--${version}`, 0, documents, PART_SIZE);
    }
  } finally {
    log.close();
  }
  for (const name of legacy) await BlockLog.deleteDatabase(factory, name);
  return legacy.length;
}

/** Every row of a Dexie storage database's documents table, as stored (Dexie opens it without knowing its schema). */
async function readDexieDocuments(settings: Factories, name: string): Promise<Record<string, unknown>[]> {
  const dexie = new Dexie(name, { indexedDB: settings.indexedDB, IDBKeyRange: settings.IDBKeyRange } as unknown as ConstructorParameters<typeof Dexie>[1]);
  try {
    await dexie.open();
    const table = dexie.tables.find((candidate) => candidate.name === DEXIE_DOCS_TABLE_NAME);
    return table === undefined ? [] : ((await table.toArray()) as Record<string, unknown>[]);
  } finally {
    dexie.close();
  }
}
