/**
 * Local writes of the customers screens. Like every write in the app they go to the replica first and
 * replicate when they can, so creating, editing and merging all work offline. Permission comes from the
 * shared write policy (`canWriteDocument`), the same rules the server applies to the push.
 */
import type { RxDocument } from 'rxdb';
import type { Customer } from '../../../shared/domain/customer';
import { applyCustomerForm, type CustomerFormFields } from '../../../shared/domain/customer-draft';
import { mergeCustomerRecords, REPOINTED_COLLECTIONS, type CustomerMergeProblem, type RepointedCollection } from '../../../shared/domain/customer-merge';
import type { Role } from '../../../shared/domain/roles';
import { canWriteDocument, canWriteField } from '../../../shared/sync/write-policy';
import type { AtendeDatabase, CustomerDocType, GenericDocType } from '../../data/database';

export interface Actor {
  readonly role: Role;
  readonly userId: string;
}

export function newCustomerId(): string {
  return `cus_${crypto.randomUUID()}`;
}

export async function createCustomer(db: AtendeDatabase, fields: CustomerFormFields): Promise<string> {
  const id = newCustomerId();
  const now = new Date().toISOString();
  // createdAt/updatedAt are server-owned: stamped again when the push is accepted.
  await db.customers.insert({ ...(fields as CustomerDocType), id, createdAt: now, updatedAt: now });
  return id;
}

export async function updateCustomer(doc: RxDocument<CustomerDocType>, fields: CustomerFormFields): Promise<void> {
  const now = new Date().toISOString();
  await doc.incrementalModify((data) => ({ ...(applyCustomerForm(data, fields) as CustomerDocType), updatedAt: now }));
}

/** Whether the write policy lets `actor` change this customer's profile (e.g. its name). */
export function canEditCustomer(actor: Actor, customer: Customer): boolean {
  const before = customer as unknown as Record<string, unknown>;
  return canWriteDocument({ ...actor, collection: 'customers', before, after: { ...before, name: `${customer.name} ` } }).allowed;
}

/** Fields of a customer the user may not set (the merge keeps the survivor's value there). */
export function customerFieldsOutOfReach(role: Role): string[] {
  return ['segment'].filter((field) => !canWriteField(role, 'customers', field));
}

export type MergeCheck =
  | { readonly ok: true; readonly survivor: Customer; readonly moves: Readonly<Record<RepointedCollection, number>> }
  | { readonly ok: false; readonly problem: CustomerMergeProblem | 'forbidden' | 'not_found' };

async function documentsOf(db: AtendeDatabase, collection: RepointedCollection, customerId: string): Promise<RxDocument<GenericDocType>[]> {
  const target = collection === 'tickets' ? db.tickets : db[collection];
  if (target === undefined) return [];
  return (await target.find({ selector: { customerId } }).exec()) as unknown as RxDocument<GenericDocType>[];
}

/** What merging `duplicate` into `survivor` would write, checked against the write policy for `actor`. */
export async function checkMerge(db: AtendeDatabase, survivor: Customer, duplicate: Customer, actor: Actor): Promise<MergeCheck> {
  const result = mergeCustomerRecords(survivor, duplicate, { keepSurvivorFields: customerFieldsOutOfReach(actor.role) });
  if (!result.ok) return result;
  const allowed = (collection: Parameters<typeof canWriteDocument>[0]['collection'], before: object, after: object) =>
    canWriteDocument({ ...actor, collection, before: before as Record<string, unknown>, after: after as Record<string, unknown> }).allowed;
  if (!allowed('customers', survivor, result.survivor)) return { ok: false, problem: 'forbidden' };
  if (!allowed('customers', duplicate, { ...duplicate, mergedIntoId: survivor.id })) return { ok: false, problem: 'forbidden' };
  const moves = { tickets: 0, calls: 0, callbacks: 0 };
  for (const collection of REPOINTED_COLLECTIONS) {
    for (const doc of await documentsOf(db, collection, duplicate.id)) {
      const before = doc.toJSON() as Record<string, unknown>;
      if (!allowed(collection, before, { ...before, customerId: survivor.id })) return { ok: false, problem: 'forbidden' };
      moves[collection] += 1;
    }
  }
  return { ok: true, survivor: result.survivor, moves };
}

/**
 * Merges `duplicateId` into `survivorId` with ordinary local writes. Order matters for an interrupted
 * merge (closed window, crash): the survivor absorbs the duplicate first, then the links move, and the
 * duplicate is marked last — until then it stays visible, and merging it again finishes the job (the
 * record merge is idempotent, moved links are simply not found again).
 */
export async function mergeCustomers(db: AtendeDatabase, survivorId: string, duplicateId: string, actor: Actor): Promise<MergeCheck> {
  const [survivorDoc, duplicateDoc] = await Promise.all([db.customers.findOne(survivorId).exec(), db.customers.findOne(duplicateId).exec()]);
  if (survivorDoc === null || duplicateDoc === null) return { ok: false, problem: 'not_found' };
  const duplicate = duplicateDoc.toJSON() as Customer;
  const check = await checkMerge(db, survivorDoc.toJSON(), duplicate, actor);
  if (!check.ok) return check;

  const now = new Date().toISOString();
  const keepSurvivorFields = customerFieldsOutOfReach(actor.role);
  await survivorDoc.incrementalModify((data) => {
    const merged = mergeCustomerRecords(data, duplicate, { keepSurvivorFields });
    // The survivor changed between the check and this write (e.g. a replication pull): keep what it is.
    return merged.ok ? { ...(merged.survivor as CustomerDocType), updatedAt: now } : data;
  });
  for (const collection of REPOINTED_COLLECTIONS) {
    for (const doc of await documentsOf(db, collection, duplicateId)) {
      await doc.incrementalPatch({ customerId: survivorId, updatedAt: now });
    }
  }
  await duplicateDoc.incrementalPatch({ mergedIntoId: survivorId, updatedAt: now });
  return check;
}
