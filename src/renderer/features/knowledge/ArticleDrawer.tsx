/** A knowledge article opened from a link on the timeline, beside the ticket. */
import { Badge, Drawer, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../i18n/format';
import { SafeContent } from '../tickets/SafeContent';
import { useArticle } from '../tickets/workspace-data';

interface ArticleDrawerProps {
  readonly articleId: string | null;
  readonly onClose: () => void;
  readonly onOpenArticle: (articleId: string) => void;
}

export function ArticleDrawer({ articleId, onClose, onOpenArticle }: ArticleDrawerProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const article = useArticle(articleId);
  return (
    <Drawer opened={articleId !== null} onClose={onClose} position="right" size="lg" title={article?.title ?? t('knowledge.article')}>
      {article === undefined && <Text c="dimmed">{t('app.loading')}</Text>}
      {article === null && <Text c="dimmed">{t('knowledge.notOnDevice')}</Text>}
      {article != null && (
        <Stack gap="sm" data-testid="knowledge-article" data-article-id={article.id}>
          <Group gap="xs">
            <Badge variant="light">{article.category}</Badge>
            <Text size="xs" c="dimmed">
              {t('knowledge.updated', { time: format.dateTime(article.updatedAt) })}
            </Text>
          </Group>
          {article.summary !== undefined && <Text fs="italic">{article.summary}</Text>}
          <SafeContent text={article.body} format="markdown" onOpenArticle={onOpenArticle} />
        </Stack>
      )}
    </Drawer>
  );
}
