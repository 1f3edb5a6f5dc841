import { describe, expect, it } from 'vitest';
import { isArticleStale } from '../../../../src/shared/domain/article-review';

const created = '2025-01-01T00:00:00.000Z';

describe('isArticleStale', () => {
  it('counts from the last review, or from creation when never reviewed', () => {
    const now = new Date('2025-07-01T00:00:00.000Z'); // 181 days after creation
    expect(isArticleStale({ createdAt: created }, now, 180)).toBe(true);
    expect(isArticleStale({ createdAt: created, lastReviewedAt: '2025-06-01T00:00:00.000Z' }, now, 180)).toBe(false);
  });

  it('turns stale exactly when the period has passed', () => {
    expect(isArticleStale({ createdAt: created }, new Date('2025-01-30T23:59:59.999Z'), 30)).toBe(false);
    expect(isArticleStale({ createdAt: created }, new Date('2025-01-31T00:00:00.000Z'), 30)).toBe(true);
  });
});
