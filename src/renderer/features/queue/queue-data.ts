/**
 * Live reads of the queue from the local replica: the rows of a plan (each segment limited to the rows
 * still wanted, so a view of 100k tickets reads a few hundred), counts per view, the SLA settings, saved
 * views, the customers of the visible rows and the customer picker. Everything offline-capable: RxDB only.
 */
import { useMemo } from 'react';
import { from, map, switchMap, type Observable } from 'rxjs';
import type { CustomerSegment } from '../../../shared/domain/customer';
import { escapeRegex, type QueuePlan, type SavedViewDocument } from '../../../shared/domain/queue-views';
import type { SettingsDocument } from '../../../shared/domain/settings';
import { slaSetupFor, type SlaSetup, type SlaTicket } from '../../../shared/sla/policy';
import type { AtendeDatabase } from '../../data/database';
import { useDatabase, useObservable, type CustomerView, type TicketView } from '../../data/hooks';
import { queueRows } from './queue-rows';

const NONE: readonly never[] = [];
const NO_CUSTOMERS: ReadonlyMap<string, CustomerView> = new Map();

function settingsOfKinds<T>(db: AtendeDatabase, kinds: readonly string[]): Observable<readonly T[]> | null {
  if (db.settings === undefined) return null;
  return db.settings
    .find({ selector: { kind: { $in: [...kinds] } }, sort: [{ kind: 'asc' }, { name: 'asc' }] })
    .$.pipe(map((docs) => docs.map((doc) => doc.toJSON() as unknown as T)));
}

/** SLA policies and business calendars (what the countdowns run on). */
export function useSlaSettings(): readonly SettingsDocument[] {
  const db = useDatabase();
  const source = useMemo(() => settingsOfKinds<SettingsDocument>(db, ['slaPolicy', 'businessCalendar']), [db]);
  return useObservable<readonly SettingsDocument[]>(source, NONE);
}

export function useSavedViewDocuments(): readonly SavedViewDocument[] {
  const db = useDatabase();
  const source = useMemo(() => settingsOfKinds<SavedViewDocument>(db, ['savedView']), [db]);
  return useObservable<readonly SavedViewDocument[]>(source, NONE);
}

/** The SLA of a ticket given its customer's segment (VIP policies), or undefined when none applies. */
export function slaSetupOf(settings: readonly SettingsDocument[], ticket: SlaTicket, segment: CustomerSegment | undefined): SlaSetup | undefined {
  return slaSetupFor(ticket, segment, settings);
}

export function useQueueRows(
  plan: QueuePlan | null,
  limit: number,
  keep: (ticket: TicketView, segment: CustomerSegment | undefined) => boolean,
): readonly TicketView[] {
  const db = useDatabase();
  const source = useMemo(() => queueRows(db, plan, limit, keep), [db, plan, limit, keep]);
  return useObservable(source, NONE);
}

/** Customers by id, for the given ids only (the visible rows), live. */
export function useCustomersByIds(ids: readonly string[]): ReadonlyMap<string, CustomerView> {
  const db = useDatabase();
  const key = [...new Set(ids)].sort().join('\n');
  const source = useMemo(
    () =>
      key === ''
        ? null
        : db.customers
            .findByIds(key.split('\n'))
            .$.pipe(map((found) => new Map([...found].map(([id, doc]) => [id, doc.toJSON() as CustomerView])) as ReadonlyMap<string, CustomerView>)),
    [db, key],
  );
  return useObservable(source, NO_CUSTOMERS);
}

const CUSTOMER_MATCHES_MAX = 200;

/** Ids of customers whose name contains `text` (any case), for quick search; empty for an empty text. */
export function useCustomerNameMatches(text: string): readonly string[] {
  const db = useDatabase();
  const trimmed = text.trim();
  const source = useMemo(
    () =>
      trimmed.length < 2
        ? null
        : db.customers
            .find({
              selector: { name: { $regex: escapeRegex(trimmed), $options: 'i' } },
              limit: CUSTOMER_MATCHES_MAX,
            })
            .$.pipe(map((docs) => docs.map((doc) => doc.id))),
    [db, trimmed],
  );
  return useObservable<readonly string[]>(source, NONE);
}

export interface CustomerChoice {
  readonly id: string;
  readonly name: string;
}
const NO_CHOICES: readonly CustomerChoice[] = [];
const CUSTOMER_CHOICES_MAX = 20;

/** Customers (not merged away) whose name contains `text`, for a picker; none for fewer than two letters. */
export function useCustomerChoices(text: string): readonly CustomerChoice[] {
  const db = useDatabase();
  const trimmed = text.trim();
  const source = useMemo(
    () =>
      trimmed.length < 2
        ? null
        : db.customers
            .find({
              selector: { name: { $regex: escapeRegex(trimmed), $options: 'i' }, mergedIntoId: { $exists: false } },
              sort: [{ name: 'asc' }],
              limit: CUSTOMER_CHOICES_MAX,
            })
            .$.pipe(map((docs) => docs.map((doc) => ({ id: doc.id, name: doc.name })))),
    [db, trimmed],
  );
  return useObservable<readonly CustomerChoice[]>(source, NO_CHOICES);
}

const NO_SURVIVORS: ReadonlyMap<string, string> = new Map();
/** Merge chains are a few links long; a longer one is a loop. */
const CHAIN_LIMIT = 20;

async function survivorsOf(db: AtendeDatabase, ids: readonly string[]): Promise<ReadonlyMap<string, string>> {
  const survivors = new Map<string, string>();
  for (const id of ids) {
    let current = id;
    for (let step = 0; step < CHAIN_LIMIT; step++) {
      const next = (await db.customers.findOne(current).exec())?.mergedIntoId;
      if (next === undefined) break;
      current = next;
    }
    if (current !== id) survivors.set(id, current);
  }
  return survivors;
}

/** For each of these customers that was merged into another, where it lives on now; live. */
export function useCustomerSurvivors(ids: readonly string[] | undefined): ReadonlyMap<string, string> {
  const db = useDatabase();
  const key = ids === undefined ? '' : [...new Set(ids)].sort().join('\n');
  const source = useMemo(() => {
    if (key === '') return null;
    const list = key.split('\n');
    return db.customers.findByIds(list).$.pipe(switchMap(() => from(survivorsOf(db, list))));
  }, [db, key]);
  return useObservable(source, NO_SURVIVORS);
}
