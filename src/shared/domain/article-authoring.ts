/**
 * Writing new knowledge articles and their translations. An article is one language variant; the
 * variants of one answer share a `translationGroupId`, which is the id of the first variant (a new
 * article starts its own group). A translation joins the source's group in a language the group does
 * not have yet, keeps its category and tags, and links the related articles' variants in its own
 * language. The server numbers versions (`versionNumber` is server-owned: 1 on insert) and snapshots
 * version 1 when the insert is accepted, so the client only writes the article.
 */
import { ARTICLE_CATEGORY_PATTERN, ARTICLE_STATUSES, articleSchema, type Article, type ArticleStatus } from './article';
import { LANGUAGES, TAG_MAX, TAGS_MAX_ITEMS, type Language } from './common';

const CATEGORY = new RegExp(ARTICLE_CATEGORY_PATTERN);
const maxLength = (field: string, fallback: number) => articleSchema.properties[field]?.maxLength ?? fallback;
const TITLE_MAX = maxLength('title', 200);
const SUMMARY_MAX = maxLength('summary', 500);
const BODY_MAX = maxLength('body', 50000);
const RELATED_MAX = articleSchema.properties['relatedArticleIds']?.maxItems ?? 20;

/** What an editor types for a new article or translation. */
export interface ArticleFields {
  readonly language: Language;
  readonly title: string;
  /** Empty: no summary. */
  readonly summary: string;
  /** Markdown. */
  readonly body: string;
  readonly category: string;
  readonly tags: readonly string[];
  readonly status: ArticleStatus;
}

export const ARTICLE_FIELD_PROBLEMS = ['required', 'too_long', 'invalid'] as const;
export type ArticleFieldProblem = (typeof ARTICLE_FIELD_PROBLEMS)[number];
export type ArticleFieldProblems = Partial<Readonly<Record<'title' | 'summary' | 'body' | 'category' | 'tags' | 'language' | 'status', ArticleFieldProblem>>>;

/** What is wrong with the fields, per field; empty when they make a valid article. */
export function articleFieldProblems(fields: ArticleFields): ArticleFieldProblems {
  const problems: Record<string, ArticleFieldProblem> = {};
  const title = fields.title.trim();
  if (title === '') problems['title'] = 'required';
  else if (title.length > TITLE_MAX) problems['title'] = 'too_long';
  if (fields.summary.trim().length > SUMMARY_MAX) problems['summary'] = 'too_long';
  if (fields.body.trim() === '') problems['body'] = 'required';
  else if (fields.body.length > BODY_MAX) problems['body'] = 'too_long';
  if (fields.category === '') problems['category'] = 'required';
  else if (!CATEGORY.test(fields.category)) problems['category'] = 'invalid';
  const tags = normalizedTags(fields.tags);
  if (tags.length > TAGS_MAX_ITEMS) problems['tags'] = 'too_long';
  else if (tags.some((tag) => tag.length > TAG_MAX)) problems['tags'] = 'invalid';
  if (!(LANGUAGES as readonly string[]).includes(fields.language)) problems['language'] = 'invalid';
  if (!(ARTICLE_STATUSES as readonly string[]).includes(fields.status)) problems['status'] = 'invalid';
  return problems;
}

/** Tags trimmed, empty ones dropped, each once (the schema wants unique items). */
function normalizedTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim()).filter((tag) => tag !== ''))];
}

export interface NewDocument {
  /** The new article's id (client-generated). */
  readonly id: string;
  /** ISO time for createdAt/updatedAt (the server stamps its own on accept). */
  readonly now: string;
}

function articleOf(fields: ArticleFields, translationGroupId: string, relatedArticleIds: readonly string[], { id, now }: NewDocument): Article {
  const summary = fields.summary.trim();
  return {
    id,
    translationGroupId,
    language: fields.language,
    category: fields.category,
    title: fields.title.trim(),
    ...(summary === '' ? {} : { summary }),
    body: fields.body,
    tags: normalizedTags(fields.tags),
    featured: false,
    relatedArticleIds,
    status: fields.status,
    // Server-owned: the server stamps 1 on insert whatever is sent.
    versionNumber: 1,
    createdAt: now,
    updatedAt: now,
  };
}

export type ArticleDraftResult =
  | { readonly ok: true; readonly article: Article }
  | { readonly ok: false; readonly problems: ArticleFieldProblems; readonly problem?: 'translation_exists' };

/** A new article, the first of its own translation group. */
export function newArticle(fields: ArticleFields, document: NewDocument): ArticleDraftResult {
  const problems = articleFieldProblems(fields);
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, article: articleOf(fields, document.id, [], document) };
}

/** The languages an article's translation group has no variant in yet (what it can be translated into). */
export function missingLanguages(article: Pick<Article, 'translationGroupId'>, articles: readonly Pick<Article, 'translationGroupId' | 'language'>[]): Language[] {
  const present = new Set(articles.filter((other) => other.translationGroupId === article.translationGroupId).map((other) => other.language));
  return LANGUAGES.filter((language) => !present.has(language));
}

/** The form of a translation into `language`, started from the source: its category and tags, as a draft. */
export function translationFields(source: Pick<Article, 'category' | 'tags'>, language: Language): ArticleFields {
  return { language, title: '', summary: '', body: '', category: source.category, tags: [...source.tags], status: 'draft' };
}

/**
 * The translation of `source` written in `fields` (its language among them): a variant in the source's
 * group, linking the `language` variants of the source's related articles (those that have one).
 * `articles` is every article the editor's replica has.
 */
export function newTranslation(source: Article, fields: ArticleFields, articles: readonly Article[], document: NewDocument): ArticleDraftResult {
  const problems = articleFieldProblems(fields);
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  if (!missingLanguages(source, articles).includes(fields.language) || fields.language === source.language) {
    return { ok: false, problems: { language: 'invalid' }, problem: 'translation_exists' };
  }
  const byId = new Map(articles.map((article) => [article.id, article]));
  const related = source.relatedArticleIds.flatMap((relatedId) => {
    const group = byId.get(relatedId)?.translationGroupId;
    const variant = articles.find((article) => article.translationGroupId === group && article.language === fields.language);
    return variant === undefined ? [] : [variant.id];
  });
  return { ok: true, article: articleOf(fields, source.translationGroupId, [...new Set(related)].slice(0, RELATED_MAX), document) };
}
