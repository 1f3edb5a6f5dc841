/**
 * Strings of the supervisor's live board (queues, agents, SLA risk), in every language. Each feature area keeps its own module (merged into
 * the locales by en.ts and pt-BR.ts) so areas can grow without touching each other's strings.
 */
import type { LocaleShape } from '../en';

export const supervisorEn = {
  supervisor: { title: 'Live board' },
} as const;

export const supervisorPtBR: LocaleShape<typeof supervisorEn> = {
  supervisor: { title: 'Painel ao vivo' },
};
