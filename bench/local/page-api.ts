/**
 * The local benchmark page's API (browser/local-page.ts implements it on `globalThis.atendeLocalBench`,
 * queue.ts calls it through bench/lib/page-api.ts). Types only plus the global's name: this file is
 * checked with the page (DOM) and with the Node side.
 */
import type { BuiltInViewId, MangoSelector, MangoSort } from '../../src/shared/domain/queue-views';
import type { Role } from '../../src/shared/domain/roles';
import type { Tier } from '../../src/shared/domain/ticket';
import type { SearchOptions } from '../../src/shared/search/search-index';
import type { SyncCollectionName } from '../../src/shared/sync/collections';

export const LOCAL_PAGE_GLOBAL = 'atendeLocalBench';

/** Who is signed in and when: the page adds the settings' SLA bounds to make the queue's context. */
export interface ContextInput {
  readonly userId: string;
  readonly tier: Tier;
  readonly now: number;
}

export interface Spread {
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

export interface MeasureOptions {
  readonly samples: number;
  readonly minSamples: number;
  readonly warmup: number;
  readonly limit: number;
  readonly budgetMs: number;
  /** Ours alone (for a profile): the raw query's time would hide ours. */
  readonly skipRaw?: boolean;
}

export interface ViewResult {
  readonly samples: number;
  /** The first read of the view in this page (cold: nothing cached, memory indexes not built yet when it is the first SLA view); null when no round ran. */
  readonly firstMs: number | null;
  readonly ours: Spread;
  readonly raw: Spread;
  readonly rows: number;
  readonly rawRows: number;
  readonly sameRows: boolean;
  /** Where the two queries' rows first differ (an id is missing where one list is shorter). */
  readonly firstDifference: { readonly at: number; readonly ours: string | undefined; readonly raw: string | undefined } | null;
}

/** The plan a view runs: each segment's selector and sort, and whether rows are checked after. */
export interface ViewDescription {
  readonly slaCheck: boolean;
  readonly segments: readonly { readonly selector: MangoSelector; readonly sort: MangoSort }[];
}

export interface LocalPageApi {
  open(input: { serverUrl: string; userId: string; role: Role }): Promise<{ openMs: number; collections: string[] }>;
  /** Reads every ticket and customer once, for the plain scan; answers the tickets' index names. */
  openRaw(): Promise<string[]>;
  /** Lets go of what `openRaw` read (before the heap is measured: the app holds no such copy). */
  closeRaw(): void;
  /** Writes documents through RxDB (one bulkInsert); answers the time it took. */
  insert(collection: SyncCollectionName, documents: readonly unknown[]): Promise<number>;
  counts(collections: readonly SyncCollectionName[]): Promise<Record<string, number>>;
  describeView(viewId: BuiltInViewId, context: ContextInput): ViewDescription | null;
  measureView(viewId: BuiltInViewId, context: ContextInput, options: MeasureOptions): Promise<ViewResult>;
  viewSizes(viewIds: readonly BuiltInViewId[], context: ContextInput): Promise<Record<string, number>>;
  startSearch(probe: string, timeoutMs: number): Promise<number>;
  typeahead(queries: readonly string[], options: SearchOptions): Promise<number[]>;
}
