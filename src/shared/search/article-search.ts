/**
 * Knowledge articles as search documents: the fields the index scores (Markdown reduced to plain
 * text, so syntax is neither matched nor shown in snippets) and the facets results are filtered by.
 */
import type { Article } from '../domain/article';
import type { SearchDocument } from './search-index';

/** Markdown to readable plain text: links keep their text, syntax characters and URLs go. */
export function markdownToPlainText(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/[*_`~|]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export type ArticleSearchFields = Pick<Article, 'id' | 'title' | 'summary' | 'body' | 'tags' | 'category' | 'language' | 'status' | 'featured'>;

export function articleSearchDocument(article: ArticleSearchFields): SearchDocument {
  return {
    id: article.id,
    fields: {
      title: article.title,
      // The category slug reads as words too ("account-security").
      tags: [...article.tags, article.category].join(' '),
      summary: article.summary ?? '',
      body: markdownToPlainText(article.body),
    },
    facets: { language: article.language, category: article.category, status: article.status, featured: String(article.featured) },
  };
}
