/** The canned-response picker dialog: search by title, tag, text or `/shortcut`; ↑/↓ and Enter pick. */
import { Modal, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { searchCannedResponses, type CannedResponseDocument } from '../../../shared/domain/canned';
import type { Language } from '../../../shared/domain/common';
import { CannedList, cannedOptionId } from './CannedList';

interface CannedPickerProps {
  readonly opened: boolean;
  readonly responses: readonly CannedResponseDocument[];
  readonly language: Language;
  readonly onClose: () => void;
  readonly onPick: (response: CannedResponseDocument) => void;
}

const LIST_ID = 'canned-picker-list';

export function CannedPicker({ opened, onClose, ...rest }: CannedPickerProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('composer.cannedTitle')} size="lg">
      {opened && <CannedSearch {...rest} />}
    </Modal>
  );
}

function CannedSearch({ responses, language, onPick }: Omit<CannedPickerProps, 'opened' | 'onClose'>) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [activeIndex, setActiveIndex] = useState(0);
  const results = searchCannedResponses(responses, query, language);
  const active = results[Math.min(activeIndex, results.length - 1)];

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActiveIndex((index) => Math.max(0, Math.min(results.length - 1, index + step)));
    } else if (event.key === 'Enter' && active !== undefined) {
      event.preventDefault();
      onPick(active);
    }
  };

  return (
    <Stack gap="sm">
      <TextInput
        data-autofocus
        label={t('composer.cannedSearch')}
        description={t('composer.cannedSearchHint')}
        value={query}
        role="combobox"
        aria-expanded
        aria-controls={LIST_ID}
        aria-activedescendant={active === undefined ? undefined : cannedOptionId(LIST_ID, active)}
        onChange={(event) => {
          setQuery(event.currentTarget.value);
          setActiveIndex(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ScrollArea.Autosize mah={400}>
        {results.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('composer.cannedNone')}
          </Text>
        ) : (
          <CannedList id={LIST_ID} label={t('composer.cannedResults')} responses={results} activeId={active?.id} onPick={onPick} />
        )}
      </ScrollArea.Autosize>
    </Stack>
  );
}
