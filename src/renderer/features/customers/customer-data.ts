/**
 * Live reads of the customers screens, all from the local replica (so they work offline): the whole
 * directory prepared once per change (sorted, search entries, contact index for duplicates), and one
 * customer's tickets, calls, survey answers and callbacks — their own and those of every customer
 * merged into them (survey answers are append-only and keep the merged customer's id).
 */
import { useMemo } from 'react';
import { combineLatest, map, of, type Observable } from 'rxjs';
import type { Call } from '../../../shared/domain/call';
import type { CallbackRequest } from '../../../shared/domain/callback';
import type { Customer } from '../../../shared/domain/customer';
import { buildContactIndex, isActiveCustomer, type ContactIndex } from '../../../shared/domain/customer-duplicates';
import { customerIdsMergedInto } from '../../../shared/domain/customer-merge';
import { customerSearchEntry, type CustomerSearchEntry } from '../../../shared/domain/customer-search';
import type { SurveyResponse } from '../../../shared/domain/survey';
import type { Ticket } from '../../../shared/domain/ticket';
import { useDatabase, useObservable } from '../../data/hooks';

export interface CustomerDirectory {
  /** Every customer this replica has, merged ones included, by id. */
  readonly byId: ReadonlyMap<string, Customer>;
  /** Customers not merged into another one, by name. */
  readonly active: readonly Customer[];
  /** Search entries of `active`, same order. */
  readonly searchEntries: readonly CustomerSearchEntry[];
  readonly contactIndex: ContactIndex;
}

const EMPTY_DIRECTORY: CustomerDirectory = { byId: new Map(), active: [], searchEntries: [], contactIndex: new Map() };

function directoryOf(customers: readonly Customer[]): CustomerDirectory {
  const active = customers.filter(isActiveCustomer);
  return {
    byId: new Map(customers.map((customer) => [customer.id, customer])),
    active,
    searchEntries: active.map(customerSearchEntry),
    contactIndex: buildContactIndex(active),
  };
}

export function useCustomerDirectory(): CustomerDirectory {
  const db = useDatabase();
  const source = useMemo(
    () =>
      db.customers
        .find({ sort: [{ name: 'asc' }] })
        .$.pipe(map((docs) => directoryOf(docs.map((doc) => doc.toJSON() as Customer)))),
    [db],
  );
  return useObservable(source, EMPTY_DIRECTORY);
}

export interface CustomerActivity {
  readonly loaded: boolean;
  readonly tickets: readonly Ticket[];
  readonly calls: readonly Call[];
  readonly surveys: readonly SurveyResponse[];
  readonly callbacks: readonly CallbackRequest[];
}

const NO_ACTIVITY: CustomerActivity = { loaded: false, tickets: [], calls: [], surveys: [], callbacks: [] };

/** The ids whose activity belongs on this customer's profile: itself and everyone merged into it. */
export function useCustomerIds(customerId: string, directory: CustomerDirectory): readonly string[] {
  const key = customerIdsMergedInto(customerId, directory.byId.values()).join('\n');
  return useMemo(() => key.split('\n'), [key]);
}

/** Documents of a collection this replica may lack (`calls`, … are typed loosely), as shared entities. */
function live<T>(query: { readonly $: Observable<readonly { toJSON(): unknown }[]> } | undefined): Observable<readonly T[]> {
  return query === undefined ? of([]) : query.$.pipe(map((docs) => docs.map((doc) => doc.toJSON() as T)));
}

export function useCustomerActivity(customerIds: readonly string[]): CustomerActivity {
  const db = useDatabase();
  const source = useMemo(() => {
    const ids = [...customerIds];
    const selector = { customerId: { $in: ids } };
    const tickets = live<Ticket>(db.tickets.find({ selector }));
    // Calls have no customerId index (it is optional): RxDB filters them in memory, fine at replica sizes.
    const calls = live<Call>(db.calls?.find({ selector }));
    const surveys = live<SurveyResponse>(db.surveys?.find({ selector }));
    const callbacks = live<CallbackRequest>(db.callbacks?.find({ selector }));
    return combineLatest([tickets, calls, surveys, callbacks]).pipe(
      map(([ticketList, callList, surveyList, callbackList]): CustomerActivity => ({
        loaded: true,
        tickets: ticketList,
        calls: callList,
        surveys: surveyList,
        callbacks: callbackList,
      })),
    );
  }, [db, customerIds]);
  return useObservable(source, NO_ACTIVITY);
}
