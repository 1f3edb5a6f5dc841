/**
 * `/knowledge/:id`: one article with its other-language variants, related articles, usage and review
 * state. Supervisors and admins edit it, mark it reviewed, restore old versions and translate it into
 * a language it lacks (`/knowledge/:id/translate/:language`); agents read it.
 */
import { Anchor, Button, Divider, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconLanguage } from '@tabler/icons-react';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { Article } from '../../../shared/domain/article';
import { missingLanguages } from '../../../shared/domain/article-authoring';
import { useDatabase } from '../../data/hooks';
import { useFormatters } from '../../i18n/format';
import { usePageFocus } from '../shell/usePageFocus';
import { SafeContent } from '../tickets/SafeContent';
import { useArticle } from '../tickets/workspace-data';
import { ArticleBadges } from './ArticleBadges';
import { ArticleEditor, contentOf } from './ArticleEditor';
import { ArticleHistory } from './ArticleHistory';
import { markArticleReviewed, restoreArticleVersion, saveArticleContent, useAllArticles, useArticleUsage, useCanEditArticles, useCurrentUserId } from './knowledge-data';

const hrefOf = (id: string) => `/knowledge/${encodeURIComponent(id)}`;

export function ArticlePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const article = useArticle(id);
  const heading = useRef<HTMLHeadingElement>(null);
  usePageFocus(heading, `knowledge-${id}`);
  return (
    <Stack gap="md" maw={960}>
      <Anchor component={Link} to="/knowledge" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {t('knowledgeBase.back')}
        </Group>
      </Anchor>
      {article === undefined && <Text c="dimmed">{t('app.loading')}</Text>}
      {article === null && (
        <Title order={1} ref={heading} tabIndex={-1} className="page-heading">
          {t('knowledgeBase.notFound')}
        </Title>
      )}
      {article != null && <ArticleView article={article} headingRef={heading} />}
    </Stack>
  );
}

function ArticleView({ article, headingRef }: { readonly article: Article; readonly headingRef: React.RefObject<HTMLHeadingElement | null> }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const db = useDatabase();
  const navigate = useNavigate();
  const canEdit = useCanEditArticles();
  const userId = useCurrentUserId();
  const all = useAllArticles();
  const usage = useArticleUsage().get(article.id) ?? 0;
  const [editing, setEditing] = useState(false);
  const now = useMemo(() => new Date(), []);
  const byId = useMemo(() => new Map(all.map((candidate) => [candidate.id, candidate])), [all]);
  const variants = all.filter((candidate) => candidate.translationGroupId === article.translationGroupId && candidate.id !== article.id);
  const untranslated = canEdit ? missingLanguages(article, [article, ...variants]) : [];
  const related = article.relatedArticleIds.flatMap((relatedId) => {
    const found = byId.get(relatedId);
    return found === undefined || (!canEdit && found.status !== 'published') ? [] : [found];
  });
  const failed = (error: unknown) => {
    notifications.show({ color: 'red', message: error instanceof Error ? error.message : String(error) });
  };

  return (
    <Stack gap="md" data-testid="kb-article" data-article-id={article.id} data-version={article.versionNumber}>
      <Stack gap={4}>
        <Title order={1} ref={headingRef} tabIndex={-1} className="page-heading">
          {article.title}
        </Title>
        <ArticleBadges article={article} now={now} />
        <Text size="sm" c="dimmed">
          {article.lastReviewedAt === undefined ? t('knowledgeBase.neverReviewed') : t('knowledgeBase.lastReviewed', { date: format.dateTime(article.lastReviewedAt) })}
          {' · '}
          <span data-testid="kb-usage">{t('knowledgeBase.usage', { count: usage })}</span>
        </Text>
      </Stack>
      {canEdit && !editing && (
        <Group>
          <Button
            onClick={() => {
              setEditing(true);
            }}
          >
            {t('knowledgeBase.edit')}
          </Button>
          {userId !== undefined && (
            <Button
              variant="light"
              onClick={() => {
                markArticleReviewed(db, article.id, userId).then(() => notifications.show({ message: t('knowledgeBase.reviewed') }), failed);
              }}
            >
              {t('knowledgeBase.markReviewed')}
            </Button>
          )}
        </Group>
      )}
      {editing ? (
        <ArticleEditor
          initial={contentOf(article)}
          label={t('knowledgeBase.editTitle')}
          onCancel={() => {
            setEditing(false);
          }}
          onSave={async (content) => {
            try {
              await saveArticleContent(db, article.id, content);
              setEditing(false);
              notifications.show({ message: t('knowledgeBase.saved') });
            } catch (error) {
              failed(error);
            }
          }}
        />
      ) : (
        <>
          {article.summary !== undefined && <Text fs="italic">{article.summary}</Text>}
          <SafeContent
            text={article.body}
            format="markdown"
            onOpenArticle={(linkedId) => {
              void navigate(hrefOf(linkedId));
            }}
          />
        </>
      )}
      {(variants.length > 0 || untranslated.length > 0) && (
        <section aria-labelledby="kb-variants">
          <Title order={2} size="h5" id="kb-variants">
            {t('knowledgeBase.variants')}
          </Title>
          {variants.map((variant) => (
            <Anchor key={variant.id} component={Link} to={hrefOf(variant.id)} lang={variant.language} display="block" data-testid="kb-variant">
              {t(`languages.${variant.language}`)}: {variant.title}
            </Anchor>
          ))}
          {untranslated.length > 0 && (
            <Group gap="xs" mt={4}>
              {untranslated.map((language) => (
                <Button
                  key={language}
                  size="compact-sm"
                  variant="light"
                  component={Link}
                  to={`${hrefOf(article.id)}/translate/${encodeURIComponent(language)}`}
                  leftSection={<IconLanguage aria-hidden size={14} />}
                >
                  {t('knowledgeBase.translate', { language: t(`languages.${language}`) })}
                </Button>
              ))}
            </Group>
          )}
        </section>
      )}
      {related.length > 0 && (
        <section aria-labelledby="kb-related">
          <Title order={2} size="h5" id="kb-related">
            {t('knowledgeBase.related')}
          </Title>
          {related.map((item) => (
            <Anchor key={item.id} component={Link} to={hrefOf(item.id)} display="block">
              {item.title}
            </Anchor>
          ))}
        </section>
      )}
      {canEdit && (
        <>
          <Divider />
          <ArticleHistory
            article={article}
            onRestore={(version) => {
              restoreArticleVersion(db, version).then(() => notifications.show({ message: t('knowledgeBase.restored', { number: version.versionNumber }) }), failed);
            }}
          />
        </>
      )}
      {!canEdit && (
        <Text size="xs" c="dimmed">
          {t('knowledgeBase.readOnly')}
        </Text>
      )}
    </Stack>
  );
}
