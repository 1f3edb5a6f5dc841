/**
 * The knowledge-base search of the open database: a Web Worker holding the index, fed from the local
 * replica. The first load sends every article; after that each change the replica sees (a replicated
 * pull, a local edit) is sent as an upsert or a removal, batched per task. Works offline: nothing
 * here touches the network.
 */
import { useEffect, useState } from 'react';
import type { RxChangeEvent, RxCollection } from 'rxdb';
import type { Article } from '../../../shared/domain/article';
import type { ArticleSearchFields } from '../../../shared/search/article-search';
import type { SearchHit, SearchOptions } from '../../../shared/search/search-index';
import type { AtendeDatabase, GenericDocType } from '../../data/database';
import { useDatabase } from '../../data/hooks';
import type { SearchWorkerRequest, SearchWorkerResponse } from './search-protocol';

function searchFields(article: Article): ArticleSearchFields {
  const { id, title, summary, body, tags, category, language, status, featured } = article;
  return { id, title, ...(summary === undefined ? {} : { summary }), body, tags, category, language, status, featured };
}

export class KnowledgeSearch {
  private readonly worker = new Worker(new URL('./search-worker.ts', import.meta.url), { type: 'module', name: 'knowledge-search' });
  private readonly waiting = new Map<number, (hits: readonly SearchHit[]) => void>();
  private nextRequestId = 1;
  private upserts = new Map<string, ArticleSearchFields>();
  private removals = new Set<string>();
  private flushScheduled = false;
  private loaded = false;
  private readonly stop: () => void;

  constructor(articles: RxCollection<GenericDocType>) {
    this.worker.addEventListener('message', (event: MessageEvent<SearchWorkerResponse>) => {
      const resolve = this.waiting.get(event.data.requestId);
      this.waiting.delete(event.data.requestId);
      resolve?.(event.data.hits);
    });
    // Subscribe before reading everything, so no change between the two is missed; changes that arrive
    // during the load wait in the batch and are applied after it (upserts are idempotent).
    const subscription = articles.$.subscribe((change: RxChangeEvent<GenericDocType>) => {
      if (change.operation === 'DELETE') this.queueRemoval(change.documentId);
      else this.queueUpsert(change.documentData as unknown as Article);
    });
    this.stop = () => {
      subscription.unsubscribe();
    };
    void articles
      .find()
      .exec()
      .then((docs) => {
        const batch = this.upserts;
        const removals = this.removals;
        this.upserts = new Map();
        this.removals = new Set();
        this.post({ type: 'changes', upserts: docs.map((doc) => searchFields(doc.toJSON() as unknown as Article)), removals: [] });
        this.loaded = true;
        this.post({ type: 'changes', upserts: [...batch.values()], removals: [...removals] });
      });
  }

  /** Hits for `query` (accent- and case-insensitive, every word a prefix), best first. */
  search(query: string, options: SearchOptions = {}): Promise<readonly SearchHit[]> {
    const requestId = this.nextRequestId;
    this.nextRequestId += 1;
    return new Promise((resolve) => {
      this.waiting.set(requestId, resolve);
      this.flush();
      this.post({ type: 'search', requestId, query, options });
    });
  }

  close(): void {
    this.stop();
    this.worker.terminate();
    for (const resolve of this.waiting.values()) resolve([]);
    this.waiting.clear();
  }

  private queueUpsert(article: Article): void {
    this.removals.delete(article.id);
    this.upserts.set(article.id, searchFields(article));
    this.scheduleFlush();
  }

  private queueRemoval(id: string): void {
    this.upserts.delete(id);
    this.removals.add(id);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || !this.loaded) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flush();
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    if (!this.loaded || (this.upserts.size === 0 && this.removals.size === 0)) return;
    this.post({ type: 'changes', upserts: [...this.upserts.values()], removals: [...this.removals] });
    this.upserts = new Map();
    this.removals = new Set();
  }

  private post(request: SearchWorkerRequest): void {
    this.worker.postMessage(request);
  }
}

const searches = new WeakMap<AtendeDatabase, KnowledgeSearch>();

/** The search of `db`, started on first use and stopped when the database closes. */
export function knowledgeSearchOf(db: AtendeDatabase): KnowledgeSearch | null {
  if (db.articles === undefined) return null;
  let search = searches.get(db);
  if (search === undefined) {
    const started = new KnowledgeSearch(db.articles);
    search = started;
    searches.set(db, started);
    db.onClose.push(() => {
      started.close();
    });
  }
  return search;
}

export interface ArticleSearchState {
  /** Hits of the latest query answered; empty for a blank query. */
  readonly hits: readonly SearchHit[];
  /** The query those hits answer (lags `query` while the worker is busy). */
  readonly answered: string;
}

const BLANK: ArticleSearchState = { hits: [], answered: '' };

/** Typeahead: searches on every change of `query`, keeping only the latest answer. */
export function useArticleSearch(query: string, options: SearchOptions): ArticleSearchState {
  const db = useDatabase();
  const [state, setState] = useState<ArticleSearchState>(BLANK);
  const optionsKey = JSON.stringify(options);
  useEffect(() => {
    const search = knowledgeSearchOf(db);
    if (query.trim() === '' || search === null) return;
    let current = true;
    void search.search(query, JSON.parse(optionsKey) as SearchOptions).then((hits) => {
      if (current) setState({ hits, answered: query });
    });
    return () => {
      current = false;
    };
  }, [db, query, optionsKey]);
  return query.trim() === '' ? BLANK : state;
}
