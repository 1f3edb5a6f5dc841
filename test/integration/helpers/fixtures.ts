/** Valid documents to push, and helpers to build push rows. */
import type { Customer } from '../../../src/shared/domain/customer';
import type { Ticket } from '../../../src/shared/domain/ticket';
import type { PushRow, WireDocument } from '../../../src/shared/sync/protocol';

const CLIENT_TIME = '2020-01-01T00:00:00.000Z';

export function ticket(id: string, overrides: Partial<Ticket> = {}): Ticket {
  return {
    id,
    subject: `Subject of ${id}`,
    status: 'new',
    priority: 'normal',
    channel: 'phone',
    tier: 'L1',
    customerId: 'cus_000001',
    tags: [],
    createdAt: CLIENT_TIME,
    updatedAt: CLIENT_TIME,
    ...overrides,
  };
}

export function customer(id: string, overrides: Partial<Customer> = {}): Customer {
  return { id, name: `Customer ${id}`, language: 'en', tags: [], createdAt: CLIENT_TIME, updatedAt: CLIENT_TIME, ...overrides };
}

export function wire<T extends object>(document: T, deleted = false): WireDocument<T> {
  return { ...document, _deleted: deleted };
}

export function insertRow<T extends object>(document: T): PushRow<T> {
  return { newDocumentState: wire(document) };
}

export function updateRow<T extends object>(master: WireDocument<T>, changes: Partial<T>, deleted = false): PushRow<T> {
  return { assumedMasterState: master, newDocumentState: { ...master, ...changes, _deleted: deleted } };
}

/** Domain interfaces have no index signature; the store and the API take plain records. */
export function asRecord(document: object): Record<string, unknown> {
  return { ...document };
}
