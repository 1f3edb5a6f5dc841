/**
 * An RxDB storage that holds each collection in memory and persists it to IndexedDB in blocks: every
 * bulk write is one IndexedDB row, committed before the write resolves, and the log is compacted into
 * a snapshot now and then (block-log.ts). A first sync writes a page of 200 documents as one row instead
 * of 400 (document + replication meta), which is what bounds a cold bootstrap on IndexedDB
 * (docs/benchmarks.md, "what bounds the bootstrap's writes").
 *
 * Reads and queries are RxDB's memory storage's own (this instance extends it); writes apply to its
 * state with sorted-index.ts instead of its merges, which copy whole indexes per write.
 *
 * Guarantees:
 * - a write resolves only once its block is committed: no acknowledged write is lost to a crash. Its
 *   change events go out at once, with the memory state they describe (as RxDB's memory storage does),
 *   so readers never see a state and its events apart; a crash before the commit loses only writes
 *   nobody was told had been stored (a pushed one comes back with the next pull);
 * - once a block fails to commit, every later write of that collection fails with the same error (the
 *   memory state is ahead of the disk from then on) until the database is reopened;
 * - one page per database: each holds its own memory state, so the storage refuses `multiInstance`,
 *   and with `locks` a second page opening the database fails with `DatabaseInUseError`.
 */
import {
  categorizeBulkWriteRows,
  ensureRxStorageInstanceParamsAreCorrect,
  getPrimaryFieldOfPrimaryKey,
  randomToken,
  RXDB_VERSION,
  type BulkWriteRow,
  type RxDocumentData,
  type RxStorage,
  type RxStorageBulkWriteResponse,
  type RxStorageInstanceCreationParams,
} from 'rxdb';
import {
  addIndexesToInternalsState,
  ensureNotRemoved,
  getMemoryCollectionKey,
  RxStorageInstanceMemory,
  type DocWithIndexString,
  type MemoryStorageInternals,
  type RxStorageMemory,
} from 'rxdb/plugins/storage-memory';
import { Subject } from 'rxjs';
import { BlockLog, blockDatabaseName, type IdbFactory, type IdbKeyRangeFactory } from './block-log';
import { migrateDexieReplica, type DexieMigration } from './dexie-migration';
import { lockDatabase, type LockManagerLike } from './database-lock';
import { applyIndexChange, byIndexString } from './sorted-index';

export const BLOCK_STORAGE_NAME = 'atende-blocks';

export interface BlockStorageSettings {
  readonly indexedDB: IdbFactory;
  readonly IDBKeyRange: IdbKeyRangeFactory;
  /**
   * When a collection's log is compacted: once it has this many blocks (it is read whole at open),
   * or a quarter of them and as many replaced copies of documents as half the documents it holds.
   * A first sync (inserts only) is not compacted before 4096 pages. Default 4096.
   */
  readonly compactAfterRows?: number;
  /** Documents per row of a compacted snapshot. Default 1000. */
  readonly snapshotPartSize?: number;
  /** Web Locks, to keep each database to one page (database-lock.ts); without, nothing is locked. */
  readonly locks?: LockManagerLike;
  /** Move a database's replica from RxDB's Dexie storage on first open (dexie-migration.ts). */
  readonly migrateDexie?: DexieMigration;
}

type Doc = RxDocumentData<Record<string, unknown>>;
type Internals = MemoryStorageInternals<Record<string, unknown>>;

/** What a collection's persistence needs besides RxDB's memory state. */
interface BlockState {
  readonly logKey: string;
  readonly database: DatabaseLog;
  nextSeq: number;
  rowsSinceCompaction: number;
  /** Copies of documents the log holds (a document written twice counts twice). */
  storedDocs: number;
  compacting: boolean;
  /** Commits not yet confirmed (awaited by close and remove). */
  readonly pending: Set<Promise<unknown>>;
  failure?: unknown;
}

interface DatabaseLog {
  readonly name: string;
  readonly log: BlockLog;
  readonly unlock: () => void;
  refCount: number;
}

type BlockInternals = Internals & { block: BlockState };

const asError = (reason: unknown): Error => (reason instanceof Error ? reason : new Error(String(reason)));

export interface BlockStorage extends RxStorage<Internals, Record<string, never>> {
  readonly name: typeof BLOCK_STORAGE_NAME;
  readonly settings: BlockStorageSettings;
}

export function isBlockStorage(storage: RxStorage<unknown, unknown>): storage is BlockStorage & RxStorage<unknown, unknown> {
  return storage.name === BLOCK_STORAGE_NAME && 'settings' in storage;
}

export function getRxStorageBlocks(settings: BlockStorageSettings): BlockStorage {
  const collectionStates = new Map<string, BlockInternals>();
  const opening = new Map<string, Promise<BlockInternals>>();
  const databases = new Map<string, Promise<DatabaseLog>>();
  const compactAfterRows = settings.compactAfterRows ?? 4096;
  const snapshotPartSize = settings.snapshotPartSize ?? 1000;

  const memoryShape = { name: 'memory', rxdbVersion: RXDB_VERSION, collectionStates } as unknown as RxStorageMemory;

  async function openDatabaseLog(databaseName: string, name: string): Promise<DatabaseLog> {
    const unlock = settings.locks === undefined ? () => undefined : await lockDatabase(settings.locks, databaseName);
    try {
      if (settings.migrateDexie !== undefined) await migrateDexieReplica(settings, databaseName, settings.migrateDexie);
      return { name, log: await BlockLog.open(settings.indexedDB, settings.IDBKeyRange, name), unlock, refCount: 0 };
    } catch (error) {
      unlock();
      throw error;
    }
  }

  async function acquireDatabase(databaseName: string): Promise<DatabaseLog> {
    let database = databases.get(databaseName);
    if (database === undefined) {
      const name = blockDatabaseName(databaseName);
      database = openDatabaseLog(databaseName, name);
      databases.set(databaseName, database);
      database.catch(() => databases.delete(databaseName));
    }
    const opened = await database;
    opened.refCount++;
    return opened;
  }

  function releaseDatabase(databaseName: string, database: DatabaseLog): void {
    database.refCount--;
    if (database.refCount > 0) return;
    databases.delete(databaseName);
    database.log.close();
    database.unlock();
  }

  async function loadCollection(params: RxStorageInstanceCreationParams<unknown, unknown>): Promise<BlockInternals> {
    const schema = params.schema as BlockInternals['schema'];
    const primaryPath = getPrimaryFieldOfPrimaryKey(schema.primaryKey);
    const database = await acquireDatabase(params.databaseName);
    const logKey = `${params.collectionName}--${schema.version}`;
    try {
      const loaded = await database.log.load<Doc>(logKey);
      const documents = new Map<string, Doc>();
      for (const row of loaded.rows) {
        for (const doc of row.docs) documents.set(doc[primaryPath] as string, doc);
        for (const id of row.purged ?? []) documents.delete(id);
      }
      const internals = {
        id: randomToken(5),
        schema,
        removed: false,
        refCount: 0,
        documents,
        attachments: new Map(),
        byIndex: {},
        byIndexArray: [],
        changes$: new Subject(),
        block: {
          logKey,
          database,
          nextSeq: loaded.lastSeq + 1,
          rowsSinceCompaction: loaded.rows.length,
          storedDocs: loaded.rows.reduce((total, row) => total + row.docs.length, 0),
          compacting: false,
          pending: new Set(),
        },
      } as unknown as BlockInternals;
      addIndexesToInternalsState(internals, schema);
      for (const byIndex of internals.byIndexArray) {
        const entries: DocWithIndexString<Record<string, unknown>>[] = [];
        for (const [id, doc] of documents) entries.push([byIndex.getIndexableString(doc), doc, id]);
        byIndex.docsWithIndex = entries.sort(byIndexString);
      }
      return internals;
    } catch (error) {
      releaseDatabase(params.databaseName, database);
      throw error;
    }
  }

  const storage: BlockStorage = {
    name: BLOCK_STORAGE_NAME,
    rxdbVersion: RXDB_VERSION,
    settings,
    async createStorageInstance(params) {
      ensureRxStorageInstanceParamsAreCorrect(params);
      if (params.multiInstance) {
        throw new Error('The block storage keeps each database in one JavaScript context: open it with multiInstance: false');
      }
      if (params.schema.attachments) throw new Error('The block storage does not store attachments');
      const key = getMemoryCollectionKey(params.databaseName, params.collectionName, params.schema.version);
      let internals = collectionStates.get(key);
      if (internals === undefined) {
        let loading = opening.get(key);
        if (loading === undefined) {
          loading = loadCollection(params as RxStorageInstanceCreationParams<unknown, unknown>);
          opening.set(key, loading);
        }
        try {
          internals = await loading;
        } finally {
          opening.delete(key);
        }
        collectionStates.set(key, internals);
      }
      internals.refCount++;
      const instance = new BlockStorageInstance(memoryShape, params.databaseName, params.collectionName, params.schema as never, internals, {}, {}, params.devMode);
      instance.configure({
        compactAfterRows,
        snapshotPartSize,
        release: () => {
          releaseDatabase(params.databaseName, internals.block.database);
        },
      });
      return instance as never;
    },
  };
  return storage;
}

interface InstanceConfig {
  readonly compactAfterRows: number;
  readonly snapshotPartSize: number;
  /** Called once when the last instance of a collection closes. */
  readonly release: () => void;
}

class BlockStorageInstance extends RxStorageInstanceMemory<Record<string, unknown>> {
  private config!: InstanceConfig;

  configure(config: InstanceConfig): void {
    this.config = config;
  }

  private get block(): BlockState {
    return (this.internals as BlockInternals).block;
  }

  override bulkWrite(
    documentWrites: BulkWriteRow<Record<string, unknown>>[],
    context: string,
  ): Promise<RxStorageBulkWriteResponse<Record<string, unknown>>> {
    ensureNotRemoved(this);
    const block = this.block;
    if (block.failure !== undefined) return Promise.reject(asError(block.failure));
    const categorized = categorizeBulkWriteRows(this, this.primaryPath as never, this.internals.documents, documentWrites, context);
    this.categorizedByWriteInput.set(documentWrites, categorized);
    const written = this.applyToState(categorized.bulkInsertDocs, categorized.bulkUpdateDocs);
    if (written.length === 0) return Promise.resolve({ error: categorized.errors });

    const committed = this.track(block.database.log.append(block.logKey, block.nextSeq++, { docs: written }));
    block.rowsSinceCompaction++;
    block.storedDocs += written.length;
    // Events go out with the state change, as RxDB's memory storage emits them: a query that read the
    // new state must not get the same change again as an event later (it would list a document twice).
    const newest = categorized.newestRow?.document;
    if (newest !== undefined && categorized.eventBulk.events.length > 0) {
      categorized.eventBulk.checkpoint = { id: newest[this.primaryPath], lwt: newest._meta.lwt };
      this.internals.changes$.next(categorized.eventBulk);
    }
    return committed.then(
      () => {
        this.compactIfDue();
        return { error: categorized.errors };
      },
      (error: unknown) => {
        block.failure ??= error;
        throw error;
      },
    );
  }

  /** Puts the written documents into the documents map and every index; returns them. */
  private applyToState(
    inserts: readonly { document: Doc }[],
    updates: readonly { document: Doc }[],
  ): Doc[] {
    const primaryPath = this.primaryPath;
    const documents = this.internals.documents;
    const previous = updates.map((row) => documents.get(row.document[primaryPath] as string));
    const written: Doc[] = [];
    for (const row of inserts) {
      documents.set(row.document[primaryPath] as string, row.document);
      written.push(row.document);
    }
    for (const row of updates) {
      documents.set(row.document[primaryPath] as string, row.document);
      written.push(row.document);
    }
    for (const byIndex of this.internals.byIndexArray) {
      const key = byIndex.getIndexableString;
      const added: DocWithIndexString<Record<string, unknown>>[] = [];
      const removed: string[] = [];
      const replaced: DocWithIndexString<Record<string, unknown>>[] = [];
      for (const row of inserts) added.push([key(row.document), row.document, row.document[primaryPath] as string]);
      updates.forEach((row, i) => {
        const before = previous[i];
        const entry: DocWithIndexString<Record<string, unknown>> = [key(row.document), row.document, row.document[primaryPath] as string];
        if (before === undefined) {
          added.push(entry);
          return;
        }
        const beforeKey = key(before);
        if (beforeKey === entry[0]) {
          replaced.push(entry);
        } else {
          removed.push(beforeKey);
          added.push(entry);
        }
      });
      applyIndexChange(byIndex.docsWithIndex, { removed, added, replaced });
    }
    return written;
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    const pending = this.block.pending;
    pending.add(promise);
    const settle = () => pending.delete(promise);
    promise.then(settle, settle);
    return promise;
  }

  private async settled(): Promise<void> {
    await Promise.allSettled([...this.block.pending]);
  }

  /** Rewrites the log as one snapshot once it has grown long (never while a block failed). */
  private compactIfDue(): void {
    const block = this.block;
    if (block.compacting || block.failure !== undefined) return;
    const rows = block.rowsSinceCompaction;
    const limit = this.config.compactAfterRows;
    const replaced = block.storedDocs - this.internals.documents.size;
    if (rows < limit && (rows < limit / 4 || replaced < this.internals.documents.size / 2)) return;
    block.compacting = true;
    // Memory holds exactly what every block created so far wrote: the snapshot replaces them all.
    const upToSeq = block.nextSeq - 1;
    const snapshot = [...this.internals.documents.values()];
    block.rowsSinceCompaction = 0;
    block.storedDocs = snapshot.length;
    this.track(block.database.log.compact(block.logKey, upToSeq, snapshot, this.config.snapshotPartSize)).then(
      () => {
        block.compacting = false;
      },
      () => {
        // The transaction rolled back: every block is still there; try again after as many more.
        block.compacting = false;
      },
    );
  }

  override async cleanup(minimumDeletedTime: number): Promise<boolean> {
    const deletedBefore: string[] = [];
    for (const [id, doc] of this.internals.documents) if (doc._deleted) deletedBefore.push(id);
    const done = await super.cleanup(minimumDeletedTime);
    const purged = deletedBefore.filter((id) => !this.internals.documents.has(id));
    if (purged.length > 0) {
      const block = this.block;
      await this.track(block.database.log.append(block.logKey, block.nextSeq++, { docs: [], purged }));
      block.rowsSinceCompaction++;
    }
    return done;
  }

  override async remove(): Promise<void> {
    await this.settled();
    const block = this.block;
    await block.database.log.removeCollection(block.logKey);
    await super.remove();
  }

  override async close(): Promise<void> {
    if (this.closed) return;
    await this.settled();
    await super.close();
    if (this.internals.refCount === 0) {
      // The next open reads the collection from IndexedDB again, like any disk-backed storage.
      this.storage.collectionStates.delete(getMemoryCollectionKey(this.databaseName, this.collectionName, this.schema.version));
      this.config.release();
    }
  }
}
