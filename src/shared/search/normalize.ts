/**
 * Text normalisation for the knowledge-base search: accents and case are ignored, so "cobranc" finds
 * "Cobrança" and "ACAO" finds "ação". Tokens keep their offsets in the original text, so snippets can
 * highlight the words as written.
 */

/** Combining marks left after canonical decomposition (NFD): the accents, cedillas and tildes. */
const COMBINING_MARKS = /\p{M}/gu;
/** A word: letters and digits, marks included so a decomposed accent stays inside its word. */
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

/** Lower case without diacritics: `Cobrança` → `cobranca`. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase();
}

export interface Token {
  /** The folded word, as indexed and searched. */
  readonly term: string;
  /** Offsets of the word in the original text (UTF-16 code units), end exclusive. */
  readonly start: number;
  readonly end: number;
}

/** The longest term indexed; longer words (ids, hashes) are cut so one cannot blow up the dictionary. */
export const MAX_TERM_LENGTH = 40;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    const term = foldText(match[0]).slice(0, MAX_TERM_LENGTH);
    if (term !== '') tokens.push({ term, start: match.index, end: match.index + match[0].length });
  }
  return tokens;
}

/** The folded terms of `text`, in order (for queries and indexing, where offsets are not needed). */
export function terms(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(WORD)) {
    const term = foldText(match[0]).slice(0, MAX_TERM_LENGTH);
    if (term !== '') found.push(term);
  }
  return found;
}
