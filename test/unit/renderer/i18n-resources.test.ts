import { describe, expect, it } from 'vitest';
import { en } from '../../../src/renderer/i18n/locales/en';
import { ptBR } from '../../../src/renderer/i18n/locales/pt-BR';

/** Every leaf as `a.b.c` → value; non-string leaves are reported as such so the test fails on them. */
function flatten(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      for (const [path, leaf] of flatten(child, prefix === '' ? key : `${prefix}.${key}`)) out.set(path, leaf);
    }
  } else {
    out.set(prefix, value);
  }
  return out;
}

const placeholders = (text: string) =>
  [...text.matchAll(/\{\{\s*([\w.]+)/g)].map((match) => match[1]).sort();

const locales = { en: flatten(en), 'pt-BR': flatten(ptBR) };

describe('i18n resources', () => {
  it('has exactly the same keys in en and pt-BR', () => {
    const enKeys = [...locales.en.keys()].sort();
    const ptKeys = [...locales['pt-BR'].keys()].sort();
    expect(ptKeys).toEqual(enKeys);
    expect(enKeys.length).toBeGreaterThan(50);
  });

  it.each(Object.entries(locales))('has only non-empty strings in %s', (_name, entries) => {
    for (const [key, value] of entries) {
      expect(typeof value, key).toBe('string');
      expect(String(value).trim(), key).not.toBe('');
    }
  });

  it('uses the same interpolation variables in both languages', () => {
    for (const [key, value] of locales.en) {
      const translated = locales['pt-BR'].get(key);
      expect(placeholders(String(translated)), key).toEqual(placeholders(String(value)));
    }
  });

  it('keeps the labels the end-to-end tests rely on', () => {
    expect(en.signIn.email).toMatch(/email/i);
    expect(en.signIn.password).toMatch(/password/i);
    expect(en.signIn.submit).toMatch(/sign in/i);
    expect(en.detail.subject).toBe('Subject');
    expect(en.detail.save).toBe('Save');
    // Only the password field may be labelled "password" / only the email field "email" on the sign-in form.
    expect(en.signIn.showCharacters).not.toMatch(/password|email/i);
    expect(en.signIn.serverUrl).not.toMatch(/password|email/i);
  });
});
