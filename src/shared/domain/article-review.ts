/**
 * Documentation hygiene: an article nobody has confirmed for a while may be out of date. It is stale
 * once `staleAfterDays` have passed since its last review (since its creation when it was never reviewed).
 */
import type { Article } from './article';

export const DEFAULT_STALE_AFTER_DAYS = 180;
const DAY_MS = 86_400_000;

/** When the article was last known to be right: its last review, else its creation. */
export function lastConfirmedAt(article: Pick<Article, 'lastReviewedAt' | 'createdAt'>): string {
  return article.lastReviewedAt ?? article.createdAt;
}

export function isArticleStale(article: Pick<Article, 'lastReviewedAt' | 'createdAt'>, now: Date, staleAfterDays = DEFAULT_STALE_AFTER_DAYS): boolean {
  return now.getTime() - Date.parse(lastConfirmedAt(article)) >= staleAfterDays * DAY_MS;
}
