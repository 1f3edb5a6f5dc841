import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { baseI18nOptions } from '../../../src/renderer/i18n/config';
import { createFormatters, formatClock } from '../../../src/renderer/i18n/format';

/** Intl separates numbers from units with (narrow) no-break spaces: compare words, not space kinds. */
const plain = (text: string) => text.replace(/\s/gu, ' ');

async function instance(lng: string) {
  const i18n = i18next.createInstance();
  await i18n.init({ ...baseI18nOptions, lng });
  return i18n;
}

describe('i18n runtime', () => {
  it('resolves browser languages to the supported ones', async () => {
    expect((await instance('pt')).resolvedLanguage).toBe('pt-BR');
    expect((await instance('pt-PT')).resolvedLanguage).toBe('pt-BR');
    expect((await instance('en-US')).resolvedLanguage).toBe('en');
    expect((await instance('de-DE')).resolvedLanguage).toBe('en');
  });

  it('translates plurals and formats counts in the current language', async () => {
    const pt = await instance('pt-BR');
    expect(pt.t('tickets.count', { count: 1 })).toBe('1 ticket');
    expect(pt.t('tickets.count', { count: 1234 })).toBe('1.234 tickets');
    expect(pt.t('status.on-hold')).toBe('Em espera');
    const en = await instance('en');
    expect(en.t('tickets.count', { count: 1234 })).toBe('1,234 tickets');
    expect(en.t('sync.pending', { count: 1 })).toBe('1 change waiting to sync');
    expect(en.t('sync.pending', { count: 0 })).toBe('0 changes waiting to sync');
  });

  it('formats dates and numbers with Intl in the given language', () => {
    const fixed = new Date('2026-03-12T14:05:00Z');
    const pt = createFormatters('pt-BR', () => fixed);
    const en = createFormatters('en', () => fixed);
    expect(pt.number(1234.5)).toBe('1.234,5');
    expect(en.number(1234.5)).toBe('1,234.5');
    expect(pt.dateTime(fixed)).not.toBe(en.dateTime(fixed));
    expect(en.dateTime('not a date')).toBe('');
    expect(en.compactDateTime(fixed)).not.toContain('Mar');
    expect(en.compactDateTime('2026-01-02T10:00:00Z')).toContain('Jan');
  });

  it('words durations with their two largest units, from the first that is not zero', () => {
    const en = createFormatters('en');
    const pt = createFormatters('pt-BR');
    expect(plain(en.duration(9_400))).toBe('9s');
    expect(plain(en.duration(245_000))).toBe('4m 5s');
    expect(plain(en.duration(3 * 3600_000 + 59_999))).toBe('3h 0m');
    expect(plain(en.duration(2 * 86_400_000 + 3 * 3600_000 + 59 * 60_000))).toBe('2d 3h');
    expect(plain(pt.duration(245_000))).toBe('4 min 5 s');
    expect(plain(pt.duration(2 * 3600_000 + 3 * 60_000))).toBe('2 h 3 min');
    expect(plain(en.duration(-5000))).toBe('0s');
  });

  it('shows a running call’s clock as m:ss, h:mm:ss from an hour on', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(75_999)).toBe('1:15');
    expect(formatClock(3725_000)).toBe('1:02:05');
    expect(formatClock(-3000)).toBe('0:00');
  });
});
