/**
 * i18next setup: English and Brazilian Portuguese, following the OS/browser language by default;
 * a language picked in the header is remembered in localStorage.
 */
import i18next, { type i18n as I18n } from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { LANGUAGE_STORAGE_KEY, baseI18nOptions, isSupportedLanguage, type SupportedLanguage } from './config';

export { LANGUAGE_STORAGE_KEY, SUPPORTED_LANGUAGES, isSupportedLanguage, type SupportedLanguage } from './config';

/** The language in use, always one of ours (e.g. `pt` from the browser resolves to `pt-BR`). */
export function currentLanguage(instance: I18n = i18next): SupportedLanguage {
  const resolved = instance.resolvedLanguage ?? instance.language;
  return isSupportedLanguage(resolved) ? resolved : 'en';
}

export async function initI18n(): Promise<I18n> {
  await i18next
    .use(LanguageDetector)
    .use(initReactI18next)
    .init({
      ...baseI18nOptions,
      detection: {
        order: ['localStorage', 'navigator'],
        lookupLocalStorage: LANGUAGE_STORAGE_KEY,
        // Only an explicit choice in the header is stored (see rememberLanguage): until then the OS decides.
        caches: [],
      },
    });
  const syncDocumentLanguage = () => {
    document.documentElement.lang = currentLanguage();
  };
  syncDocumentLanguage();
  i18next.on('languageChanged', syncDocumentLanguage);
  return i18next;
}

/** Switches the UI language and remembers the choice for the next start. */
export async function rememberLanguage(language: SupportedLanguage): Promise<void> {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Storage can be unavailable (private mode, quota): the choice then lasts for this session only.
  }
  await i18next.changeLanguage(language);
}

export { i18next };
