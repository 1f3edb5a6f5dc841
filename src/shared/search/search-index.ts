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
 * splices the document out everywhere, leaving nothing behind (no tombstones to compact).
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
const FIELD_BOOST: Readonly<Record<SearchField, number>> = { title: 3, tags: 2, summary: 1.5, body: 1 };
const K1 = 1.2;
const B = 0.75;
/** A word the query only starts counts less than the whole word, less the more is missing. */
const PREFIX_WEIGHT = 0.7;
/** Expansions of a query prefix that are scored (the most frequent ones); the title list covers the rest. */
const MAX_EXPANSIONS = 64;
/** Added to documents whose title starts with the whole query: what the typist is most likely after. */
const TITLE_PREFIX_BONUS = 1000;
const PREFERRED_FACTOR = 1.25;
/** Field frequencies are packed 7 bits per field into one integer (4 fields × 7 bits stay a small int). */
const TF_BITS = 7;
const TF_MAX = (1 << TF_BITS) - 1;
const DEFAULT_LIMIT = 20;

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

function lowerBoundNumber(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

function frequencyOf(packed: number, field: number): number {
  return Math.floor(packed / 2 ** (TF_BITS * field)) & TF_MAX;
}

function matchesFilter(facets: Readonly<Record<string, string>>, filter: SearchOptions['filter']): boolean {
  if (filter === undefined) return true;
  for (const [name, wanted] of Object.entries(filter)) {
    const value = facets[name];
    if (value === undefined) return false;
    if (typeof wanted === 'string' ? value !== wanted : !wanted.includes(value)) return false;
  }
  return true;
}

export class SearchIndex {
  private readonly numbers = new Map<string, number>();
  private readonly documents = new Map<number, StoredDocument>();
  private readonly postings = new Map<string, Posting>();
  /** Every indexed term, sorted. */
  private dictionary: string[] = [];
  /** Title keys, sorted, each with its document number (`key\u0000number` keeps them unique). */
  private titleKeys: string[] = [];
  private readonly lengthTotals = SEARCH_FIELDS.map(() => 0);
  private nextNumber = 0;

  get size(): number {
    return this.documents.size;
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
    const stored = this.documents.get(number);
    if (stored === undefined) return false;
    for (const term of stored.terms) {
      const posting = this.postings.get(term);
      if (posting === undefined) continue;
      const at = lowerBoundNumber(posting.docs, number);
      if (posting.docs[at] !== number) continue;
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
    this.documents.delete(number);
    this.numbers.delete(id);
    return true;
  }

  stats(): SearchIndexStats {
    let postings = 0;
    for (const posting of this.postings.values()) postings += posting.docs.length;
    return { documents: this.documents.size, terms: this.dictionary.length, postings };
  }

  /** The sorted term dictionary (for tests and diagnostics). */
  terms(): readonly string[] {
    return this.dictionary;
  }

  search(query: string, options: SearchOptions = {}): SearchHit[] {
    const queryTerms = [...new Set(terms(query))];
    if (queryTerms.length === 0 || this.documents.size === 0) return [];
    const limit = options.limit ?? DEFAULT_LIMIT;

    const perTerm = queryTerms.map((term) => this.expansions(term));
    // The most selective word first: the others then only score documents already in the running.
    perTerm.sort((a, b) => a.estimatedDocs - b.estimatedDocs);
    let scores: Map<number, number> | null = null;
    for (const { expansions } of perTerm) scores = this.scoreTerm(expansions, scores);

    const candidates = scores ?? new Map<number, number>();
    this.addTitlePrefixBonus(terms(query).join(' '), candidates);
    return this.rank(candidates, options, limit).map(({ stored, score }) => ({
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
      const unit = 2 ** (TF_BITS * fieldIndex);
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
    this.documents.set(number, stored);
    this.numbers.set(document.id, number);
    newTitles.push(titleEntryOf(stored));
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
   * BM25F score of one query word in each document it occurs in (its best expansion counts), limited to
   * `within` when earlier words already narrowed the candidates; documents without the word drop out.
   */
  private scoreTerm(expansions: readonly Expansion[], within: Map<number, number> | null): Map<number, number> {
    const total = this.documents.size;
    const averages = this.lengthTotals.map((sum) => Math.max(sum / total, 1));
    const best = new Map<number, number>();
    for (const { posting, weight } of expansions) {
      const documentFrequency = posting.docs.length;
      const idf = Math.log(1 + (total - documentFrequency + 0.5) / (documentFrequency + 0.5));
      for (let at = 0; at < posting.docs.length; at += 1) {
        const number = posting.docs[at] as number;
        if (within !== null && !within.has(number)) continue;
        const stored = this.documents.get(number);
        if (stored === undefined) continue;
        const packed = posting.frequencies[at] as number;
        let weighted = 0;
        for (let field = 0; field < SEARCH_FIELDS.length; field += 1) {
          const frequency = frequencyOf(packed, field);
          if (frequency === 0) continue;
          const boost = FIELD_BOOST[SEARCH_FIELDS[field] as SearchField];
          const norm = 1 - B + (B * (stored.lengths[field] ?? 0)) / (averages[field] ?? 1);
          weighted += (boost * frequency) / norm;
        }
        const score = weight * idf * ((weighted * (K1 + 1)) / (weighted + K1));
        if (score > (best.get(number) ?? 0)) best.set(number, score);
      }
    }
    if (within === null) return best;
    const combined = new Map<number, number>();
    for (const [number, score] of best) combined.set(number, (within.get(number) ?? 0) + score);
    return combined;
  }

  private addTitlePrefixBonus(prefix: string, candidates: Map<number, number>): void {
    for (let at = lowerBound(this.titleKeys, prefix); at < this.titleKeys.length; at += 1) {
      const entry = this.titleKeys[at] as string;
      if (!entry.startsWith(prefix)) break;
      const number = Number(entry.slice(entry.lastIndexOf('\u0000') + 1));
      candidates.set(number, (candidates.get(number) ?? 0) + TITLE_PREFIX_BONUS);
    }
  }

  /** The best `limit` candidates passing the filter, best first (ties: title, then id). */
  private rank(candidates: Map<number, number>, options: SearchOptions, limit: number): { stored: StoredDocument; score: number }[] {
    const top: { stored: StoredDocument; score: number }[] = [];
    const better = (a: { stored: StoredDocument; score: number }, b: { stored: StoredDocument; score: number }) =>
      a.score !== b.score ? a.score > b.score : a.stored.titleKey !== b.stored.titleKey ? a.stored.titleKey < b.stored.titleKey : a.stored.id < b.stored.id;
    for (const [number, base] of candidates) {
      const stored = this.documents.get(number);
      if (stored === undefined || !matchesFilter(stored.facets, options.filter)) continue;
      let score = base;
      if (options.prefer !== undefined) {
        for (const [name, value] of Object.entries(options.prefer)) if (stored.facets[name] === value) score *= PREFERRED_FACTOR;
      }
      const entry = { stored, score };
      if (top.length === limit && !better(entry, top[top.length - 1] as (typeof top)[number])) continue;
      let at = top.length;
      while (at > 0 && better(entry, top[at - 1] as (typeof top)[number])) at -= 1;
      top.splice(at, 0, entry);
      if (top.length > limit) top.pop();
    }
    return top;
  }
}

function titleEntryOf(stored: Pick<StoredDocument, 'titleKey' | 'number'>): string {
  return `${stored.titleKey}\u0000${String(stored.number)}`;
}
