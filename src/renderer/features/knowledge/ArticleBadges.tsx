/** The state of an article at a glance: category, language, status when not published, featured, stale. */
import { Badge, Group, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Article } from '../../../shared/domain/article';
import { DEFAULT_STALE_AFTER_DAYS, isArticleStale } from '../../../shared/domain/article-review';

export function ArticleBadges({ article, now }: { readonly article: Article; readonly now: Date }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      <Badge variant="light">{article.category}</Badge>
      <Badge variant="outline" color="gray">
        {t(`languages.${article.language}`)}
      </Badge>
      {article.status !== 'published' && (
        <Badge color={article.status === 'draft' ? 'yellow' : 'gray'}>{t(`knowledgeBase.status.${article.status}`)}</Badge>
      )}
      {article.featured && <Badge color="grape">{t('knowledgeBase.featured')}</Badge>}
      {isArticleStale(article, now) && (
        <Tooltip label={t('knowledgeBase.staleHint', { days: DEFAULT_STALE_AFTER_DAYS })}>
          <Badge color="orange" data-testid="kb-stale" tabIndex={0}>
            {t('knowledgeBase.stale')}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}
