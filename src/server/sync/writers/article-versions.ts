/**
 * Article history: every accepted article write that gives the article a new `versionNumber` (the
 * insert, and each change to a versioned field; see the stamper) appends that version's snapshot to
 * `articleVersions`, in the same transaction. Version ids are deterministic, so nothing can duplicate one.
 */
import { articleVersionSnapshot, type Article } from '../../../shared/domain/article';
import { writeServerDocument, type DerivedWriter } from './derived-write';

export const appendArticleVersion: DerivedWriter = async ({ trx, actor, now, before, after }) => {
  const article = after.entity as unknown as Article;
  if (before !== undefined && before.entity.versionNumber === article.versionNumber) return [];
  const version = articleVersionSnapshot(article, actor.id, now.toISOString());
  return writeServerDocument(trx, 'articleVersions', version as unknown as Record<string, unknown>, now);
};
