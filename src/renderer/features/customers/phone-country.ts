/**
 * The country numbers typed without `+` belong to ("(11) 98765-4321" is Brazilian for an agent in São
 * Paulo). Remembered per device; first guessed from the browser's region (`pt-BR` → BR).
 */
import { getCountries, type CountryCode } from 'libphonenumber-js/max';
import { useState } from 'react';

const STORAGE_KEY = 'atende.customers.phoneCountry';
const FALLBACK: CountryCode = 'BR';
const SUPPORTED = new Set<string>(getCountries());

function isCountry(value: string | null | undefined): value is CountryCode {
  return value !== null && value !== undefined && SUPPORTED.has(value);
}

function initialCountry(): CountryCode {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isCountry(stored)) return stored;
  } catch {
    // Storage unavailable (private mode): fall through to the guess.
  }
  const region = typeof navigator === 'undefined' ? undefined : navigator.language.split('-')[1]?.toUpperCase();
  return isCountry(region) ? region : FALLBACK;
}

export function usePhoneCountry(): readonly [CountryCode, (country: string) => void] {
  const [country, setCountry] = useState<CountryCode>(initialCountry);
  const choose = (next: string) => {
    if (!isCountry(next)) return;
    setCountry(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered; still used for this form.
    }
  };
  return [country, choose] as const;
}

/** Every country libphonenumber knows, named in `language`, sorted by name. */
export function countryOptions(language: string): { value: string; label: string }[] {
  const names = new Intl.DisplayNames([language], { type: 'region' });
  return getCountries()
    .map((code) => ({ value: code, label: `${names.of(code) ?? code} (${code})` }))
    .sort((a, b) => a.label.localeCompare(b.label, language));
}
