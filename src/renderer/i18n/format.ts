/** Dates and numbers through Intl, in the language the UI currently shows. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { isSupportedLanguage, type SupportedLanguage } from './config';

export interface Formatters {
  readonly language: SupportedLanguage;
  /** "12 Mar 2026, 14:05" style, for a full timestamp. */
  dateTime(value: string | number | Date): string;
  /** Time only today, date and time otherwise: compact, for lists. */
  compactDateTime(value: string | number | Date): string;
  number(value: number): string;
}

export function createFormatters(language: SupportedLanguage, now: () => Date = () => new Date()): Formatters {
  const dateTime = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  const time = new Intl.DateTimeFormat(language, { timeStyle: 'short' });
  const shortDate = new Intl.DateTimeFormat(language, { day: 'numeric', month: 'short' });
  const number = new Intl.NumberFormat(language);
  const toDate = (value: string | number | Date) => (value instanceof Date ? value : new Date(value));
  return {
    language,
    dateTime: (value) => {
      const date = toDate(value);
      return Number.isNaN(date.getTime()) ? '' : dateTime.format(date);
    },
    compactDateTime: (value) => {
      const date = toDate(value);
      if (Number.isNaN(date.getTime())) return '';
      const today = now();
      const sameDay =
        date.getFullYear() === today.getFullYear() &&
        date.getMonth() === today.getMonth() &&
        date.getDate() === today.getDate();
      return sameDay ? time.format(date) : `${shortDate.format(date)} ${time.format(date)}`;
    },
    number: (value) => number.format(value),
  };
}

export function useFormatters(): Formatters {
  const { i18n } = useTranslation();
  const resolved = i18n.resolvedLanguage ?? i18n.language;
  const language: SupportedLanguage = isSupportedLanguage(resolved) ? resolved : 'en';
  return useMemo(() => createFormatters(language), [language]);
}
