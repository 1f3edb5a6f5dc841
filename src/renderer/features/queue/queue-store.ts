/**
 * The queue's state that outlives the screen: the chosen view, ad-hoc filters, quick search and sort
 * (kept while an agent opens a ticket and comes back), and the ids of the rows the view shows now, in
 * order, for "next ticket" from anywhere.
 */
import { create } from 'zustand';
import type { BuiltInViewId, QueueFilters, QueueSort } from '../../../shared/domain/queue-views';

/** A built-in view, or a saved view by its settings document id. */
export type ViewKey = { readonly kind: 'builtIn'; readonly id: BuiltInViewId } | { readonly kind: 'saved'; readonly id: string };

export interface QueueState {
  readonly view: ViewKey;
  readonly filters: QueueFilters;
  readonly search: string;
  /** Overrides the view's own sort; null: the view's. */
  readonly sort: QueueSort | null;
  readonly rowIds: readonly string[];
  readonly setView: (view: ViewKey) => void;
  readonly setFilters: (filters: QueueFilters) => void;
  readonly setSearch: (search: string) => void;
  readonly setSort: (sort: QueueSort | null) => void;
  readonly setRowIds: (ids: readonly string[]) => void;
}

export const useQueueState = create<QueueState>()((set) => ({
  view: { kind: 'builtIn', id: 'all' },
  filters: {},
  search: '',
  sort: null,
  rowIds: [],
  setView: (view) => {
    set({ view, sort: null });
  },
  setFilters: (filters) => {
    set({ filters });
  },
  setSearch: (search) => {
    set({ search });
  },
  setSort: (sort) => {
    set({ sort });
  },
  setRowIds: (rowIds) => {
    set({ rowIds });
  },
}));

export const sameView = (a: ViewKey, b: ViewKey): boolean => a.kind === b.kind && a.id === b.id;

/** The ticket after `currentId` in the view (the first one when `currentId` is not in it). */
export function nextTicketId(rowIds: readonly string[], currentId: string | null): string | undefined {
  const index = currentId === null ? -1 : rowIds.indexOf(currentId);
  return rowIds[index + 1];
}
