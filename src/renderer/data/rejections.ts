/**
 * Changes the server refused (HTTP 422 `validation_failed`, 403 `forbidden`, …). They are never dropped
 * silently: each refused row becomes a record with the refused document state, the state it was based
 * on, the server's reason and when it happened, persisted with the user's database (an RxDB local
 * document, which takes no collection slot and goes when the replica is wiped) so it survives a reload.
 * The sync-details panel lists them with "Retry" and "Discard".
 *
 * Plain TypeScript, no DOM: the persistence is injected (RxDB local document in the app, memory in tests).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SyncCollectionName } from '../../shared/sync/collections';
import type { AtendeDatabase } from './database';

/** Why the server refused a row: its error code, `refused` when it answered a conflict with the very state we were based on. */
export type RejectionCode = 'validation_failed' | 'forbidden' | 'bad_request' | 'refused';
export type RejectedOperation = 'insert' | 'update' | 'delete';

export interface RejectionError {
  /** JSON pointer of the offending value when the server names one. */
  readonly path?: string;
  readonly message: string;
}

export interface RejectionRecord {
  /** Unique per rejection (a document may have several). */
  readonly key: string;
  readonly collection: SyncCollectionName;
  readonly documentId: string;
  readonly operation: RejectedOperation;
  readonly code: RejectionCode;
  /** The server's message for the whole request. */
  readonly message: string;
  /** The server's reasons for this row. */
  readonly errors: readonly RejectionError[];
  /** For write-policy refusals: the denial (see src/shared/sync/write-policy.ts) and the fields it names. */
  readonly denial?: { readonly reason: string; readonly fields: readonly string[] };
  /** The refused document state (what this device tried to write). */
  readonly rejected: Readonly<Record<string, unknown>>;
  /** The server state the refused write was based on (absent for an insert). */
  readonly base?: Readonly<Record<string, unknown>>;
  /** Epoch ms. */
  readonly at: number;
  /** "Discard" of a refused insert is under way: the local deletion must not be pushed. */
  readonly discarding?: boolean;
}

export type NewRejection = Omit<RejectionRecord, 'key'>;

/** Where the records are kept between sessions. */
export interface RejectionBackend {
  load(): Promise<readonly RejectionRecord[]>;
  save(records: readonly RejectionRecord[]): Promise<void>;
  /** Hears of changes saved by someone else (another tab of the same user); returns the unsubscribe. */
  watch?(onChange: (records: readonly RejectionRecord[]) => void): () => void;
}

export interface RejectionState {
  readonly records: readonly RejectionRecord[];
  /** False until the persisted records were read. */
  readonly loaded: boolean;
}

/** Beyond this many records the oldest go (a flood of refusals must not fill the disk). */
export const MAX_REJECTIONS = 1000;

export class RejectionStore {
  readonly state: StoreApi<RejectionState>;
  private readonly backend: RejectionBackend;
  private queue: Promise<unknown>;
  private counter = 0;
  private readonly unwatch: () => void;

  constructor(backend: RejectionBackend) {
    this.backend = backend;
    this.state = createStore<RejectionState>()(() => ({ records: [], loaded: false }));
    this.queue = backend
      .load()
      .catch(() => [])
      .then((records) => {
        this.state.setState({ records: records.filter(isRejectionRecord), loaded: true });
      });
    this.unwatch =
      backend.watch?.((records) => {
        const next = records.filter(isRejectionRecord);
        if (JSON.stringify(next) !== JSON.stringify(this.records)) this.state.setState({ records: next });
      }) ?? (() => undefined);
  }

  /** Stops following changes made elsewhere. */
  close(): void {
    this.unwatch();
  }

  /** Resolves once the persisted records are loaded and every change so far is saved. */
  whenIdle(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  get records(): readonly RejectionRecord[] {
    return this.state.getState().records;
  }

  forDocument(collection: string, documentId: string): RejectionRecord[] {
    return this.records.filter((record) => record.collection === collection && record.documentId === documentId);
  }

  add(records: readonly NewRejection[]): Promise<RejectionRecord[]> {
    return this.change((current) => {
      const added = records.map((record) => ({ ...record, key: `${record.collection}/${record.documentId}/${record.at}-${++this.counter}` }));
      return { next: [...current, ...added].slice(-MAX_REJECTIONS), result: added };
    });
  }

  remove(keys: readonly string[]): Promise<void> {
    const drop = new Set(keys);
    return this.change((current) => ({ next: current.filter((record) => !drop.has(record.key)), result: undefined }));
  }

  removeWhere(predicate: (record: RejectionRecord) => boolean): Promise<void> {
    return this.change((current) => ({ next: current.filter((record) => !predicate(record)), result: undefined }));
  }

  update(key: string, patch: Partial<Pick<RejectionRecord, 'discarding'>>): Promise<void> {
    return this.change((current) => ({
      next: current.map((record) => (record.key === key ? { ...record, ...patch } : record)),
      result: undefined,
    }));
  }

  /**
   * Applies changes one after another: load first, then each change and its save in order. Each change
   * starts from what is saved now (another tab of the same user may have added records meanwhile).
   */
  private change<R>(apply: (current: readonly RejectionRecord[]) => { next: RejectionRecord[]; result: R }): Promise<R> {
    const run = this.queue.then(async () => {
      if (this.backend.watch !== undefined) {
        const saved = (await this.backend.load()).filter(isRejectionRecord);
        if (JSON.stringify(saved) !== JSON.stringify(this.records)) this.state.setState({ records: saved });
      }
      const { next, result } = apply(this.records);
      if (next.length === this.records.length && next.every((record, index) => record === this.records[index])) return result;
      this.state.setState({ records: next });
      await this.backend.save(next);
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function isRejectionRecord(value: unknown): value is RejectionRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Partial<Record<keyof RejectionRecord, unknown>>;
  return (
    typeof record.key === 'string' &&
    typeof record.collection === 'string' &&
    typeof record.documentId === 'string' &&
    typeof record.operation === 'string' &&
    typeof record.code === 'string' &&
    typeof record.at === 'number' &&
    typeof record.rejected === 'object' &&
    record.rejected !== null &&
    Array.isArray(record.errors)
  );
}

export const REJECTIONS_LOCAL_DOCUMENT = 'atende-sync-rejections';

/** Keeps the records in one RxDB local document of the user's database (no collection slot). */
export function localDocumentBackend(db: Pick<AtendeDatabase, 'getLocal' | 'getLocal$' | 'upsertLocal' | 'closed'>, id = REJECTIONS_LOCAL_DOCUMENT): RejectionBackend {
  return {
    load: async () => {
      const doc = await db.getLocal<{ records?: unknown }>(id);
      const records: unknown = doc?.toJSON().data.records;
      return Array.isArray(records) ? (records as RejectionRecord[]) : [];
    },
    save: async (records) => {
      if (db.closed) return;
      await db.upsertLocal(id, { records: structuredClone(records) });
    },
    watch: (onChange) => {
      const subscription = db.getLocal$<{ records?: unknown }>(id).subscribe((doc) => {
        const records: unknown = doc?.toJSON().data.records;
        onChange(Array.isArray(records) ? (records as RejectionRecord[]) : []);
      });
      return () => {
        subscription.unsubscribe();
      };
    },
  };
}

/** For tests and tools: records kept in memory only. */
export function memoryBackend(initial: readonly RejectionRecord[] = []): RejectionBackend & { saved: readonly RejectionRecord[] } {
  const backend = {
    saved: initial,
    load: () => Promise.resolve(backend.saved),
    save: (records: readonly RejectionRecord[]) => {
      backend.saved = records;
      return Promise.resolve();
    },
  };
  return backend;
}
