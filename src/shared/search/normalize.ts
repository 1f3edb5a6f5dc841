/**
 * Text normalisation for the knowledge-base search: accents and case are ignored, so "cobranc" finds
 * "Cobrança" and "ACAO" finds "ação". Snippets find the words as written in the original text
 * (snippet.ts), so only queries and the index work on folded text.
 */

/** Combining marks left after canonical decomposition (NFD): the accents, cedillas and tildes. */
const COMBINING_MARKS = /\p{M}/gu;
/** A word: letters and digits, marks included so a decomposed accent stays inside its word. */
export const WORD_SOURCE = String.raw`[\p{L}\p{N}][\p{L}\p{N}\p{M}]*`;
const WORD = new RegExp(WORD_SOURCE, 'gu');

/** Any character outside ASCII: text without one folds by lower-casing alone (the common case, and much cheaper). */
const NON_ASCII = /[^\p{ASCII}]/u;

/** Lower case without diacritics: `Cobrança` → `cobranca`. */
export function foldText(text: string): string {
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase();
}

/** The longest term indexed; longer words (ids, hashes) are cut so one cannot blow up the dictionary. */
export const MAX_TERM_LENGTH = 40;

/** The folded terms of `text`, in order. */
export function terms(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(WORD)) {
    const term = foldText(match[0]).slice(0, MAX_TERM_LENGTH);
    if (term !== '') found.push(term);
  }
  return found;
}
