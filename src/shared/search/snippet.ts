/**
 * Highlighted text for search results: which words of a title or passage matched the query (a word
 * matches when it starts with a query word, accents and case ignored). Offsets are in the returned text.
 */
import { foldText, MAX_TERM_LENGTH, tokenize } from './normalize';

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
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

function matches(word: string, queryTerms: readonly string[]): boolean {
  const term = foldText(word).slice(0, MAX_TERM_LENGTH);
  return queryTerms.some((query) => term.startsWith(query));
}

function highlightsIn(text: string, queryTerms: readonly string[], shift = 0): [number, number][] {
  return tokenize(text)
    .filter((token) => queryTerms.some((query) => token.term.startsWith(query)))
    .map((token) => [token.start + shift, token.end + shift]);
}

/**
 * `whole`: the entire text with its matches (titles). Otherwise a passage of about SNIPPET_LENGTH
 * characters around the first match (the start of the text when nothing matches), cut at spaces.
 */
export function buildHighlights(text: string, queryTerms: readonly string[], options: { readonly whole: boolean }): HighlightedText {
  if (options.whole || text.length <= SNIPPET_LENGTH) return { text, highlights: highlightsIn(text, queryTerms) };
  let firstMatch = 0;
  for (const match of text.matchAll(WORD)) {
    if (matches(match[0], queryTerms)) {
      firstMatch = match.index;
      break;
    }
  }
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
