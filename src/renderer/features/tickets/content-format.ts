/** How message text is told apart and linked, without touching the DOM (unit-tested in Node). */

/** In-app link to a knowledge article, as `articleLinkMarkdown` writes it; the ticket page opens it in place. */
export const ARTICLE_HREF_PREFIX = '#/knowledge/';

/**
 * Whether a message body is HTML (an email client's) rather than plain text: it has at least one
 * element tag. Plain-text mail that merely mentions `a < b` stays text.
 */
export function looksLikeHtml(text: string): boolean {
  return /<\/?[a-z][a-z0-9-]*(\s[^<>]*)?\/?>/i.test(text);
}
