/**
 * Duplicate customers: two records reaching the same person through the same phone number or email
 * address. Contact points are compared in a normal form (E.164 numbers, lowercased emails), and a
 * WhatsApp number is the same number as a phone number: an agent who typed it as "phone" on one record
 * and as "WhatsApp" on the other still finds the duplicate.
 */
import { isE164 } from './common';
import type { ContactPoint, ContactPointKind, Customer } from './customer';

/** How contact points are matched: numbers (phone and WhatsApp alike) and emails. */
export type ContactChannel = 'number' | 'email';

/** A normalised contact point, e.g. `number:+5511987654321` or `email:ana@example.com`. */
export type ContactKey = `${ContactChannel}:${string}`;

export type CustomerContacts = Pick<Customer, 'email' | 'phone' | 'contactPoints'>;

/** Emails compare case-insensitively and without surrounding spaces (the local part's case is ignored in practice). */
export function normalizeEmail(value: string): string {
  return value.trim().toLowerCase();
}

/** The key a contact point is matched by; `null` for a value that is no number or email at all. */
export function contactKey(kind: ContactPointKind, value: string): ContactKey | null {
  if (kind === 'email') {
    const email = normalizeEmail(value);
    return email.includes('@') ? `email:${email}` : null;
  }
  const number = value.trim();
  return isE164(number) ? `number:${number}` : null;
}

/** Every contact point of a customer, primaries first, as stored (no normalisation). */
export function allContactPoints(customer: CustomerContacts): ContactPoint[] {
  return [
    ...(customer.phone === undefined ? [] : [{ kind: 'phone', value: customer.phone } as const]),
    ...(customer.email === undefined ? [] : [{ kind: 'email', value: customer.email } as const]),
    ...(customer.contactPoints ?? []),
  ];
}

/** The distinct keys of every contact point of a customer (primary phone and email included). */
export function contactKeysOf(customer: CustomerContacts): Set<ContactKey> {
  const keys = new Set<ContactKey>();
  for (const point of allContactPoints(customer)) {
    const key = contactKey(point.kind, point.value);
    if (key !== null) keys.add(key);
  }
  return keys;
}

/** Customers merged into another one are hidden everywhere, duplicates included. */
export function isActiveCustomer(customer: Pick<Customer, 'mergedIntoId'>): boolean {
  return customer.mergedIntoId === undefined;
}

/** Contact key → ids of the (active) customers having it. Built once for a whole directory. */
export type ContactIndex = ReadonlyMap<ContactKey, readonly string[]>;

export function buildContactIndex(customers: Iterable<CustomerContacts & Pick<Customer, 'id' | 'mergedIntoId'>>): ContactIndex {
  const index = new Map<ContactKey, string[]>();
  for (const customer of customers) {
    if (!isActiveCustomer(customer)) continue;
    for (const key of contactKeysOf(customer)) {
      const ids = index.get(key);
      if (ids === undefined) index.set(key, [customer.id]);
      else ids.push(customer.id);
    }
  }
  return index;
}

export interface DuplicateMatch {
  readonly customerId: string;
  /** The contact points both records share, sorted. */
  readonly shared: readonly ContactKey[];
}

/**
 * The other active customers sharing at least one contact point with `customer`, the most shared
 * first (ties by id, so every screen lists them in the same order).
 */
export function findDuplicates(customer: CustomerContacts & Pick<Customer, 'id'>, index: ContactIndex): DuplicateMatch[] {
  const shared = new Map<string, ContactKey[]>();
  for (const key of contactKeysOf(customer)) {
    for (const id of index.get(key) ?? []) {
      if (id === customer.id) continue;
      const keys = shared.get(id);
      if (keys === undefined) shared.set(id, [key]);
      else keys.push(key);
    }
  }
  return [...shared]
    .map(([customerId, keys]) => ({ customerId, shared: [...keys].sort() }))
    .sort((a, b) => b.shared.length - a.shared.length || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
}

/** The value part of a key, for display: `number:+55…` → `+55…`. */
export function contactKeyValue(key: ContactKey): string {
  return key.slice(key.indexOf(':') + 1);
}

export function contactKeyChannel(key: ContactKey): ContactChannel {
  return key.startsWith('email:') ? 'email' : 'number';
}
