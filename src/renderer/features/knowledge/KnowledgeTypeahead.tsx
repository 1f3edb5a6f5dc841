/**
 * Typeahead over the knowledge base (the search worker): results update on every keystroke, ↑/↓ move
 * through them, Enter opens the highlighted one, Escape clears. The input owns focus; the listbox
 * follows through aria-activedescendant.
 */
import { Paper, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchOptions } from '../../../shared/search/search-index';
import { Highlighted } from './Highlighted';
import { useArticleSearch } from './knowledge-search';

interface KnowledgeTypeaheadProps {
  readonly options: SearchOptions;
  readonly onOpen: (articleId: string) => void;
}

export function KnowledgeTypeahead({ options, onOpen }: KnowledgeTypeaheadProps) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [activeIndex, setActiveIndex] = useState(0);
  const { hits, answered } = useArticleSearch(query, options);
  const active = hits[Math.min(activeIndex, hits.length - 1)];
  const open = query.trim() !== '';

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActiveIndex((index) => Math.max(0, Math.min(hits.length - 1, index + step)));
    } else if (event.key === 'Enter' && active !== undefined) {
      event.preventDefault();
      onOpen(active.id);
    } else if (event.key === 'Escape' && query !== '') {
      event.preventDefault();
      setQuery('');
    }
  };

  return (
    <Stack gap={4}>
      <TextInput
        label={t('knowledgeBase.search')}
        description={t('knowledgeBase.searchHint')}
        leftSection={<IconSearch size={16} aria-hidden />}
        value={query}
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls="kb-search-results"
        aria-activedescendant={active === undefined ? undefined : `kb-hit-${active.id}`}
        onChange={(event) => {
          setQuery(event.currentTarget.value);
          setActiveIndex(0);
        }}
        onKeyDown={onKeyDown}
      />
      {open && (
        <Paper withBorder p={4} id="kb-search-results" role="listbox" aria-label={t('knowledgeBase.searchResults')} aria-busy={answered !== query}>
          {hits.length === 0 && answered === query && (
            <Text size="sm" c="dimmed" p="xs">
              {t('knowledgeBase.noResults')}
            </Text>
          )}
          {hits.map((hit, index) => (
            <UnstyledButton
              key={hit.id}
              id={`kb-hit-${hit.id}`}
              data-testid="kb-search-hit"
              data-article-id={hit.id}
              role="option"
              tabIndex={-1}
              aria-selected={hit.id === active?.id}
              display="block"
              w="100%"
              p="xs"
              bg={hit.id === active?.id ? 'var(--mantine-color-blue-light)' : undefined}
              style={{ borderRadius: 'var(--mantine-radius-sm)' }}
              onMouseEnter={() => {
                setActiveIndex(index);
              }}
              onClick={() => {
                onOpen(hit.id);
              }}
            >
              <Text size="sm" fw={600}>
                <Highlighted value={hit.title} />
              </Text>
              <Text size="xs" c="dimmed" lineClamp={2}>
                <Highlighted value={hit.snippet} />
              </Text>
            </UnstyledButton>
          ))}
        </Paper>
      )}
    </Stack>
  );
}
