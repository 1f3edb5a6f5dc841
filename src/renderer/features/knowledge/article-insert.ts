/**
 * Knowledge articles in replies: finding them, and the Markdown the reply box inserts for a link or
 * an excerpt. Links point at the article inside the app (`#/knowledge/<id>`); the timeline opens them
 * in place (see safe-content.ts). Pure functions, unit-tested.
 */
import type { Article } from '../../../shared/domain/article';
import type { Language } from '../../../shared/domain/common';
import { ARTICLE_HREF_PREFIX } from '../tickets/content-format';

const fold = (text: string) => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

/** Markdown link text: brackets and backslashes escaped so a title cannot break out of the link. */
function linkText(title: string): string {
  return title.replace(/[\\[\]]/g, (char) => `\\${char}`).replace(/\s+/g, ' ');
}

export function articleHref(article: Pick<Article, 'id'>): string {
  return ARTICLE_HREF_PREFIX + encodeURIComponent(article.id);
}

export function articleLinkMarkdown(article: Pick<Article, 'id' | 'title'>): string {
  return `[${linkText(article.title)}](${articleHref(article)})`;
}

const EXCERPT_MAX = 400;

/** The summary, or else the body's first paragraph without Markdown syntax, cut at a word. */
export function articleExcerpt(article: Pick<Article, 'summary' | 'body'>): string {
  const source =
    article.summary?.trim() ||
    (article.body
      .split(/\n\s*\n/)
      .map((paragraph) => paragraph.trim())
      .find((paragraph) => paragraph !== '' && !paragraph.startsWith('#')) ??
      '');
  const plain = source
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`>#]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain.length <= EXCERPT_MAX) return plain;
  const cut = plain.slice(0, EXCERPT_MAX);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), EXCERPT_MAX / 2))}…`;
}

/** A quoted excerpt followed by the link to the whole article. */
export function articleExcerptMarkdown(article: Pick<Article, 'id' | 'title' | 'summary' | 'body'>): string {
  return `> ${articleExcerpt(article)}\n\n${articleLinkMarkdown(article)}`;
}

/**
 * Articles matching every word of `query` in title, summary, tags or category (accents and case
 * ignored), best first: title matches, then the preferred language, featured ones, then title.
 */
export function searchArticles(articles: readonly Article[], query: string, preferredLanguage: Language, limit = 20): Article[] {
  const words = fold(query).split(/\s+/).filter((word) => word !== '');
  const scored = articles.flatMap((article) => {
    const title = fold(article.title);
    const haystack = [title, fold(article.summary ?? ''), fold(article.category), ...article.tags.map(fold)].join('\n');
    if (!words.every((word) => haystack.includes(word))) return [];
    return [{ article, titleMatch: words.length > 0 && words.every((word) => title.includes(word)) }];
  });
  return scored
    .sort(
      (a, b) =>
        Number(b.titleMatch) - Number(a.titleMatch) ||
        Number(b.article.language === preferredLanguage) - Number(a.article.language === preferredLanguage) ||
        Number(b.article.featured) - Number(a.article.featured) ||
        a.article.title.localeCompare(b.article.title),
    )
    .slice(0, limit)
    .map((item) => item.article);
}
