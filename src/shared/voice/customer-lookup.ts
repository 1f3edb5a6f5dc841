/**
 * Screen pop: which customers a phone number belongs to. Numbers are compared in E.164, against the
 * customer's primary phone and every phone or WhatsApp contact point, so "+55 11 98765-4321" typed
 * into a CRM record and the caller id `+5511987654321` meet.
 */
import type { ContactPoint, Customer } from '../domain/customer';
import { normalizePhoneNumber, type PhoneOptions } from './phone';

/** How a customer matched: their primary phone, or one of their other contact points. */
export type PhoneMatchKind = 'primary' | 'contact_point';

export interface CustomerPhoneMatch<C> {
  readonly customer: C;
  readonly matchedBy: PhoneMatchKind;
  /** The matched contact point, when it was not the primary phone. */
  readonly contactPoint?: ContactPoint;
}

type Lookupable = Pick<Customer, 'id' | 'name' | 'phone' | 'contactPoints' | 'updatedAt'>;

/**
 * The E.164 form of a caller id or a typed number, or undefined when it is no phone number. Caller ids
 * only need to be possible numbers: new ranges and odd carriers must still pop the right customer.
 */
export function lookupKey(number: string | undefined, options: Pick<PhoneOptions, 'defaultCountry'> = {}): string | undefined {
  if (number === undefined) return undefined;
  const normalized = normalizePhoneNumber(number, { ...options, validation: 'possible' });
  return normalized.ok ? normalized.e164 : undefined;
}

/** Every number a customer can be reached on by phone, in E.164 (stored values are E.164 already). */
export function customerPhoneNumbers(customer: Pick<Customer, 'phone' | 'contactPoints'>): string[] {
  const numbers = customer.phone === undefined ? [] : [customer.phone];
  for (const point of customer.contactPoints ?? []) {
    if ((point.kind === 'phone' || point.kind === 'whatsapp') && !numbers.includes(point.value)) numbers.push(point.value);
  }
  return numbers;
}

/**
 * The customers whose phone numbers include `number`: primary-phone matches first (the number the
 * customer gave as theirs), then contact points; most recently updated first within each, so a
 * shared office line still lists the customer the team talks to now at the top.
 */
export function findCustomersByPhone<C extends Lookupable>(
  customers: Iterable<C>,
  number: string | undefined,
  options: Pick<PhoneOptions, 'defaultCountry'> = {},
): CustomerPhoneMatch<C>[] {
  const key = lookupKey(number, options);
  if (key === undefined) return [];
  const matches: CustomerPhoneMatch<C>[] = [];
  for (const customer of customers) {
    if (customer.phone === key) {
      matches.push({ customer, matchedBy: 'primary' });
      continue;
    }
    const contactPoint = customer.contactPoints?.find((point) => (point.kind === 'phone' || point.kind === 'whatsapp') && point.value === key);
    if (contactPoint !== undefined) matches.push({ customer, matchedBy: 'contact_point', contactPoint });
  }
  const rank = (match: CustomerPhoneMatch<C>) => (match.matchedBy === 'primary' ? 0 : 1);
  return matches.sort((a, b) => rank(a) - rank(b) || b.customer.updatedAt.localeCompare(a.customer.updatedAt) || a.customer.id.localeCompare(b.customer.id));
}
