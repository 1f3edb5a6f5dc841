import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldText, MAX_TERM_LENGTH, terms } from '../../../../src/shared/search/normalize';
import { buildHighlights, SNIPPET_LENGTH } from '../../../../src/shared/search/snippet';

/** The plain definition the fast scanner must agree with: fold every word, keep those starting with a query word. */
function referenceMatches(text: string, queryTerms: readonly string[]): [number, number][] {
  return [...text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu)]
    .filter((match) => {
      const term = foldText(match[0]).slice(0, MAX_TERM_LENGTH);
      return queryTerms.some((query) => term.startsWith(query));
    })
    .map((match) => [match.index, match.index + match[0].length]);
}

const marked = (text: string, ranges: readonly (readonly [number, number])[]) => ranges.map(([start, end]) => text.slice(start, end));

// Accented letters precomposed and decomposed, a stray mark, an astral letter (𝐀) and digit-led words.
const PIECES = ['Cobrança', 'cobranc\u0327a', 'AÇÃO', 'ação', 'É', 'é', 'Água', 'agua', '\u0301a', '𝐀bc', 'x1', '123', 'São', 'café', 'CAFÉ', 'ok', 'e', 'c'];
const SEPARATORS = [' ', ', ', ' — ', '\n', '-', '.'];
const textOf = (minLength: number, maxLength: number) =>
  fc
    .array(fc.tuple(fc.constantFrom(...PIECES), fc.constantFrom(...SEPARATORS)), { minLength, maxLength })
    .map((parts) => parts.map(([piece, separator]) => piece + separator).join(''));
const text = textOf(1, 80);
/** Longer than a snippet: at least 60 pieces of 2+ characters. */
const longText = textOf(60, 160);
const query = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 3 }).map((words) => words.map((word) => word.slice(0, 1 + (word.length >> 1))).join(' '));

describe('buildHighlights', () => {
  it('highlights exactly the words that start with a query word, accents and case ignored', () => {
    fc.assert(
      fc.property(text, query, (value, typed) => {
        const queryTerms = terms(typed);
        fc.pre(queryTerms.length > 0);
        expect(buildHighlights(value, queryTerms, { whole: true }).highlights).toEqual(referenceMatches(value, queryTerms));
      }),
    );
  });

  it('cuts a long text around the first matching word, with that word highlighted', () => {
    fc.assert(
      fc.property(longText, query, (value, typed) => {
        const queryTerms = terms(typed);
        fc.pre(queryTerms.length > 0);
        expect(value.length).toBeGreaterThan(SNIPPET_LENGTH);
        const first = referenceMatches(value, queryTerms)[0];
        const snippet = buildHighlights(value, queryTerms, { whole: false });
        expect(snippet.text.length).toBeLessThanOrEqual(SNIPPET_LENGTH + 2);
        if (first === undefined) {
          expect(snippet.highlights).toEqual([]);
          expect(value.startsWith(snippet.text.replace(/…$/, ''))).toBe(true);
        } else {
          expect(marked(snippet.text, snippet.highlights)[0]).toBe(value.slice(first[0], first[1]));
        }
      }),
    );
  });

  it('finds a decomposed accent and a word deep in a long body', () => {
    const body = `${'Texto sem relação. '.repeat(40)}Sobre a cobranc\u0327a indevida e o reembolso.`;
    const snippet = buildHighlights(body, ['cobranca'], { whole: false });
    expect(marked(snippet.text, snippet.highlights)).toEqual(['cobranc\u0327a']);
    expect(snippet.text.startsWith('…')).toBe(true);
  });

  it('shows the start of the text when no word matches', () => {
    const body = 'Primeira frase do artigo. '.repeat(20);
    const snippet = buildHighlights(body, ['zebra'], { whole: false });
    expect(snippet.highlights).toEqual([]);
    expect(snippet.text.startsWith('Primeira frase')).toBe(true);
  });
});
