/**
 * The IndexedDB side of the block storage: per collection, a log of blocks, each one bulk write's
 * documents in one row (IndexedDB's cost is per row, not per byte: docs/benchmarks.md), compacted now
 * and then into a snapshot of the collection's current documents.
 *
 * Rows are keyed `[collection, seq, part, documents in the row]`. A write appends `[c, seq, 0, n]`. A
 * compaction, in one transaction, deletes every row of `c` up to `seq` and puts the snapshot as
 * `[c, seq, 1..k, n]`, so loading rows in key order and letting later rows win always gives the
 * collection as it was last written, whether or not a compaction ran or was cut off. The count in the
 * key lets tools size a log from its keys alone.
 *
 * Raw IndexedDB rather than Dexie on purpose: the log relies on IndexedDB running read-write
 * transactions on one store in the order they were created, and each method creates its transaction
 * synchronously, when called.
 */

export interface BlockRow<D> {
  /** Documents written (a later row's copy of a document replaces an earlier one). */
  readonly docs: readonly D[];
  /** Ids of documents purged from the collection (RxDB's cleanup of old deletions). */
  readonly purged?: readonly string[];
}

export interface LoadedCollection<D> {
  readonly rows: readonly BlockRow<D>[];
  /** The highest `seq` stored, -1 for none. */
  readonly lastSeq: number;
}

/*
 * The parts of IndexedDB the log uses, declared here because the renderer's unit tests compile without
 * the DOM library; the browser's `indexedDB` and `IDBKeyRange` (and fake-indexeddb's) fit them.
 */
type Handler = ((event: never) => unknown) | null;
interface IdbRequest<T> {
  readonly result: T;
  readonly error: unknown;
  onsuccess: Handler;
  onerror: Handler;
}
interface IdbOpenRequest extends IdbRequest<IdbDatabase> {
  onupgradeneeded: Handler;
}
interface IdbStore {
  getAll(range: unknown): IdbRequest<unknown[]>;
  getAllKeys(range: unknown): IdbRequest<unknown[]>;
  put(value: unknown, key: unknown): unknown;
  delete(range: unknown): unknown;
}
interface IdbTransaction {
  readonly error: unknown;
  oncomplete: Handler;
  onerror: Handler;
  onabort: Handler;
  objectStore(name: string): IdbStore;
}
interface IdbDatabase {
  transaction(store: string, mode: 'readonly' | 'readwrite'): IdbTransaction;
  createObjectStore(name: string): unknown;
  close(): void;
}
export interface IdbFactory {
  open(name: string, version: number): IdbOpenRequest;
  deleteDatabase(name: string): IdbRequest<unknown> & { onblocked: Handler };
  databases?(): Promise<readonly { readonly name?: string }[]>;
}
export interface IdbKeyRangeFactory {
  bound(lower: unknown, upper: unknown): unknown;
}

const STORE = 'blocks';

/** The IndexedDB database holding a replica's blocks. */
export function blockDatabaseName(databaseName: string): string {
  return `${databaseName}--blocks`;
}
type Key = [collection: string, seq: number, part: number, documents: number];

function request<T>(req: IdbRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => {
      resolve(req.result);
    };
    req.onerror = () => {
      reject(req.error instanceof Error ? req.error : new Error('IndexedDB request failed'));
    };
  });
}

function completion(transaction: IdbTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => {
      resolve();
    };
    const fail = (what: string) => () => {
      reject(transaction.error instanceof Error ? transaction.error : new Error(`IndexedDB transaction ${what}`));
    };
    transaction.onerror = fail('failed');
    transaction.onabort = fail('aborted');
  });
}

export class BlockLog {
  private constructor(
    private readonly db: IdbDatabase,
    private readonly keyRange: IdbKeyRangeFactory,
  ) {}

  static async open(factory: IdbFactory, keyRange: IdbKeyRangeFactory, name: string): Promise<BlockLog> {
    const opening = factory.open(name, 1);
    opening.onupgradeneeded = () => {
      opening.result.createObjectStore(STORE);
    };
    const db = await request(opening);
    return new BlockLog(db, keyRange);
  }

  /**
   * Deletes an IndexedDB database. Resolves at once when another connection blocks it (IndexedDB then
   * deletes it once that one closes) rather than waiting on a page that may never close it.
   */
  static deleteDatabase(factory: IdbFactory, name: string): Promise<void> {
    const deleting = factory.deleteDatabase(name);
    const deleted = request(deleting).then(() => undefined);
    return new Promise((resolve, reject) => {
      deleting.onblocked = () => {
        resolve();
      };
      deleted.then(resolve, reject);
    });
  }

  private range(collection: string, upToSeq = Infinity): unknown {
    return this.keyRange.bound([collection, -Infinity], [collection, upToSeq, Infinity]);
  }

  async load<D>(collection: string): Promise<LoadedCollection<D>> {
    const transaction = this.db.transaction(STORE, 'readonly');
    const store = transaction.objectStore(STORE);
    const range = this.range(collection);
    const [rows, keys] = await Promise.all([
      request(store.getAll(range)) as Promise<BlockRow<D>[]>,
      request(store.getAllKeys(range)) as Promise<Key[]>,
    ]);
    const lastKey = keys.at(-1);
    return { rows, lastSeq: lastKey === undefined ? -1 : lastKey[1] };
  }

  /** Stores one block; resolves once it is committed. */
  append(collection: string, seq: number, row: BlockRow<unknown>): Promise<void> {
    const transaction = this.db.transaction(STORE, 'readwrite');
    transaction.objectStore(STORE).put(row, [collection, seq, 0, row.docs.length] satisfies Key);
    return completion(transaction);
  }

  /** Replaces every row of `collection` up to `seq` with `docs`, in parts of `partSize`, atomically. */
  compact(collection: string, seq: number, docs: readonly unknown[], partSize: number): Promise<void> {
    const transaction = this.db.transaction(STORE, 'readwrite');
    const store = transaction.objectStore(STORE);
    store.delete(this.range(collection, seq));
    for (let start = 0, part = 1; start < docs.length; start += partSize, part++) {
      const partDocs = docs.slice(start, start + partSize);
      store.put({ docs: partDocs } satisfies BlockRow<unknown>, [collection, seq, part, partDocs.length] satisfies Key);
    }
    return completion(transaction);
  }

  removeCollection(collection: string): Promise<void> {
    const transaction = this.db.transaction(STORE, 'readwrite');
    transaction.objectStore(STORE).delete(this.range(collection));
    return completion(transaction);
  }

  close(): void {
    this.db.close();
  }
}
