/**
 * Reads the rows of one push transaction share. The rows of a push are applied in one change
 * transaction (push-service.ts), and the SLA engine reads the same few things for each of them (the
 * SLA settings, where the breach scan stands): reading them once per transaction saves a query each
 * per row. Nothing else writes while the transaction holds the change lock, so a value can only go
 * stale through the transaction's own writes: each value names the collection it was read from and is
 * dropped when a row writes that collection, and everything is dropped when a row is rolled back.
 */
import type { SyncCollectionName } from '../../../shared/sync/collections';
import type { ChangeNotice } from '../../changes/change-feed';

interface Remembered {
  /** The collection whose writes make the value stale; undefined when no push writes its source. */
  readonly source: SyncCollectionName | undefined;
  readonly value: Promise<unknown>;
}

export class BatchReads {
  private readonly remembered = new Map<string, Remembered>();

  /** The value under `key`, loaded on first use. `source`: the collection it is read from (see above). */
  read<T>(key: string, source: SyncCollectionName | undefined, load: () => Promise<T>): Promise<T> {
    const known = this.remembered.get(key);
    if (known !== undefined) return known.value as Promise<T>;
    const value = load();
    this.remembered.set(key, { source, value });
    // A failed read is not remembered (the row's error goes its own way).
    value.catch(() => {
      if (this.remembered.get(key)?.value === value) this.remembered.delete(key);
    });
    return value;
  }

  /** After a row's writes: forgets what was read from the collections they touched. */
  written(notices: readonly ChangeNotice[]): void {
    const touched = new Set<SyncCollectionName>(notices.map((notice) => notice.collection));
    for (const [key, { source }] of this.remembered) if (source !== undefined && touched.has(source)) this.remembered.delete(key);
  }

  /** After a row was rolled back: what was read during it may have seen its writes. */
  forgetAll(): void {
    this.remembered.clear();
  }
}
