import { describe, expect, it } from 'vitest';
import { isE164 } from '../../../../src/shared/domain/common';
import { formatPhoneNumber, isPhoneLink, normalizePhoneNumber, parsePhoneLink, telLink } from '../../../../src/shared/voice/phone';

describe('normalizePhoneNumber', () => {
  it.each([
    ['(11) 98765-4321', 'BR', '+5511987654321'],
    ['011 98765 4321', 'BR', '+5511987654321'],
    ['+55 11 98765-4321', undefined, '+5511987654321'],
    ['+1 (201) 555-0123', 'BR', '+12015550123'],
    ['201.555.0123', 'US', '+12015550123'],
    ['00 44 20 7946 0958', 'PT', '+442079460958'],
    ['  +351 912 345 678  ', undefined, '+351912345678'],
  ])('%s (default %s) → %s', (input, defaultCountry, e164) => {
    const result = normalizePhoneNumber(input, defaultCountry === undefined ? {} : { defaultCountry });
    expect(result).toMatchObject({ ok: true, e164 });
    expect(result.ok && isE164(result.e164)).toBe(true);
  });

  it('reports the country and an extension', () => {
    expect(normalizePhoneNumber('+1 201 555 0123 ext. 45')).toEqual({ ok: true, e164: '+12015550123', country: 'US', extension: '45' });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['call me', 'not_a_number'],
    ['98765-4321', 'invalid_country'],
    ['+999 1234 5678', 'invalid_country'],
    ['+55 11', 'too_short'],
    ['+55 11 98765 4321 1234 5678', 'too_long'],
    ['9'.repeat(300), 'too_long'],
  ])('refuses %j: %s', (input, error) => {
    expect(normalizePhoneNumber(input)).toEqual({ ok: false, error });
  });

  it('needs a real number for dialling but accepts a possible one for caller id', () => {
    // 555-0000 numbers are reserved in North America: the right length, not assigned.
    expect(normalizePhoneNumber('+1 555 000 0000')).toEqual({ ok: false, error: 'invalid' });
    expect(normalizePhoneNumber('+1 555 000 0000', { validation: 'possible' })).toMatchObject({ ok: true, e164: '+15550000000' });
  });

  it('ignores an unknown default country instead of throwing', () => {
    expect(normalizePhoneNumber('(11) 98765-4321', { defaultCountry: 'XX' })).toEqual({ ok: false, error: 'invalid_country' });
    expect(normalizePhoneNumber('+5511987654321', { defaultCountry: 'XX' })).toMatchObject({ ok: true });
  });
});

describe('parsePhoneLink', () => {
  it.each([
    ['tel:+5511987654321', '+5511987654321'],
    ['tel:+1-201-555-0123', '+12015550123'],
    ['TEL:+1.201.555.0123', '+12015550123'],
    ['tel:%2B5511987654321', '+5511987654321'],
    ['tel:2015550123;phone-context=+1', '+12015550123'],
    ['callto:+5511987654321', '+5511987654321'],
    ['callto://+5511987654321', '+5511987654321'],
    ['callto:+55%2011%2098765-4321', '+5511987654321'],
    ['callto://+5511987654321/', '+5511987654321'],
    ['tel://+5511987654321?call', '+5511987654321'],
  ])('%s → %s', (href, e164) => {
    expect(parsePhoneLink(href)).toMatchObject({ ok: true, e164 });
  });

  it('keeps the RFC 3966 extension', () => {
    expect(parsePhoneLink('tel:+1-201-555-0123;ext=42')).toMatchObject({ ok: true, e164: '+12015550123', extension: '42' });
  });

  it('uses the default country for a local number', () => {
    expect(parsePhoneLink('tel:(11)98765-4321', { defaultCountry: 'BR' })).toMatchObject({ ok: true, e164: '+5511987654321' });
  });

  it.each([
    ['https://example.com', 'unsupported_link'],
    ['mailto:a@b.c', 'unsupported_link'],
    ['sip:+5511987654321@example.com', 'unsupported_link'],
    ['tel:', 'empty'],
    ['callto://', 'empty'],
    ['tel:%E0%A4%A', 'not_a_number'],
    ['callto:skype.user', 'not_a_number'],
  ])('refuses %s: %s', (href, error) => {
    expect(parsePhoneLink(href)).toEqual({ ok: false, error });
  });

  it('recognises the links the desktop app handles', () => {
    expect(['tel:+1', 'callto:x', ' TEL:+1', 'https://x', 'telnet:x'].map(isPhoneLink)).toEqual([true, true, true, false, false]);
  });
});

describe('formatting', () => {
  it('shows home-country numbers in national format and others internationally', () => {
    expect(formatPhoneNumber('+5511987654321', 'BR')).toBe('(11) 98765-4321');
    expect(formatPhoneNumber('+12015550123', 'BR')).toBe('+1 201 555 0123');
    expect(formatPhoneNumber('+5511987654321')).toBe('+55 11 98765 4321');
  });

  it('returns what is not E.164 unchanged', () => {
    expect(formatPhoneNumber('anonymous', 'BR')).toBe('anonymous');
  });

  it('builds tel: links only for E.164', () => {
    expect(telLink('+5511987654321')).toBe('tel:+5511987654321');
    expect(telLink('11987654321')).toBeNull();
    const link = telLink('+5511987654321');
    expect(link === null ? null : parsePhoneLink(link)).toMatchObject({ ok: true, e164: '+5511987654321' });
  });
});
