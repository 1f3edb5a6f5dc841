import { describe, expect, it } from 'vitest';
import {
  expandCannedResponse,
  firstNameOf,
  replaceToken,
  searchCannedResponses,
  shortcutAtCaret,
  unfilledPlaceholders,
  type CannedContext,
  type CannedResponseDocument,
} from '../../../src/shared/domain/canned';

const context: CannedContext = {
  customer: { name: '  Maria  da Silva ', email: 'maria@example.com', organization: 'Acme' },
  ticket: { number: 1042, subject: 'Refund not received' },
  agent: { name: 'Ana Souza' },
};

function canned(
  id: string,
  name: string,
  payload: Partial<CannedResponseDocument['cannedResponse']> = {},
  enabled = true,
): CannedResponseDocument {
  return {
    id,
    kind: 'cannedResponse',
    name,
    enabled,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    cannedResponse: { body: 'Hello', language: 'en', tags: [], ...payload },
  };
}

describe('expandCannedResponse', () => {
  it('fills customer, ticket and agent placeholders, spaces inside braces allowed', () => {
    const body = 'Hi {{customer.firstName}}, ticket #{{ ticket.number }} ("{{ticket.subject}}") at {{customer.organization}}.\n{{agent.name}} ({{agent.firstName}})';
    expect(expandCannedResponse(body, context)).toEqual({
      text: 'Hi Maria, ticket #1042 ("Refund not received") at Acme.\nAna Souza (Ana)',
      unfilled: [],
    });
  });

  it('leaves placeholders it has no value for in place and lists each once', () => {
    const result = expandCannedResponse('Call {{customer.phone}} or {{customer.phone}}; ticket {{ticket.number}}', {
      ...context,
      ticket: { subject: 'x' },
    });
    expect(result.text).toBe('Call {{customer.phone}} or {{customer.phone}}; ticket {{ticket.number}}');
    expect(result.unfilled).toEqual(['customer.phone', 'ticket.number']);
  });

  it('treats a blank value as missing and keeps unknown placeholders untouched without listing them', () => {
    const result = expandCannedResponse('{{customer.email}} {{order.id}}', { ...context, customer: { name: 'Z', email: '   ' } });
    expect(result).toEqual({ text: '{{customer.email}} {{order.id}}', unfilled: ['customer.email'] });
  });

  it('does not expand placeholders that a value itself contains', () => {
    const result = expandCannedResponse('{{ticket.subject}}', { ...context, ticket: { subject: '{{agent.name}}' } });
    expect(result.text).toBe('{{agent.name}}');
  });
});

describe('unfilledPlaceholders and firstNameOf', () => {
  it('finds known placeholders left in a text', () => {
    expect(unfilledPlaceholders('Hi {{customer.firstName}}, {{unknown}} {{ agent.name }}')).toEqual(['customer.firstName', 'agent.name']);
    expect(unfilledPlaceholders('No braces here {single}')).toEqual([]);
  });

  it('takes the first word of a name', () => {
    expect(firstNameOf(' João  Pedro ')).toBe('João');
    expect(firstNameOf('')).toBe('');
  });
});

describe('searchCannedResponses', () => {
  const responses = [
    canned('refund-en', 'Refund timeline', { shortcut: '/refund', tags: ['billing'], body: 'Your refund was issued' }),
    canned('refund-pt', 'Prazo de reembolso', { shortcut: '/reembolso', language: 'pt-BR', tags: ['billing'], body: 'Seu estorno' }),
    canned('greeting', 'Greeting', { shortcut: '/hello', body: 'Thanks for reaching out about billing' }),
    canned('old', 'Refund (old)', { shortcut: '/refund-old' }, false),
  ];

  it('matches shortcuts by prefix when the query starts with a slash, exact match first, disabled ones never', () => {
    expect(searchCannedResponses(responses, '/re').map((r) => r.id)).toEqual(['refund-pt', 'refund-en']);
    expect(searchCannedResponses(responses, '/refund').map((r) => r.id)).toEqual(['refund-en']);
    expect(searchCannedResponses(responses, '/RE', 'en').map((r) => r.id)).toEqual(['refund-en', 'refund-pt']);
    expect(searchCannedResponses(responses, '/nothing')).toEqual([]);
  });

  it('needs every word somewhere, ranks title matches first, then the preferred language', () => {
    const withFaq = [...responses, canned('faq', 'Billing FAQ', { body: 'Questions' })];
    expect(searchCannedResponses(withFaq, 'billing', 'pt-BR').map((r) => r.id)).toEqual(['faq', 'refund-pt', 'greeting', 'refund-en']);
    expect(searchCannedResponses(responses, 'refund issued').map((r) => r.id)).toEqual(['refund-en']);
    expect(searchCannedResponses(responses, 'REEMBOLSÓ').map((r) => r.id)).toEqual(['refund-pt']);
  });

  it('lists every enabled response for an empty query, preferred language first', () => {
    expect(searchCannedResponses(responses, '  ', 'pt-BR').map((r) => r.id)).toEqual(['refund-pt', 'greeting', 'refund-en']);
  });
});

describe('shortcutAtCaret and replaceToken', () => {
  it('finds a /shortcut at the start of the text or after whitespace', () => {
    expect(shortcutAtCaret('/ref', 4)).toEqual({ start: 0, end: 4, query: '/ref' });
    expect(shortcutAtCaret('Hello\n/Hel', 10)).toEqual({ start: 6, end: 10, query: '/hel' });
    expect(shortcutAtCaret('see /', 5)).toEqual({ start: 4, end: 5, query: '/' });
  });

  it('ignores slashes inside words, URLs and text after the caret', () => {
    expect(shortcutAtCaret('https://example.com/refund', 26)).toBeNull();
    expect(shortcutAtCaret('1/2', 3)).toBeNull();
    expect(shortcutAtCaret('/refund now', 11)).toBeNull();
    expect(shortcutAtCaret('/refund now', 7)).toEqual({ start: 0, end: 7, query: '/refund' });
  });

  it('replaces the token and puts the caret after the insertion', () => {
    expect(replaceToken('Hi /ref!', { start: 3, end: 7 }, 'Refund text')).toEqual({ text: 'Hi Refund text!', caret: 14 });
  });
});
