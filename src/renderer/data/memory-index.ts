/**
 * In-memory indexes on optional fields, for the queries IndexedDB cannot index.
 *
 * RxDB's Dexie storage refuses indexes on optional fields (error DXE1: IndexedDB leaves documents
 * without the field out of such an index, and RxDB's planner assumes every index holds every document).
 * The tickets' SLA due dates are optional, so "Breached" (ordered by resolution due date) and "SLA at
 * risk" (any due date within a window) read every active ticket to show a few hundred. A memory index
 * keeps, for one field, which documents have it and their values, sorted: built once from the stored
 * documents on first use, then kept up to date from the storage instance's change stream (which also
 * carries other tabs' writes). A query whose selector bounds such fields gets its candidates from the
 * memory indexes (ranges, "has the field", an `$or` of ranges; minus "lacks the field"); only those
 * documents are read, by id, and the query's own matcher and sort decide. Candidates are a superset of
 * the matches by construction, so the result is the storage's own.
 */
import { cmp } from 'dexie';
import type { Observable, Subscription } from 'rxjs';
import type { MangoQuerySelector, RxDocumentData } from 'rxdb';

type Doc = RxDocumentData<Record<string, unknown>>;
type Value = string | number;

const RANGE_OPERATORS = ['$eq', '$gt', '$gte', '$lt', '$lte'] as const;
/** Change batches up to this size are applied document by document; larger ones are merged in one pass. */
const SMALL_BATCH = 32;
type RangeOperator = (typeof RANGE_OPERATORS)[number];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isValue = (value: unknown): value is Value => typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));

export interface Entry {
  readonly value: Value;
  readonly id: string;
}

type Bounds = Partial<Record<RangeOperator, Value>>;

/** Whether a value lies in a range (bounds as Mango operators). */
function inBounds(value: Value, bounds: Bounds): boolean {
  const lower = bounds.$eq ?? bounds.$gte ?? bounds.$gt;
  const upper = bounds.$eq ?? bounds.$lte ?? bounds.$lt;
  if (lower !== undefined) {
    const order = compareValues(value, lower);
    if (order < 0 || (order === 0 && bounds.$eq === undefined && bounds.$gte === undefined)) return false;
  }
  if (upper !== undefined) {
    const order = compareValues(value, upper);
    if (order > 0 || (order === 0 && bounds.$eq === undefined && bounds.$lte === undefined)) return false;
  }
  return true;
}

/** What a field index holds of a document, read off the document itself: its value, if it is one. */
const holdsValue = (document: Doc, field: string): boolean => isValue(document[field]);
const holdsValueIn = (document: Doc, field: string, bounds: Bounds): boolean => {
  const value = document[field];
  return isValue(value) && inBounds(value, bounds);
};

/** IndexedDB's order (numbers before strings, strings by code unit), with a fast path for two strings or two numbers. */
function compareValues(a: Value, b: Value): number {
  if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
  return cmp(a, b);
}

/** Order of entries: by value, then id (as the storage sorts). */
const entryOrder = (a: Entry, b: Entry): number => compareValues(a.value, b.value) || compareValues(a.id, b.id);

/** One field's values: which documents have it, sorted by value then id. */
export class FieldIndex {
  private readonly values = new Map<string, Value>();
  private entries: Entry[] = [];
  /**
   * Changes not yet sorted in, by document (the latest state wins). Replication writes hundreds of
   * batches in a row while nothing reads the index; each read sorts in what came before it, once.
   */
  private readonly pending = new Map<string, unknown>();

  constructor(readonly field: string) {}

  get size(): number {
    this.flush();
    return this.entries.length;
  }

  has(id: string): boolean {
    this.flush();
    return this.values.has(id);
  }

  /** Whether the document's value lies in the range (bounds as Mango operators). */
  holdsIn(id: string, bounds: Bounds): boolean {
    this.flush();
    const value = this.values.get(id);
    return value !== undefined && inBounds(value, bounds);
  }

  /** Records a document's current state (a value, or none: absent, not a string/number, or deleted). */
  private set(id: string, value: unknown): void {
    const old = this.values.get(id);
    if (old !== undefined) {
      if (isValue(value) && compareValues(old, value) === 0) return;
      this.entries.splice(this.position({ value: old, id }), 1);
      this.values.delete(id);
    }
    if (!isValue(value)) return;
    const entry = { value, id };
    this.entries.splice(this.position(entry), 0, entry);
    this.values.set(id, value);
  }

  /** Loads many documents at once (the first build): one sort instead of an insert each. Documents it holds already are kept. */
  load(documents: Iterable<{ readonly id: string; readonly value: unknown }>): void {
    for (const { id, value } of documents) {
      if (!isValue(value) || this.values.has(id)) continue;
      this.values.set(id, value);
      this.entries.push({ value, id });
    }
    this.entries.sort(entryOrder);
  }

  /** Records a batch of changes; they are sorted in when the index is next read. */
  apply(changes: readonly { readonly id: string; readonly value: unknown }[]): void {
    for (const { id, value } of changes) this.pending.set(id, value);
  }

  /** Sorts in the pending changes: a few one by one, more in one merge (linear in the index size). */
  private flush(): void {
    if (this.pending.size === 0) return;
    const changes = [...this.pending].map(([id, value]) => ({ id, value }));
    this.pending.clear();
    if (changes.length <= SMALL_BATCH) {
      for (const { id, value } of changes) this.set(id, value);
      return;
    }
    const changed = new Set(changes.map(({ id }) => id));
    const kept = this.entries.filter((entry) => !changed.has(entry.id));
    const added: Entry[] = [];
    for (const id of changed) this.values.delete(id);
    // The last change of a document wins.
    const latest = new Map(changes.map(({ id, value }) => [id, value]));
    for (const [id, value] of latest) {
      if (!isValue(value)) continue;
      this.values.set(id, value);
      added.push({ value, id });
    }
    added.sort(entryOrder);
    const merged: Entry[] = [];
    let left = 0;
    let right = 0;
    while (left < kept.length || right < added.length) {
      const next = right >= added.length || (left < kept.length && entryOrder(kept[left] as Entry, added[right] as Entry) <= 0) ? kept[left++] : added[right++];
      merged.push(next as Entry);
    }
    this.entries = merged;
  }

  clear(): void {
    this.values.clear();
    this.pending.clear();
    this.entries = [];
  }

  /** Ids whose value lies in the range (bounds as Mango operators), in index order. */
  range(bounds: Bounds): string[] {
    this.flush();
    const [from, to] = this.positions(bounds);
    const ids: string[] = [];
    for (let at = from; at < to; at += 1) ids.push((this.entries[at] as Entry).id);
    return ids;
  }

  /** How many ids `range` would give, without listing them. */
  countIn(bounds: Bounds): number {
    this.flush();
    const [from, to] = this.positions(bounds);
    return Math.max(0, to - from);
  }

  /** The entries of a range: [first, end) positions. */
  private positions(bounds: Bounds): [number, number] {
    const lower = bounds.$eq ?? bounds.$gte ?? bounds.$gt;
    const lowerOpen = bounds.$eq === undefined && bounds.$gte === undefined && bounds.$gt !== undefined;
    const upper = bounds.$eq ?? bounds.$lte ?? bounds.$lt;
    const upperOpen = bounds.$eq === undefined && bounds.$lte === undefined && bounds.$lt !== undefined;
    const from = lower === undefined ? 0 : this.firstAbove(lower, !lowerOpen);
    // The end: the first entry past the upper bound (past it or at it, when the bound is open).
    const to = upper === undefined ? this.entries.length : this.firstAbove(upper, upperOpen);
    return [from, Math.max(from, to)];
  }

  /** The entries of a range in index order (or reversed), one at a time, nothing copied: consume it before the index changes (synchronously). */
  *walk(bounds: Bounds, direction: 'asc' | 'desc'): Generator<Entry, void, undefined> {
    this.flush();
    const [from, to] = this.positions(bounds);
    if (direction === 'asc') for (let at = from; at < to; at += 1) yield this.entries[at] as Entry;
    else for (let at = to - 1; at >= from; at -= 1) yield this.entries[at] as Entry;
  }

  private position(entry: Entry): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (entryOrder(this.entries[middle] as Entry, entry) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The first position whose value is above `value` (or equal to it, with `orEqual`). */
  private firstAbove(value: Value, orEqual: boolean): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const order = compareValues((this.entries[middle] as Entry).value, value);
      if (order < 0 || (order === 0 && !orEqual)) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/**
 * An order index: documents grouped by some fields (`prefix`, "absent" being a group of its own) and,
 * within a group, in the order of a required string field (`order`, such as `updatedAt`). RxDB cannot
 * index optional fields, so "my open tickets, newest first" or "unassigned, newest first" would
 * otherwise read every active ticket; with [assigneeId, status], a page reads about as many documents
 * as it shows.
 */
export interface MemoryOrder {
  readonly prefix: readonly string[];
  readonly order: string;
}

/** The name an order index goes by among the memory indexes (never a document field: it holds `+`). */
export const orderIndexName = ({ prefix, order }: MemoryOrder): string => [...prefix, order].join('+');

/*
 * Keys of an order index: one string that sorts as the tuple (prefix values…, order value). A prefix
 * value is "\u0001" + value + "\u0000", or "\u0000" when the field is absent, so every key of a group
 * starts with the group's prefix and no other group's key can sort between two of them unless a value
 * holds "\u0000" (the query's matcher drops such strays; no document of the group is ever outside).
 */
const ABSENT = '\u0000';
const PRESENT = '\u0001';
const SEPARATOR = '\u0000';

/** One group of an order index: a value per prefix field, undefined for "absent". */
export type OrderGroup = readonly (string | undefined)[];

const groupPrefix = (group: OrderGroup): string => group.map((value) => (value === undefined ? ABSENT : PRESENT + value + SEPARATOR)).join('');

/** A document's key in an order index, or undefined when it has no place there (an order value that is not a string, a prefix value that is neither absent nor a string). */
export function orderKeyOf(document: Readonly<Record<string, unknown>>, { prefix, order }: MemoryOrder): string | undefined {
  const orderValue = document[order];
  if (typeof orderValue !== 'string') return undefined;
  const group: (string | undefined)[] = [];
  for (const field of prefix) {
    const value = document[field];
    if (value !== undefined && typeof value !== 'string') return undefined;
    group.push(value);
  }
  return groupPrefix(group) + orderValue;
}

/** The key range of one group, and how long its keys' prefix is (the order value follows). */
export function orderGroupRange(group: OrderGroup): { readonly bounds: { readonly $gte?: string; readonly $lt?: string }; readonly prefixLength: number } {
  // No prefix fields: one group, the whole index.
  if (group.length === 0) return { bounds: {}, prefixLength: 0 };
  const start = groupPrefix(group);
  // Every prefix ends in "\u0000": the next character value closes the range.
  return { bounds: { $gte: start, $lt: start.slice(0, -1) + String.fromCharCode(start.charCodeAt(start.length - 1) + 1) }, prefixLength: start.length };
}

/** Bounds of a single-field condition made only of range operators (values strings or numbers), or undefined. */
function boundsOf(condition: unknown): Bounds | undefined {
  if (!isObject(condition)) return undefined;
  const operators = Object.keys(condition);
  if (operators.length === 0 || !operators.every((operator) => (RANGE_OPERATORS as readonly string[]).includes(operator))) return undefined;
  if (!operators.every((operator) => isValue(condition[operator]))) return undefined;
  return condition;
}

/**
 * A test on memory-indexed fields, asked of an id (the indexes) or of a document kept in memory (its
 * fields: the same answer, without a lookup per index).
 */
interface Test {
  readonly has: (id: string) => boolean;
  readonly holds: (document: Doc) => boolean;
}

/** A set of ids every match of a query belongs to, readable both ways: listed (when it is the smallest) or asked. */
interface Source extends Test {
  /** How many ids it lists (at most: a union counts each range). */
  readonly size: () => number;
  readonly ids: () => Iterable<string>;
  /** Its documents, each once, looked up in `documentOf` (those it cannot find left out). */
  readonly documents: (documentOf: (id: string) => Doc | undefined) => Iterable<Doc>;
}

/** Where a query's candidates come from: sets to intersect (at least one), fields whose holders are excluded. */
export interface MemoryPlan {
  readonly bounded: readonly Source[];
  /** Tests on memory-indexed fields every match passes, which cannot list candidates themselves. */
  readonly filters: readonly Test[];
  /** Fields the matches lack ($exists: false): their holders are left out. */
  readonly lacking: readonly string[];
  /** Fields every match has (a range or $exists: true on it): an ordered walk over one of them is complete. */
  readonly holds: ReadonlySet<string>;
}

/**
 * The memory plan of a selector, or null when no memory-indexed field bounds it. A plan is for one
 * read: it keeps the candidates of an `$or` once listed, so the next read needs a new plan. Looks at the top
 * level and at `$and` members; an `$or` counts when each branch is a range on one memory-indexed field.
 */
export function memoryPlanFor(selector: MangoQuerySelector<Doc>, indexes: ReadonlyMap<string, FieldIndex>): MemoryPlan | null {
  const bounded: Source[] = [];
  const filters: Test[] = [];
  const lacking = new Set<string>();
  const holds = new Set<string>();
  // Fields the matches lack first: an `$or` branch ranging over one of them cannot match.
  const findLacking = (part: Record<string, unknown>) => {
    for (const [field, condition] of Object.entries(part)) {
      if (field === '$and' && Array.isArray(condition)) for (const member of condition) if (isObject(member)) findLacking(member);
      if (indexes.has(field) && isObject(condition) && condition['$exists'] === false && Object.keys(condition).length === 1) lacking.add(field);
    }
  };
  findLacking(selector);
  const excluded = [...lacking].map((field) => indexes.get(field)).filter((index) => index !== undefined);
  const visit = (part: Record<string, unknown>) => {
    for (const [field, condition] of Object.entries(part)) {
      if (field === '$and' && Array.isArray(condition)) {
        for (const member of condition) if (isObject(member)) visit(member);
        continue;
      }
      if (field === '$or' && Array.isArray(condition)) {
        const branches: { index: FieldIndex; bounds: Bounds }[] = [];
        const absent: FieldIndex[] = [];
        for (const branch of condition) {
          const [branchField, branchCondition] = isObject(branch) && Object.keys(branch).length === 1 ? (Object.entries(branch)[0] as [string, unknown]) : ['', undefined];
          const index = indexes.get(branchField);
          const bounds = boundsOf(branchCondition);
          if (index !== undefined && bounds !== undefined) branches.push({ index, bounds });
          else if (index !== undefined && isObject(branchCondition) && branchCondition['$exists'] === false && Object.keys(branchCondition).length === 1) absent.push(index);
        }
        // Some branches "lacks an indexed field" (e.g. each due date absent or still ahead): not a list of
        // candidates, but a test every candidate must pass.
        if (absent.length > 0 && branches.length + absent.length === condition.length) {
          filters.push({
            has: (id) => absent.some((index) => !index.has(id)) || branches.some(({ index, bounds }) => index.holdsIn(id, bounds)),
            holds: (document) => absent.some(({ field: absentField }) => !holdsValue(document, absentField)) || branches.some(({ index, bounds }) => holdsValueIn(document, index.field, bounds)),
          });
          continue;
        }
        // Every branch a range on an indexed field: the union of the ranges holds every match.
        if (branches.length > 0 && branches.length === condition.length) {
          const possible = branches.filter(({ index }) => !lacking.has(index.field));
          let union: Set<string> | null = null;
          // Holders of a lacking field are left out as the union is built: it stays as small as the answer.
          const build = () => {
            union ??= new Set(possible.flatMap(({ index, bounds }) => index.range(bounds).filter((id) => excluded.every((other) => !other.has(id)))));
            return union;
          };
          const holdsDocument = (document: Doc) => possible.some(({ index, bounds }) => holdsValueIn(document, index.field, bounds));
          bounded.push({
            size: () => (union === null ? possible.reduce((sum, { index, bounds }) => sum + index.countIn(bounds), 0) : union.size),
            ids: build,
            has: (id) => possible.some(({ index, bounds }) => index.holdsIn(id, bounds)),
            holds: holdsDocument,
            // Each range in turn; a document an earlier range holds was listed there already (no set of ids to build).
            *documents(documentOf) {
              const lackingFields = [...lacking];
              for (const [at, { index, bounds }] of possible.entries()) {
                const earlier = possible.slice(0, at);
                for (const id of index.range(bounds)) {
                  const document = documentOf(id);
                  if (document === undefined || lackingFields.some((field) => holdsValue(document, field))) continue;
                  if (!earlier.some(({ index: other, bounds: otherBounds }) => holdsValueIn(document, other.field, otherBounds))) yield document;
                }
              }
            },
          });
        }
        continue;
      }
      const index = indexes.get(field);
      if (index === undefined || !isObject(condition)) continue;
      if (condition['$exists'] === false && Object.keys(condition).length === 1) continue;
      if (condition['$exists'] === true && Object.keys(condition).length === 1) {
        holds.add(field);
        bounded.push({ size: () => index.size, ids: () => index.range({}), has: (id) => index.has(id), holds: (document) => holdsValue(document, field), documents: (documentOf) => documentsOf(index.range({}), documentOf) });
        continue;
      }
      const bounds = boundsOf(condition);
      if (bounds !== undefined) {
        holds.add(field);
        bounded.push({
          size: () => index.countIn(bounds),
          ids: () => index.range(bounds),
          has: (id) => index.holdsIn(id, bounds),
          holds: (document) => holdsValueIn(document, field, bounds),
          documents: (documentOf) => documentsOf(index.range(bounds), documentOf),
        });
      }
    }
  };
  visit(selector);
  return bounded.length === 0 ? null : { bounded, filters, lacking: [...lacking], holds };
}

function* documentsOf(ids: Iterable<string>, documentOf: (id: string) => Doc | undefined): Generator<Doc> {
  for (const id of ids) {
    const document = documentOf(id);
    if (document !== undefined) yield document;
  }
}

/** The candidate ids of a plan: those of its smallest source that every other source has, without holders of the lacking fields. */
export function candidatesOf(plan: MemoryPlan, indexes: ReadonlyMap<string, FieldIndex>): string[] {
  const [smallest, ...others] = [...plan.bounded].sort((a, b) => a.size() - b.size());
  const lacking = plan.lacking.map((field) => indexes.get(field)).filter((index) => index !== undefined);
  const candidates: string[] = [];
  for (const id of smallest?.ids() ?? []) {
    if (others.every((source) => source.has(id)) && lacking.every((index) => !index.has(id)) && plan.filters.every((test) => test.has(id))) candidates.push(id);
  }
  return candidates;
}

/**
 * The candidate documents of a plan, from documents kept in memory: as `candidatesOf`, each test asked
 * of the document's own fields (one lookup per candidate instead of one per index and test).
 */
export function candidateDocumentsOf(plan: MemoryPlan, documentOf: (id: string) => Doc | undefined): Doc[] {
  const [smallest, ...others] = [...plan.bounded].sort((a, b) => a.size() - b.size());
  const candidates: Doc[] = [];
  for (const document of smallest?.documents(documentOf) ?? []) {
    if (others.every((source) => source.holds(document)) && plan.lacking.every((field) => !holdsValue(document, field)) && plan.filters.every((test) => test.holds(document))) {
      candidates.push(document);
    }
  }
  return candidates;
}

/**
 * The memory indexes of one storage instance: nothing is kept until a query needs them; then they are
 * built from every stored document (`scan`) and kept current by the change stream. Changes arriving
 * during the build are applied as they come and win over what the scan read. With `keepDocuments`,
 * the stored documents themselves are kept too (the ticket queue: a page read from IndexedDB by id
 * costs a request per ticket, from memory nothing), the same snapshot the indexes describe.
 */
export class MemoryIndexes {
  readonly fields: ReadonlyMap<string, FieldIndex>;
  private state: 'idle' | 'building' | 'ready' = 'idle';
  private built: Promise<void> | null = null;
  /** Documents changed since the build began: the scan's older copies of them are dropped. */
  private readonly touched = new Set<string>();
  private readonly subscription: Subscription;

  /** The order indexes, by `orderIndexName`. */
  readonly orders: ReadonlyMap<string, { readonly order: MemoryOrder; readonly index: FieldIndex }>;
  /** Every index with how it reads a document's value. */
  private readonly all: readonly { readonly index: FieldIndex; readonly valueOf: (document: Doc) => unknown }[];
  /** The stored documents not deleted, by primary key (only with `keepDocuments`). */
  private readonly documents: Map<string, Doc> | null;

  constructor(
    private readonly primaryKey: string,
    fields: readonly string[],
    changes: Observable<{ readonly events: readonly { readonly documentId: string; readonly documentData: Doc }[] }>,
    private readonly scan: (visit: (documents: readonly Doc[]) => void) => Promise<void>,
    orders: readonly MemoryOrder[] = [],
    keepDocuments = false,
  ) {
    this.documents = keepDocuments ? new Map() : null;
    this.fields = new Map(fields.map((field) => [field, new FieldIndex(field)]));
    this.orders = new Map(orders.map((order) => [orderIndexName(order), { order, index: new FieldIndex(orderIndexName(order)) }]));
    this.all = [
      ...[...this.fields.values()].map((index) => ({ index, valueOf: (document: Doc) => document[index.field] })),
      ...[...this.orders.values()].map(({ order, index }) => ({ index, valueOf: (document: Doc) => orderKeyOf(document, order) })),
    ];
    this.subscription = changes.subscribe((bulk) => {
      // Before the first build nothing is kept: the scan will read the stored state.
      if (this.state === 'idle') return;
      if (this.state === 'building') for (const event of bulk.events) this.touched.add(event.documentId);
      if (this.documents !== null) {
        for (const { documentId, documentData } of bulk.events) {
          if (documentData._deleted) this.documents.delete(documentId);
          else this.documents.set(documentId, documentData);
        }
      }
      for (const { index, valueOf } of this.all) {
        index.apply(bulk.events.map((event) => ({ id: event.documentId, value: event.documentData._deleted ? undefined : valueOf(event.documentData) })));
      }
    });
  }

  /** Whether the indexes hold every stored document now (a read that must not wait for a build asks this). */
  get isReady(): boolean {
    return this.state === 'ready';
  }

  /** Whether the stored documents are in memory now (kept, and the build is done): reads by id need no IndexedDB. */
  get servesDocuments(): boolean {
    return this.documents !== null && this.state === 'ready';
  }

  /** The documents of these ids, in that order, those not stored (or deleted) left out; undefined unless documents are kept and ready. */
  documentsByIds(ids: readonly string[]): Doc[] | undefined {
    if (this.documents === null || !this.servesDocuments) return undefined;
    const found: Doc[] = [];
    for (const id of ids) {
      const document = this.documents.get(id);
      if (document !== undefined) found.push(document);
    }
    return found;
  }

  /** A kept document by id (undefined when not stored, or documents are not served). */
  readonly documentOf = (id: string): Doc | undefined => (this.servesDocuments ? this.documents?.get(id) : undefined);

  /** Every stored document not deleted; undefined unless documents are kept and ready. */
  allDocuments(): Iterable<Doc> | undefined {
    return this.documents === null || !this.servesDocuments ? undefined : this.documents.values();
  }

  /** Resolves once the indexes hold every stored document. */
  ready(): Promise<void> {
    this.built ??= this.build().catch((error: unknown) => {
      // A failed build starts over with the next query.
      for (const { index } of this.all) index.clear();
      this.documents?.clear();
      this.touched.clear();
      this.state = 'idle';
      this.built = null;
      throw error;
    });
    return this.built;
  }

  close(): void {
    this.subscription.unsubscribe();
    this.documents?.clear();
  }

  private async build(): Promise<void> {
    this.state = 'building';
    const scanned = this.all.map((entry) => ({ ...entry, values: [] as { id: string; value: unknown }[] }));
    await this.scan((documents) => {
      for (const document of documents) {
        if (document._deleted) continue;
        // A document changed during the scan is already here, newer, from the change stream.
        if (this.documents !== null && !this.touched.has(this.idOf(document))) this.documents.set(this.idOf(document), document);
        for (const { valueOf, values } of scanned) {
          const value = valueOf(document);
          if (value !== undefined) values.push({ id: this.idOf(document), value });
        }
      }
    });
    // One sort per index; what changed during the scan came in from the change stream already.
    for (const { index, values } of scanned) index.load(values.filter(({ id }) => !this.touched.has(id)));
    this.touched.clear();
    this.state = 'ready';
  }

  private idOf(document: Doc): string {
    return String(document[this.primaryKey]);
  }
}
