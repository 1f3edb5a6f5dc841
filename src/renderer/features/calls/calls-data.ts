/**
 * Reads and writes of the call screens, all on the local replica (so they work offline and reach the
 * server through replication): call records, callbacks, a customer's open tickets and calls, and the
 * writes that link a call to a ticket, create a phone ticket or a customer from a call.
 * The replica types calls and callbacks loosely (`GenericDocType`); the shared schemas validated every
 * document on the way in, so the casts to the shared entity types hold.
 */
import { useMemo } from 'react';
import { map } from 'rxjs';
import type { Call } from '../../../shared/domain/call';
import type { CallbackRequest } from '../../../shared/domain/callback';
import type { CustomerLanguage } from '../../../shared/domain/customer';
import type { Ticket } from '../../../shared/domain/ticket';
import { callTimelineEntry, type WrapUpChanges } from '../../../shared/voice/wrap-up';
import type { AtendeDatabase, CustomerDocType, GenericDocType, TicketDocType } from '../../data/database';
import { useDatabase, useObservable, type CustomerView, type TicketView } from '../../data/hooks';

const NO_TICKETS: readonly TicketView[] = [];
const NO_CALLS: readonly Call[] = [];
const NO_CALLBACKS: readonly CallbackRequest[] = [];
const NO_CUSTOMERS: readonly CustomerView[] = [];
const CLOSED: readonly string[] = ['solved', 'closed'];

/** One call record; `undefined` while loading, `null` when the replica does not have it (yet). */
export function useCallRecord(id: string | undefined): Call | null | undefined {
  const db = useDatabase();
  const source = useMemo(
    () => (id === undefined || db.calls === undefined ? null : db.calls.findOne(id).$.pipe(map((doc) => (doc === null ? null : (doc.toJSON() as unknown as Call))))),
    [db, id],
  );
  return useObservable<Call | null | undefined>(source, id === undefined || db.calls === undefined ? null : undefined);
}

/** Every customer (the screen pop matches numbers in memory: phones are optional, so not indexed). */
export function useAllCustomers(): readonly CustomerView[] {
  const db = useDatabase();
  const source = useMemo(() => db.customers.find().$.pipe(map((docs) => docs.map((doc) => doc.toJSON() as CustomerView))), [db]);
  return useObservable(source, NO_CUSTOMERS);
}

/** A customer's tickets that are not solved or closed, most recently updated first. */
export function useOpenTicketsOf(customerId: string | undefined): readonly TicketView[] {
  const db = useDatabase();
  const source = useMemo(
    () =>
      customerId === undefined
        ? null
        : db.tickets
            .find({ selector: { customerId }, sort: [{ customerId: 'asc' }, { updatedAt: 'desc' }] })
            .$.pipe(map((docs) => docs.map((doc) => doc.toJSON() as TicketView).filter((ticket) => !CLOSED.includes(ticket.status)))),
    [db, customerId],
  );
  return useObservable(source, NO_TICKETS);
}

/** The customer's calls, newest first (their call history). */
export function useCustomerCalls(customerId: string | undefined, limit = 10): readonly Call[] {
  const db = useDatabase();
  const source = useMemo(
    () =>
      customerId === undefined || db.calls === undefined
        ? null
        : db.calls
            .find({ sort: [{ offeredAt: 'desc' }] })
            .$.pipe(map((docs) => docs.map((doc) => doc.toJSON() as unknown as Call).filter((call) => call.customerId === customerId).slice(0, limit))),
    [db, customerId, limit],
  );
  return useObservable(source, NO_CALLS);
}

/** The agent's recent calls (handled or offered to them), newest first. */
export function useRecentCalls(agentId: string, limit = 30): readonly Call[] {
  const db = useDatabase();
  const source = useMemo(
    () =>
      db.calls === undefined
        ? null
        : db.calls
            .find({ sort: [{ offeredAt: 'desc' }] })
            .$.pipe(map((docs) => docs.map((doc) => doc.toJSON() as unknown as Call).filter((call) => call.agentId === agentId).slice(0, limit))),
    [db, agentId, limit],
  );
  return useObservable(source, NO_CALLS);
}

/** Every callback request in the replica (the worklist filters and orders them). */
export function useCallbacks(): readonly CallbackRequest[] {
  const db = useDatabase();
  const source = useMemo(
    () =>
      db.callbacks === undefined
        ? null
        : db.callbacks
            .find({ sort: [{ status: 'asc' }, { dueAt: 'asc' }] })
            .$.pipe(map((docs) => docs.map((doc) => doc.toJSON() as unknown as CallbackRequest))),
    [db],
  );
  return useObservable(source, NO_CALLBACKS);
}

function collection(db: AtendeDatabase, name: 'calls' | 'callbacks') {
  const found = db[name];
  if (found === undefined) throw new Error(`This workspace has no ${name} collection`);
  return found;
}

/** Writes fields of a call record; false when the replica does not have it (yet). */
export async function updateCall(db: AtendeDatabase, callId: string, changes: WrapUpChanges): Promise<boolean> {
  const doc = await collection(db, 'calls').findOne(callId).exec();
  if (doc === null) return false;
  const now = new Date().toISOString();
  await doc.incrementalModify((data) => ({ ...data, ...changes, updatedAt: now }));
  return true;
}

export async function insertCall(db: AtendeDatabase, call: Call): Promise<void> {
  await collection(db, 'calls').insert(call as unknown as GenericDocType);
}

export async function insertCallback(db: AtendeDatabase, callback: CallbackRequest): Promise<void> {
  await collection(db, 'callbacks').insert(callback as unknown as GenericDocType);
}

export async function updateCallback(db: AtendeDatabase, callbackId: string, changes: Partial<CallbackRequest>): Promise<void> {
  const doc = await collection(db, 'callbacks').findOne(callbackId).exec();
  if (doc === null) throw new Error(`Callback ${callbackId} is not in the local replica`);
  await doc.incrementalModify((data) => ({ ...data, ...changes }));
}

/**
 * Shows the call on the ticket's timeline (and in the customer's history). Idempotent: the entry's id
 * is derived from the call and the ticket, so linking twice, or linking and then wrapping up with the
 * same ticket, writes one entry.
 */
export async function addCallToTimeline(
  db: AtendeDatabase,
  link: { readonly callId: string; readonly ticketId: string; readonly customerId: string | undefined; readonly occurredAt: string; readonly agentId: string },
): Promise<void> {
  const timeline = db.timeline;
  if (timeline === undefined) return;
  const entry = callTimelineEntry({ ...link, now: new Date().toISOString() });
  const existing = await timeline.findOne(entry.id).exec();
  if (existing === null) await timeline.insert(entry);
}

/** Files a call under a ticket: the call record's link (when the replica has it) and the timeline entry. */
export async function linkCallToTicket(
  db: AtendeDatabase,
  link: { readonly call: Call; readonly ticket: Pick<Ticket, 'id' | 'customerId'>; readonly agentId: string },
): Promise<void> {
  await updateCall(db, link.call.id, { ticketId: link.ticket.id, customerId: link.ticket.customerId });
  await addCallToTimeline(db, { callId: link.call.id, ticketId: link.ticket.id, customerId: link.ticket.customerId, occurredAt: link.call.offeredAt, agentId: link.agentId });
}

/** A new phone ticket for the customer on the line, assigned to the agent taking the call. */
export async function createPhoneTicket(db: AtendeDatabase, options: { readonly customerId: string; readonly subject: string; readonly agentId: string }): Promise<TicketView> {
  const now = new Date().toISOString();
  const ticket: TicketDocType = {
    id: `tkt_${crypto.randomUUID()}`,
    subject: options.subject,
    status: 'open',
    priority: 'normal',
    channel: 'phone',
    tier: 'L1',
    customerId: options.customerId,
    assigneeId: options.agentId,
    tags: [],
    createdAt: now,
    updatedAt: now,
  };
  await db.tickets.insert(ticket);
  return ticket;
}

/** A customer created from an unknown caller: the name the agent typed and the caller's number as their phone. */
export async function createCustomerFromCall(db: AtendeDatabase, options: { readonly name: string; readonly phone: string; readonly language: CustomerLanguage }): Promise<CustomerView> {
  const now = new Date().toISOString();
  const customer: CustomerDocType = {
    id: `cus_${crypto.randomUUID()}`,
    name: options.name,
    phone: options.phone,
    language: options.language,
    tags: [],
    createdAt: now,
    updatedAt: now,
  };
  await db.customers.insert(customer);
  return customer;
}
