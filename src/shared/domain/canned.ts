/**
 * Canned responses in the reply box: filling in their placeholders from the ticket at hand, finding
 * them by `/shortcut`, title, tag or text, and spotting the `/shortcut` being typed at the caret.
 * Pure functions; the composer calls them, the unit tests pin them down.
 */
import type { Language } from './common';
import type { SettingsOfKind } from './settings';
import { CANNED_PLACEHOLDERS, type CannedPlaceholder } from './settings-rules';

export type CannedResponseDocument = SettingsOfKind<'cannedResponse'>;

/** What the placeholders are filled from; absent facts leave their placeholder in place. */
export interface CannedContext {
  readonly customer?: {
    readonly name: string;
    readonly email?: string | undefined;
    readonly phone?: string | undefined;
    readonly organization?: string | undefined;
  };
  readonly ticket: { readonly number?: number | undefined; readonly subject: string };
  readonly agent?: { readonly name: string };
}

export interface ExpandedCanned {
  readonly text: string;
  /** Known placeholders left in the text because the context lacks the value (the agent fills them in). */
  readonly unfilled: readonly CannedPlaceholder[];
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** "Maria da Silva" → "Maria". */
export function firstNameOf(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}

function isCannedPlaceholder(name: string): name is CannedPlaceholder {
  return (CANNED_PLACEHOLDERS as readonly string[]).includes(name);
}

function valueOf(placeholder: CannedPlaceholder, context: CannedContext): string | undefined {
  const { customer, ticket, agent } = context;
  const present = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());
  switch (placeholder) {
    case 'customer.name':
      return present(customer?.name);
    case 'customer.firstName':
      return present(customer === undefined ? undefined : firstNameOf(customer.name));
    case 'customer.email':
      return present(customer?.email);
    case 'customer.phone':
      return present(customer?.phone);
    case 'customer.organization':
      return present(customer?.organization);
    case 'ticket.number':
      return ticket.number === undefined ? undefined : String(ticket.number);
    case 'ticket.subject':
      return present(ticket.subject);
    case 'agent.name':
      return present(agent?.name);
    case 'agent.firstName':
      return present(agent === undefined ? undefined : firstNameOf(agent.name));
  }
}

/**
 * The body with every known placeholder the context can fill replaced by its value. Placeholders
 * without a value (a customer with no email, a ticket the server has not numbered yet) stay as they
 * are and are listed, so nothing half-filled goes out unnoticed. Unknown ones stay too (the server
 * refuses canned responses with them, so they only come from old data).
 */
export function expandCannedResponse(body: string, context: CannedContext): ExpandedCanned {
  const unfilled = new Set<CannedPlaceholder>();
  const text = body.replace(PLACEHOLDER, (whole, name: string) => {
    if (!isCannedPlaceholder(name)) return whole;
    const value = valueOf(name, context);
    if (value === undefined) {
      unfilled.add(name);
      return whole;
    }
    return value;
  });
  return { text, unfilled: [...unfilled] };
}

/** Known placeholders still in a text (a reply must not go out with any). */
export function unfilledPlaceholders(text: string): CannedPlaceholder[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '').filter(isCannedPlaceholder))];
}

const fold = (text: string) => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

/**
 * The enabled canned responses matching `query`, best first: a query starting with `/` matches
 * shortcuts by prefix only; otherwise every word must appear in the title, shortcut, tags or body
 * (accents and case ignored). Ties: the preferred language first, then title.
 */
export function searchCannedResponses(
  responses: readonly CannedResponseDocument[],
  query: string,
  preferredLanguage?: Language,
): CannedResponseDocument[] {
  const trimmed = fold(query.trim());
  const enabled = responses.filter((response) => response.enabled);
  const rank = (response: CannedResponseDocument): number | null => {
    const { shortcut, tags, body } = response.cannedResponse;
    if (trimmed.startsWith('/')) {
      if (shortcut === undefined || !shortcut.startsWith(trimmed)) return null;
      return shortcut === trimmed ? 0 : 1;
    }
    if (trimmed === '') return 2;
    const title = fold(response.name);
    const haystack = [title, fold(shortcut ?? ''), ...tags.map(fold), fold(body)].join('\n');
    const words = trimmed.split(/\s+/);
    if (!words.every((word) => haystack.includes(word))) return null;
    return words.every((word) => title.includes(word)) ? 0 : 1;
  };
  return enabled
    .map((response) => ({ response, score: rank(response) }))
    .filter((item): item is { response: CannedResponseDocument; score: number } => item.score !== null)
    .sort(
      (a, b) =>
        a.score - b.score ||
        Number(b.response.cannedResponse.language === preferredLanguage) - Number(a.response.cannedResponse.language === preferredLanguage) ||
        a.response.name.localeCompare(b.response.name),
    )
    .map((item) => item.response);
}

/** A `/shortcut` being typed: where it starts and ends in the text, and what was typed so far. */
export interface ShortcutToken {
  readonly start: number;
  readonly end: number;
  /** Lower-cased, including the leading `/`. */
  readonly query: string;
}

/**
 * The `/word` that ends at the caret, if it starts a line or follows whitespace (so a URL such as
 * `https://x/y` or a date `1/2` never opens the canned-response list).
 */
export function shortcutAtCaret(text: string, caret: number): ShortcutToken | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)(\/[a-z0-9_-]{0,32})$/i.exec(before);
  if (match === null) return null;
  const token = match[2] ?? '';
  return { start: caret - token.length, end: caret, query: token.toLowerCase() };
}

/** `text` with `token` replaced by `insertion`, and the caret just after it. */
export function replaceToken(text: string, token: Pick<ShortcutToken, 'start' | 'end'>, insertion: string): { text: string; caret: number } {
  return { text: text.slice(0, token.start) + insertion + text.slice(token.end), caret: token.start + insertion.length };
}
