/**
 * `/knowledge`: search-as-you-type, featured articles, and the list by category and language. Agents
 * see published articles; editors also see drafts and archived ones (and which need review), and
 * write new articles (`/knowledge/new`).
 */
import { Anchor, Button, Group, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMemo, useRef, useState } from 'react';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Article } from '../../../shared/domain/article';
import { LANGUAGES } from '../../../shared/domain/common';
import type { SearchOptions } from '../../../shared/search/search-index';
import { usePageFocus } from '../shell/usePageFocus';
import { ArticleBadges } from './ArticleBadges';
import { KnowledgeTypeahead } from './KnowledgeTypeahead';
import { useAllArticles, useArticleUsage, useCanEditArticles } from './knowledge-data';

const PAGE_SIZE = 50;
const ALL = '';

export function KnowledgePage() {
  const { t, i18n } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  usePageFocus(heading, 'knowledge');
  const navigate = useNavigate();
  const canEdit = useCanEditArticles();
  const all = useAllArticles();
  const usage = useArticleUsage();
  const [language, setLanguage] = useState(ALL);
  const [category, setCategory] = useState(ALL);
  const [shown, setShown] = useState(PAGE_SIZE);
  const now = useMemo(() => new Date(), []);

  const visible = useMemo(() => all.filter((article) => canEdit || article.status === 'published'), [all, canEdit]);
  const categories = useMemo(() => [...new Set(visible.map((article) => article.category))].sort(), [visible]);
  const listed = visible.filter((article) => (language === ALL || article.language === language) && (category === ALL || article.category === category));
  const featured = listed.filter((article) => article.featured && article.status === 'published');
  const searchOptions = useMemo<SearchOptions>(
    () => ({
      filter: {
        ...(canEdit ? {} : { status: 'published' }),
        ...(language === ALL ? {} : { language }),
        ...(category === ALL ? {} : { category }),
      },
      prefer: { language: i18n.language },
    }),
    [canEdit, language, category, i18n.language],
  );

  return (
    <Stack gap="md" maw={960}>
      <Group justify="space-between" align="center">
        <Title order={1} ref={heading} tabIndex={-1} className="page-heading">
          {t('knowledgeBase.title')}
        </Title>
        {canEdit && (
          <Button component={Link} to="/knowledge/new" leftSection={<IconPlus aria-hidden size={16} />}>
            {t('knowledgeBase.newArticle')}
          </Button>
        )}
      </Group>
      <KnowledgeTypeahead
        options={searchOptions}
        onOpen={(id) => {
          void navigate(`/knowledge/${encodeURIComponent(id)}`);
        }}
      />
      <Group gap="sm" align="flex-end">
        <Select
          label={t('knowledgeBase.language')}
          data={[{ value: ALL, label: t('knowledgeBase.allLanguages') }, ...LANGUAGES.map((value) => ({ value, label: t(`languages.${value}`) }))]}
          value={language}
          allowDeselect={false}
          onChange={(value) => {
            setLanguage(value ?? ALL);
            setShown(PAGE_SIZE);
          }}
        />
        <Select
          label={t('knowledgeBase.category')}
          data={[{ value: ALL, label: t('knowledgeBase.allCategories') }, ...categories.map((value) => ({ value, label: value }))]}
          value={category}
          allowDeselect={false}
          searchable
          onChange={(value) => {
            setCategory(value ?? ALL);
            setShown(PAGE_SIZE);
          }}
        />
      </Group>
      {featured.length > 0 && (
        <section aria-labelledby="kb-featured">
          <Title order={2} size="h4" id="kb-featured" mb="xs">
            {t('knowledgeBase.featured')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
            {featured.slice(0, 6).map((article) => (
              <Anchor key={article.id} component={Link} to={`/knowledge/${encodeURIComponent(article.id)}`} fw={500}>
                {article.title}
              </Anchor>
            ))}
          </SimpleGrid>
        </section>
      )}
      <section aria-labelledby="kb-list">
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h4" id="kb-list">
            {t('knowledgeBase.articles')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('knowledgeBase.articleCount', { count: listed.length })}
          </Text>
        </Group>
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {listed.slice(0, shown).map((article) => (
            <ArticleRow key={article.id} article={article} usage={usage.get(article.id) ?? 0} now={now} />
          ))}
        </Stack>
        {listed.length > shown && (
          <Button
            variant="subtle"
            mt="xs"
            onClick={() => {
              setShown((count) => count + PAGE_SIZE);
            }}
          >
            {t('knowledgeBase.showMore')}
          </Button>
        )}
      </section>
    </Stack>
  );
}

function ArticleRow({ article, usage, now }: { readonly article: Article; readonly usage: number; readonly now: Date }) {
  const { t } = useTranslation();
  return (
    <li data-testid="kb-article-row" data-article-id={article.id}>
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Stack gap={2}>
          <Anchor component={Link} to={`/knowledge/${encodeURIComponent(article.id)}`} fw={500}>
            {article.title}
          </Anchor>
          <ArticleBadges article={article} now={now} />
        </Stack>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {t('knowledgeBase.usageShort', { count: usage })}
        </Text>
      </Group>
    </li>
  );
}
