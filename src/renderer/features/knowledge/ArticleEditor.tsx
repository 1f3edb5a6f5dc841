/**
 * An article's content in a form: Markdown with a sanitized preview (the same renderer as the
 * timeline). Edits an existing article, or writes a new one or a translation (then it may also ask
 * for the language).
 */
import { Alert, Button, Group, Select, Stack, Tabs, TagsInput, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ARTICLE_CATEGORY_PATTERN, ARTICLE_STATUSES } from '../../../shared/domain/article';
import { articleFieldProblems } from '../../../shared/domain/article-authoring';
import type { Language } from '../../../shared/domain/common';
import { SafeContent } from '../tickets/SafeContent';
import type { ArticleContent } from './knowledge-data';

const CATEGORY = new RegExp(ARTICLE_CATEGORY_PATTERN);

interface ArticleEditorProps {
  /** What the form starts with (an article's content; for a new one, mostly empty). */
  readonly initial: ArticleContent;
  /** The form's accessible name. */
  readonly label: string;
  /** When set, the form also asks for the language, one of these (a new article). */
  readonly languages?: readonly Language[];
  readonly initialLanguage?: Language;
  /** `language` is the chosen one when `languages` was given. */
  readonly onSave: (content: ArticleContent, language: Language | undefined) => Promise<void>;
  readonly onCancel: () => void;
}

/** The editable content of an article. */
export function contentOf(article: ArticleContent): ArticleContent {
  return { title: article.title, summary: article.summary ?? '', body: article.body, category: article.category, tags: article.tags, status: article.status };
}

export function ArticleEditor({ initial, label, languages, initialLanguage, onSave, onCancel }: ArticleEditorProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<ArticleContent>(initial);
  const [language, setLanguage] = useState<Language | undefined>(initialLanguage ?? languages?.[0]);
  const [saving, setSaving] = useState(false);
  // The shared rules of a valid article (the language is checked where it is chosen).
  const problems = articleFieldProblems({ ...draft, summary: draft.summary ?? '', language: language ?? 'en' });
  const valid = Object.keys(problems).length === 0;
  const set = (change: Partial<ArticleContent>) => {
    setDraft((current) => ({ ...current, ...change }));
  };

  return (
    <Stack
      component="form"
      gap="sm"
      aria-label={label}
      onSubmit={(event) => {
        event.preventDefault();
        if (!valid || saving) return;
        setSaving(true);
        void onSave(draft, language).finally(() => {
          setSaving(false);
        });
      }}
    >
      <TextInput data-autofocus required label={t('knowledgeBase.fieldTitle')} value={draft.title} maxLength={200} onChange={(event) => { set({ title: event.currentTarget.value }); }} />
      <Textarea label={t('knowledgeBase.fieldSummary')} value={draft.summary ?? ''} maxLength={500} autosize minRows={2} onChange={(event) => { set({ summary: event.currentTarget.value }); }} />
      <Group grow align="flex-start">
        {languages !== undefined && (
          <Select
            label={t('knowledgeBase.language')}
            data={languages.map((value) => ({ value, label: t(`languages.${value}`) }))}
            value={language ?? null}
            allowDeselect={false}
            onChange={(value) => {
              const chosen = languages.find((candidate) => candidate === value);
              if (chosen !== undefined) setLanguage(chosen);
            }}
          />
        )}
        <TextInput required label={t('knowledgeBase.fieldCategory')} value={draft.category} maxLength={48} error={draft.category === '' || CATEGORY.test(draft.category) ? undefined : t('knowledgeBase.invalid')} onChange={(event) => { set({ category: event.currentTarget.value.trim() }); }} />
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
