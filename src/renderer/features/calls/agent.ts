/** Who is working, and the home country for numbers typed without `+`, for the call screens. */
import { useTranslation } from 'react-i18next';
import { useSession } from '../../data/session';

/** The signed-in user's id (the call screens render only inside the signed-in workstation). */
export function useAgentId(): string {
  return useSession((state) => state.session?.user.id) ?? 'unknown';
}

/**
 * Numbers agents type in national form ("(11) 98765-4321") are read in the country of the UI's
 * language: Brazilian Portuguese → BR. English is spoken in too many countries to guess: numbers must
 * then start with `+`.
 */
export function useHomeCountry(): string | undefined {
  const { i18n } = useTranslation();
  return (i18n.resolvedLanguage ?? i18n.language) === 'pt-BR' ? 'BR' : undefined;
}
