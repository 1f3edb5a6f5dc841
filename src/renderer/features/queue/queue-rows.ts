/**
 * A queue plan's rows and count as live RxDB observables: no React, so the unit tests run them against a
 * real replica (test/unit/renderer/queue-rows.test.ts); queue-data.ts wraps them in hooks.
 */
import type { MangoQuerySelector } from 'rxdb';
import { asyncScheduler, auditTime, from, map, of, startWith, switchMap, throttleTime, type Observable } from 'rxjs';
import type { CustomerSegment } from '../../../shared/domain/customer';
import { compareQueueTickets, type MangoSelector, type QueuePlan } from '../../../shared/domain/queue-views';
import type { AtendeDatabase, TicketDocType } from '../../data/database';

/** A ticket as the queue shows it. */
export type QueueTicket = Readonly<TicketDocType>;

const NONE: readonly never[] = [];
/** View counts are recounted at most this often while tickets change. */
const RECOUNT_MS = 2000;
/**
 * Rows are shown at most this often while tickets change in bursts (a first sync writes a page of 200
 * every few milliseconds, and rendering the rows each time took half the page's time); a single change
 * still shows at once.
 */
const ROWS_MS = 500;

/** The shared plans are plain Mango selectors over ticket fields (held to the schema by the unit tests). */
const ticketSelector = (selector: MangoSelector) => selector as MangoQuerySelector<TicketDocType>;

const toView = (doc: { toJSON(): unknown }): QueueTicket => doc.toJSON() as QueueTicket;

/**
 * A plan's candidates, all of them (the "at risk" view: few, due soon), kept if `keep` says so: read by
 * one query (not a query per segment: each would find the same candidates again) and put in the
 * segments' order here.
 */
function checkedRows(db: AtendeDatabase, plan: QueuePlan, keep: (ticket: QueueTicket, segment: CustomerSegment | undefined) => boolean): Observable<QueueTicket[]> {
  const order = compareQueueTickets(plan.sort);
  return db.tickets.find({ selector: ticketSelector(plan.selector) }).$.pipe(
    switchMap((docs) => {
      const tickets = docs.map(toView);
      const customerIds = [...new Set(tickets.map((ticket) => ticket.customerId))];
      return from(db.customers.findByIds(customerIds).exec()).pipe(
        map((customers) => tickets.filter((ticket) => keep(ticket, customers.get(ticket.customerId)?.segment)).sort(order)),
      );
    }),
  );
}

/**
 * The first `limit` rows of segments run in order, live. A segment is read only while the ones before it
 * leave room (the tickets without a due date come after hundreds with one: usually never read).
 */
function segmentRows(db: AtendeDatabase, segments: QueuePlan['segments'], limit: number): Observable<readonly QueueTicket[]> {
  const [first, ...rest] = segments;
  if (first === undefined) return of(NONE);
  return db.tickets.find({ selector: ticketSelector(first.selector), sort: first.sort as never, limit }).$.pipe(
    switchMap((docs) => {
      const rows = docs.map(toView);
      if (rows.length >= limit || rest.length === 0) return of(rows);
      return segmentRows(db, rest, limit - rows.length).pipe(map((more) => [...rows, ...more]));
    }),
  );
}

/** The first `limit` rows of a plan, live; `keep` decides over the candidates of an SLA-checked plan. */
export function queueRows(
  db: AtendeDatabase,
  plan: QueuePlan | null,
  limit: number,
  keep: (ticket: QueueTicket, segment: CustomerSegment | undefined) => boolean,
): Observable<readonly QueueTicket[]> {
  if (plan === null || plan.segments.length === 0) return of(NONE);
  const rows = plan.slaCheck ? checkedRows(db, plan, keep).pipe(map((all) => all.slice(0, limit))) : segmentRows(db, plan.segments, limit);
  return rows.pipe(throttleTime(ROWS_MS, asyncScheduler, { leading: true, trailing: true }));
}

/** How many tickets a plan holds, recounted (throttled) whenever a ticket changes. */
export function queueCount(
  db: AtendeDatabase,
  plan: QueuePlan | null,
  keep: (ticket: QueueTicket, segment: CustomerSegment | undefined) => boolean,
): Observable<number> {
  if (plan === null) return of(0);
  if (plan.slaCheck) return checkedRows(db, plan, keep).pipe(map((rows) => rows.length));
  // RxQuery.count() refuses selectors no index fully covers unless the database allows slow counts;
  // the storage counts them all the same (a scan of the index range), which is what a view count needs.
  const prepared = db.tickets.find({ selector: ticketSelector(plan.selector) }).getPreparedQuery();
  return db.tickets.$.pipe(
    startWith(null),
    auditTime(RECOUNT_MS),
    switchMap(() => from(db.tickets.storageInstance.count(prepared))),
    map((result) => result.count),
  );
}

