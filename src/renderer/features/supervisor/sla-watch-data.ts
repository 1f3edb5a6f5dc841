/**
 * The SLA watch's reads from the local replica (so it works offline): the tickets due soon (the "SLA
 * at risk" view's candidates, with their customers' segments for the policy), and the "Breached"
 * view's count and first rows. Re-planned every REPLAN_MS; between plans the shared slaWatch
 * classifies the candidates again every second (src/shared/domain/sla-watch.ts).
 */
import { useMemo } from 'react';
import { from, map, of, switchMap, type Observable } from 'rxjs';
import type { MangoQuerySelector } from 'rxdb';
import type { CustomerSegment } from '../../../shared/domain/customer';
import { atRiskFloor, atRiskHorizon } from '../../../shared/domain/queue-sla';
import { builtInView, queuePlan, type QueueContext, type QueuePlan } from '../../../shared/domain/queue-views';
import type { SettingsDocument } from '../../../shared/domain/settings';
import type { AtendeDatabase, TicketDocType } from '../../data/database';
import { useDatabase, useObservable, type TicketView } from '../../data/hooks';
import { useQueueRows } from '../queue/queue-data';
import { useNow } from '../shell/useNow';
import { queueCount } from '../queue/queue-rows';

/** How often the replica is asked again (the candidates' horizon reaches this far past each plan). */
export const REPLAN_MS = 30_000;

export interface SlaCandidate {
  readonly ticket: TicketView;
  readonly segment: CustomerSegment | undefined;
}

export interface SlaPlans {
  /** When the plans were made (epoch ms). */
  readonly plannedAt: number;
  readonly atRisk: QueuePlan;
  readonly breached: QueuePlan;
}

const keepAll = () => true;
const NO_CANDIDATES: readonly SlaCandidate[] = [];

/** The plans of the two views at the last replan; the supervisor's own assignments play no part. */
export function useSlaPlans(settings: readonly SettingsDocument[]): SlaPlans {
  const plannedAt = useNow(REPLAN_MS);
  return useMemo(() => {
    const nextPlanAt = plannedAt + REPLAN_MS;
    const context: QueueContext = { userId: '', tier: undefined, now: plannedAt, atRiskHorizon: atRiskHorizon(settings, nextPlanAt), atRiskUntil: nextPlanAt, atRiskFloor: atRiskFloor(settings, plannedAt) };
    const atRisk = builtInView('sla_at_risk', undefined);
    const breached = builtInView('breached', undefined);
    return { plannedAt, atRisk: queuePlan(atRisk.filters, atRisk.sort, context), breached: queuePlan(breached.filters, breached.sort, context) };
  }, [settings, plannedAt]);
}

/** Every ticket due soon (unfinished, a due date up to the plan's horizon), with its customer's segment, live. */
function candidates(db: AtendeDatabase, plan: QueuePlan): Observable<readonly SlaCandidate[]> {
  if (plan.segments.length === 0) return of(NO_CANDIDATES);
  return db.tickets.find({ selector: plan.selector as MangoQuerySelector<TicketDocType> }).$.pipe(
    switchMap((docs) => {
      const tickets = docs.map((doc) => doc.toJSON() as TicketView);
      const customerIds = [...new Set(tickets.map((ticket) => ticket.customerId))];
      return from(db.customers.findByIds(customerIds).exec()).pipe(
        map((customers) => tickets.map((ticket) => ({ ticket, segment: customers.get(ticket.customerId)?.segment ?? undefined }))),
      );
    }),
  );
}

export function useSlaCandidates(plan: QueuePlan): readonly SlaCandidate[] {
  const db = useDatabase();
  const source = useMemo(() => candidates(db, plan), [db, plan]);
  return useObservable(source, NO_CANDIDATES);
}

/** The "Breached" view at the plan's time: how many (null until counted) and its first `limit` rows. */
export function useBreached(plan: QueuePlan, limit: number): { readonly count: number | null; readonly rows: readonly TicketView[] } {
  const db = useDatabase();
  const countSource = useMemo(() => queueCount(db, plan, keepAll), [db, plan]);
  const count = useObservable<number | null>(countSource, null);
  const rows = useQueueRows(plan, limit, keepAll);
  return { count, rows };
}
