/**
 * Messages between the page and the knowledge-search worker. Index changes are fire-and-forget and
 * applied in order; a search carries an id so its answer finds the waiting caller.
 */
import type { ArticleSearchFields } from '../../../shared/search/article-search';
import type { SearchHit, SearchOptions } from '../../../shared/search/search-index';

export type SearchWorkerRequest =
  /** Index changes, in the order they happened: articles to add or replace, ids to drop. */
  | { readonly type: 'changes'; readonly upserts: readonly ArticleSearchFields[]; readonly removals: readonly string[] }
  | { readonly type: 'search'; readonly requestId: number; readonly query: string; readonly options: SearchOptions };

export type SearchWorkerResponse = { readonly type: 'results'; readonly requestId: number; readonly hits: readonly SearchHit[] };
