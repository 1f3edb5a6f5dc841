/** What the knowledge-search worker does with each message (kept apart from the worker global so it can be tested). */
import { articleSearchDocument } from '../../../shared/search/article-search';
import type { SearchIndex } from '../../../shared/search/search-index';
import type { SearchWorkerRequest, SearchWorkerResponse } from './search-protocol';

/** Applies a change batch (answer: none) or runs a search (answer: its hits). */
export function handleSearchRequest(index: SearchIndex, request: SearchWorkerRequest): SearchWorkerResponse | null {
  if (request.type === 'search') {
    return { type: 'results', requestId: request.requestId, hits: index.search(request.query, request.options) };
  }
  for (const id of request.removals) index.remove(id);
  // A first load arrives as one big batch: add it in bulk (dictionary sorted once).
  if (index.size === 0 && request.upserts.length > 1) index.addAll(request.upserts.map(articleSearchDocument));
  else for (const article of request.upserts) index.upsert(articleSearchDocument(article));
  return null;
}
