/**
 * Live reads and the writes of the knowledge base, all on the local replica (so they work offline;
 * replication carries writes to the server, which numbers versions and appends their snapshots).
 */
import { useMemo } from 'react';
import { map } from 'rxjs';
import type { Article, ArticleVersion } from '../../../shared/domain/article';
import type { Role } from '../../../shared/domain/roles';
import { canWriteField } from '../../../shared/sync/write-policy';
import type { AtendeDatabase } from '../../data/database';
import { useDatabase, useObservable } from '../../data/hooks';
import { useSession } from '../../data/session';
import { articleUsage } from './article-usage';

const NO_ARTICLES: readonly Article[] = [];
const NO_VERSIONS: readonly ArticleVersion[] = [];
const NO_USAGE: ReadonlyMap<string, number> = new Map();

/** Every article on this device (editors also see drafts and archived ones), by title. */
export function useAllArticles(): readonly Article[] {
  const db = useDatabase();
  const source = useMemo(
    () =>
      db.articles === undefined
        ? null
        : db.articles.find({ sort: [{ title: 'asc' }] }).$.pipe(map((docs) => docs.map((doc) => doc.toJSON() as unknown as Article))),
    [db],
  );
  return useObservable<readonly Article[]>(source, NO_ARTICLES);
}

/** An article's history, newest first (empty for roles that do not replicate it). */
export function useArticleVersions(articleId: string): readonly ArticleVersion[] {
  const db = useDatabase();
  const source = useMemo(
    () =>
      db.articleVersions === undefined
        ? null
        : db.articleVersions
            .find({ selector: { articleId }, sort: [{ articleId: 'asc' }, { versionNumber: 'desc' }] })
            .$.pipe(map((docs) => docs.map((doc) => doc.toJSON() as unknown as ArticleVersion))),
    [db, articleId],
  );
  return useObservable<readonly ArticleVersion[]>(source, NO_VERSIONS);
}

/** Tickets linking each article, from the replies and notes on this device; live. */
export function useArticleUsage(): ReadonlyMap<string, number> {
  const db = useDatabase();
  const source = useMemo(
    () =>
      db.timeline === undefined
        ? null
        : db.timeline
            .find({ selector: { kind: { $in: ['agent_reply', 'internal_note'] } } })
            .$.pipe(map((docs) => articleUsage(docs.map((doc) => doc.toJSON())) as ReadonlyMap<string, number>)),
    [db],
  );
  return useObservable(source, NO_USAGE);
}

/** Whether the signed-in user may edit articles (the same write policy the server applies). */
export function useCanEditArticles(): boolean {
  const role: Role | undefined = useSession((state) => state.session?.user.role);
  return role !== undefined && canWriteField(role, 'articles', 'body');
}

export function useCurrentUserId(): string | undefined {
  return useSession((state) => state.session?.user.id);
}

/** The fields an editor changes; each change to them makes a new version on the server. */
export type ArticleContent = Pick<Article, 'title' | 'summary' | 'body' | 'category' | 'tags' | 'status'>;

async function modifyArticle(db: AtendeDatabase, id: string, change: (article: Article) => Article): Promise<void> {
  const doc = await db.articles?.findOne(id).exec();
  if (doc == null) throw new Error(`Article ${id} is not on this device`);
  await doc.incrementalModify((data) => change(data as unknown as Article) as unknown as typeof data);
}

function withContent(article: Article, content: ArticleContent, now: string): Article {
  const summary = content.summary?.trim() ?? '';
  // An emptied summary is removed rather than stored as ''.
  const rest = Object.fromEntries(Object.entries(article).filter(([key]) => key !== 'summary')) as Omit<Article, 'summary'>;
  return {
    ...rest,
    title: content.title.trim(),
    ...(summary === '' ? {} : { summary }),
    body: content.body,
    category: content.category,
    tags: [...content.tags],
    status: content.status,
    updatedAt: now,
  };
}

export function saveArticleContent(db: AtendeDatabase, id: string, content: ArticleContent): Promise<void> {
  return modifyArticle(db, id, (article) => withContent(article, content, new Date().toISOString()));
}

/** Makes an old version's content current again: a new version whose content equals it. */
export function restoreArticleVersion(db: AtendeDatabase, version: ArticleVersion): Promise<void> {
  return saveArticleContent(db, version.articleId, version);
}

export function markArticleReviewed(db: AtendeDatabase, id: string, reviewerId: string): Promise<void> {
  const now = new Date().toISOString();
  return modifyArticle(db, id, (article) => ({ ...article, lastReviewedAt: now, lastReviewedById: reviewerId, updatedAt: now }));
}

export function newArticleId(): string {
  return `art_${crypto.randomUUID()}`;
}

/** Stores a new article (or translation) on this device; replication takes it to the server, which makes it version 1. */
export async function createArticle(db: AtendeDatabase, article: Article): Promise<void> {
  if (db.articles === undefined) throw new Error('Articles are not on this device');
  await db.articles.insert(structuredClone(article) as unknown as Parameters<NonNullable<AtendeDatabase['articles']>['insert']>[0]);
}
