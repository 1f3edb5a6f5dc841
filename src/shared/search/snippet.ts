/**
 * Highlighted text for search results: which words of a title or passage matched the query (a word
 * matches when it starts with a query word, accents and case ignored). Offsets are in the returned text.
 */
import { foldText, MAX_TERM_LENGTH, WORD_SOURCE } from './normalize';

export interface HighlightedText {
  readonly text: string;
  /** `[start, end)` ranges of matched words in `text`, ascending, not overlapping. */
  readonly highlights: readonly (readonly [number, number])[];
}

/** Length of a snippet before it is cut at a word boundary. */
export const SNIPPET_LENGTH = 180;
/** Context kept before the first match. */
const LEAD = 50;
const ELLIPSIS = '…';

function matches(word: string, queryTerms: readonly string[]): boolean {
  const term = foldText(word).slice(0, MAX_TERM_LENGTH);
  return queryTerms.some((query) => term.startsWith(query));
}

/** A word (as the index reads words) starting exactly at `lastIndex`. */
const WORD_AT = new RegExp(WORD_SOURCE, 'uy');

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const MARK = /^\p{M}$/u;

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;
const isAsciiLetterOrDigit = (code: number): boolean => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

/** The code point ending just before `end`, as a string (one or two code units). */
function charEndingAt(text: string, end: number): string {
  const low = text.charCodeAt(end - 1);
  return end >= 2 && isLowSurrogate(low) && isHighSurrogate(text.charCodeAt(end - 2)) ? text.slice(end - 2, end) : text.charAt(end - 1);
}

/** Whether `at` is inside a word: a letter or digit comes before it, with nothing but marks in between (as words are read). */
function insideWord(text: string, at: number): boolean {
  let end = at;
  while (end > 0) {
    const code = text.charCodeAt(end - 1);
    if (code < 128) return isAsciiLetterOrDigit(code);
    const char = charEndingAt(text, end);
    if (!MARK.test(char)) return LETTER_OR_DIGIT.test(char);
    end -= char.length;
  }
  return false;
}

/**
 * Whether the word starting at `start` matches, judged from its first characters where they are
 * ASCII (they fold by lower-casing alone): 1 it matches, 0 it cannot, -1 a character outside ASCII
 * decides (the whole word has to be folded).
 */
function asciiVerdict(text: string, start: number, queryTerms: readonly string[]): 1 | 0 | -1 {
  let verdict: 0 | -1 = 0;
  for (const query of queryTerms) {
    let agrees = true;
    for (let at = 0; at < query.length; at += 1) {
      const code = text.charCodeAt(start + at);
      if (code >= 128) {
        verdict = -1;
        agrees = false;
        break;
      }
      // NaN past the end compares unequal, as it should.
      if ((code >= 65 && code <= 90 ? code + 32 : code) !== query.charCodeAt(at)) {
        agrees = false;
        break;
      }
    }
    if (agrees) return 1;
  }
  return verdict;
}

/**
 * The `[start, end)` ranges of the words of `text` that match a query word (only the first with
 * `firstOnly`). Visits characters, not words: a word starting with an ASCII character folds to a term
 * starting with that character in lower case, so only word starts whose first character agrees with
 * some query word's, or lies outside ASCII, are looked at, and most of those are settled without
 * folding (asciiVerdict). A long body costs a scan of its characters, not a fold of each of its words.
 */
function matchingWords(text: string, queryTerms: readonly string[], firstOnly: boolean): [number, number][] {
  const ranges: [number, number][] = [];
  const firsts = new Uint8Array(128);
  for (const query of queryTerms) {
    const code = query.charCodeAt(0);
    if (code < 128) {
      firsts[code] = 1;
      if (code >= 97 && code <= 122) firsts[code - 32] = 1;
    }
  }
  for (let at = 0; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    if (code < 128 ? firsts[code] !== 1 : isLowSurrogate(code)) continue;
    if (insideWord(text, at)) continue;
    const verdict = asciiVerdict(text, at, queryTerms);
    if (verdict === 0) continue;
    WORD_AT.lastIndex = at;
    const word = WORD_AT.exec(text)?.[0];
    if (word === undefined || (verdict === -1 && !matches(word, queryTerms))) continue;
    ranges.push([at, at + word.length]);
    if (firstOnly) break;
    at += word.length - 1;
  }
  return ranges;
}

function highlightsIn(text: string, queryTerms: readonly string[], shift = 0): [number, number][] {
  return matchingWords(text, queryTerms, false).map(([start, end]) => [start + shift, end + shift]);
}

/**
 * `whole`: the entire text with its matches (titles). Otherwise a passage of about SNIPPET_LENGTH
 * characters around the first match (the start of the text when nothing matches), cut at spaces.
 */
export function buildHighlights(text: string, queryTerms: readonly string[], options: { readonly whole: boolean }): HighlightedText {
  if (options.whole || text.length <= SNIPPET_LENGTH) return { text, highlights: highlightsIn(text, queryTerms) };
  const firstMatch = matchingWords(text, queryTerms, true)[0]?.[0] ?? 0;
  let start = Math.max(0, firstMatch - LEAD);
  if (start > 0) {
    const space = text.indexOf(' ', start);
    start = space === -1 || space >= firstMatch ? start : space + 1;
  }
  let end = Math.min(text.length, start + SNIPPET_LENGTH);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > firstMatch) end = space;
  }
  const prefix = start > 0 ? ELLIPSIS : '';
  const passage = text.slice(start, end).trim();
  const suffix = end < text.length ? ELLIPSIS : '';
  return { text: prefix + passage + suffix, highlights: highlightsIn(passage, queryTerms, prefix.length) };
}
