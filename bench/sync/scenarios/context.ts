/** What every scenario gets: options, the two servers' coordinates and what a full replica holds. */
import type { SyncCollectionName } from '../../../src/shared/sync/collections';
import type { Session } from '../atende';
import type { DataCollection } from '../dataset';
import type { SyncBenchOptions } from '../options';

export interface BenchContext {
  readonly options: SyncBenchOptions;
  readonly log: (line: string) => void;
  /** The renderer's pull page size, used by both sides. */
  readonly batchSize: number;
  readonly atende: {
    readonly url: string;
    readonly port: number;
    /** agent@example.com, signed in from Node (the harness and the API calls use it). */
    readonly session: Session;
    /** Collections an agent's replica holds. */
    readonly collections: readonly SyncCollectionName[];
    readonly expected: Readonly<Record<string, number>>;
    readonly total: number;
    /** Pull response bytes of an uninterrupted bootstrap with the app's page size. */
    readonly idealBytes: number;
  };
  readonly pouch?: {
    readonly url: string;
    readonly port: number;
    readonly collections: readonly DataCollection[];
    readonly expected: Readonly<Record<string, number>>;
    readonly total: number;
  };
}
