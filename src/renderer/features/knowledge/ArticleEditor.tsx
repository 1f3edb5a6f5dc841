/** Editing an article's content: Markdown with a sanitized preview (the same renderer as the timeline). */
import { Alert, Button, Group, Select, Stack, Tabs, TagsInput, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ARTICLE_CATEGORY_PATTERN, ARTICLE_STATUSES, type Article } from '../../../shared/domain/article';
import { SafeContent } from '../tickets/SafeContent';
import type { ArticleContent } from './knowledge-data';

const CATEGORY = new RegExp(ARTICLE_CATEGORY_PATTERN);

interface ArticleEditorProps {
  readonly article: Article;
  readonly onSave: (content: ArticleContent) => Promise<void>;
  readonly onCancel: () => void;
}

export function ArticleEditor({ article, onSave, onCancel }: ArticleEditorProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<ArticleContent>({
    title: article.title,
    summary: article.summary ?? '',
    body: article.body,
    category: article.category,
    tags: article.tags,
    status: article.status,
  });
  const [saving, setSaving] = useState(false);
  const valid = draft.title.trim() !== '' && draft.body.trim() !== '' && CATEGORY.test(draft.category);
  const set = (change: Partial<ArticleContent>) => {
    setDraft((current) => ({ ...current, ...change }));
  };

  return (
    <Stack
      component="form"
      gap="sm"
      aria-label={t('knowledgeBase.editTitle')}
      onSubmit={(event) => {
        event.preventDefault();
        if (!valid || saving) return;
        setSaving(true);
        void onSave(draft).finally(() => {
          setSaving(false);
        });
      }}
    >
      <TextInput data-autofocus required label={t('knowledgeBase.fieldTitle')} value={draft.title} maxLength={200} onChange={(event) => { set({ title: event.currentTarget.value }); }} />
      <Textarea label={t('knowledgeBase.fieldSummary')} value={draft.summary ?? ''} maxLength={500} autosize minRows={2} onChange={(event) => { set({ summary: event.currentTarget.value }); }} />
      <Group grow align="flex-start">
        <TextInput required label={t('knowledgeBase.fieldCategory')} value={draft.category} maxLength={48} error={CATEGORY.test(draft.category) ? undefined : t('knowledgeBase.invalid')} onChange={(event) => { set({ category: event.currentTarget.value.trim() }); }} />
        <Select
          label={t('knowledgeBase.fieldStatus')}
          data={ARTICLE_STATUSES.map((value) => ({ value, label: t(`knowledgeBase.status.${value}`) }))}
          value={draft.status}
          allowDeselect={false}
          onChange={(value) => {
            if (value !== null) set({ status: value });
          }}
        />
      </Group>
      <TagsInput label={t('knowledgeBase.fieldTags')} value={[...draft.tags]} onChange={(tags) => { set({ tags }); }} />
      <Tabs defaultValue="write" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="write">{t('knowledgeBase.write')}</Tabs.Tab>
          <Tabs.Tab value="preview">{t('knowledgeBase.preview')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="write" pt="xs">
          <Textarea required label={t('knowledgeBase.fieldBody')} value={draft.body} maxLength={50000} autosize minRows={10} maxRows={30} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} onChange={(event) => { set({ body: event.currentTarget.value }); }} />
        </Tabs.Panel>
        <Tabs.Panel value="preview" pt="xs" data-testid="kb-preview">
          <SafeContent text={draft.body} format="markdown" />
        </Tabs.Panel>
      </Tabs>
      {!valid && (
        <Alert color="yellow" role="status">
          {t('knowledgeBase.invalid')}
        </Alert>
      )}
      <Group>
        <Button type="submit" disabled={!valid} loading={saving}>
          {t('knowledgeBase.save')}
        </Button>
        <Button variant="default" onClick={onCancel}>
          {t('knowledgeBase.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}
