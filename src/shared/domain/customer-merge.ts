/**
 * Merging a duplicate customer into the one that stays (the survivor). Offline-first: the merge is a
 * few ordinary local writes that replicate like any other —
 *
 * 1. the survivor gets the union of both records (`mergeCustomerRecords`): every contact point and tag
 *    of either, the survivor's value for single-valued fields it has, the duplicate's where it has none;
 * 2. the duplicate's tickets, calls and callbacks are re-pointed to the survivor (`REPOINTED_COLLECTIONS`);
 * 3. the duplicate is marked `mergedIntoId` and hidden from lists, never deleted: survey answers and
 *    timeline entries are append-only and keep its id, so history and statistics read the survivor's
 *    ids together with everyone merged into it (`customerIdsMergedInto`).
 */
import { contactKey } from './customer-duplicates';
import { withoutFields } from './customer-fields';
import { customerSchemaV2, type ContactPoint, type Customer } from './customer';
import { idsMergedInto, survivorIdOf } from './merge-chain';

/** Collections whose documents point at a customer through a mutable `customerId` and move with a merge. */
export const REPOINTED_COLLECTIONS = ['tickets', 'calls', 'callbacks'] as const;
export type RepointedCollection = (typeof REPOINTED_COLLECTIONS)[number];

const CONTACT_POINTS_MAX = customerSchemaV2.properties['contactPoints']?.maxItems ?? 20;
const TAGS_MAX = customerSchemaV2.properties['tags']?.maxItems ?? 50;
const NOTES_MAX = customerSchemaV2.properties['notes']?.maxLength ?? 5000;
const NOTES_SEPARATOR = '\n\n';

/** Why two customers cannot be merged. The size limits are the schema's: refusing beats dropping data. */
export const CUSTOMER_MERGE_PROBLEMS = ['same_customer', 'already_merged', 'too_many_contact_points', 'too_many_tags', 'notes_too_long'] as const;
export type CustomerMergeProblem = (typeof CUSTOMER_MERGE_PROBLEMS)[number];

/** Single-valued optional fields: the survivor's value wins, the duplicate's fills a gap. */
const FILLED_FIELDS = ['organization', 'segment', 'timeZone'] as const;

export interface MergeOptions {
  /**
   * Fields the merging user may not set (e.g. `segment` for agents, per the write policy): the survivor
   * keeps its own value there instead of the write being refused.
   */
  readonly keepSurvivorFields?: readonly string[];
}

export type CustomerMergeResult =
  | { readonly ok: true; readonly survivor: Customer }
  | { readonly ok: false; readonly problem: CustomerMergeProblem };

/** Identity of a contact point for the union: kind and normalised value (phone and WhatsApp stay apart). */
function pointIdentity(point: ContactPoint): string {
  return `${point.kind}|${contactKey(point.kind, point.value) ?? point.value}`;
}

/**
 * The survivor's secondary contact points after the merge: the survivor's, then the duplicate's
 * (primaries the survivor does not keep as primaries included), each kind+value once. A label missing
 * on the first occurrence is taken from a later one.
 */
function unionContactPoints(survivor: Customer, duplicate: Customer, primaries: Pick<Customer, 'phone' | 'email'>): ContactPoint[] {
  const primaryIds = new Set<string>([
    ...(primaries.phone === undefined ? [] : [pointIdentity({ kind: 'phone', value: primaries.phone })]),
    ...(primaries.email === undefined ? [] : [pointIdentity({ kind: 'email', value: primaries.email })]),
  ]);
  const candidates: ContactPoint[] = [
    ...(survivor.phone === undefined ? [] : [{ kind: 'phone', value: survivor.phone } as const]),
    ...(survivor.email === undefined ? [] : [{ kind: 'email', value: survivor.email } as const]),
    ...(survivor.contactPoints ?? []),
    ...(duplicate.phone === undefined ? [] : [{ kind: 'phone', value: duplicate.phone } as const]),
    ...(duplicate.email === undefined ? [] : [{ kind: 'email', value: duplicate.email } as const]),
    ...(duplicate.contactPoints ?? []),
  ];
  const byIdentity = new Map<string, ContactPoint>();
  for (const point of candidates) {
    const id = pointIdentity(point);
    if (primaryIds.has(id)) continue;
    const seen = byIdentity.get(id);
    if (seen === undefined) byIdentity.set(id, point);
    else if (seen.label === undefined && point.label !== undefined) byIdentity.set(id, { ...seen, label: point.label });
  }
  return [...byIdentity.values()];
}

function unionNotes(survivor: string | undefined, duplicate: string | undefined): string | undefined {
  if (duplicate === undefined || duplicate.trim() === '') return survivor;
  if (survivor === undefined || survivor.trim() === '') return duplicate;
  // Already carried over by an earlier merge of the same records: merging again changes nothing.
  if (survivor.includes(duplicate)) return survivor;
  return `${survivor}${NOTES_SEPARATOR}${duplicate}`;
}

/** The survivor as it is after absorbing `duplicate`, or why the two cannot be merged. */
export function mergeCustomerRecords(survivor: Customer, duplicate: Customer, options: MergeOptions = {}): CustomerMergeResult {
  if (survivor.id === duplicate.id) return { ok: false, problem: 'same_customer' };
  if (survivor.mergedIntoId !== undefined || duplicate.mergedIntoId !== undefined) return { ok: false, problem: 'already_merged' };
  const keep = new Set(options.keepSurvivorFields ?? []);

  const primaries = {
    phone: survivor.phone ?? duplicate.phone,
    email: survivor.email ?? duplicate.email,
  };
  const contactPoints = unionContactPoints(survivor, duplicate, primaries);
  if (contactPoints.length > CONTACT_POINTS_MAX) return { ok: false, problem: 'too_many_contact_points' };

  const tags = [...new Set([...survivor.tags, ...duplicate.tags])];
  if (tags.length > TAGS_MAX) return { ok: false, problem: 'too_many_tags' };

  const notes = unionNotes(survivor.notes, duplicate.notes);
  if (notes !== undefined && notes.length > NOTES_MAX) return { ok: false, problem: 'notes_too_long' };

  const filled: Partial<Record<(typeof FILLED_FIELDS)[number], string>> = {};
  for (const field of FILLED_FIELDS) {
    const value = keep.has(field) ? survivor[field] : (survivor[field] ?? duplicate[field]);
    if (value !== undefined) filled[field] = value;
  }

  const merged: Customer = {
    ...withoutFields(survivor, ['phone', 'email', 'contactPoints', 'notes', 'organization', 'segment', 'timeZone']),
    ...(primaries.phone === undefined ? {} : { phone: primaries.phone }),
    ...(primaries.email === undefined ? {} : { email: primaries.email }),
    ...(contactPoints.length === 0 ? {} : { contactPoints }),
    ...(notes === undefined ? {} : { notes }),
    ...(filled as Pick<Customer, (typeof FILLED_FIELDS)[number]>),
    tags,
  };
  return { ok: true, survivor: merged };
}

/**
 * The survivor's id and every customer merged into it, directly or through a chain (A ← B ← C), for
 * reading history that stays on the merged ids (survey answers, timeline entries). Cycle-safe.
 */
export function customerIdsMergedInto(survivorId: string, customers: Iterable<Pick<Customer, 'id' | 'mergedIntoId'>>): string[] {
  return idsMergedInto(survivorId, customers);
}

/**
 * Where a customer lives on: itself when active, else the end of its `mergedIntoId` chain (a link to a
 * merged customer, e.g. from a ticket another agent created offline, opens the survivor). `undefined`
 * when the chain leads to a customer this replica does not have, or loops.
 */
export function survivingCustomerId(id: string, byId: ReadonlyMap<string, Pick<Customer, 'id' | 'mergedIntoId'>>): string | undefined {
  return survivorIdOf(id, byId);
}
