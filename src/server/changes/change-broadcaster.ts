/**
 * Turns change notices into batches of documents for live clients. Per collection it remembers
 * the last sequence it broadcast and, when notified, reads everything after it in sequence order
 * (see db/change-lock.ts for why that never skips). Notices arriving within one short tick are
 * merged, so a burst of writes becomes one read and one message per collection.
 */
import { SYNC_COLLECTIONS, type SyncCollectionName } from '../../shared/sync/collections';
import type { SyncCheckpoint, WireDocument } from '../../shared/sync/protocol';
import { latestSeq, readDocumentsAfter, toWireDocument, type Db } from '../documents/document-store';
import type { Logger } from '../logger';
import type { ChangeFeed, ChangeNotice } from './change-feed';

export interface ChangeBatch {
  readonly collection: SyncCollectionName;
  readonly documents: readonly WireDocument[];
  readonly checkpoint: SyncCheckpoint;
}

export interface ChangeSink {
  /** Whether anyone currently wants changes of `collection` (skips the read when not). */
  wants(collection: SyncCollectionName): boolean;
  deliver(batch: ChangeBatch): void;
}

export interface BroadcasterOptions {
  readonly batchDelayMs?: number;
  readonly pageSize?: number;
  readonly retryDelayMs?: number;
}

export class ChangeBroadcaster {
  private readonly lastSeq = new Map<SyncCollectionName, number>();
  private readonly dirty = new Set<SyncCollectionName>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private unsubscribe: (() => void) | undefined;
  private started = false;
  private stopped = false;
  private readonly batchDelayMs: number;
  private readonly pageSize: number;
  private readonly retryDelayMs: number;

  constructor(
    private readonly db: Db,
    private readonly feed: ChangeFeed,
    private readonly sink: ChangeSink,
    private readonly logger: Logger,
    options: BroadcasterOptions = {},
  ) {
    this.batchDelayMs = options.batchDelayMs ?? 10;
    this.pageSize = options.pageSize ?? 500;
    this.retryDelayMs = options.retryDelayMs ?? 1000;
  }

  async start(): Promise<void> {
    // Subscribe before reading the starting point: a change in between is then both read and
    // announced, never neither. Notices are only acted on once the starting point is known.
    this.unsubscribe = this.feed.subscribe((notice) => {
      this.onNotice(notice);
    });
    for (const collection of SYNC_COLLECTIONS) this.lastSeq.set(collection, await latestSeq(this.db, collection));
    this.started = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing;
  }

  private onNotice(notice: ChangeNotice): void {
    if (notice.seq <= (this.lastSeq.get(notice.collection) ?? 0)) return;
    this.dirty.add(notice.collection);
    this.schedule(this.batchDelayMs);
  }

  private schedule(delayMs: number): void {
    if (!this.started || this.stopped || this.dirty.size === 0 || this.timer !== undefined || this.flushing !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flush().finally(() => {
        this.flushing = undefined;
        this.schedule(this.batchDelayMs);
      });
    }, delayMs);
  }

  private async flush(): Promise<void> {
    const collections = [...this.dirty];
    this.dirty.clear();
    for (const collection of collections) {
      try {
        await this.flushCollection(collection);
      } catch (error) {
        // Keep it dirty and try again a little later (e.g. the database is restarting).
        this.logger.error({ err: error, collection }, 'change broadcast failed');
        this.dirty.add(collection);
        await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs));
      }
    }
  }

  private async flushCollection(collection: SyncCollectionName): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      if (!this.sink.wants(collection)) {
        this.lastSeq.set(collection, await latestSeq(this.db, collection));
        return;
      }
      const after = this.lastSeq.get(collection) ?? 0;
      const documents = await readDocumentsAfter(this.db, collection, after, this.pageSize);
      const last = documents.at(-1);
      if (last === undefined) return;
      this.lastSeq.set(collection, last.seq);
      this.sink.deliver({ collection, documents: documents.map(toWireDocument), checkpoint: { seq: last.seq } });
      if (documents.length < this.pageSize) return;
    }
  }
}
