/**
 * First pages read in index order, for RxDB's Dexie storage; memory indexes for it and for the block
 * storage (block-storage/), which holds every document in memory and runs RxDB's own plan there where
 * no memory index serves a query.
 *
 * RxDB's Dexie storage (17.x) answers a query by reading an index range forwards and, unless that
 * index's order is exactly the query's sort *ascending*, reads every document in the range and sorts
 * them in memory. The queue sorts by newest activity (`updatedAt` descending), so showing 200 rows of
 * "All" read all 100k tickets, and "My tickets" every active one. For a query with a limit, this
 * wrapper reads only as far as the page needs instead:
 * - it walks an index whose order is the sort's: forwards for ascending, backwards for descending (a
 *   primary-key tie-break in the other direction is put right by reading each tie to its end);
 * - when the sort field follows fields the query lists values of in that index (`status` in
 *   [new, open, pending, on-hold] with an index [status, updatedAt]), it walks one range per value
 *   and merges them in sort order, so documents outside the list are never read;
 * - it reads in batches (`getAllRecords`, where the browser has it; a cursor otherwise) inside one read
 *   transaction, and stops once the page is full;
 * - after a read budget (matches too rare along that order) it gives up and lets RxDB run its own plan.
 * Queries bounded by fields IndexedDB cannot index (optional ones, such as the SLA due dates) take
 * their candidates from memory indexes instead (memory-index.ts) and read only those documents; a
 * page of listed groups of optional fields in a required field's order ("My tickets": mine, open,
 * newest first) walks a memory order index and reads about as many documents as it shows. Where a
 * collection's documents are kept in memory (the tickets), those reads cost no IndexedDB request, an
 * order index is preferred to an index walk fixing as many fields, and a count no index answers is
 * first counted over the kept documents (live-counts.ts keeps it from then on).
 * Every other query, and every other count, goes to RxDB unchanged. The results are RxDB's own, row for row
 * (test/unit/renderer/ordered-reads.test.ts holds them to each other).
 */
import { cmp } from 'dexie';
import {
  getQueryMatcher,
  getQueryPlan,
  getSortComparator,
  type DexieStorageInternals,
  type FilledMangoQuery,
  type MangoQuerySelector,
  type PreparedQuery,
  type RxDocumentData,
  type RxJsonSchema,
  type RxQueryPlan,
  type RxStorage,
  type RxStorageInstanceCreationParams,
  type RxStorageInstance,
} from 'rxdb';
import { DEXIE_DOCS_TABLE_NAME, dexieReplaceIfStartsWithPipe, fromDexieToStorage, getKeyRangeByQueryPlan } from 'rxdb/plugins/storage-dexie';
import type { MemoryStorageInternals } from 'rxdb/plugins/storage-memory';
import { BLOCK_STORAGE_NAME } from './block-storage/block-storage';
import { wrapDexieInstances, wrapStorageInstances } from './dexie-wrapper';
import { LiveCounts } from './live-counts';
import { candidateDocumentsOf, candidatesOf, memoryPlanFor, MemoryIndexes, orderGroupRange, orderIndexName, type Entry, type FieldIndex, type MemoryOrder, type MemoryPlan, type OrderGroup } from './memory-index';

type Doc = RxDocumentData<Record<string, unknown>>;
type Query = FilledMangoQuery<Record<string, unknown>>;
type Direction = 'next' | 'prev';
type DexieState = Awaited<DexieStorageInternals>;

/** At most this many ranges merged (the product of the listed values of the fields before the sort field). */
const MAX_STREAMS = 16;
/** Records a walk may read before it leaves the query to RxDB: `minimum`, or `perRow` times the rows wanted, whichever is more. */
export interface ReadBudget {
  readonly minimum: number;
  readonly perRow: number;
}
const READ_BUDGET: ReadBudget = { minimum: 2000, perRow: 10 };
const FIRST_BATCH_MIN = 32;
const BATCH_MAX = 1000;
/** Memory candidates read when no order can be walked: beyond this many the query goes to RxDB (reading them by id stops paying off). */
const MEMORY_CANDIDATES_MAX = 20_000;
const FETCH_BATCH = 200;
const SCAN_BATCH = 1000;

/** How to read a query's first rows in order: one or more ranges of one index, walked in one direction. */
export interface OrderedWalk {
  readonly index: readonly string[];
  readonly plans: readonly RxQueryPlan[];
  readonly direction: Direction;
  /** Position in the index key where the sort fields begin (after `_deleted` and the fields fixed per range). */
  readonly sortFrom: number;
  /** How many sort fields the index order serves (the primary key, last, excluded). */
  readonly sortLength: number;
  /** The query's primary-key tie-break runs against the walk: ties on the sort fields are re-sorted in memory. */
  readonly reorderTies: boolean;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `{ $in: [x] }` as `{ $eq: x }`: the same documents, and RxDB's planner only treats the latter as a fixed index prefix. */
function withSingleValueEquals(selector: MangoQuerySelector<Doc>): MangoQuerySelector<Doc> {
  const copy: Record<string, unknown> = { ...selector };
  for (const [field, condition] of Object.entries(copy)) {
    if (field.startsWith('$') || !isObject(condition)) continue;
    const values: unknown = condition['$in'];
    if (Object.keys(condition).length === 1 && Array.isArray(values) && values.length === 1) copy[field] = { $eq: values[0] as unknown };
  }
  return copy;
}

/** The values a query fixes a field to: one for `$eq`, the listed ones for `$in` (strings or numbers only); undefined otherwise. */
function fixedValues(selector: MangoQuerySelector<Doc>, field: string): readonly (string | number)[] | undefined {
  const condition: unknown = (selector as Record<string, unknown>)[field];
  if (!isObject(condition) || Object.keys(condition).length !== 1) return undefined;
  const values: unknown = '$eq' in condition ? [condition['$eq']] : condition['$in'];
  if (!Array.isArray(values) || values.length === 0) return undefined;
  if (!values.every((value) => typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)))) return undefined;
  return [...new Set(values as (string | number)[])];
}

function product(lists: readonly (readonly (string | number)[])[]): (string | number)[][] {
  return lists.reduce<(string | number)[][]>((tuples, values) => tuples.flatMap((tuple) => values.map((value) => [...tuple, value])), [[]]);
}

/**
 * The best ordered walk for a query, or null. An index qualifies when, after `_deleted`, it holds
 * fields the query fixes (one value or a list), then exactly the sort fields, then the primary key: each
 * combination of fixed values is then one range already in sort order. More fixed fields win (fewer
 * documents read), then fewer ranges.
 */
export function orderedWalkFor(schema: RxJsonSchema<Doc>, query: Query): OrderedWalk | null {
  const primary = schema.primaryKey;
  if (typeof primary !== 'string') return null;
  const sort = query.sort.map((part) => Object.entries(part)[0] as [string, 'asc' | 'desc']);
  const last = sort.at(-1);
  const main = last?.[0] === primary ? sort.slice(0, -1) : sort;
  const first = main[0];
  if (first === undefined || main.some(([field, direction]) => direction !== first[1] || field === primary)) return null;
  const mainFields = main.map(([field]) => field);
  const selector = withSingleValueEquals(query.selector);
  const ascending: Query = { ...query, selector, sort: [...mainFields.map((field) => ({ [field]: 'asc' as const })), { [primary]: 'asc' as const }] };

  let best: { walk: OrderedWalk; fixed: number } | null = null;
  for (const index of (schema.indexes ?? []) as (string | readonly string[])[]) {
    const fields = typeof index === 'string' ? [index] : [...index];
    if (fields[0] !== '_deleted' || fields.at(-1) !== primary) continue;
    const sortFrom = fields.length - 1 - mainFields.length;
    if (sortFrom < 1 || mainFields.some((field, at) => fields[sortFrom + at] !== field)) continue;
    const fixedFields = fields.slice(1, sortFrom);
    const lists = fixedFields.map((field) => fixedValues(selector, field));
    if (lists.some((values) => values === undefined)) continue;
    const tuples = product(lists as (string | number)[][]);
    if (tuples.length > MAX_STREAMS) continue;
    const plans = tuples.map((tuple) =>
      getQueryPlan(schema, {
        ...ascending,
        selector: { ...selector, ...Object.fromEntries(fixedFields.map((field, at) => [field, { $eq: tuple[at] }])) },
        index: fields,
      }),
    );
    if (!plans.every((plan) => plan.sortSatisfiedByIndex)) continue;
    const better = best === null || fixedFields.length > best.fixed || (fixedFields.length === best.fixed && plans.length < best.walk.plans.length);
    if (!better) continue;
    best = {
      fixed: fixedFields.length,
      walk: {
        index: fields,
        plans,
        direction: first[1] === 'asc' ? 'next' : 'prev',
        sortFrom,
        sortLength: mainFields.length,
        reorderTies: last?.[0] === primary && last[1] !== first[1],
      },
    };
  }
  return best?.walk ?? null;
}

/*
 * The parts of IndexedDB this module uses, typed structurally: the module is also compiled without the
 * DOM library (for the unit tests, which run it on fake-indexeddb).
 */
interface KeyRange {
  readonly lower: unknown;
  readonly upper: unknown;
  readonly lowerOpen: boolean;
  readonly upperOpen: boolean;
}
interface KeyRanges {
  bound(lower: unknown, upper: unknown, lowerOpen?: boolean, upperOpen?: boolean): KeyRange;
}
interface Request<T> {
  readonly result: T;
  readonly error: unknown;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}
interface Cursor {
  readonly key: unknown;
  readonly value: unknown;
  continue(): void;
}
interface Index {
  openCursor(range: KeyRange, direction: Direction): Request<Cursor | null>;
  getAllRecords?: (options: { query: KeyRange; count: number; direction: Direction }) => Request<{ key: unknown; value: unknown }[]>;
}
interface Transaction {
  objectStore(name: string): { index(name: string): Index };
}

interface IndexRecord {
  readonly key: unknown[];
  readonly value: Record<string, unknown>;
}

type ReadBatch = (range: KeyRange, count: number) => Promise<IndexRecord[]>;

function requestResult<T>(request: Request<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => {
      resolve(request.result);
    };
    request.onerror = () => {
      reject(request.error instanceof Error ? request.error : new Error('IndexedDB request failed'));
    };
  });
}

/** Reads up to `count` records of a range in one request where the browser can (`getAllRecords`), else with a cursor. */
function batchReader(index: Index, direction: Direction): ReadBatch {
  const getAllRecords = index.getAllRecords;
  if (typeof getAllRecords === 'function') {
    return async (range, count) => {
      const records = await requestResult(getAllRecords.call(index, { query: range, count, direction }));
      return records.map((record) => ({ key: record.key as unknown[], value: record.value as Record<string, unknown> }));
    };
  }
  return (range, count) =>
    new Promise((resolve, reject) => {
      const records: IndexRecord[] = [];
      const request = index.openCursor(range, direction);
      request.onerror = () => {
        reject(request.error instanceof Error ? request.error : new Error('IndexedDB cursor failed'));
      };
      request.onsuccess = () => {
        const cursor = request.result;
        if (cursor === null) {
          resolve(records);
          return;
        }
        records.push({ key: cursor.key as unknown[], value: cursor.value as Record<string, unknown> });
        if (records.length >= count) resolve(records);
        else cursor.continue();
      };
    });
}

/** One range of the walk: its records in walk order, fetched a batch at a time. */
class RangeStream {
  private buffer: IndexRecord[] = [];
  private at = 0;
  private done = false;
  private batch: number;

  constructor(
    private range: KeyRange,
    private readonly direction: Direction,
    private readonly read: ReadBatch,
    private readonly keyRange: KeyRanges,
    firstBatch: number,
  ) {
    this.batch = firstBatch;
  }

  /** The next record without taking it; null at the end of the range. */
  async peek(): Promise<IndexRecord | null> {
    if (this.at < this.buffer.length) return this.buffer[this.at] ?? null;
    if (this.done) return null;
    this.buffer = await this.read(this.range, this.batch);
    this.at = 0;
    if (this.buffer.length < this.batch) this.done = true;
    this.batch = Math.min(this.batch * 2, BATCH_MAX);
    const lastRecord = this.buffer.at(-1);
    if (lastRecord !== undefined && !this.done) {
      // The rest of the range: beyond the last key read (index keys end with the primary key, so they are unique).
      if (cmp(lastRecord.key, this.direction === 'next' ? this.range.upper : this.range.lower) === 0) this.done = true;
      else
        this.range =
          this.direction === 'next'
            ? this.keyRange.bound(lastRecord.key, this.range.upper, true, this.range.upperOpen)
            : this.keyRange.bound(this.range.lower, lastRecord.key, this.range.lowerOpen, true);
    }
    return this.buffer[this.at] ?? null;
  }

  take(): void {
    this.at += 1;
  }
}

const sortPart = (key: readonly unknown[], walk: OrderedWalk): unknown[] => key.slice(walk.sortFrom, walk.sortFrom + walk.sortLength);
/** Walk order between two records of different ranges: their sort fields, then the primary key (the ranges differ only before them). */
const walkOrder = (a: readonly unknown[], b: readonly unknown[], walk: OrderedWalk): number =>
  (walk.direction === 'next' ? 1 : -1) * cmp(a.slice(walk.sortFrom), b.slice(walk.sortFrom));

/**
 * Runs a walk: the merged ranges in order, each record matched against the query, until `skip + limit`
 * rows (and the tie they end in, when ties need re-sorting) or the end. Null when the read budget ran out.
 */
export async function readOrderedWalk(state: DexieState, schema: RxJsonSchema<Doc>, query: Query, walk: OrderedWalk, readBudget: ReadBudget = READ_BUDGET): Promise<Doc[] | null> {
  const wanted = query.skip + (query.limit ?? Infinity);
  const budget = Math.max(readBudget.minimum, readBudget.perRow * wanted);
  const matches = walk.plans.every((plan) => plan.selectorSatisfiedByIndex) ? null : getQueryMatcher(schema, query);
  const keyRange = (state.dexieDb._options.IDBKeyRange ?? (globalThis as { IDBKeyRange?: unknown }).IDBKeyRange) as KeyRanges;
  const indexName = `[${walk.index.map((field) => dexieReplaceIfStartsWithPipe(field)).join('+')}]`;
  const firstBatch = Math.min(BATCH_MAX, Math.max(FIRST_BATCH_MIN, Math.ceil(wanted / walk.plans.length) + 1));

  return state.dexieDb.transaction('r', state.dexieTable, async (transaction) => {
    const index = (transaction.idbtrans as unknown as Transaction).objectStore(DEXIE_DOCS_TABLE_NAME).index(indexName);
    const read = batchReader(index, walk.direction);
    const streams: RangeStream[] = [];
    for (const plan of walk.plans) {
      let range: KeyRange;
      try {
        range = getKeyRangeByQueryPlan(state.booleanIndexes, plan, keyRange) as KeyRange;
      } catch (error) {
        // An empty range (lower above upper): nothing to read there.
        if (error instanceof Error && error.name === 'DataError') continue;
        throw error;
      }
      streams.push(new RangeStream(range, walk.direction, read, keyRange, firstBatch));
    }
    const rows: Doc[] = [];
    let tieKey: unknown[] | null = null;
    let readCount = 0;
    for (;;) {
      let next: { stream: RangeStream; record: IndexRecord } | null = null;
      for (const stream of streams) {
        const record = await stream.peek();
        if (record !== null && (next === null || walkOrder(record.key, next.record.key, walk) < 0)) next = { stream, record };
      }
      if (next === null) break;
      if (tieKey !== null && cmp(sortPart(next.record.key, walk), tieKey) !== 0) break;
      next.stream.take();
      readCount += 1;
      if (readCount > budget) return null;
      const document = fromDexieToStorage(state.booleanIndexes, next.record.value) as Doc;
      if (matches !== null && !matches(document)) continue;
      rows.push(document);
      if (rows.length >= wanted && tieKey === null) {
        if (!walk.reorderTies) break;
        // Read on through the rows that tie with the last one on the sort fields: the tie-break may put one of them first.
        tieKey = sortPart(next.record.key, walk);
      }
    }
    if (walk.reorderTies) rows.sort(getSortComparator(schema, query));
    return rows.slice(query.skip, wanted);
  });
}

/** The sort as [field, direction] pairs, the primary-key tie-break split off. */
function sortParts(query: Query, primary: string): { main: [string, 'asc' | 'desc'][]; tie: 'asc' | 'desc' | undefined } {
  const sort = query.sort.map((part) => Object.entries(part)[0] as [string, 'asc' | 'desc']);
  const last = sort.at(-1);
  return last?.[0] === primary ? { main: sort.slice(0, -1), tie: last[1] } : { main: sort, tie: undefined };
}

/** Documents by id, in the given order, those gone left out (storage form: booleans restored): from memory where the documents are kept, else from IndexedDB. */
async function fetchByIds(state: DexieState | null, ids: readonly string[], memory: MemoryIndexes | null): Promise<Doc[]> {
  const kept = memory?.documentsByIds(ids);
  if (kept !== undefined) return kept;
  if (state === null) throw new Error('Documents read by id before the memory indexes were built');
  const found = (await state.dexieTable.bulkGet([...ids])) as (Record<string, unknown> | undefined)[];
  return found.filter((document) => document !== undefined).map((document) => fromDexieToStorage(state.booleanIndexes, document) as Doc);
}

/** Runs reads by id in one IndexedDB read transaction (one snapshot), or at once when the documents are in memory. */
function readingDocuments<T>(state: DexieState | null, memory: MemoryIndexes, read: () => Promise<T>): Promise<T> {
  return memory.servesDocuments || state === null ? read() : state.dexieDb.transaction('r', state.dexieTable, read);
}

/**
 * A query answered from memory candidates: walked in the order of a memory-indexed sort field when
 * every match holds it (stopping once the page is full, within the read budget), otherwise every
 * candidate read and sorted. Null when neither fits (too many candidates): RxDB's plan then.
 */
async function readMemoryCandidates(
  state: DexieState | null,
  schema: RxJsonSchema<Doc>,
  query: Query,
  plan: MemoryPlan,
  memory: MemoryIndexes,
  readBudget: ReadBudget,
): Promise<Doc[] | null> {
  await memory.ready();
  const primary = schema.primaryKey as string;
  const wanted = query.skip + (query.limit ?? Infinity);
  const matches = getQueryMatcher(schema, query);
  const comparator = getSortComparator(schema, query);
  const { main, tie } = sortParts(query, primary);
  const first = main[0];
  const orderedBy = first !== undefined && main.length === 1 && plan.holds.has(first[0]) ? memory.fields.get(first[0]) : undefined;
  const lacking = plan.lacking.map((field) => memory.fields.get(field)).filter((index) => index !== undefined);

  return readingDocuments(state, memory, async () => {
    if (orderedBy !== undefined && first !== undefined && Number.isFinite(wanted)) {
      // The walk's first `budget` candidates, taken before any read (the index may change meanwhile).
      const budget = budgetFor(readBudget, wanted);
      const entries: Entry[] = [];
      let complete = true;
      for (const entry of orderedBy.walk({}, first[1])) {
        if (!lacking.every((index) => !index.has(entry.id)) || !plan.filters.every((test) => test.has(entry.id))) continue;
        if (entries.length === budget) {
          complete = false;
          break;
        }
        entries.push(entry);
      }
      const rows = await readAlong(state, memory, primary, entries, { wanted, matches, readTie: tieAgainstEntries(first[1], tie), budget, complete });
      if (rows !== null) return finish(rows);
      // Matches too rare along this order: fall through to reading every candidate.
    }
    // Documents kept in memory are read at no cost: any number of candidates beats RxDB's plan then.
    if (memory.servesDocuments) return finish(candidateDocumentsOf(plan, memory.documentOf).filter((document) => matches(document)));
    const candidates = candidatesOf(plan, memory.fields);
    if (candidates.length > MEMORY_CANDIDATES_MAX) return null;
    const rows: Doc[] = [];
    for (let at = 0; at < candidates.length; at += FETCH_BATCH) {
      for (const document of await fetchByIds(state, candidates.slice(at, at + FETCH_BATCH), memory)) if (matches(document)) rows.push(document);
    }
    return finish(rows);
  });

  function finish(rows: Doc[]): Doc[] {
    return rows.sort(comparator).slice(query.skip, wanted);
  }
}

const budgetFor = (readBudget: ReadBudget, wanted: number): number => Math.max(readBudget.minimum, readBudget.perRow * wanted);

/** Memory entries run id ascending within a value; a primary-key tie-break the other way needs each tie read to its end. */
const tieAgainstEntries = (direction: 'asc' | 'desc', tie: 'asc' | 'desc' | undefined): boolean => tie !== undefined && (tie === 'asc') !== (direction === 'asc');

/**
 * Reads documents by id along memory entries already in the query's order, keeping the matches, until
 * `wanted` rows (and, with `readTie`, the rest of the tie the last one is in). Null when the budget of
 * reads runs out first, or the entries end but were not all of them (`complete: false`). Runs inside
 * the caller's read transaction.
 */
async function readAlong(
  state: DexieState | null,
  memory: MemoryIndexes,
  primary: string,
  entries: readonly Entry[],
  options: { readonly wanted: number; readonly matches: (document: Doc) => boolean; readonly readTie: boolean; readonly budget: number; readonly complete?: boolean },
): Promise<Doc[] | null> {
  const { wanted, matches, readTie, budget, complete = true } = options;
  const rows: Doc[] = [];
  let tieValue: unknown = undefined;
  let at = 0;
  while (at < entries.length && at < budget) {
    const batch = entries.slice(at, at + Math.min(FETCH_BATCH, Math.max(FIRST_BATCH_MIN, wanted - rows.length + 1)));
    at += batch.length;
    const byId = new Map((await fetchByIds(state, batch.map((entry) => entry.id), memory)).map((document) => [String(document[primary]), document]));
    for (const entry of batch) {
      if (tieValue !== undefined && cmp(entry.value, tieValue) !== 0) return rows;
      const document = byId.get(entry.id);
      if (document === undefined || !matches(document)) continue;
      rows.push(document);
      if (rows.length >= wanted && tieValue === undefined) {
        if (!readTie) return rows;
        tieValue = entry.value;
      }
    }
  }
  return at >= entries.length && complete ? rows : null;
}

/** How to read a query along an order index: the index and the groups the query keeps. */
export interface OrderIndexWalk {
  readonly name: string;
  /** How many fields the groups fix (the order index's prefix). */
  readonly fixed: number;
  readonly groups: readonly OrderGroup[];
  readonly direction: 'asc' | 'desc';
  readonly readTie: boolean;
}

/** The groups a query keeps of one prefix field: `$eq` a string, `$in` strings, or `$exists: false`; undefined for anything else. */
function groupValues(selector: MangoQuerySelector<Doc>, field: string): readonly (string | undefined)[] | undefined {
  const condition: unknown = (selector as Record<string, unknown>)[field];
  if (!isObject(condition) || Object.keys(condition).length !== 1) return undefined;
  if (condition['$exists'] === false) return [undefined];
  const values: unknown = '$eq' in condition ? [condition['$eq']] : condition['$in'];
  if (!Array.isArray(values) || values.length === 0 || !values.every((value) => typeof value === 'string')) return undefined;
  return [...new Set(values)];
}

/**
 * The order-index walk of a limited query, or null: it is sorted by the index's order field alone (a
 * primary-key tie-break allowed) and keeps, for each prefix field, listed values or "absent" (at most
 * MAX_STREAMS groups in all). The order field must be required, or documents without it would be missed.
 */
export function orderIndexWalkFor(schema: RxJsonSchema<Doc>, query: Query, orders: readonly MemoryOrder[]): OrderIndexWalk | null {
  if (typeof query.limit !== 'number' || typeof schema.primaryKey !== 'string') return null;
  const { main, tie } = sortParts(query, schema.primaryKey);
  const sortedBy = main.length === 1 ? main[0] : undefined;
  if (sortedBy === undefined) return null;
  for (const order of orders) {
    if (order.order !== sortedBy[0] || !(schema.required ?? []).includes(order.order)) continue;
    const lists = order.prefix.map((field) => groupValues(query.selector, field));
    if (lists.some((values) => values === undefined)) continue;
    const groups = lists.reduce<(string | undefined)[][]>((tuples, values) => tuples.flatMap((tuple) => (values ?? []).map((value) => [...tuple, value])), [[]]);
    if (groups.length > MAX_STREAMS) continue;
    return { name: orderIndexName(order), fixed: order.prefix.length, groups, direction: sortedBy[1], readTie: tieAgainstEntries(sortedBy[1], tie) };
  }
  return null;
}

/**
 * The entries of several groups merged in walk order, keyed by their order value alone (so ties across
 * groups compare equal), up to `count` of them; `more` when some were left.
 */
function mergedGroups(index: FieldIndex, groups: readonly OrderGroup[], direction: 'asc' | 'desc', count: number): { entries: Entry[]; more: boolean } {
  // Each group walked in place; only the entries taken are copied (a group may hold thousands).
  const streams = groups.map((group) => {
    const { bounds, prefixLength } = orderGroupRange(group);
    const walk = index.walk(bounds, direction);
    const take = (): Entry | undefined => {
      const next = walk.next();
      return next.done === true ? undefined : { value: String(next.value.value).slice(prefixLength), id: next.value.id };
    };
    return { take, head: take() };
  });
  const sign = direction === 'asc' ? 1 : -1;
  const merged: Entry[] = [];
  while (merged.length < count) {
    let best: (typeof streams)[number] | undefined;
    for (const stream of streams) {
      const candidate = stream.head;
      if (candidate === undefined) continue;
      const current = best?.head;
      if (current === undefined || sign * (cmp(candidate.value, current.value) || cmp(candidate.id, current.id)) < 0) best = stream;
    }
    if (best?.head === undefined) break;
    merged.push(best.head);
    best.head = best.take();
  }
  return { entries: merged, more: streams.some((stream) => stream.head !== undefined) };
}

/**
 * Whether a page is read along a memory order index rather than by an IndexedDB index walk: when the
 * order index fixes more fields (it reads fewer documents), or as many and the documents are in memory
 * (reading them costs nothing then; by id from IndexedDB it costs more than a walk's batches).
 */
export function prefersOrderIndex(orderIndex: OrderIndexWalk, walk: OrderedWalk | null, documentsInMemory: boolean): boolean {
  const walkFixed = walk === null ? -1 : walk.sortFrom - 1;
  return orderIndex.fixed > walkFixed || (orderIndex.fixed === walkFixed && documentsInMemory);
}

/** A query answered along an order index; null when its matches are too rare along it (RxDB's or an ordered walk's plan then). */
async function readOrderIndex(state: DexieState | null, schema: RxJsonSchema<Doc>, query: Query, walk: OrderIndexWalk, memory: MemoryIndexes, readBudget: ReadBudget): Promise<Doc[] | null> {
  const index = memory.orders.get(walk.name)?.index;
  if (index === undefined) return null;
  const wanted = query.skip + (query.limit ?? Infinity);
  const budget = budgetFor(readBudget, wanted);
  const { entries, more } = mergedGroups(index, walk.groups, walk.direction, budget);
  const rows = await readingDocuments(state, memory, () =>
    readAlong(state, memory, schema.primaryKey as string, entries, { wanted, matches: getQueryMatcher(schema, query), readTie: walk.readTie, budget, complete: !more }),
  );
  return rows === null ? null : rows.sort(getSortComparator(schema, query)).slice(query.skip, wanted);
}

type Scan = (visit: (documents: readonly Doc[]) => void) => Promise<void>;

/** Reads every stored document once, a batch at a time in primary-key order, for building memory indexes. */
function dexieScanner(instance: RxStorageInstance<Doc, DexieStorageInternals, unknown>, primary: string): Scan {
  return async (visit) => {
    const state = await instance.internals;
    let after: unknown = undefined;
    for (;;) {
      const rows = (await (after === undefined ? state.dexieTable.orderBy(primary) : state.dexieTable.where(primary).above(after)).limit(SCAN_BATCH).toArray()) as Record<string, unknown>[];
      // Raw rows hold `_deleted` as '1'/'0' (IndexedDB cannot index booleans): the storage form is what queries return.
      visit(rows.map((row) => fromDexieToStorage(state.booleanIndexes, row) as Doc));
      if (rows.length < SCAN_BATCH) return;
      after = rows.at(-1)?.[primary];
    }
  };
}

export interface OrderedReadsOptions {
  /** Per collection, optional fields to keep memory indexes on (queries bounded by them read only their candidates). */
  readonly memoryIndexes?: Readonly<Record<string, readonly string[]>>;
  /** Per collection, order indexes (memory-index.ts `MemoryOrder`): pages of one group of an optional field, in a required field's order. */
  readonly memoryOrders?: Readonly<Record<string, readonly MemoryOrder[]>>;
  /** Collections whose stored documents are kept in memory once read (queries by memory indexes then read no IndexedDB). */
  readonly memoryDocuments?: readonly string[];
  /** How far a walk reads before handing the query back to RxDB (tests make it small). */
  readonly readBudget?: ReadBudget;
}

/**
 * Where an instance's documents are read: Dexie's tables (reads by id, ordered index walks), or the
 * block storage's memory, which holds every document (block-storage/: queries by id cost nothing, and
 * RxDB's own plan runs in memory where no memory index serves).
 */
type ReadSource =
  | { readonly kind: 'dexie'; readonly state: () => Promise<DexieState>; readonly scan: Scan }
  | { readonly kind: 'memory'; readonly scan: Scan };

function dexieSource(instance: RxStorageInstance<Doc, DexieStorageInternals, unknown>, primary: string): ReadSource {
  return { kind: 'dexie', state: async () => instance.internals, scan: dexieScanner(instance, primary) };
}

function memorySource(instance: RxStorageInstance<Doc, MemoryStorageInternals<Doc>, unknown>): ReadSource {
  return {
    kind: 'memory',
    scan: (visit) => {
      visit([...instance.internals.documents.values()]);
      return Promise.resolve();
    },
  };
}

/** The storage instance with its query method answering limited queries by ordered walks, and bounded ones from memory indexes. */
function withOrderedQueries<I extends RxStorageInstance<Doc, unknown, unknown>>(
  instance: I,
  schema: RxJsonSchema<Doc>,
  fields: readonly string[],
  orders: readonly MemoryOrder[],
  keepDocumentsOption: boolean,
  readBudget: ReadBudget,
  source: ReadSource,
): I {
  // Without IndexedDB tables to read from, memory indexes serve the documents they list themselves.
  const keepDocuments = source.kind === 'memory' ? fields.length > 0 || orders.length > 0 : keepDocumentsOption;
  const dexieState = (): Promise<DexieState> | null => (source.kind === 'dexie' ? source.state() : null);
  const runQuery = instance.query.bind(instance);
  const primary = schema.primaryKey;
  const memory =
    (fields.length === 0 && orders.length === 0 && !keepDocuments) || typeof primary !== 'string'
      ? null
      : new MemoryIndexes(primary, fields, instance.changeStream(), source.scan, orders, keepDocuments);
  const liveCounts = typeof primary === 'string' ? new LiveCounts(instance.changeStream()) : null;
  const close = instance.close.bind(instance);
  instance.close = () => {
    memory?.close();
    liveCounts?.close();
    return close();
  };
  const runCount = instance.count.bind(instance);
  // Counts no index answers read every match once; then the change stream keeps them (live-counts.ts).
  instance.count = async (prepared: PreparedQuery<Doc>) => {
    if (liveCounts === null || typeof primary !== 'string' || prepared.queryPlan.selectorSatisfiedByIndex || prepared.query.limit !== undefined || prepared.query.skip > 0) {
      return runCount(prepared);
    }
    const count = await liveCounts.count(
      JSON.stringify(prepared.query.selector),
      () => getQueryMatcher(schema, prepared.query),
      (document) => String(document[primary]),
      async (matches) => {
        // Every kept document matched in memory beats reading every match from IndexedDB.
        const kept = memory?.allDocuments();
        if (kept === undefined) return (await runQuery(prepared)).documents;
        const found: Doc[] = [];
        for (const document of kept) if (matches(document)) found.push(document);
        return found;
      },
    );
    return { count, mode: 'slow' as const };
  };
  if (memory !== null) {
    // Built now, in the background (on a new replica: at once, then kept up as replication writes), so
    // the first views opened find them ready instead of waiting for a scan of every document.
    memory.ready().catch(() => {
      // The next query that needs them builds them again (and reports the error).
    });
  }
  // Per prepared query (RxDB re-runs the same one each time its results may have changed): the walk,
  // and whether memory indexes bound it. A memory plan is made again on every run: it remembers the
  // candidates it listed, which are stale once the indexes change.
  const planned = new WeakMap<PreparedQuery<Doc>, { usesMemory: boolean; orderIndex: OrderIndexWalk | null; walk: OrderedWalk | null }>();
  instance.query = async (prepared: PreparedQuery<Doc>) => {
    let plans = planned.get(prepared);
    if (plans === undefined) {
      plans = {
        usesMemory: memory !== null && memoryPlanFor(prepared.query.selector, memory.fields) !== null,
        orderIndex: memory === null ? null : orderIndexWalkFor(schema, prepared.query, orders),
        walk: typeof prepared.query.limit === 'number' && source.kind === 'dexie' ? orderedWalkFor(schema, prepared.query) : null,
      };
      planned.set(prepared, plans);
    }
    // An order index is used once built (until then the query takes the other ways: no wait on the build),
    // when it fixes more fields than the index walk would, or as many and the documents are in memory.
    const orderIndex = plans.orderIndex;
    if (orderIndex !== null && memory?.isReady === true && prefersOrderIndex(orderIndex, plans.walk, memory.servesDocuments)) {
      const documents = await readOrderIndex(await dexieState(), schema, prepared.query, orderIndex, memory, readBudget);
      if (documents !== null) return { documents };
    }
    const memoryPlan = plans.usesMemory && memory !== null ? memoryPlanFor(prepared.query.selector, memory.fields) : null;
    if (memoryPlan !== null && memory !== null) {
      const documents = await readMemoryCandidates(await dexieState(), schema, prepared.query, memoryPlan, memory, readBudget);
      if (documents !== null) return { documents };
    }
    if (plans.walk !== null && source.kind === 'dexie') {
      const documents = await readOrderedWalk(await source.state(), schema, prepared.query, plans.walk, readBudget);
      if (documents !== null) return { documents };
    }
    return runQuery(prepared);
  };
  return instance;
}

/**
 * The Dexie storage with ordered first-page reads and memory indexes, or the block storage with memory
 * indexes (its documents are in memory already: no index walks); any other storage is returned as it is.
 */
export function withOrderedReads<S extends RxStorage<unknown, unknown>>(storage: S, options: OrderedReadsOptions = {}): S {
  const wrap = (instance: RxStorageInstance<unknown, unknown, unknown>, params: RxStorageInstanceCreationParams<unknown, unknown>, source: ReadSource) =>
    withOrderedQueries(
      instance as unknown as RxStorageInstance<Doc, unknown, unknown>,
      params.schema as RxJsonSchema<Doc>,
      options.memoryIndexes?.[params.collectionName] ?? [],
      options.memoryOrders?.[params.collectionName] ?? [],
      options.memoryDocuments?.includes(params.collectionName) ?? false,
      options.readBudget ?? READ_BUDGET,
      source,
    ) as unknown as typeof instance;
  if (storage.name === BLOCK_STORAGE_NAME) {
    return wrapStorageInstances(storage, (instance, params) => wrap(instance, params, memorySource(instance as never)));
  }
  return wrapDexieInstances(storage, (instance, params) =>
    wrap(instance, params, dexieSource(instance as unknown as RxStorageInstance<Doc, DexieStorageInternals, unknown>, (params.schema as RxJsonSchema<Doc>).primaryKey as string)),
  );
}
