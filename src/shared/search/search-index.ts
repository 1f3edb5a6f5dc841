/**
 * Full-text typeahead index for the knowledge base, kept in memory (in the renderer it lives in a Web
 * Worker) and updated one document at a time as articles replicate.
 *
 * - An inverted index: per folded term, a posting list of internal document numbers (ascending) with
 *   the term's frequency in each field packed into one small integer.
 * - A sorted term dictionary, so every query word matches as a prefix with two binary searches.
 * - A sorted list of folded titles, so a document whose title starts with the query is always a candidate
 *   (and ranks first), however many words share the prefix.
 * - BM25F scoring: per-field frequencies, weighted by field and normalised by field length.
 *
 * An upsert takes a fresh internal number, so posting lists stay sorted by appending; a removal
 * splices the document out everywhere, leaving nothing behind (no tombstones to compact). Per-document data lives in arrays indexed by that number, and a search keeps its running
 * scores in reusable typed arrays (stamped per query step instead of cleared), so a keystroke allocates
 * little and touches no hash map in its inner loops.
 */
import { buildHighlights, type HighlightedText } from './snippet';
import { terms } from './normalize';

export const SEARCH_FIELDS = ['title', 'tags', 'summary', 'body'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

export interface SearchDocument {
  readonly id: string;
  readonly fields: Readonly<Record<SearchField, string>>;
  /** Exact-match attributes a search can filter by or prefer (language, category, status…). */
  readonly facets: Readonly<Record<string, string>>;
}

export interface SearchOptions {
  /** Maximum hits; 20 by default. */
  readonly limit?: number;
  /** Only documents whose facet equals the value (or one of the values). */
  readonly filter?: Readonly<Record<string, string | readonly string[]>>;
  /** Documents whose facet equals the value score higher (e.g. the agent's language first). */
  readonly prefer?: Readonly<Record<string, string>>;
}

export interface SearchHit {
  readonly id: string;
  readonly score: number;
  readonly title: HighlightedText;
  /** A passage of the summary or body around the first match, matches highlighted. */
  readonly snippet: HighlightedText;
}

export interface SearchIndexStats {
  readonly documents: number;
  readonly terms: number;
  readonly postings: number;
}

/** How much a match in each field counts, relative to the body. */
const FIELD_BOOST: readonly number[] = SEARCH_FIELDS.map((field) => ({ title: 3, tags: 2, summary: 1.5, body: 1 })[field]);
const FIELD_COUNT = SEARCH_FIELDS.length;
const K1 = 1.2;
const B = 0.75;
/** A word the query only starts counts less than the whole word, less the more is missing. */
const PREFIX_WEIGHT = 0.7;
/** Expansions of a query prefix that are scored (the most frequent ones); the title list covers the rest. */
const MAX_EXPANSIONS = 64;
/** Added to documents whose title starts with the whole query: what the typist is most likely after. */
const TITLE_PREFIX_BONUS = 1000;
const PREFERRED_FACTOR = 1.25;
/** Field frequencies are packed 7 bits per field into one integer (4 fields × 7 bits: a small int, bit operations apply). */
const TF_BITS = 7;
const TF_MAX = (1 << TF_BITS) - 1;
const DEFAULT_LIMIT = 20;
/** A later query word looks its candidates up in the posting lists (binary search) when that is this much cheaper than a scan. */
const LOOKUP_COST = 16;
/** Stamps restart from zero beyond this (far below 2^31, so one search's steps never overflow). */
const STAMP_LIMIT = 0x3fff0000;

interface Posting {
  /** Internal document numbers, ascending. */
  readonly docs: number[];
  /** Packed field frequencies, parallel to `docs`. */
  readonly frequencies: number[];
}

interface Expansion {
  readonly posting: Posting;
  /** 1 for the query word itself, less for longer words it is a prefix of. */
  readonly weight: number;
}

interface StoredDocument {
  readonly id: string;
  readonly number: number;
  /** Every distinct term of the document: what a removal has to visit. */
  readonly terms: readonly string[];
  readonly lengths: readonly number[];
  readonly facets: Readonly<Record<string, string>>;
  readonly title: string;
  /** The title's terms joined by single spaces, the key of the title list. */
  readonly titleKey: string;
  readonly snippetSource: string;
}

interface Ranked {
  readonly stored: StoredDocument;
  readonly score: number;
}

/** First index in `sorted` whose value is not less than `value` (code-unit order, as Array#sort). */
function lowerBound(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as string) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Position of `value` in the ascending `sorted`, or -1. */
function findNumber(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return sorted[low] === value ? low : -1;
}

/** BM25F saturation of one posting entry (a term's packed field frequencies in one document), before the expansion's weight and idf. */
function saturated(fieldWeights: Float64Array, number: number, packed: number): number {
  const base = number * FIELD_COUNT;
  let weighted = 0;
  for (let field = 0; field < FIELD_COUNT; field += 1) {
    const frequency = (packed >>> (TF_BITS * field)) & TF_MAX;
    if (frequency !== 0) weighted += frequency * (fieldWeights[base + field] as number);
  }
  return (weighted * (K1 + 1)) / (weighted + K1);
}

function frequencyOf(packed: number, field: number): number {
  return (packed >>> (TF_BITS * field)) & TF_MAX;
}

/** The filter as a list of checks, built once per search instead of once per candidate. */
function compileFilter(filter: SearchOptions['filter']): readonly (readonly [string, readonly string[]])[] {
  if (filter === undefined) return [];
  return Object.entries(filter).map(([name, wanted]) => [name, typeof wanted === 'string' ? [wanted] : wanted] as const);
}

function passes(facets: Readonly<Record<string, string>>, checks: readonly (readonly [string, readonly string[]])[]): boolean {
  for (const [name, wanted] of checks) {
    const value = facets[name];
    if (value === undefined || !wanted.includes(value)) return false;
  }
  return true;
}

const better = (a: Ranked, b: Ranked): boolean =>
  a.score !== b.score ? a.score > b.score : a.stored.titleKey !== b.stored.titleKey ? a.stored.titleKey < b.stored.titleKey : a.stored.id < b.stored.id;

export class SearchIndex {
  private readonly numbers = new Map<string, number>();
  /** Stored documents by internal number; removed numbers leave a hole (numbers are never reused). */
  private readonly byNumber: (StoredDocument | undefined)[] = [];
  private documentCount = 0;
  private readonly postings = new Map<string, Posting>();
  /** Every indexed term, sorted. */
  private dictionary: string[] = [];
  /** Title keys, sorted, each with its document number (`key\u0000number` keeps them unique). */
  private titleKeys: string[] = [];
  private readonly lengthTotals = SEARCH_FIELDS.map(() => 0);
  private nextNumber = 0;

  /** Per document and field (`number * FIELD_COUNT + field`): boost / BM25 length norm. Rebuilt lazily after changes. */
  private fieldWeights = new Float64Array(0);
  private fieldWeightsStale = true;
  /** Running scores of a search: valid where `stampOf[number]` is the step's stamp (so nothing is cleared between steps). */
  private scoreOf = new Float64Array(0);
  private stampOf = new Int32Array(0);
  private termScoreOf = new Float64Array(0);
  private termStampOf = new Int32Array(0);
  private stamp = 0;

  get size(): number {
    return this.documentCount;
  }

  has(id: string): boolean {
    return this.numbers.has(id);
  }

  /** Adds many documents at once (the first load): the dictionary is sorted once at the end. */
  addAll(documents: Iterable<SearchDocument>): void {
    const newTerms: string[] = [];
    const newTitles: string[] = [];
    // The last version of each id wins; ids already indexed are removed first (their terms are in the dictionary).
    const latest = new Map<string, SearchDocument>();
    for (const document of documents) latest.set(document.id, document);
    for (const document of latest.values()) {
      this.remove(document.id);
      this.insert(document, newTerms, newTitles);
    }
    this.dictionary = this.dictionary.concat(newTerms).sort();
    this.titleKeys = this.titleKeys.concat(newTitles).sort();
  }

  /** Adds a document or replaces the one with the same id. */
  upsert(document: SearchDocument): void {
    this.remove(document.id);
    const newTerms: string[] = [];
    const newTitles: string[] = [];
    this.insert(document, newTerms, newTitles);
    for (const term of newTerms) this.dictionary.splice(lowerBound(this.dictionary, term), 0, term);
    for (const key of newTitles) this.titleKeys.splice(lowerBound(this.titleKeys, key), 0, key);
  }

  /** Removes a document; a no-op for an unknown id. */
  remove(id: string): boolean {
    const number = this.numbers.get(id);
    if (number === undefined) return false;
    const stored = this.byNumber[number];
    if (stored === undefined) return false;
    for (const term of stored.terms) {
      const posting = this.postings.get(term);
      if (posting === undefined) continue;
      const at = findNumber(posting.docs, number);
      if (at === -1) continue;
      posting.docs.splice(at, 1);
      posting.frequencies.splice(at, 1);
      if (posting.docs.length === 0) {
        this.postings.delete(term);
        const position = lowerBound(this.dictionary, term);
        if (this.dictionary[position] === term) this.dictionary.splice(position, 1);
      }
    }
    const titleEntry = titleEntryOf(stored);
    const titleAt = lowerBound(this.titleKeys, titleEntry);
    if (this.titleKeys[titleAt] === titleEntry) this.titleKeys.splice(titleAt, 1);
    stored.lengths.forEach((length, field) => {
      this.lengthTotals[field] = (this.lengthTotals[field] ?? 0) - length;
    });
    this.byNumber[number] = undefined;
    this.documentCount -= 1;
    this.numbers.delete(id);
    this.fieldWeightsStale = true;
    return true;
  }

  stats(): SearchIndexStats {
    let postings = 0;
    for (const posting of this.postings.values()) postings += posting.docs.length;
    return { documents: this.documentCount, terms: this.dictionary.length, postings };
  }

  /** The sorted term dictionary (for tests and diagnostics). */
  terms(): readonly string[] {
    return this.dictionary;
  }

  search(query: string, options: SearchOptions = {}): SearchHit[] {
    const queryTerms = [...new Set(terms(query))];
    if (queryTerms.length === 0 || this.documentCount === 0) return [];
    const limit = options.limit ?? DEFAULT_LIMIT;
    this.prepareScoring();

    const perTerm = queryTerms.map((term) => this.expansions(term));
    // The most selective word first: the others then only score documents already in the running.
    perTerm.sort((a, b) => a.estimatedDocs - b.estimatedDocs);
    let candidates: number[] | null = null;
    for (const { expansions } of perTerm) candidates = this.scoreTerm(expansions, candidates);

    const ranked = candidates ?? [];
    this.addTitlePrefixBonus(terms(query).join(' '), ranked);
    return this.rank(ranked, options, limit).map(({ stored, score }) => ({
      id: stored.id,
      score,
      title: buildHighlights(stored.title, queryTerms, { whole: true }),
      snippet: buildHighlights(stored.snippetSource, queryTerms, { whole: false }),
    }));
  }

  private insert(document: SearchDocument, newTerms: string[], newTitles: string[]): void {
    const number = this.nextNumber;
    this.nextNumber += 1;
    const frequencies = new Map<string, number>();
    const lengths = SEARCH_FIELDS.map((field, fieldIndex) => {
      const fieldTerms = terms(document.fields[field]);
      const unit = 1 << (TF_BITS * fieldIndex);
      for (const term of fieldTerms) {
        const packed = frequencies.get(term) ?? 0;
        if (frequencyOf(packed, fieldIndex) < TF_MAX) frequencies.set(term, packed + unit);
      }
      return fieldTerms.length;
    });
    for (const [term, packed] of frequencies) {
      let posting = this.postings.get(term);
      if (posting === undefined) {
        posting = { docs: [], frequencies: [] };
        this.postings.set(term, posting);
        newTerms.push(term);
      }
      posting.docs.push(number);
      posting.frequencies.push(packed);
    }
    lengths.forEach((length, field) => {
      this.lengthTotals[field] = (this.lengthTotals[field] ?? 0) + length;
    });
    const stored: StoredDocument = {
      id: document.id,
      number,
      terms: [...frequencies.keys()],
      lengths,
      facets: { ...document.facets },
      title: document.fields.title,
      titleKey: terms(document.fields.title).join(' '),
      snippetSource: [document.fields.summary, document.fields.body].filter((text) => text.trim() !== '').join(' — '),
    };
    this.byNumber[number] = stored;
    this.documentCount += 1;
    this.numbers.set(document.id, number);
    this.fieldWeightsStale = true;
    newTitles.push(titleEntryOf(stored));
  }

  /**
   * Sizes the scratch arrays to the document numbers and, after changes, recomputes each document's
   * field weights (the length norms depend on the average field lengths, which every change moves).
   */
  private prepareScoring(): void {
    const capacity = this.nextNumber;
    if (this.stampOf.length < capacity) {
      const size = Math.max(capacity, this.stampOf.length * 2, 64);
      this.scoreOf = new Float64Array(size);
      this.stampOf = new Int32Array(size);
      this.termScoreOf = new Float64Array(size);
      this.termStampOf = new Int32Array(size);
      this.stamp = 0;
    } else if (this.stamp > STAMP_LIMIT) {
      // Between searches only, so no search sees a mark vanish.
      this.stampOf.fill(0);
      this.termStampOf.fill(0);
      this.stamp = 0;
    }
    if (!this.fieldWeightsStale && this.fieldWeights.length >= capacity * FIELD_COUNT) return;
    if (this.fieldWeights.length < capacity * FIELD_COUNT) this.fieldWeights = new Float64Array(Math.max(capacity, 64) * 2 * FIELD_COUNT);
    const averages = this.lengthTotals.map((sum) => Math.max(sum / this.documentCount, 1));
    for (let number = 0; number < capacity; number += 1) {
      const stored = this.byNumber[number];
      if (stored === undefined) continue;
      for (let field = 0; field < FIELD_COUNT; field += 1) {
        const norm = 1 - B + (B * (stored.lengths[field] ?? 0)) / (averages[field] ?? 1);
        this.fieldWeights[number * FIELD_COUNT + field] = (FIELD_BOOST[field] ?? 1) / norm;
      }
    }
    this.fieldWeightsStale = false;
  }

  /** A fresh stamp: marks written with older ones no longer count. */
  private nextStamp(): number {
    this.stamp += 1;
    return this.stamp;
  }

  /** Dictionary terms starting with `prefix`, the most frequent first, at most MAX_EXPANSIONS (the exact word always kept). */
  private expansions(prefix: string): { expansions: Expansion[]; estimatedDocs: number } {
    const found: Expansion[] = [];
    for (let at = lowerBound(this.dictionary, prefix); at < this.dictionary.length; at += 1) {
      const term = this.dictionary[at] as string;
      if (!term.startsWith(prefix)) break;
      const posting = this.postings.get(term);
      if (posting !== undefined) found.push({ posting, weight: term === prefix ? 1 : PREFIX_WEIGHT * (prefix.length / term.length) });
    }
    if (found.length > MAX_EXPANSIONS) {
      found.sort((a, b) => b.weight - a.weight || b.posting.docs.length - a.posting.docs.length);
      const exact = found[0]?.weight === 1 ? found.slice(0, 1) : [];
      const rest = found.slice(exact.length).sort((a, b) => b.posting.docs.length - a.posting.docs.length);
      found.splice(0, found.length, ...exact, ...rest.slice(0, MAX_EXPANSIONS - exact.length));
    }
    return { expansions: found, estimatedDocs: found.reduce((sum, item) => sum + item.posting.docs.length, 0) };
  }

  /**
   * Scores one query word in each document it occurs in (its best expansion counts), limited to
   * `within` when earlier words already narrowed the candidates; documents without the word drop out.
   * Returns the candidates; their running totals are in `scoreOf`, stamped with the current stamp.
   */
  private scoreTerm(expansions: readonly Expansion[], within: readonly number[] | null): number[] {
    const total = this.documentCount;
    const previous = this.stamp;
    const stamp = this.nextStamp();
    const { fieldWeights, scoreOf, stampOf, termScoreOf, termStampOf } = this;
    const found: number[] = [];
    let scanned = 0;
    for (const { posting } of expansions) scanned += posting.docs.length;
    // Few candidates left: look each up in the posting lists (binary search) instead of reading them whole.
    const lookUps = within !== null && within.length * expansions.length * LOOKUP_COST < scanned ? within : null;

    for (const { posting, weight } of expansions) {
      const { docs, frequencies } = posting;
      const factor = weight * Math.log(1 + (total - docs.length + 0.5) / (docs.length + 0.5));
      const entries = lookUps === null ? docs.length : lookUps.length;
      for (let at = 0; at < entries; at += 1) {
        let number: number;
        let entry: number;
        if (lookUps !== null) {
          number = lookUps[at] as number;
          entry = findNumber(docs, number);
          if (entry === -1) continue;
        } else {
          number = docs[entry = at] as number;
          if (within !== null && stampOf[number] !== previous) continue;
        }
        const score = factor * saturated(fieldWeights, number, frequencies[entry] as number);
        if (within === null) {
          // The first word: the running total is this word's best score.
          if (stampOf[number] !== stamp) {
            stampOf[number] = stamp;
            scoreOf[number] = score;
            found.push(number);
          } else if (score > (scoreOf[number] as number)) scoreOf[number] = score;
        } else if (termStampOf[number] !== stamp) {
          termStampOf[number] = stamp;
          termScoreOf[number] = score;
          found.push(number);
        } else if (score > (termScoreOf[number] as number)) termScoreOf[number] = score;
      }
    }
    if (within !== null) {
      for (const number of found) {
        scoreOf[number] = (scoreOf[number] as number) + (termScoreOf[number] as number);
        stampOf[number] = stamp;
      }
    }
    return found;
  }

  /** Documents whose title starts with the whole query join the candidates (if not in already) with a bonus. */
  private addTitlePrefixBonus(prefix: string, candidates: number[]): void {
    const stamp = this.stamp;
    for (let at = lowerBound(this.titleKeys, prefix); at < this.titleKeys.length; at += 1) {
      const entry = this.titleKeys[at] as string;
      if (!entry.startsWith(prefix)) break;
      const number = Number(entry.slice(entry.lastIndexOf('\u0000') + 1));
      if (this.stampOf[number] === stamp) {
        this.scoreOf[number] = (this.scoreOf[number] as number) + TITLE_PREFIX_BONUS;
      } else {
        this.stampOf[number] = stamp;
        this.scoreOf[number] = TITLE_PREFIX_BONUS;
        candidates.push(number);
      }
    }
  }

  /** The best `limit` candidates passing the filter, best first (ties: title, then id). */
  private rank(candidates: readonly number[], options: SearchOptions, limit: number): Ranked[] {
    const top: Ranked[] = [];
    if (limit <= 0) return top;
    const checks = compileFilter(options.filter);
    const preferred = Object.entries(options.prefer ?? {});
    for (const number of candidates) {
      let score = this.scoreOf[number] as number;
      if (top.length === limit) {
        // Full, and not even tied with the last however preferred: out, before any lookup or allocation.
        // (Multiplied as below, so rounding cannot make the bound smaller than a real score.)
        let bound = score;
        for (let times = 0; times < preferred.length; times += 1) bound *= PREFERRED_FACTOR;
        if (bound < (top[limit - 1] as Ranked).score) continue;
      }
      const stored = this.byNumber[number];
      if (stored === undefined || !passes(stored.facets, checks)) continue;
      for (const [name, value] of preferred) if (stored.facets[name] === value) score *= PREFERRED_FACTOR;
      if (top.length === limit && score < (top[limit - 1] as Ranked).score) continue;
      const entry = { stored, score };
      if (top.length === limit && !better(entry, top[limit - 1] as Ranked)) continue;
      let at = top.length;
      while (at > 0 && better(entry, top[at - 1] as Ranked)) at -= 1;
      top.splice(at, 0, entry);
      if (top.length > limit) top.pop();
    }
    return top;
  }
}

function titleEntryOf(stored: Pick<StoredDocument, 'titleKey' | 'number'>): string {
  return `${stored.titleKey}\u0000${String(stored.number)}`;
}
