/**
 * Knowledge-base search benchmark: our index (src/shared/search) beside MiniSearch, FlexSearch, Orama
 * and Lunr on the same generated corpus (10k articles, pt-BR and en: the demo generator's articles with
 * faker paragraphs so the vocabulary is realistic). Measured in Node, one engine at a time:
 * typeahead latency per keystroke (every prefix of unaccented words, as an agent types them), build time,
 * one-article upsert, and retained heap after a forced GC.
 */
import { fakerEN, fakerPT_BR } from '@faker-js/faker';
import { create, insertMultiple, remove as oramaRemove, insert as oramaInsert, search as oramaSearch } from '@orama/orama';
import { Document as FlexDocument } from 'flexsearch';
import lunr from 'lunr';
import MiniSearch from 'minisearch';
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { generateArticles } from '../../src/server/demo/generate';
import type { Article } from '../../src/shared/domain/article';
import { articleSearchDocument, markdownToPlainText } from '../../src/shared/search/article-search';
import { foldText, terms } from '../../src/shared/search/normalize';
import { SearchIndex } from '../../src/shared/search/search-index';
import type { BenchRow } from '../lib/report';
import { percentile, round } from '../lib/stats';

const ARTICLES = Number(process.env.KB_BENCH_ARTICLES ?? 10_000);
const TYPED_WORDS = Number(process.env.KB_BENCH_WORDS ?? 60);
const UPSERTS = 50;
const TARGETS = { p95: 10, p99: 25, buildMs: 2000, upsertMs: 5, heapMB: 120 } as const;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface FlatArticle {
  readonly id: string;
  readonly title: string;
  readonly tags: string;
  readonly summary: string;
  readonly body: string;
}

interface Engine {
  readonly name: string;
  build(articles: readonly Article[]): Promise<void> | void;
  search(query: string): unknown;
  upsert(article: Article): Promise<void> | void;
  /** Drops the index so the next engine's heap is measured alone. */
  dispose(): void;
}

function corpus(count: number): Article[] {
  fakerEN.seed(7);
  fakerPT_BR.seed(7);
  const articles = [...generateArticles(count, { seed: 7, referenceTime: new Date('2026-01-01T00:00:00Z') })].flat();
  return articles.map((article) => {
    const faker = article.language === 'pt-BR' ? fakerPT_BR : fakerEN;
    return { ...article, body: `${article.body}\n\n${faker.lorem.paragraphs(3)}\n\n${faker.commerce.productDescription()}` };
  });
}

function flat(article: Article): FlatArticle {
  const { id, fields } = articleSearchDocument(article);
  return { id, ...fields };
}

/** Every prefix (2+ characters) of unaccented words from titles and bodies: what an agent types, keystroke by keystroke. */
export function typedQueries(articles: readonly Article[], words: number): string[] {
  const pool = articles.slice(0, 400).flatMap((article) => terms(`${article.title} ${markdownToPlainText(article.body)}`)).filter((word) => word.length >= 4);
  const queries: string[] = [];
  for (let at = 0; at < words; at += 1) {
    const word = pool[(at * 7919) % pool.length] ?? 'cobranca';
    for (let length = 2; length <= word.length; length += 1) queries.push(word.slice(0, length));
  }
  return queries;
}

const FIELDS = ['title', 'tags', 'summary', 'body'] as const;

function ours(): Engine {
  let index = new SearchIndex();
  return {
    name: 'Atende index',
    build: (articles) => {
      index.addAll(articles.map(articleSearchDocument));
    },
    search: (query) => index.search(query, { limit: 20 }),
    upsert: (article) => {
      index.upsert(articleSearchDocument(article));
    },
    dispose: () => {
      index = new SearchIndex();
    },
  };
}

function miniSearch(): Engine {
  let index = new MiniSearch<FlatArticle>({ fields: [...FIELDS] });
  return {
    name: 'MiniSearch 7 (prefix: true)',
    build: (articles) => {
      index.addAll(articles.map(flat));
    },
    search: (query) => index.search(query, { prefix: true }).slice(0, 20),
    upsert: (article) => {
      index.replace(flat(article));
    },
    dispose: () => {
      index = new MiniSearch<FlatArticle>({ fields: [...FIELDS] });
    },
  };
}

function flexSearch(): Engine {
  const make = () => new FlexDocument({ document: { id: 'id', index: [...FIELDS] }, tokenize: 'forward' });
  let index = make();
  return {
    name: 'FlexSearch 0.8 (Document, tokenize: forward)',
    build: (articles) => {
      for (const article of articles) index.add(flat(article) as unknown as Record<string, string>);
    },
    search: (query) => index.search(query, { limit: 20 }),
    upsert: (article) => {
      index.update(flat(article) as unknown as Record<string, string>);
    },
    dispose: () => {
      index = make();
    },
  };
}

function orama(): Engine {
  const schema = { id: 'string', title: 'string', tags: 'string', summary: 'string', body: 'string' } as const;
  let db = create({ schema });
  return {
    name: 'Orama 3',
    build: async (articles) => {
      await insertMultiple(db, articles.map(flat), 500);
    },
    search: (query) => oramaSearch(db, { term: query, limit: 20 }),
    upsert: async (article) => {
      await oramaRemove(db, article.id);
      await oramaInsert(db, flat(article));
    },
    dispose: () => {
      db = create({ schema });
    },
  };
}

function lunrEngine(): Engine {
  let articles: Article[] = [];
  const build = () =>
    lunr(function (this: lunr.Builder) {
      this.ref('id');
      for (const field of FIELDS) this.field(field);
      for (const article of articles) this.add(flat(article));
    });
  let index: lunr.Index | null = null;
  return {
    name: 'Lunr 2.3 (query*; immutable: an upsert rebuilds)',
    build: (all) => {
      articles = [...all];
      index = build();
    },
    // Lunr's own query syntax would throw on some input; a trailing wildcard gives it prefix matching.
    search: (query) => index?.search(`${query}*`).slice(0, 20),
    upsert: (article) => {
      articles = articles.map((candidate) => (candidate.id === article.id ? article : candidate));
      index = build();
    },
    dispose: () => {
      index = null;
      articles = [];
    },
  };
}

function heapMB(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

interface EngineResult {
  readonly name: string;
  readonly buildMs: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly upsertMs: number;
  readonly heapMB: number;
}

async function measure(engine: Engine, articles: readonly Article[], queries: readonly string[]): Promise<EngineResult> {
  const before = heapMB();
  let started = performance.now();
  await engine.build(articles);
  const buildMs = performance.now() - started;
  const heap = heapMB() - before;
  for (const query of queries.slice(0, 50)) await engine.search(query); // warm up the JIT
  const latencies: number[] = [];
  for (const query of queries) {
    started = performance.now();
    await engine.search(query);
    latencies.push(performance.now() - started);
  }
  const upserts: number[] = [];
  const upsertCount = engine.name.startsWith('Lunr') ? 3 : UPSERTS;
  for (let at = 0; at < upsertCount; at += 1) {
    const article = articles[(at * 97) % articles.length] as Article;
    const edited = { ...article, title: `${article.title} ${String(at)}`, body: `${article.body}\n\nrevisão ${String(at)}` };
    started = performance.now();
    await engine.upsert(edited);
    upserts.push(performance.now() - started);
  }
  engine.dispose();
  return { name: engine.name, buildMs, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), upsertMs: percentile(upserts, 95), heapMB: heap };
}

const fmt = (value: number) => `${String(round(value, 2))} ms`;

const load = () => loadavg().map((value) => value.toFixed(1)).join(' / ');

export async function runKbBench(): Promise<{ rows: BenchRow[]; notes: string[] }> {
  const loadAtStart = load();
  const articles = corpus(ARTICLES);
  const queries = typedQueries(articles, TYPED_WORDS);
  const results: EngineResult[] = [];
  for (const engine of [ours(), miniSearch(), flexSearch(), orama(), lunrEngine()]) {
    results.push(await measure(engine, articles, queries));
  }
  const rows: BenchRow[] = results.flatMap((result) => [
    { metric: `${result.name}: typeahead p50`, value: fmt(result.p50) },
    { metric: `${result.name}: typeahead p95`, value: fmt(result.p95), target: `≤ ${String(TARGETS.p95)} ms`, met: result.p95 <= TARGETS.p95 },
    { metric: `${result.name}: typeahead p99`, value: fmt(result.p99), target: `≤ ${String(TARGETS.p99)} ms`, met: result.p99 <= TARGETS.p99 },
    { metric: `${result.name}: index build`, value: fmt(result.buildMs), target: `≤ ${String(TARGETS.buildMs)} ms`, met: result.buildMs <= TARGETS.buildMs },
    { metric: `${result.name}: one-article upsert p95`, value: fmt(result.upsertMs), target: `≤ ${String(TARGETS.upsertMs)} ms`, met: result.upsertMs <= TARGETS.upsertMs },
    { metric: `${result.name}: retained heap`, value: `${String(round(result.heapMB, 1))} MB`, target: `≤ ${String(TARGETS.heapMB)} MB`, met: result.heapMB <= TARGETS.heapMB },
  ]);
  const accentFree = foldText('Cobrança') === 'cobranca';
  return {
    rows,
    notes: [
      `Load average (1/5/15 min) at start ${loadAtStart}, at end ${load()} (2 cores, shared with other work: absolute times vary with it).`,
      `Corpus: ${String(articles.length)} articles (demo generator, pt-BR/en alternating, each body extended with faker paragraphs); ${String(queries.length)} typeahead queries (every 2+ character prefix of ${String(TYPED_WORDS)} unaccented words).`,
      'Measured in Node (same V8 as Chromium; the app runs the Atende index in a Web Worker). Heap is retained heap after a forced GC, index only.',
      'Library settings: defaults plus what typeahead needs (MiniSearch prefix: true, FlexSearch tokenize: forward, Lunr a trailing wildcard). Only the Atende index folds accents' + (accentFree ? ' (NFD + mark stripping)' : '') + '; the others search the accented text as is, so their hit lists differ.',
      'Upsert: Atende/MiniSearch replace, FlexSearch update, Orama remove + insert, Lunr a full rebuild (its index is immutable; 3 samples).',
    ],
  };
}
