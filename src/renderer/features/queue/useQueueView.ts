/**
 * From a view (built-in or saved), the ad-hoc filters, search and sort to the plan the replica runs,
 * plus the SLA check the "at risk" view needs for each candidate. Views that depend on the time are
 * re-planned every half minute; the countdowns themselves tick every second on their own.
 */
import { useCallback, useMemo } from 'react';
import type { CustomerSegment } from '../../../shared/domain/customer';
import { atRiskFloor, atRiskHorizon } from '../../../shared/domain/queue-sla';
import {
  builtInView,
  matchesQueue,
  narrowFilters,
  queuePlan,
  savedViewOf,
  type QueueContext,
  type QueueFilters,
  type QueuePlan,
  type QueueSearch,
  type QueueSort,
  type QueueView,
  type SavedViewDocument,
  withSurvivingCustomers,
} from '../../../shared/domain/queue-views';
import type { SettingsDocument } from '../../../shared/domain/settings';
import type { Tier } from '../../../shared/domain/ticket';
import { slaSetupFor } from '../../../shared/sla/policy';
import type { TicketView } from '../../data/hooks';
import { useSession } from '../../data/session';
import { useUserProfiles } from '../tickets/workspace-data';
import { useCustomerSurvivors } from './queue-data';
import { useNow } from '../shell/useNow';
import type { ViewKey } from './queue-store';

const REPLAN_MS = 30_000;

export function useQueueContext(settings: readonly SettingsDocument[]): QueueContext {
  const userId = useSession((state) => state.session?.user.id) ?? '';
  const tier = useUserProfiles().get(userId)?.tier;
  const now = useNow(REPLAN_MS);
  return useMemo(() => ({ userId, tier, now, atRiskHorizon: atRiskHorizon(settings, now), atRiskFloor: atRiskFloor(settings, now) }), [userId, tier, now, settings]);
}

/**
 * The definition behind a view key, stable while its inputs are. A saved view's customers count
 * together with the customers they were merged into since (the merge moved their tickets there).
 */
export function useViewDefinition(key: ViewKey, tier: Tier | undefined, savedViews: readonly SavedViewDocument[]): QueueView | undefined {
  const { kind, id } = key;
  const view = useMemo(() => viewDefinition(kind === 'builtIn' ? { kind, id: id } : { kind, id }, tier, savedViews), [kind, id, tier, savedViews]);
  const survivors = useCustomerSurvivors(view?.filters.customerIds);
  return useMemo(
    () => (view === undefined || survivors.size === 0 ? view : { ...view, filters: withSurvivingCustomers(view.filters, (customerId) => survivors.get(customerId)) }),
    [view, survivors],
  );
}

/** The definition behind a view key; undefined for a saved view that is gone. */
export function viewDefinition(key: ViewKey, tier: Tier | undefined, savedViews: readonly SavedViewDocument[]): QueueView | undefined {
  if (key.kind === 'builtIn') return builtInView(key.id, tier);
  const saved = savedViews.find((document) => document.id === key.id);
  return saved === undefined ? undefined : savedViewOf(saved);
}

export type KeepTicket = (ticket: TicketView, segment: CustomerSegment | undefined) => boolean;

export interface PlannedView {
  readonly plan: QueuePlan | null;
  readonly keep: KeepTicket;
}

export function usePlannedView(
  view: QueueView | undefined,
  extra: QueueFilters,
  sort: QueueSort | null,
  search: QueueSearch | undefined,
  context: QueueContext,
  settings: readonly SettingsDocument[],
): PlannedView {
  const filters = useMemo(() => (view === undefined ? null : narrowFilters(view.filters, extra)), [view, extra]);
  const plan = useMemo(
    () => (filters === null || view === undefined ? null : queuePlan(filters, sort ?? view.sort, context, search)),
    [filters, view, sort, context, search],
  );
  const keep = useCallback<KeepTicket>(
    (ticket, segment) => filters !== null && matchesQueue(ticket, filters, context, (candidate) => slaSetupFor(candidate, segment, settings), search),
    [filters, context, settings, search],
  );
  return { plan, keep };
}
