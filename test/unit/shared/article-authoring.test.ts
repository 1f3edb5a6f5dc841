/**
 * Writing new knowledge articles and translations: what a valid article needs, a new article starting
 * its own translation group, a translation joining the source's group only in a language it lacks,
 * with the related articles' variants in its language; every result valid under the shared schema.
 */
import { describe, expect, it } from 'vitest';
import { articleSchema, type Article } from '../../../src/shared/domain/article';
import {
  articleFieldProblems,
  missingLanguages,
  newArticle,
  newTranslation,
  translationFields,
  type ArticleFields,
} from '../../../src/shared/domain/article-authoring';
import { validatorFor } from './helpers/schema-validator';

const validate = validatorFor(articleSchema);
const NOW = '2026-03-01T12:00:00.000Z';

const fields = (overrides: Partial<ArticleFields> = {}): ArticleFields => ({
  language: 'en',
  title: '  Refunds for double charges ',
  summary: '',
  body: 'When a card is charged **twice**, refund the second charge.',
  category: 'billing',
  tags: ['refund', ' card ', 'refund', ''],
  status: 'draft',
  ...overrides,
});

function article(id: string, group: string, language: Article['language'], overrides: Partial<Article> = {}): Article {
  return {
    id,
    translationGroupId: group,
    language,
    category: 'billing',
    title: `Article ${id}`,
    body: 'Body',
    tags: [],
    featured: false,
    relatedArticleIds: [],
    status: 'published',
    versionNumber: 3,
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

describe('a new article', () => {
  it('starts its own translation group, trimmed and tidied, version 1, not featured, valid', () => {
    const result = newArticle(fields({ summary: ' Short. ' }), { id: 'art_new', now: NOW });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.article).toEqual({
      id: 'art_new',
      translationGroupId: 'art_new',
      language: 'en',
      category: 'billing',
      title: 'Refunds for double charges',
      summary: 'Short.',
      body: 'When a card is charged **twice**, refund the second charge.',
      tags: ['refund', 'card'],
      featured: false,
      relatedArticleIds: [],
      status: 'draft',
      versionNumber: 1,
      createdAt: NOW,
      updatedAt: NOW,
    });
    expect(validate(result.article)).toEqual([]);
    // An empty summary is left out, not stored as ''.
    const plain = newArticle(fields(), { id: 'art_plain', now: NOW });
    expect(plain.ok && 'summary' in plain.article).toBe(false);
  });

  it('says what is missing or wrong, field by field, and writes nothing then', () => {
    expect(articleFieldProblems(fields({ title: ' ', body: '\n', category: '' }))).toEqual({ title: 'required', body: 'required', category: 'required' });
    expect(articleFieldProblems(fields({ category: 'Billing & Co' }))).toEqual({ category: 'invalid' });
    expect(articleFieldProblems(fields({ title: 'x'.repeat(201), summary: 'y'.repeat(501), body: 'z'.repeat(50_001) }))).toEqual({
      title: 'too_long',
      summary: 'too_long',
      body: 'too_long',
    });
    expect(articleFieldProblems(fields({ tags: Array.from({ length: 51 }, (_, index) => `t${String(index)}`) }))).toEqual({ tags: 'too_long' });
    expect(articleFieldProblems(fields({ tags: ['x'.repeat(65)] }))).toEqual({ tags: 'invalid' });
    expect(articleFieldProblems(fields({ language: 'fr' as ArticleFields['language'] }))).toEqual({ language: 'invalid' });
    expect(newArticle(fields({ title: '' }), { id: 'art_x', now: NOW })).toEqual({ ok: false, problems: { title: 'required' } });
  });
});

describe('a translation', () => {
  const source = article('art_1', 'art_1', 'en', { relatedArticleIds: ['art_3', 'art_5'], tags: ['refund'], category: 'payments' });
  const library: Article[] = [
    source,
    article('art_3', 'art_3', 'en'),
    article('art_4', 'art_3', 'pt-BR'),
    // art_5 has no pt-BR variant.
    article('art_5', 'art_5', 'en'),
    article('art_7', 'art_7', 'pt-BR'),
    article('art_8', 'art_7', 'en'),
  ];

  it('is offered in the languages the group lacks', () => {
    expect(missingLanguages(source, library)).toEqual(['pt-BR']);
    expect(missingLanguages(library[4] as Article, library)).toEqual([]);
  });

  it('starts from the source’s category and tags, as a draft, with its own words', () => {
    expect(translationFields(source, 'pt-BR')).toEqual({ language: 'pt-BR', title: '', summary: '', body: '', category: 'payments', tags: ['refund'], status: 'draft' });
  });

  it('joins the source’s group and links the related articles’ variants in its language', () => {
    const result = newTranslation(source, { ...translationFields(source, 'pt-BR'), title: 'Estorno de cobrança duplicada', body: 'Estorne a segunda cobrança.' }, library, { id: 'art_2', now: NOW });
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.article).toMatchObject({
      id: 'art_2',
      translationGroupId: 'art_1',
      language: 'pt-BR',
      category: 'payments',
      tags: ['refund'],
      status: 'draft',
      relatedArticleIds: ['art_4'],
      versionNumber: 1,
    });
    expect(validate(result.article)).toEqual([]);
    // The source of a later group member's translation: the group id stays the first variant's.
    expect(missingLanguages(source, [...library, result.article])).toEqual([]);
  });

  it('is refused in a language the group already has, including the source’s own', () => {
    const written = { title: 'Again', body: 'Text' };
    expect(newTranslation(source, { ...translationFields(source, 'en'), ...written }, library, { id: 'art_9', now: NOW })).toEqual({
      ok: false,
      problems: { language: 'invalid' },
      problem: 'translation_exists',
    });
    const translated = article('art_2', 'art_1', 'pt-BR');
    expect(newTranslation(source, { ...translationFields(source, 'pt-BR'), ...written }, [...library, translated], { id: 'art_9', now: NOW }).ok).toBe(false);
  });

  it('is checked like any article', () => {
    expect(newTranslation(source, translationFields(source, 'pt-BR'), library, { id: 'art_9', now: NOW })).toEqual({
      ok: false,
      problems: { title: 'required', body: 'required' },
    });
  });
});
