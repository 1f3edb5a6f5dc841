/**
 * Finds a published knowledge article and inserts a link to it, or an excerpt with the link, into the
 * reply being written. A dialog: type to search, ↑/↓ to move through the results, the preview shows
 * the selected article (sanitized Markdown).
 */
import { Button, Group, Modal, ScrollArea, SimpleGrid, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Article } from '../../../shared/domain/article';
import type { Language } from '../../../shared/domain/common';
import { SafeContent } from '../tickets/SafeContent';
import { usePublishedArticles } from '../tickets/workspace-data';
import { articleExcerptMarkdown, articleLinkMarkdown, searchArticles } from './article-insert';
import { useArticleSearch } from './knowledge-search';

interface ArticlePickerProps {
  readonly opened: boolean;
  readonly language: Language;
  readonly onClose: () => void;
  /** Markdown to insert and the article it came from. */
  readonly onInsert: (markdown: string, article: Article) => void;
}

export function ArticlePicker({ opened, language, onClose, onInsert }: ArticlePickerProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('knowledge.pickerTitle')} size="xl">
      {opened && <ArticleSearch language={language} onInsert={onInsert} />}
    </Modal>
  );
}

function ArticleSearch({ language, onInsert }: Pick<ArticlePickerProps, 'language' | 'onInsert'>) {
  const { t } = useTranslation();
  const articles = usePublishedArticles();
  const [query, setQuery] = useState('');
  const [activeIndex, setActiveIndex] = useState(0);
  // Typed queries go to the knowledge-search worker (prefix, accents ignored, ranked); a blank one lists all.
  const searched = useArticleSearch(query, { filter: { status: 'published' }, prefer: { language } });
  const byId = new Map(articles.map((article) => [article.id, article]));
  const results = query.trim() === '' ? searchArticles(articles, query, language) : searched.hits.flatMap((hit) => byId.get(hit.id) ?? []);
  const active = results[Math.min(activeIndex, results.length - 1)];

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActiveIndex((index) => Math.max(0, Math.min(results.length - 1, index + step)));
    } else if (event.key === 'Enter' && active !== undefined) {
      event.preventDefault();
      onInsert(articleLinkMarkdown(active), active);
    }
  };

  return (
    <Stack gap="sm">
      <TextInput
        data-autofocus
        label={t('knowledge.search')}
        description={t('knowledge.searchHint')}
        value={query}
        role="combobox"
        aria-expanded
        aria-controls="article-results"
        aria-activedescendant={active === undefined ? undefined : `article-option-${active.id}`}
        onChange={(event) => {
          setQuery(event.currentTarget.value);
          setActiveIndex(0);
        }}
        onKeyDown={onKeyDown}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <ScrollArea.Autosize mah={360}>
          <Stack gap={2} id="article-results" role="listbox" aria-label={t('knowledge.results')}>
            {results.length === 0 && (
              <Text size="sm" c="dimmed">
                {t('knowledge.noResults')}
              </Text>
            )}
            {results.map((article, index) => (
              <UnstyledButton
                key={article.id}
                id={`article-option-${article.id}`}
                role="option"
                tabIndex={-1}
                aria-selected={article.id === active?.id}
                p="xs"
                bg={article.id === active?.id ? 'var(--mantine-color-blue-light)' : undefined}
                style={{ borderRadius: 'var(--mantine-radius-sm)' }}
                onClick={() => {
                  setActiveIndex(index);
                }}
              >
                <Text size="sm" fw={500}>
                  {article.title}
                </Text>
                <Text size="xs" c="dimmed">
                  {t(`languages.${article.language}`)} · {article.category}
                </Text>
              </UnstyledButton>
            ))}
          </Stack>
        </ScrollArea.Autosize>
        {active !== undefined && (
          <Stack gap="xs" aria-label={t('knowledge.preview')} role="region">
            <Text fw={600}>{active.title}</Text>
            <ScrollArea.Autosize mah={260}>
              <SafeContent text={active.body} format="markdown" />
            </ScrollArea.Autosize>
            <Group>
              <Button
                size="xs"
                onClick={() => {
                  onInsert(articleLinkMarkdown(active), active);
                }}
              >
                {t('knowledge.insertLink')}
              </Button>
              <Button
                size="xs"
                variant="light"
                onClick={() => {
                  onInsert(articleExcerptMarkdown(active), active);
                }}
              >
                {t('knowledge.insertExcerpt')}
              </Button>
            </Group>
          </Stack>
        )}
      </SimpleGrid>
    </Stack>
  );
}
