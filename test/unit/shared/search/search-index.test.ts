import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldText, terms } from '../../../../src/shared/search/normalize';
import { SearchIndex, type SearchDocument } from '../../../../src/shared/search/search-index';

function doc(id: string, title: string, body = '', extra: Partial<SearchDocument['fields']> = {}, facets: Record<string, string> = {}): SearchDocument {
  return { id, fields: { title, tags: '', summary: '', body, ...extra }, facets };
}

function indexOf(documents: readonly SearchDocument[]): SearchIndex {
  const index = new SearchIndex();
  index.addAll(documents);
  return index;
}

const WORDS = ['cobrança', 'Cobrar', 'fatura', 'ação', 'acao', 'reembolso', 'refund', 'conta', 'bloqueio', 'entrega', 'café', 'São', 'Paulo', 'pix', 'boleto', 'x1', 'ÉPICO'];
const word = fc.constantFrom(...WORDS);
const text = fc.array(word, { minLength: 1, maxLength: 8 }).map((parts) => parts.join(' '));
const documentArbitrary = (id: string) => fc.record({ title: text, body: text, summary: fc.oneof(fc.constant(''), text) }).map(({ title, body, summary }) => doc(id, title, body, { summary }));
const corpus = fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 25 }).chain((ids) => fc.tuple(...ids.map((id) => documentArbitrary(`d${String(id)}`))));

describe('normalisation', () => {
  it('ignores accents and case (Portuguese)', () => {
    expect(foldText('Cobrança AÇÃO São')).toBe('cobranca acao sao');
    expect(terms('Não-recebido: pedido #123')).toEqual(['nao', 'recebido', 'pedido', '123']);
  });
});

describe('SearchIndex', () => {
  it('finds a word by a prefix typed without accents, and highlights the word as written', () => {
    const index = indexOf([doc('a', 'Como explicar uma cobrança duplicada', 'A cobrança aparece duas vezes.'), doc('b', 'Prazos de reembolso')]);
    const [hit, ...rest] = index.search('cobranc');
    expect(hit?.id).toBe('a');
    expect(rest).toEqual([]);
    expect(hit?.title.highlights).toEqual([[18, 26]]);
    const snippet = hit?.snippet;
    expect(snippet?.highlights.map(([start, end]) => snippet.text.slice(start, end))).toEqual(['cobrança']);
  });

  it('requires every query word, the last one as a prefix', () => {
    const index = indexOf([doc('a', 'Conta bloqueada'), doc('b', 'Conta de luz'), doc('c', 'Bloqueio de cartão')]);
    expect(index.search('conta bloq').map((hit) => hit.id)).toEqual(['a']);
    expect(index.search('bloq').map((hit) => hit.id).sort()).toEqual(['a', 'c']);
  });

  it('ranks a title match above the same word in the body', () => {
    const index = indexOf([doc('body', 'Prazos', 'Como pedir reembolso pelo aplicativo'), doc('title', 'Reembolso no cartão', 'Prazos e formas')]);
    expect(index.search('reembolso').map((hit) => hit.id)).toEqual(['title', 'body']);
  });

  it('filters by facet and prefers a facet value', () => {
    const index = indexOf([doc('en', 'Refund times', '', {}, { language: 'en', status: 'published' }), doc('pt', 'Refund (Pix)', '', {}, { language: 'pt-BR', status: 'published' }), doc('draft', 'Refund draft', '', {}, { language: 'en', status: 'draft' })]);
    expect(index.search('refund', { filter: { status: 'published' } }).map((hit) => hit.id).sort()).toEqual(['en', 'pt']);
    expect(index.search('refund', { filter: { status: 'published' }, prefer: { language: 'pt-BR' } })[0]?.id).toBe('pt');
    expect(index.search('refund', { filter: { language: ['en'] }, limit: 1 })).toHaveLength(1);
  });

  it('replaces a document on upsert: its old words no longer find it', () => {
    const index = indexOf([doc('a', 'Boleto vencido')]);
    index.upsert(doc('a', 'Pix devolvido'));
    expect(index.search('boleto')).toEqual([]);
    expect(index.search('pix').map((hit) => hit.id)).toEqual(['a']);
    expect(index.size).toBe(1);
  });

  it('upserting then removing a document leaves no trace', () => {
    fc.assert(
      fc.property(corpus, documentArbitrary('extra'), fc.array(text, { minLength: 1, maxLength: 5 }), (documents, extra, queries) => {
        const before = indexOf(documents);
        const expected = { stats: before.stats(), terms: [...before.terms()], results: queries.map((query) => before.search(query)) };
        const index = indexOf(documents);
        index.upsert(extra);
        index.remove(extra.id);
        expect(index.stats()).toEqual(expected.stats);
        expect(index.terms()).toEqual(expected.terms);
        expect(queries.map((query) => index.search(query).map((hit) => hit.id))).toEqual(expected.results.map((hits) => hits.map((hit) => hit.id)));
      }),
    );
  });

  it('builds the same index one upsert at a time as in one batch', () => {
    fc.assert(
      fc.property(corpus, text, (documents, query) => {
        const batch = indexOf(documents);
        const incremental = new SearchIndex();
        for (const document of documents) incremental.upsert(document);
        expect(incremental.terms()).toEqual(batch.terms());
        expect(incremental.search(query)).toEqual(batch.search(query));
      }),
    );
  });

  it('always returns a document whose title starts with the query', () => {
    fc.assert(
      fc.property(corpus, fc.nat(), fc.nat(), (documents, pick, cut) => {
        fc.pre(documents.length > 0);
        const target = documents[pick % documents.length] as SearchDocument;
        const query = target.fields.title.slice(0, 1 + (cut % target.fields.title.length));
        fc.pre(terms(query).length > 0);
        const hits = indexOf(documents).search(query, { limit: 5 });
        const titleStarts = (id: string) => foldText(documents.find((document) => document.id === id)?.fields.title ?? '').startsWith(foldText(query));
        expect(hits.some((hit) => titleStarts(hit.id))).toBe(true);
      }),
    );
  });

  it('every hit contains every query word as a prefix of one of its words', () => {
    fc.assert(
      fc.property(corpus, fc.array(word, { minLength: 1, maxLength: 2 }), (documents, queryWords) => {
        const query = queryWords.map((queryWord) => queryWord.slice(0, 3)).join(' ');
        for (const hit of indexOf(documents).search(query)) {
          const document = documents.find((candidate) => candidate.id === hit.id);
          const words = terms(Object.values(document?.fields ?? {}).join(' '));
          for (const queryTerm of terms(query)) expect(words.some((candidate) => candidate.startsWith(queryTerm))).toBe(true);
        }
      }),
    );
  });

  it('ignores accents and case on both sides: typed with or without them, precomposed or decomposed', () => {
    const index = indexOf([doc('a', 'Ação de cobranc\u0327a'), doc('b', 'CAFÉ e São Paulo'), doc('c', 'Outro assunto')]);
    expect(index.search('AÇÃ').map((hit) => hit.id)).toEqual(['a']);
    expect(index.search('acao cobranca').map((hit) => hit.id)).toEqual(['a']);
    expect(index.search('cafe sao').map((hit) => hit.id)).toEqual(['b']);
    expect(index.search('Café').map((hit) => hit.id)).toEqual(['b']);
  });

  it('ranks the whole word above longer words it only starts, and a title starting with the query above both', () => {
    const index = indexOf([
      doc('longer', 'Prazos', 'Falar com a contabilidade'),
      doc('whole', 'Limites', 'Como encerrar a conta'),
      doc('title', 'Contas conjuntas', 'Regras'),
    ]);
    expect(index.search('conta').map((hit) => hit.id)).toEqual(['title', 'whole', 'longer']);
  });

  it('keeps only the best hits, in the same order a larger limit gives', () => {
    const documents = Array.from({ length: 60 }, (_, at) => doc(`d${String(at)}`, `Fatura ${String(at)}`, 'fatura '.repeat(1 + (at % 7))));
    const index = indexOf(documents);
    const all = index.search('fatura', { limit: 60 }).map((hit) => hit.id);
    expect(all).toHaveLength(60);
    expect(index.search('fatura', { limit: 7 }).map((hit) => hit.id)).toEqual(all.slice(0, 7));
    expect(index.search('fatura', { limit: 0 })).toEqual([]);
  });

  it('narrows by a rare word first, then looks the common word up in it', () => {
    const common = Array.from({ length: 300 }, (_, at) => doc(`c${String(at)}`, `Pedido ${String(at)}`, 'entrega prevista'));
    const index = indexOf([...common, doc('rare', 'Entrega atrasada', 'xilofone quebrado'), doc('rare-only', 'Xilofone', 'sem mais')]);
    expect(index.search('entrega xilo').map((hit) => hit.id)).toEqual(['rare']);
    expect(index.search('xilo entrega').map((hit) => hit.id)).toEqual(['rare']);
  });

  it('after any sequence of upserts and removals, answers exactly like an index built from what is left', () => {
    const operation = fc.oneof(
      fc.integer({ min: 0, max: 12 }).chain((id) => documentArbitrary(`d${String(id)}`).map((document) => ({ upsert: document }))),
      fc.integer({ min: 0, max: 12 }).map((id) => ({ remove: `d${String(id)}` })),
    );
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 40 }), fc.array(text, { minLength: 1, maxLength: 4 }), (operations, queries) => {
        const index = new SearchIndex();
        const left = new Map<string, SearchDocument>();
        for (const step of operations) {
          if ('upsert' in step) {
            index.upsert(step.upsert);
            left.set(step.upsert.id, step.upsert);
          } else {
            expect(index.remove(step.remove)).toBe(left.delete(step.remove));
          }
          // Searching between changes must not leave anything behind either.
          index.search(queries[0] ?? '');
        }
        const fresh = indexOf([...left.values()]);
        expect(index.size).toBe(left.size);
        expect(index.stats()).toEqual(fresh.stats());
        expect(index.terms()).toEqual(fresh.terms());
        for (const query of queries) expect(index.search(query, { limit: 50 })).toEqual(fresh.search(query, { limit: 50 }));
      }),
    );
  });

  it('finds nothing for a query without words or in an empty index', () => {
    expect(indexOf([doc('a', 'Conta')]).search(' -- ')).toEqual([]);
    expect(new SearchIndex().search('conta')).toEqual([]);
  });
});
