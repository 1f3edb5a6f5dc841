/**
 * Web Worker: holds the knowledge-base search index off the main thread, so building it for thousands
 * of articles and answering each keystroke never blocks the UI. Started by knowledge-search.ts.
 */
import { SearchIndex } from '../../../shared/search/search-index';
import type { SearchWorkerRequest } from './search-protocol';
import { handleSearchRequest } from './search-worker-handler';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const index = new SearchIndex();

scope.addEventListener('message', (event: MessageEvent<SearchWorkerRequest>) => {
  const response = handleSearchRequest(index, event.data);
  if (response !== null) scope.postMessage(response);
});
