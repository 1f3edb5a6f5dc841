/**
 * Finding a customer in the directory by name, organisation, email or phone number typed in any format
 * ("(11) 98765-4321", "011 98765 4321", "+55 11 9 8765 4321", a few trailing digits). Each customer is
 * prepared once (`customerSearchEntry`), each query once (`prepareCustomerQuery`); matching is then a
 * few substring tests, so filtering tens of thousands of customers per keystroke stays in milliseconds.
 */
import { normalizePhoneNumber } from '../voice/phone';
import type { Customer } from './customer';
import { allContactPoints } from './customer-duplicates';

export interface CustomerSearchEntry {
  readonly id: string;
  /** Name, organisation and emails, folded (lowercase, no accents), one string. */
  readonly text: string;
  /** The digits of every phone and WhatsApp number (E.164 without the plus). */
  readonly digits: readonly string[];
}

export interface CustomerQuery {
  /** Folded words that must all occur in the text. */
  readonly words: readonly string[];
  /** For a query that looks like a phone number: its digits, and its E.164 form when it parses. */
  readonly phone?: { readonly digits: string; readonly e164?: string };
}

/** Fewer digits match too much to be a phone search ("12" is in most numbers). */
const MIN_PHONE_DIGITS = 3;
const PHONE_LIKE = /^[+\d\s().-]+$/;

/** Lowercase without diacritics, so "joão" finds "Joao" and the other way round. */
export function foldText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
}

export function customerSearchEntry(customer: Pick<Customer, 'id' | 'name' | 'organization' | 'email' | 'phone' | 'contactPoints'>): CustomerSearchEntry {
  const points = allContactPoints(customer);
  const emails = points.filter((point) => point.kind === 'email').map((point) => point.value);
  return {
    id: customer.id,
    text: foldText([customer.name, customer.organization ?? '', ...emails].join('\n')),
    digits: points.filter((point) => point.kind !== 'email').map((point) => point.value.replace(/\D/g, '')),
  };
}

/** `defaultCountry` reads numbers written without a country code, e.g. `BR` for "(11) 98765-4321". */
export function prepareCustomerQuery(raw: string, defaultCountry?: string): CustomerQuery {
  const trimmed = raw.trim();
  const words = foldText(trimmed).split(/\s+/).filter((word) => word !== '');
  const digits = trimmed.replace(/\D/g, '');
  if (!PHONE_LIKE.test(trimmed) || digits.length < MIN_PHONE_DIGITS) return { words };
  const parsed = normalizePhoneNumber(trimmed, { validation: 'possible', ...(defaultCountry === undefined ? {} : { defaultCountry }) });
  return { words, phone: { digits, ...(parsed.ok ? { e164: parsed.e164 } : {}) } };
}

export function isEmptyQuery(query: CustomerQuery): boolean {
  return query.words.length === 0;
}

export function matchesCustomerQuery(entry: CustomerSearchEntry, query: CustomerQuery): boolean {
  if (query.phone !== undefined) {
    const { digits, e164 } = query.phone;
    const full = e164?.slice(1);
    if (entry.digits.some((number) => number.includes(digits) || (full !== undefined && number === full))) return true;
  }
  return query.words.length > 0 && query.words.every((word) => entry.text.includes(word));
}
