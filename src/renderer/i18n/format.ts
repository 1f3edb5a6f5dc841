/** Dates, numbers and durations through Intl, in the language the UI currently shows; a call's running clock. */
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
  /**
   * A duration in narrow units, the two largest from the first that is not zero: "2d 3h", "3h 5m",
   * "4m 9s", "9s" (en), "4 min 9 s" (pt-BR). Whole seconds rounded down; negative counts as zero.
   */
  duration(ms: number): string;
}

/** A running call's clock, the same in every language: `m:ss`, or `h:mm:ss` from an hour on; negative shows 0:00. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${String(hours)}:${String(minutes).padStart(2, '0')}:${seconds}` : `${String(minutes)}:${seconds}`;
}

export function createFormatters(language: SupportedLanguage, now: () => Date = () => new Date()): Formatters {
  const dateTime = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  const time = new Intl.DateTimeFormat(language, { timeStyle: 'short' });
  const shortDate = new Intl.DateTimeFormat(language, { day: 'numeric', month: 'short' });
  const number = new Intl.NumberFormat(language);
  const unit = (name: 'day' | 'hour' | 'minute' | 'second') => new Intl.NumberFormat(language, { style: 'unit', unit: name, unitDisplay: 'narrow' });
  const [day, hour, minute, second] = [unit('day'), unit('hour'), unit('minute'), unit('second')];
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
    duration: (ms) => {
      const total = Math.floor(Math.max(0, ms) / 1000);
      const days = Math.floor(total / 86_400);
      const hours = Math.floor((total % 86_400) / 3600);
      const minutes = Math.floor((total % 3600) / 60);
      const seconds = total % 60;
      if (days > 0) return `${day.format(days)} ${hour.format(hours)}`;
      if (hours > 0) return `${hour.format(hours)} ${minute.format(minutes)}`;
      if (minutes > 0) return `${minute.format(minutes)} ${second.format(seconds)}`;
      return second.format(seconds);
    },
  };
}

export function useFormatters(): Formatters {
  const { i18n } = useTranslation();
  const resolved = i18n.resolvedLanguage ?? i18n.language;
  const language: SupportedLanguage = isSupportedLanguage(resolved) ? resolved : 'en';
  return useMemo(() => createFormatters(language), [language]);
}
