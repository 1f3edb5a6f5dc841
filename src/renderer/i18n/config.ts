/** Languages, resources and i18next options: no DOM here, so unit tests can use them in Node. */
import type { InitOptions } from 'i18next';
import { en } from './locales/en';
import { ptBR } from './locales/pt-BR';

export const SUPPORTED_LANGUAGES = ['en', 'pt-BR'] as const;
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];
export const LANGUAGE_STORAGE_KEY = 'atende.language';

export const resources = {
  en: { translation: en },
  'pt-BR': { translation: ptBR },
} as const;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

export function isSupportedLanguage(value: unknown): value is SupportedLanguage {
  return typeof value === 'string' && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}

/** Options shared by the app and the tests (the app adds the browser language detector). */
export const baseI18nOptions: InitOptions = {
  resources,
  supportedLngs: [...SUPPORTED_LANGUAGES],
  fallbackLng: 'en',
  nonExplicitSupportedLngs: false,
  load: 'currentOnly',
  interpolation: { escapeValue: false },
  returnNull: false,
};
