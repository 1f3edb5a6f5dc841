/**
 * One bulk write applied to a sorted index of RxDB's memory storage layout: `[indexString, document,
 * id]` entries in index-string order (unique: RxDB ends every index with the primary key).
 *
 * RxDB's memory storage merges a bulk insert by comparing every entry of the index with the new ones,
 * and moves an updated document's entry with one `splice` per index: a first sync of 100k tickets in
 * pages of 200 spent most of its time there (docs/benchmarks.md). Here a write costs a binary search per
 * changed entry plus one block move (`copyWithin`) of the entries after the first change: no string is
 * compared for the entries that only shift, and nothing is allocated beyond the new entries.
 */
import type { DocWithIndexString } from 'rxdb/plugins/storage-memory';

/** An index entry of any document type: the functions only move entries and read their keys. */
type Entry = DocWithIndexString<unknown>;

/** The key at `position`, which the caller knows is within bounds. */
const keyAt = (entries: readonly Entry[], position: number): string => (entries[position] as Entry)[0];

/** Index-string order (the order RxDB's memory storage keeps its indexes in). */
export const byIndexString = (a: Entry, b: Entry): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** Position of `key` in `entries`, or -1. */
export function positionOf(entries: readonly Entry[], key: string): number {
  let low = 0;
  let high = entries.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const found = keyAt(entries, middle);
    if (found === key) return middle;
    if (found < key) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/** First position in `entries[0..end)` whose key is greater than `key`. */
function upperBound(entries: readonly Entry[], key: string, end: number): number {
  // Galloping from the end: the additions arrive largest first, and indexes led by a write time
  // (RxDB's `_meta.lwt` index, `updatedAt` orders) mostly grow at the end.
  let high = end;
  let step = 1;
  while (high > 0 && keyAt(entries, high - 1) > key) {
    const next = Math.max(0, high - step);
    if (keyAt(entries, next) <= key) {
      // entries[next] <= key < entries[high - 1]: the answer is in (next, high - 1].
      let low = next + 1;
      let top = high - 1;
      while (low < top) {
        const middle = (low + top) >>> 1;
        if (keyAt(entries, middle) > key) top = middle;
        else low = middle + 1;
      }
      return low;
    }
    high = next;
    step *= 2;
  }
  return high;
}

/** Removes the entries with these keys (keys not in the index are ignored). */
function removeKeys(entries: Entry[], keys: readonly string[]): void {
  const positions: number[] = [];
  for (const key of keys) {
    const position = positionOf(entries, key);
    if (position !== -1) positions.push(position);
  }
  if (positions.length === 0) return;
  positions.sort((a, b) => a - b);
  let write = positions[0] as number;
  for (let k = 0; k < positions.length; k++) {
    const start = (positions[k] as number) + 1;
    const end = k + 1 < positions.length ? (positions[k + 1] as number) : entries.length;
    entries.copyWithin(write, start, end);
    write += end - start;
  }
  entries.length = write;
}

/** Inserts entries whose keys are not in the index yet, keeping the order. */
function insertEntries<E extends Entry>(entries: E[], additions: E[]): void {
  if (additions.length === 0) return;
  additions.sort(byIndexString);
  let remaining = entries.length; // entries[0..remaining) are the old ones not yet moved
  // Grow with real entries (not holes) so the array keeps V8's packed representation.
  for (let k = 0; k < additions.length; k++) entries.push(additions[0] as E);
  for (let k = additions.length - 1; k >= 0; k--) {
    const addition = additions[k] as E;
    const at = upperBound(entries, addition[0], remaining);
    // Old entries after `at` move up by the additions still to place before them (k) plus this one.
    entries.copyWithin(at + k + 1, at, remaining);
    entries[at + k] = addition;
    remaining = at;
  }
}

export interface IndexChange<E extends Entry> {
  /** Keys of entries to take out: documents whose key in this index changed. */
  readonly removed: readonly string[];
  /** Entries to put in: new documents and the moved ones. */
  readonly added: E[];
  /** Entries whose key stayed: only the document they point to changes. */
  readonly replaced: readonly E[];
}

/** Applies `change` to `entries` in place. */
export function applyIndexChange<E extends Entry>(entries: E[], change: IndexChange<E>): void {
  for (const entry of change.replaced) {
    const position = positionOf(entries, entry[0]);
    if (position === -1) throw new Error(`Index entry ${entry[0]} is missing`);
    entries[position] = entry;
  }
  removeKeys(entries, change.removed);
  insertEntries(entries, change.added);
}
