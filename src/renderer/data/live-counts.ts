/**
 * Counts that stay current without reading again.
 *
 * RxDB's Dexie storage counts a selector no index satisfies by reading every document in range (the
 * queue's views all exclude merged tickets, an optional field: every view count reads all its tickets).
 * The queue recounts each view whenever tickets change, so at 100k tickets a sync in progress kept the
 * renderer reading hundreds of thousands of documents a minute. Here the first count of a selector
 * keeps the ids of its matches; after that the storage's change stream (other tabs' writes included)
 * adds and removes ids as documents change, and a count is the size of that set. Applying a document's
 * state is idempotent (a set), so a change seen twice or after the read that already saw it is harmless.
 */
import type { Observable, Subscription } from 'rxjs';
import type { RxDocumentData } from 'rxdb';

type Doc = RxDocumentData<Record<string, unknown>>;

interface ChangeBulk {
  readonly events: readonly { readonly documentId: string; readonly documentData: Doc }[];
}

interface LiveCount {
  readonly ids: Set<string>;
  readonly matches: (document: Doc) => boolean;
}

/** Selectors kept at most (least recently counted dropped first): the views, saved views and a few more. */
const DEFAULT_CAPACITY = 32;

export class LiveCounts {
  private readonly counts = new Map<string, LiveCount>();
  private readonly pending = new Map<string, Promise<LiveCount>>();
  /** Documents changed while a first count reads: their latest state wins over what the read saw. */
  private readonly reading = new Set<Map<string, Doc>>();
  private readonly subscription: Subscription;

  constructor(
    changes: Observable<ChangeBulk>,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {
    this.subscription = changes.subscribe((bulk) => {
      for (const touched of this.reading) for (const event of bulk.events) touched.set(event.documentId, event.documentData);
      for (const count of this.counts.values()) for (const event of bulk.events) apply(count, event.documentId, event.documentData);
    });
  }

  /**
   * How many documents match: from the kept set when this selector (`key`) was counted before, else
   * from `readMatches` (every matching document, read once; given the matcher, for a reader that
   * filters itself) and kept from then on, followed with `matcher()` (made only then).
   */
  async count(
    key: string,
    matcher: () => (document: Doc) => boolean,
    idOf: (document: Doc) => string,
    readMatches: (matches: (document: Doc) => boolean) => Promise<readonly Doc[]>,
  ): Promise<number> {
    const kept = this.counts.get(key);
    if (kept !== undefined) {
      // Most recently used last.
      this.counts.delete(key);
      this.counts.set(key, kept);
      return kept.ids.size;
    }
    let first = this.pending.get(key);
    if (first === undefined) {
      first = this.firstCount(key, matcher(), idOf, readMatches).finally(() => this.pending.delete(key));
      this.pending.set(key, first);
    }
    return (await first).ids.size;
  }

  close(): void {
    this.subscription.unsubscribe();
    this.counts.clear();
  }

  private async firstCount(
    key: string,
    matches: (document: Doc) => boolean,
    idOf: (document: Doc) => string,
    readMatches: (matches: (document: Doc) => boolean) => Promise<readonly Doc[]>,
  ): Promise<LiveCount> {
    const touched = new Map<string, Doc>();
    this.reading.add(touched);
    let count: LiveCount;
    try {
      const documents = await readMatches(matches);
      count = { ids: new Set(documents.map(idOf)), matches };
    } finally {
      this.reading.delete(touched);
    }
    for (const [id, document] of touched) apply(count, id, document);
    this.counts.set(key, count);
    while (this.counts.size > this.capacity) {
      const oldest = this.counts.keys().next().value;
      if (oldest === undefined) break;
      this.counts.delete(oldest);
    }
    return count;
  }
}

/** A document's latest state decides (RxDB's selectors exclude deleted documents themselves, with `_deleted`). */
function apply(count: LiveCount, id: string, document: Doc): void {
  if (count.matches(document)) count.ids.add(id);
  else count.ids.delete(id);
}
