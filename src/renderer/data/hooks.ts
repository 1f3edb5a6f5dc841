/** React bindings for the local database: reactive RxDB queries through useSyncExternalStore. */
import { useMemo, useSyncExternalStore } from 'react';
import { map, type Observable } from 'rxjs';
import type { RxDocument } from 'rxdb';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { CustomerDocType, TicketDocType, AtendeDatabase, TimelineDocType } from './database';
import type { RejectionRecord, RejectionState } from './rejections';
import { useWorkspace } from './workspace';

interface ObservableStore<T> {
  readonly subscribe: (onChange: () => void) => () => void;
  readonly getSnapshot: () => T;
}

function observableStore<T>(source: Observable<T> | null, initial: T): ObservableStore<T> {
  let value = initial;
  return {
    subscribe: (onChange) => {
      if (source === null) return () => undefined;
      const subscription = source.subscribe((next) => {
        value = next;
        onChange();
      });
      return () => {
        subscription.unsubscribe();
      };
    },
    getSnapshot: () => value,
  };
}

/** The latest value of `source` (`initial` until it emits). Pass a memoized observable. */
export function useObservable<T>(source: Observable<T> | null, initial: T): T {
  const store = useMemo(() => observableStore(source, initial), [source, initial]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/** The open database; only call below a component that renders once the workspace is ready. */
export function useDatabase(): AtendeDatabase {
  const db = useWorkspace((state) => state.db);
  if (db === null) throw new Error('The local database is not open');
  return db;
}

export type TicketView = Readonly<TicketDocType>;
export type CustomerView = Readonly<CustomerDocType>;

const NO_TICKETS: readonly TicketView[] = [];
const NO_CUSTOMERS: ReadonlyMap<string, CustomerView> = new Map();

/** Every ticket, most recently updated first, live. */
export function useTicketList(): readonly TicketView[] {
  const db = useDatabase();
  const source = useMemo(
    () =>
      db.tickets
        .find({ sort: [{ updatedAt: 'desc' }] })
        .$.pipe(map((docs) => docs.map((doc) => doc.toJSON() as TicketView))),
    [db],
  );
  return useObservable(source, NO_TICKETS);
}

/** Customers by id, for joining names into the ticket list. */
export function useCustomerMap(): ReadonlyMap<string, CustomerView> {
  const db = useDatabase();
  const source = useMemo(
    () =>
      db.customers
        .find()
        .$.pipe(map((docs) => new Map(docs.map((doc) => [doc.id, doc.toJSON() as CustomerView])) as ReadonlyMap<string, CustomerView>)),
    [db],
  );
  return useObservable(source, NO_CUSTOMERS);
}

/** `undefined` while loading, `null` when the document does not exist locally. */
export function useTicketDocument(id: string): RxDocument<TicketDocType> | null | undefined {
  const db = useDatabase();
  const source = useMemo(() => db.tickets.findOne(id).$ as Observable<RxDocument<TicketDocType> | null>, [db, id]);
  return useObservable<RxDocument<TicketDocType> | null | undefined>(source, undefined);
}

export function useCustomer(id: string | undefined): CustomerView | null | undefined {
  const db = useDatabase();
  const source = useMemo(
    () =>
      id === undefined
        ? null
        : db.customers.findOne(id).$.pipe(map((doc) => (doc === null ? null : (doc.toJSON() as CustomerView)))),
    [db, id],
  );
  return useObservable<CustomerView | null | undefined>(source, id === undefined ? null : undefined);
}

const NO_REJECTIONS = createStore<RejectionState>()(() => ({ records: [], loaded: true }));

/** The changes the server refused (persisted with the user's database), oldest first. */
export function useRejections(): readonly RejectionRecord[] {
  return useRejectionState().records;
}

/** The rejection store's state: its records and whether the persisted ones were read yet. */
export function useRejectionState(): RejectionState {
  const engine = useWorkspace((state) => state.engine);
  return useStore(engine?.rejections.state ?? NO_REJECTIONS);
}

/** A ticket's human number (`undefined` while loading or unknown), for labels in lists. */
export function useTicketNumber(id: string | null): number | undefined {
  const db = useWorkspace((state) => state.db);
  const source = useMemo(
    () => (db === null || id === null ? null : db.tickets.findOne(id).$.pipe(map((doc) => doc?.number))),
    [db, id],
  );
  return useObservable<number | undefined>(source, undefined);
}

export type TimelineView = Readonly<TimelineDocType>;
