/**
 * Phone numbers: typed or pasted by agents, delivered as caller id, or clicked as `tel:`/`callto:`
 * links. Everything stored or dialled is E.164 (the schema's `^\+[1-9][0-9]{6,14}$`).
 *
 * libphonenumber-js with the full ("max") metadata: the default ("min") metadata checks only lengths,
 * and a dialler should tell an agent that a number cannot exist before the customer's phone fails to ring.
 */
import { isSupportedCountry, parsePhoneNumberWithError, ParseError, validatePhoneNumberLength, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import { isE164 } from '../domain/common';

export type { CountryCode };

/**
 * valid: the number exists in the numbering plan (for dialling). possible: the length fits the country
 * (for caller id, where new ranges and odd carriers must not be dropped).
 */
export type PhoneValidation = 'valid' | 'possible';

export interface PhoneOptions {
  /** The country of numbers written without `+`, e.g. `BR` for `(11) 98765-4321`. */
  readonly defaultCountry?: string;
  readonly validation?: PhoneValidation;
}

/** Stable reasons, each a locale key under `phone.error.`. */
export const PHONE_ERRORS = ['empty', 'not_a_number', 'invalid_country', 'too_short', 'too_long', 'invalid', 'unsupported_link'] as const;
export type PhoneError = (typeof PHONE_ERRORS)[number];

export type NormalizedPhone =
  | { readonly ok: true; readonly e164: string; readonly country?: CountryCode; readonly extension?: string }
  | { readonly ok: false; readonly error: PhoneError };

/** Longer input is not a phone number; it also bounds the parser's work on pasted text. */
const INPUT_MAX = 250;

/** Normalises a typed, pasted or delivered number to E.164, or says why it cannot. */
export function normalizePhoneNumber(input: string, options: PhoneOptions = {}): NormalizedPhone {
  const text = input.trim();
  if (text === '') return { ok: false, error: 'empty' };
  if (text.length > INPUT_MAX) return { ok: false, error: 'too_long' };
  const defaultCountry = options.defaultCountry !== undefined && isSupportedCountry(options.defaultCountry) ? options.defaultCountry : undefined;

  let parsed: PhoneNumber;
  try {
    parsed = parsePhoneNumberWithError(text, defaultCountry);
  } catch (error) {
    return { ok: false, error: parseErrorReason(error) };
  }
  const acceptable = (options.validation ?? 'valid') === 'valid' ? parsed.isValid() : parsed.isPossible();
  if (!acceptable) return { ok: false, error: lengthReason(text, defaultCountry) };
  // The library's E.164 for a possible-but-odd number can still break the schema's pattern.
  if (!isE164(parsed.number)) return { ok: false, error: 'invalid' };
  return {
    ok: true,
    e164: parsed.number,
    ...(parsed.country === undefined ? {} : { country: parsed.country }),
    ...(parsed.ext === undefined ? {} : { extension: parsed.ext }),
  };
}

/** A parsed number that is not acceptable: say "too short/long" when that is why, so the agent knows what to fix. */
function lengthReason(text: string, defaultCountry: CountryCode | undefined): PhoneError {
  switch (validatePhoneNumberLength(text, defaultCountry)) {
    case 'TOO_SHORT':
      return 'too_short';
    case 'TOO_LONG':
      return 'too_long';
    default:
      return 'invalid';
  }
}

function parseErrorReason(error: unknown): PhoneError {
  if (error instanceof ParseError) {
    switch (error.message) {
      case 'INVALID_COUNTRY':
        return 'invalid_country';
      case 'TOO_SHORT':
      case 'INVALID_LENGTH':
        return 'too_short';
      case 'TOO_LONG':
        return 'too_long';
      default:
        return 'not_a_number';
    }
  }
  return 'not_a_number';
}

const LINK_SCHEME = /^(tel|callto):(?:\/\/)?(.*)$/is;

/**
 * A `tel:` (RFC 3966, with `;ext=`, `;phone-context=`) or `callto:` link (Skype style, `callto://+…`) to
 * a number to dial. Percent-escapes are decoded (`tel:%2B55…`). Links are dialled, so the default
 * validation is `valid`.
 */
export function parsePhoneLink(href: string, options: PhoneOptions = {}): NormalizedPhone {
  const match = LINK_SCHEME.exec(href.trim());
  if (match === null) return { ok: false, error: 'unsupported_link' };
  const [, rawScheme = '', rawRest = ''] = match;
  let rest: string;
  try {
    rest = decodeURIComponent(rawRest);
  } catch {
    return { ok: false, error: 'not_a_number' };
  }
  // Some apps append a query (`?call`) or a trailing slash to callto links.
  rest = rest.replace(/[/?].*$/s, '').trim();
  if (rest === '') return { ok: false, error: 'empty' };
  // The library understands RFC 3966 parameters only in the `tel:` form.
  const text = rawScheme.toLowerCase() === 'tel' || rest.includes(';') ? `tel:${rest.replace(/\s+/g, '')}` : rest;
  return normalizePhoneNumber(text, options);
}

/** Whether a link is one this app dials (the desktop shell registers for both schemes). */
export function isPhoneLink(href: string): boolean {
  return LINK_SCHEME.test(href.trim());
}

/**
 * An E.164 number for display: national format for numbers of `homeCountry` (what agents read and
 * type), international otherwise. Not E.164 input comes back unchanged.
 */
export function formatPhoneNumber(e164: string, homeCountry?: string): string {
  if (!isE164(e164)) return e164;
  try {
    const parsed = parsePhoneNumberWithError(e164);
    return homeCountry !== undefined && parsed.country === homeCountry ? parsed.formatNational() : parsed.formatInternational();
  } catch {
    return e164;
  }
}

/** The `tel:` link for an E.164 number (RFC 3966 global form). */
export function telLink(e164: string): string | null {
  return isE164(e164) ? `tel:${e164}` : null;
}
