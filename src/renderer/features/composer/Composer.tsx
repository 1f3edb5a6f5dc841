/**
 * The reply box of a ticket: a reply to the customer on a channel, or an internal note. Drafts are kept
 * on this device (`useDraftBody`). Canned responses come in by typing their `/shortcut` (suggestions
 * under the box) or from the picker, with their placeholders filled from the ticket; knowledge
 * articles as a link or an excerpt. Alt+R writes a reply, Alt+N a note, Ctrl/Cmd+Enter sends.
 */
import { Alert, Button, Card, Group, Kbd, SegmentedControl, Select, Stack, Text, Textarea, VisuallyHidden } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconBook, IconMessageBolt, IconSend } from '@tabler/icons-react';
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  expandCannedResponse,
  replaceToken,
  searchCannedResponses,
  shortcutAtCaret,
  unfilledPlaceholders,
  type CannedContext,
  type CannedResponseDocument,
  type ShortcutToken,
} from '../../../shared/domain/canned';
import type { Language } from '../../../shared/domain/common';
import type { DraftKind } from '../../../shared/domain/draft';
import type { CannedPlaceholder } from '../../../shared/domain/settings-rules';
import { CHANNELS, type Channel } from '../../../shared/domain/ticket';
import { useDatabase, type TicketView } from '../../data/hooks';
import { computeSyncState, syncStatusStore } from '../../data/sync-status';
import { ArticlePicker } from '../knowledge/ArticlePicker';
import { useCannedResponses } from '../tickets/workspace-data';
import { CannedList, cannedOptionId } from './CannedList';
import { CannedPicker } from './CannedPicker';
import { useDraftBody, type DraftSaveState } from './useDraftBody';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent);
/** Channels a written reply can go out on (a phone ticket is answered by email or a message). */
const REPLY_CHANNELS = CHANNELS.filter((channel) => channel !== 'phone');
const SUGGESTIONS_ID = 'canned-suggestions';
const SUGGESTIONS_MAX = 8;

export interface ComposerProps {
  readonly ticket: TicketView;
  readonly context: CannedContext;
  readonly language: Language;
  readonly author: { readonly id: string };
}

export function Composer(props: ComposerProps) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<DraftKind>('reply');
  const editorRef = useRef<HTMLTextAreaElement>(null);
  const [focusRequest, setFocusRequest] = useState(0);

  const switchTo = (next: DraftKind) => {
    setMode(next);
    // A new count even for the same mode: the shortcut always puts the caret in the box.
    setFocusRequest((count) => count + 1);
  };
  useHotkeys(
    [
      ['alt+R', () => { switchTo('reply'); }, { usePhysicalKeys: true }],
      ['alt+N', () => { switchTo('note'); }, { usePhysicalKeys: true }],
    ],
    [],
  );
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="composer-heading">
      <Stack gap="sm">
        <Group justify="space-between" align="center">
          <Text fw={600} id="composer-heading" component="h2" size="md">
            {t('composer.title')}
          </Text>
          <SegmentedControl
            aria-label={t('composer.mode')}
            value={mode}
            onChange={(value) => {
              switchTo(value === 'note' ? 'note' : 'reply');
            }}
            data={[
              { value: 'reply', label: t('composer.reply') },
              { value: 'note', label: t('composer.note') },
            ]}
          />
        </Group>
        {/* One editor per kind: the reply and the note keep separate drafts. */}
        <DraftEditor key={mode} {...props} kind={mode} editorRef={editorRef} focusRequest={focusRequest} />
        <Text size="xs" c="dimmed">
          {t('composer.shortcuts')} <Kbd>Alt+R</Kbd> · <Kbd>Alt+N</Kbd> · <Kbd>{isMac ? '⌘↵' : 'Ctrl+Enter'}</Kbd>
        </Text>
      </Stack>
    </Card>
  );
}

interface DraftEditorProps extends ComposerProps {
  readonly kind: DraftKind;
  readonly editorRef: React.RefObject<HTMLTextAreaElement | null>;
  /** Increments when a shortcut or the mode switch asks for the caret in the box. */
  readonly focusRequest: number;
}

function defaultChannel(ticket: TicketView): Channel {
  return ticket.channel === 'phone' ? 'email' : ticket.channel;
}

function DraftEditor({ ticket, context, language, author, kind, editorRef, focusRequest }: DraftEditorProps) {
  const { t } = useTranslation();
  const db = useDatabase();
  const canned = useCannedResponses();
  const draft = useDraftBody(ticket.id, kind);
  const [token, setToken] = useState<ShortcutToken | null>(null);
  const [activeIndex, setActiveIndex] = useState(0);
  const [pickerOpen, setPickerOpen] = useState<'canned' | 'article' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const caretAfterUpdate = useRef<number | null>(null);

  const fields = draft.fields;
  const body = fields?.body ?? '';
  const channel = fields?.channel ?? defaultChannel(ticket);
  const unfilled = unfilledPlaceholders(body);
  const suggestions = token === null ? [] : searchCannedResponses(canned, token.query, language).slice(0, SUGGESTIONS_MAX);
  const suggestionsOpen = suggestions.length > 0;
  const active = suggestionsOpen ? suggestions[Math.min(activeIndex, suggestions.length - 1)] : undefined;

  // The box is disabled until its draft is read: focus once it can take it.
  const loaded = fields !== null;
  useEffect(() => {
    if (loaded && focusRequest > 0) editorRef.current?.focus();
  }, [loaded, focusRequest, editorRef]);

  useLayoutEffect(() => {
    const caret = caretAfterUpdate.current;
    const editor = editorRef.current;
    if (caret === null || editor === null) return;
    caretAfterUpdate.current = null;
    editor.focus();
    editor.setSelectionRange(caret, caret);
  });

  const setBody = (text: string, extra: { cannedResponseId?: string } = {}) => {
    draft.update({ body: text, channel: kind === 'reply' ? channel : undefined, cannedResponseId: extra.cannedResponseId ?? fields?.cannedResponseId });
    if (error !== null) setError(null);
  };

  /** Puts `snippet` in place of `range` (the typed `/shortcut`, or the caret or selection). */
  const insert = (snippet: string, range: Pick<ShortcutToken, 'start' | 'end'>, extra: { cannedResponseId?: string } = {}) => {
    const result = replaceToken(body, range, snippet);
    caretAfterUpdate.current = result.caret;
    setBody(result.text, extra);
    setToken(null);
  };

  const selection = (): Pick<ShortcutToken, 'start' | 'end'> => {
    const editor = editorRef.current;
    return editor === null ? { start: body.length, end: body.length } : { start: editor.selectionStart, end: editor.selectionEnd };
  };

  const pickCanned = (response: CannedResponseDocument, range: Pick<ShortcutToken, 'start' | 'end'>) => {
    const expanded = expandCannedResponse(response.cannedResponse.body, context);
    insert(expanded.text, range, { cannedResponseId: response.id });
  };

  const trackToken = (element: HTMLTextAreaElement) => {
    const next = element.selectionStart === element.selectionEnd ? shortcutAtCaret(element.value, element.selectionStart) : null;
    setToken(next);
    if (next?.query !== token?.query) setActiveIndex(0);
  };

  const send = async () => {
    const text = body.trim();
    if (text === '') {
      setError(t(kind === 'reply' ? 'composer.emptyReply' : 'composer.emptyNote'));
      editorRef.current?.focus();
      return;
    }
    if (unfilled.length > 0) {
      setError(t('composer.unfilledBlocked'));
      editorRef.current?.focus();
      return;
    }
    const timeline = db.timeline;
    if (timeline === undefined) return;
    setSending(true);
    try {
      const now = new Date().toISOString();
      await timeline.insert({
        id: `tl_${crypto.randomUUID()}`,
        subjectType: 'ticket',
        subjectId: ticket.id,
        kind: kind === 'reply' ? 'agent_reply' : 'internal_note',
        occurredAt: now,
        authorType: 'agent',
        authorId: author.id,
        customerId: ticket.customerId,
        ...(kind === 'reply' ? { channel } : {}),
        body: text,
        // Server-owned: the server stamps the pushing user and its own time.
        recordedById: author.id,
        createdAt: now,
      });
      await draft.clear();
      setToken(null);
      const offline = computeSyncState(syncStatusStore.getState()) === 'offline';
      notifications.show({
        message: t(offline ? 'composer.sentOffline' : kind === 'reply' ? 'composer.sentReply' : 'composer.sentNote'),
        color: offline ? 'orange' : 'green',
        autoClose: 3000,
      });
      editorRef.current?.focus();
    } catch (cause) {
      setError(t('composer.sendFailed', { message: cause instanceof Error ? cause.message : String(cause) }));
    } finally {
      setSending(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
      event.preventDefault();
      void send();
      return;
    }
    if (!suggestionsOpen || token === null) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActiveIndex((index) => (index + step + suggestions.length) % suggestions.length);
    } else if ((event.key === 'Enter' || event.key === 'Tab') && active !== undefined) {
      event.preventDefault();
      pickCanned(active, token);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setToken(null);
    }
  };

  const label = kind === 'reply' ? t('composer.replyLabel') : t('composer.noteLabel');
  return (
    <Stack gap="xs">
      {kind === 'reply' && (
        <Select
          label={t('composer.channel')}
          data={REPLY_CHANNELS.map((value) => ({ value, label: t(`channel.${value}`) }))}
          value={channel}
          allowDeselect={false}
          w={220}
          onChange={(value) => {
            const next = REPLY_CHANNELS.find((candidate) => candidate === value);
            if (next !== undefined && fields !== null) draft.update({ ...fields, channel: next });
          }}
        />
      )}
      <Textarea
        ref={editorRef}
        label={label}
        placeholder={t('composer.placeholder')}
        description={t('composer.cannedHint')}
        autosize
        minRows={4}
        maxRows={16}
        value={body}
        disabled={fields === null}
        error={error}
        data-testid="composer-editor"
        data-kind={kind}
        data-popup-open={suggestionsOpen ? 'true' : undefined}
        aria-controls={suggestionsOpen ? SUGGESTIONS_ID : undefined}
        aria-activedescendant={active === undefined ? undefined : cannedOptionId(SUGGESTIONS_ID, active)}
        onChange={(event) => {
          setBody(event.currentTarget.value);
          trackToken(event.currentTarget);
        }}
        onSelect={(event) => {
          trackToken(event.currentTarget);
        }}
        onBlur={() => {
          setToken(null);
        }}
        onKeyDown={onKeyDown}
      />
      <VisuallyHidden aria-live="polite">
        {suggestionsOpen ? t('composer.suggestionsAnnounce', { count: suggestions.length }) : ''}
      </VisuallyHidden>
      {suggestionsOpen && token !== null && (
        <Card withBorder padding={4} shadow="sm">
          <CannedList
            id={SUGGESTIONS_ID}
            label={t('composer.cannedResults')}
            responses={suggestions}
            activeId={active?.id}
            onPick={(response) => {
              pickCanned(response, token);
            }}
          />
        </Card>
      )}
      {unfilled.length > 0 && <UnfilledWarning placeholders={unfilled} />}
      <Group justify="space-between">
        <Group gap="xs">
          <Button
            variant="default"
            size="xs"
            leftSection={<IconMessageBolt aria-hidden size={14} />}
            onClick={() => {
              setPickerOpen('canned');
            }}
          >
            {t('composer.insertCanned')}
          </Button>
          <Button
            variant="default"
            size="xs"
            leftSection={<IconBook aria-hidden size={14} />}
            onClick={() => {
              setPickerOpen('article');
            }}
          >
            {t('composer.insertArticle')}
          </Button>
          <DraftStatus state={draft.saveState} />
        </Group>
        <Button leftSection={<IconSend aria-hidden size={16} />} loading={sending} onClick={() => void send()}>
          {kind === 'reply' ? t('composer.sendReply') : t('composer.addNote')}
        </Button>
      </Group>
      <CannedPicker
        opened={pickerOpen === 'canned'}
        responses={canned}
        language={language}
        onClose={() => {
          setPickerOpen(null);
        }}
        onPick={(response) => {
          const range = selection();
          setPickerOpen(null);
          pickCanned(response, range);
        }}
      />
      <ArticlePicker
        opened={pickerOpen === 'article'}
        language={language}
        onClose={() => {
          setPickerOpen(null);
        }}
        onInsert={(markdown) => {
          const range = selection();
          setPickerOpen(null);
          const before = body.slice(0, range.start);
          const spacer = before === '' || /\s$/.test(before) ? '' : ' ';
          insert(spacer + markdown, range);
        }}
      />
    </Stack>
  );
}

function UnfilledWarning({ placeholders }: { readonly placeholders: readonly CannedPlaceholder[] }) {
  const { t } = useTranslation();
  return (
    <Alert color="yellow" p="xs" data-testid="composer-unfilled">
      <Text size="sm">
        {t('composer.unfilled', { fields: placeholders.map((name) => t(`composer.placeholders.${name}`)).join(', ') })}
      </Text>
    </Alert>
  );
}

function DraftStatus({ state }: { readonly state: DraftSaveState }) {
  const { t } = useTranslation();
  if (state === 'clean') return null;
  return (
    <Text size="xs" c={state === 'failed' ? 'red' : 'dimmed'} data-testid="draft-status" data-state={state} role="status">
      {t(`composer.draft.${state}`)}
    </Text>
  );
}
