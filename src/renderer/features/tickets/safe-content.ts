/**
 * Turning untrusted text into HTML the page may show: inbound email HTML through DOMPurify, Markdown
 * (replies, notes, knowledge articles) through marked and then DOMPurify too (marked does not
 * sanitize). Links survive only as http(s), opening outside the app (`target=_blank` with
 * `rel=noopener noreferrer`; in Electron the main process sends them to the system browser), or, in
 * our own Markdown, as links to a knowledge article that the ticket page opens in place.
 */
import DOMPurify, { type Config } from 'dompurify';
import { marked } from 'marked';
import { ARTICLE_HREF_PREFIX } from './content-format';
/** Set on a sanitized link to a knowledge article; the value is the article id. */
export const ARTICLE_LINK_ATTRIBUTE = 'data-article-id';

/** Anything that can run, submit, load remote content or restyle the page goes. */
const BASE_CONFIG: Config = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'select', 'option', 'textarea', 'img', 'picture', 'video', 'audio', 'source', 'iframe', 'frame', 'object', 'embed', 'link', 'meta', 'base'],
  FORBID_ATTR: ['style', 'class', 'id', 'name', 'srcset', 'formaction', 'action'],
  ALLOW_DATA_ATTR: false,
};

function externalHttpUrl(href: string): string | null {
  try {
    const url = new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function articleIdOf(href: string): string | null {
  if (!href.startsWith(ARTICLE_HREF_PREFIX)) return null;
  try {
    const id = decodeURIComponent(href.slice(ARTICLE_HREF_PREFIX.length));
    return /^[^\s/]{1,64}$/.test(id) ? id : null;
  } catch {
    return null;
  }
}

/** A DOMPurify instance of its own, so the link rule does not leak into other users of the default one. */
function createPurifier(allowArticleLinks: boolean) {
  const purifier = DOMPurify(window);
  purifier.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName !== 'A') return;
    const href = node.getAttribute('href') ?? '';
    node.removeAttribute('target');
    node.removeAttribute('rel');
    const articleId = allowArticleLinks ? articleIdOf(href) : null;
    if (articleId !== null) {
      node.setAttribute('href', ARTICLE_HREF_PREFIX + encodeURIComponent(articleId));
      node.setAttribute(ARTICLE_LINK_ATTRIBUTE, articleId);
      return;
    }
    const external = externalHttpUrl(href);
    if (external === null) {
      // mailto:, javascript:, data:, relative paths…: kept as text, never followed.
      node.removeAttribute('href');
      return;
    }
    node.setAttribute('href', external);
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  });
  return purifier;
}

let inbound: ReturnType<typeof createPurifier> | null = null;
let ours: ReturnType<typeof createPurifier> | null = null;

/** HTML from outside (an email body): only inert markup and http(s) links remain. */
export function sanitizeInboundHtml(html: string): string {
  inbound ??= createPurifier(false);
  return inbound.sanitize(html, BASE_CONFIG);
}

/** Markdown written in the product (replies, notes, articles) as sanitized HTML; article links allowed. */
export function renderMarkdown(markdown: string): string {
  ours ??= createPurifier(true);
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: true });
  return ours.sanitize(html, { ...BASE_CONFIG, ADD_ATTR: [ARTICLE_LINK_ATTRIBUTE] });
}

