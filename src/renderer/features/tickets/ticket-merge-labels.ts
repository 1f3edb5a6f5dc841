/** How tickets and merge problems are named in the merge dialog, the banner and the timeline. */
import type { TFunction } from 'i18next';
import type { TicketMergeProblem } from '../../../shared/domain/ticket-merge';
import type { Ticket } from '../../../shared/domain/ticket';

type Translate = TFunction;

/** "#123", or the quoted subject of a ticket the server has not numbered yet; a generic name when unknown. */
export function ticketName(t: Translate, ticket: Pick<Ticket, 'number' | 'subject'> | undefined): string {
  if (ticket === undefined) return t('ticketMerge.anotherTicket');
  return ticket.number === undefined ? `“${ticket.subject}”` : t('tickets.number', { number: ticket.number });
}

/** One literal key per problem (template-literal keys make i18next's types recurse too deep, TS2589). */
const PROBLEM_TEXT: Readonly<Record<TicketMergeProblem | 'forbidden' | 'not_found', (t: Translate) => string>> = {
  same_ticket: (t) => t('ticketMerge.problem.same_ticket'),
  source_merged: (t) => t('ticketMerge.problem.source_merged'),
  target_merged: (t) => t('ticketMerge.problem.target_merged'),
  target_closed: (t) => t('ticketMerge.problem.target_closed'),
  customer_choice_required: (t) => t('ticketMerge.problem.customer_choice_required'),
  customer_not_involved: (t) => t('ticketMerge.problem.customer_not_involved'),
  too_many_tags: (t) => t('ticketMerge.problem.too_many_tags'),
  too_many_related: (t) => t('ticketMerge.problem.too_many_related'),
  forbidden: (t) => t('ticketMerge.problem.forbidden'),
  not_found: (t) => t('ticketMerge.problem.not_found'),
};

export function mergeProblemText(t: Translate, problem: TicketMergeProblem | 'forbidden' | 'not_found'): string {
  return PROBLEM_TEXT[problem](t);
}
