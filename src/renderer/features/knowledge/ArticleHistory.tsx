/** An article's versions, newest first, each restorable (restoring makes it the content of a new version). */
import { Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Article, ArticleVersion } from '../../../shared/domain/article';
import { useFormatters } from '../../i18n/format';
import { useUserProfiles } from '../tickets/workspace-data';
import { useArticleVersions } from './knowledge-data';

interface ArticleHistoryProps {
  readonly article: Article;
  readonly onRestore: (version: ArticleVersion) => void;
}

export function ArticleHistory({ article, onRestore }: ArticleHistoryProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const versions = useArticleVersions(article.id);
  const users = useUserProfiles();
  return (
    <section aria-labelledby="kb-history">
      <Title order={2} size="h4" id="kb-history" mb="xs">
        {t('knowledgeBase.history')}
      </Title>
      {versions.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('knowledgeBase.historyEmpty')}
        </Text>
      )}
      <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {versions.map((version) => (
          <li key={version.id} data-testid="kb-version" data-version={version.versionNumber}>
            <Group justify="space-between" wrap="nowrap">
              <Stack gap={0}>
                <Group gap="xs">
                  <Text fw={500}>{t('knowledgeBase.version', { number: version.versionNumber })}</Text>
                  {version.versionNumber === article.versionNumber && <Badge size="sm">{t('knowledgeBase.current')}</Badge>}
                </Group>
                <Text size="xs" c="dimmed">
                  {version.title} · {t('knowledgeBase.versionBy', { date: format.dateTime(version.editedAt), name: users.get(version.editedById)?.name ?? version.editedById })}
                </Text>
              </Stack>
              {version.versionNumber !== article.versionNumber && (
                <Button
                  size="xs"
                  variant="light"
                  aria-label={t('knowledgeBase.restoreLabel', { number: version.versionNumber })}
                  onClick={() => {
                    onRestore(version);
                  }}
                >
                  {t('knowledgeBase.restore')}
                </Button>
              )}
            </Group>
          </li>
        ))}
      </Stack>
    </section>
  );
}
