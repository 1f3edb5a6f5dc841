/**
 * Writing articles (supervisors and admins): `/knowledge/new`, a new article in any language, and
 * `/knowledge/:id/translate/:language`, the translation of an article into a language its group does
 * not have yet, shown beside the original. Both write the local replica (offline too); the server
 * numbers the version when the insert arrives. Pure rules: src/shared/domain/article-authoring.ts.
 */
import { Anchor, Card, Group, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft } from '@tabler/icons-react';
import { useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { missingLanguages, newArticle, newTranslation, translationFields, type ArticleDraftResult } from '../../../shared/domain/article-authoring';
import type { Article } from '../../../shared/domain/article';
import { LANGUAGES, type Language } from '../../../shared/domain/common';
import { useDatabase } from '../../data/hooks';
import { usePageFocus } from '../shell/usePageFocus';
import { SafeContent } from '../tickets/SafeContent';
import { useArticle } from '../tickets/workspace-data';
import { ArticleEditor, contentOf } from './ArticleEditor';
import { createArticle, newArticleId, useAllArticles, useCanEditArticles, type ArticleContent } from './knowledge-data';

const hrefOf = (id: string) => `/knowledge/${encodeURIComponent(id)}`;
const isLanguage = (value: string | undefined): value is Language => LANGUAGES.some((language) => language === value);

function AuthoringLayout({ title, back, children }: { readonly title: string; readonly back: { readonly to: string; readonly label: string }; readonly children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  usePageFocus(heading, `knowledge-authoring-${title}`);
  return (
    <Stack gap="md" maw={960}>
      <Anchor component={Link} to={back.to} size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {back.label}
        </Group>
      </Anchor>
      <Title order={1} ref={heading} tabIndex={-1} className="page-heading">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

/** Saves a drafted article and opens it; says what went wrong otherwise (nothing typed is lost: the form stays). */
function useSaveDraft(): (draft: ArticleDraftResult) => Promise<void> {
  const { t } = useTranslation();
  const db = useDatabase();
  const navigate = useNavigate();
  return async (draft) => {
    if (!draft.ok) {
      notifications.show({ color: 'red', message: draft.problem === 'translation_exists' ? t('knowledgeBase.translationExists') : t('knowledgeBase.invalid') });
      return;
    }
    try {
      await createArticle(db, draft.article);
      notifications.show({ message: t('knowledgeBase.created') });
      void navigate(hrefOf(draft.article.id));
    } catch (error) {
      notifications.show({ color: 'red', autoClose: false, message: t('knowledgeBase.createFailed', { message: error instanceof Error ? error.message : String(error) }) });
    }
  };
}

const EMPTY: ArticleContent = { title: '', summary: '', body: '', category: '', tags: [], status: 'draft' };

export function NewArticlePage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const canEdit = useCanEditArticles();
  const save = useSaveDraft();
  const uiLanguage = LANGUAGES.find((language) => language === i18n.language) ?? 'en';
  return (
    <AuthoringLayout title={t('knowledgeBase.newTitle')} back={{ to: '/knowledge', label: t('knowledgeBase.back') }}>
      {canEdit ? (
        <ArticleEditor
          initial={EMPTY}
          label={t('knowledgeBase.newTitle')}
          languages={LANGUAGES}
          initialLanguage={uiLanguage}
          onSave={(content, language) =>
            save(newArticle({ ...content, summary: content.summary ?? '', language: language ?? uiLanguage }, { id: newArticleId(), now: new Date().toISOString() }))
          }
          onCancel={() => {
            void navigate('/knowledge');
          }}
        />
      ) : (
        <Text>{t('knowledgeBase.readOnlyNew')}</Text>
      )}
    </AuthoringLayout>
  );
}

export function TranslateArticlePage() {
  const { t } = useTranslation();
  const { id = '', language } = useParams();
  const source = useArticle(id);
  const target = isLanguage(language) ? language : undefined;
  const back = { to: hrefOf(id), label: t('knowledgeBase.back') };
  if (source === undefined) return <Text c="dimmed">{t('app.loading')}</Text>;
  if (source === null || target === undefined) {
    return (
      <AuthoringLayout title={t('knowledgeBase.notFound')} back={{ to: '/knowledge', label: t('knowledgeBase.back') }}>
        {null}
      </AuthoringLayout>
    );
  }
  return (
    <AuthoringLayout title={t('knowledgeBase.translateTitle', { language: t(`languages.${target}`) })} back={back}>
      <TranslationForm source={source} target={target} />
    </AuthoringLayout>
  );
}

function TranslationForm({ source, target }: { readonly source: Article; readonly target: Language }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canEdit = useCanEditArticles();
  const all = useAllArticles();
  const save = useSaveDraft();
  const existing = all.find((article) => article.translationGroupId === source.translationGroupId && article.language === target);

  if (!canEdit) return <Text>{t('knowledgeBase.readOnlyNew')}</Text>;
  if (existing !== undefined || target === source.language || !missingLanguages(source, all.length === 0 ? [source] : all).includes(target)) {
    return (
      <Stack gap="xs">
        <Text role="status">{t('knowledgeBase.translationExists')}</Text>
        {existing !== undefined && (
          <Anchor component={Link} to={hrefOf(existing.id)} lang={existing.language}>
            {existing.title}
          </Anchor>
        )}
      </Stack>
    );
  }
  const languageName = (language: Language) => t(`languages.${language}`);
  return (
    <Stack gap="md">
      <Text size="sm">{t('knowledgeBase.translateOf', { title: source.title, language: languageName(source.language), target: languageName(target) })}</Text>
      <Card withBorder padding="sm" component="section" aria-labelledby="kb-original" lang={source.language} data-testid="kb-original">
        <Text fw={600} id="kb-original" size="sm" mb={4}>
          {t('knowledgeBase.original')}: {source.title}
        </Text>
        {source.summary !== undefined && (
          <Text size="sm" fs="italic">
            {source.summary}
          </Text>
        )}
        <ScrollArea.Autosize mah={240}>
          <SafeContent text={source.body} format="markdown" />
        </ScrollArea.Autosize>
      </Card>
      <ArticleEditor
        initial={contentOf({ ...translationFields(source, target) })}
        label={t('knowledgeBase.translateTitle', { language: languageName(target) })}
        onSave={(content) =>
          save(newTranslation(source, { ...content, summary: content.summary ?? '', language: target }, all, { id: newArticleId(), now: new Date().toISOString() }))
        }
        onCancel={() => {
          void navigate(hrefOf(source.id));
        }}
      />
    </Stack>
  );
}
