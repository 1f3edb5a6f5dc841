import { describe, expect, it } from 'vitest';
import type { Article } from '../../../src/shared/domain/article';
import {
  articleExcerpt,
  articleExcerptMarkdown,
  articleLinkMarkdown,
  searchArticles,
} from '../../../src/renderer/features/knowledge/article-insert';

function article(id: string, title: string, extra: Partial<Article> = {}): Article {
  return {
    id,
    translationGroupId: id,
    language: 'en',
    category: 'billing',
    title,
    body: 'Body',
    tags: [],
    featured: false,
    relatedArticleIds: [],
    status: 'published',
    versionNumber: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

describe('article links and excerpts', () => {
  it('links to the article in the app, escaping the title', () => {
    expect(articleLinkMarkdown({ id: 'art 1', title: 'Refunds [card] \\ Pix' })).toBe('[Refunds \\[card\\] \\\\ Pix](#/knowledge/art%201)');
  });

  it('quotes the summary, or the first paragraph of the body without Markdown', () => {
    expect(articleExcerpt({ summary: ' Short summary. ', body: 'x' })).toBe('Short summary.');
    expect(articleExcerpt({ body: '# Title\n\nUse **Forgot password** on [the page](https://x).\n\nMore.' })).toBe('Use Forgot password on the page.');
    const long = articleExcerpt({ body: 'word '.repeat(200) });
    expect(long.length).toBeLessThanOrEqual(401);
    expect(long.endsWith('word…')).toBe(true);
    expect(articleExcerptMarkdown(article('a1', 'Refunds', { summary: 'Five days.' }))).toBe('> Five days.\n\n[Refunds](#/knowledge/a1)');
  });
});

describe('searchArticles', () => {
  const articles = [
    article('en-refund', 'Refund timelines', { tags: ['refund'] }),
    article('pt-refund', 'Prazos de reembolso', { language: 'pt-BR', summary: 'Refund no cartão e Pix', tags: ['refund'] }),
    article('en-card', 'Card charges', { summary: 'When a refund shows', featured: true }),
    article('en-password', 'Reset your password', { category: 'account' }),
  ];

  it('needs every word, ranks title matches first, then the preferred language and featured ones', () => {
    expect(searchArticles(articles, 'refund', 'pt-BR').map((a) => a.id)).toEqual(['en-refund', 'pt-refund', 'en-card']);
    expect(searchArticles(articles, 'refund', 'en').map((a) => a.id)).toEqual(['en-refund', 'en-card', 'pt-refund']);
    expect(searchArticles(articles, 'cartao pix', 'en').map((a) => a.id)).toEqual(['pt-refund']);
    expect(searchArticles(articles, 'ACCOUNT', 'en').map((a) => a.id)).toEqual(['en-password']);
  });

  it('lists everything for an empty query, up to the limit', () => {
    expect(searchArticles(articles, '', 'en', 2).map((a) => a.id)).toEqual(['en-card', 'en-refund']);
  });
});
