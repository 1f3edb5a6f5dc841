/**
 * Knowledge base: the answers agents look up during a call. An article is one language variant;
 * variants of the same answer share a `translationGroupId`. Its history is kept as immutable
 * snapshots in the separate `articleVersions` collection (see docs/data-model.md for why not embedded).
 */
import type { EntitySchema } from '../sync/entity-schema';
import { compoundId } from '../util/compound-id';
import { countProperty, enumProperty, idListProperty, idProperty, languageProperty, tagsProperty, textProperty, timestampProperty, type Language } from './common';

export const ARTICLE_STATUSES = ['draft', 'published', 'archived'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/** Category slug, e.g. `billing`, `delivery`, `account-security`. */
export const ARTICLE_CATEGORY_PATTERN = '^[a-z0-9][a-z0-9-]{0,47}$';
export const ARTICLE_VERSION_MAX = 100000;

export interface Article {
  readonly id: string;
  /** Shared by the en and pt-BR variants of the same article; equals the id of the first variant. */
  readonly translationGroupId: string;
  readonly language: Language;
  readonly category: string;
  readonly title: string;
  /** One or two sentences for search results and the call-side panel. */
  readonly summary?: string;
  /** Markdown. */
  readonly body: string;
  readonly tags: readonly string[];
  /** Pinned at the top of the knowledge base and suggested first. */
  readonly featured: boolean;
  readonly relatedArticleIds: readonly string[];
  readonly status: ArticleStatus;
  /**
   * Server-owned: 1 on insert, +1 each time an accepted write changes a versioned field
   * (ARTICLE_VERSIONED_FIELDS); the server then appends the snapshot to `articleVersions`.
   */
  readonly versionNumber: number;
  /** When a supervisor last confirmed the content is still right (documentation hygiene). */
  readonly lastReviewedAt?: string;
  readonly lastReviewedById?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Changing any of these makes a new version; curation fields (featured, related, review) do not. */
export const ARTICLE_VERSIONED_FIELDS = ['title', 'summary', 'body', 'category', 'tags', 'status'] as const satisfies readonly (keyof Article)[];

const categoryProperty = { type: 'string', pattern: ARTICLE_CATEGORY_PATTERN, maxLength: 48 } as const;
const titleProperty = textProperty(200, 1);
const summaryProperty = textProperty(500);
const bodyProperty = textProperty(50000, 1);
const versionNumberProperty = countProperty(1, ARTICLE_VERSION_MAX);

export const articleSchema: EntitySchema = {
  title: 'knowledge article',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  properties: {
    id: idProperty,
    translationGroupId: idProperty,
    language: languageProperty,
    category: categoryProperty,
    title: titleProperty,
    summary: summaryProperty,
    body: bodyProperty,
    tags: tagsProperty,
    featured: { type: 'boolean' },
    relatedArticleIds: idListProperty(20),
    status: enumProperty(ARTICLE_STATUSES),
    versionNumber: versionNumberProperty,
    lastReviewedAt: timestampProperty,
    lastReviewedById: idProperty,
    createdAt: timestampProperty,
    updatedAt: timestampProperty,
  },
  required: [
    'id',
    'translationGroupId',
    'language',
    'category',
    'title',
    'body',
    'tags',
    'featured',
    'relatedArticleIds',
    'status',
    'versionNumber',
    'createdAt',
    'updatedAt',
  ],
  indexes: [
    // Browse and search the published knowledge base of one language, alphabetically.
    ['language', 'status', 'title'],
    // A category page.
    ['language', 'category', 'title'],
    // The other-language variant of an article.
    ['translationGroupId', 'language'],
    // "Recently updated" for editors.
    'updatedAt',
  ],
};

/** One immutable snapshot of an article, as it was at `versionNumber`. Written only by the server. */
export interface ArticleVersion {
  readonly id: string;
  readonly articleId: string;
  readonly versionNumber: number;
  readonly language: Language;
  readonly category: string;
  readonly title: string;
  readonly summary?: string;
  readonly body: string;
  readonly tags: readonly string[];
  readonly status: ArticleStatus;
  /** The user whose write produced this version. */
  readonly editedById: string;
  /** The article's updatedAt at this version. */
  readonly editedAt: string;
  readonly createdAt: string;
}

export const articleVersionSchema: EntitySchema = {
  title: 'knowledge article version',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  properties: {
    id: idProperty,
    articleId: idProperty,
    versionNumber: versionNumberProperty,
    language: languageProperty,
    category: categoryProperty,
    title: titleProperty,
    summary: summaryProperty,
    body: bodyProperty,
    tags: tagsProperty,
    status: enumProperty(ARTICLE_STATUSES),
    editedById: idProperty,
    editedAt: timestampProperty,
    createdAt: timestampProperty,
  },
  required: ['id', 'articleId', 'versionNumber', 'language', 'category', 'title', 'body', 'tags', 'status', 'editedById', 'editedAt', 'createdAt'],
  // An article's history, newest version first.
  indexes: [['articleId', 'versionNumber']],
};

/** The id of an article's version document: deterministic, so a retried server write cannot duplicate it. */
export function articleVersionId(articleId: string, versionNumber: number): string {
  return compoundId(articleId, `@v${versionNumber}`);
}

/**
 * The version document of an article as it is now (at its `versionNumber`): what the server appends to
 * `articleVersions` when it accepts a write that creates a version.
 */
export function articleVersionSnapshot(article: Article, editedById: string, createdAt: string): ArticleVersion {
  return {
    id: articleVersionId(article.id, article.versionNumber),
    articleId: article.id,
    versionNumber: article.versionNumber,
    language: article.language,
    category: article.category,
    title: article.title,
    ...(article.summary === undefined ? {} : { summary: article.summary }),
    body: article.body,
    tags: article.tags,
    status: article.status,
    editedById,
    editedAt: article.updatedAt,
    createdAt,
  };
}
