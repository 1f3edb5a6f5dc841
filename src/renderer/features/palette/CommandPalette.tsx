/**
 * The command palette (Ctrl/Cmd+K, PaletteDialog) and the workstation's global shortcuts: next ticket
 * (Alt+J), reply (Alt+R) and note (Alt+N) through the composer's own shortcuts, assign to me (Alt+A),
 * escalate (Alt+E), knowledge-base search (Alt+K, a second palette), views, and the shortcut overview (`?`).
 */
import '@mantine/spotlight/styles.css';
import { Kbd } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { createSpotlight } from '@mantine/spotlight';
import { IconArrowUp, IconBook, IconKeyboard, IconLayoutList, IconMessage, IconNote, IconPlayerTrackNext, IconSearch, IconUserCheck } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { BUILT_IN_VIEWS } from '../../../shared/domain/queue-views';
import { useUi } from '../../stores/ui';
import { ArticleDrawer } from '../knowledge/ArticleDrawer';
import { nextTicketId, useQueueState } from '../queue/queue-store';
import { usePublishedArticles } from '../tickets/workspace-data';
import { PaletteDialog, type PaletteGroup } from './PaletteDialog';
import { ShortcutHelp } from './ShortcutHelp';
import { clickButton, escalateLabels, pressAltKey, ticketIdOfPath } from './ticket-commands';

const paletteSpotlight = createSpotlight();
const knowledgeSpotlight = createSpotlight();
const [, paletteControls] = paletteSpotlight;
const [, knowledgeControls] = knowledgeSpotlight;
const ICON = { size: 18, 'aria-hidden': true } as const;

export function CommandPalette() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const ticketId = ticketIdOfPath(pathname);
  const selectedId = useUi((state) => state.selectedTicketId);
  const select = useUi((state) => state.selectTicket);
  const rowIds = useQueueState((state) => state.rowIds);
  const setView = useQueueState((state) => state.setView);
  const articles = usePublishedArticles();
  const [helpOpen, setHelpOpen] = useState(false);
  const [articleId, setArticleId] = useState<string | null>(null);

  const onTicket = (action: () => void) => () => {
    if (ticketId === null) notifications.show({ message: t('palette.unavailable'), color: 'gray', autoClose: 2500 });
    else action();
  };
  const commands = {
    nextTicket: () => {
      const next = nextTicketId(rowIds, ticketId ?? selectedId);
      if (next === undefined) {
        notifications.show({ message: t('palette.noNextTicket'), color: 'gray', autoClose: 2500 });
        return;
      }
      select(next);
      void navigate(`/tickets/${encodeURIComponent(next)}`);
    },
    reply: onTicket(() => {
      pressAltKey('R');
    }),
    note: onTicket(() => {
      pressAltKey('N');
    }),
    assignToMe: onTicket(() => {
      clickButton([t('detail.assignToMe')]);
    }),
    escalate: onTicket(() => {
      if (!clickButton(escalateLabels((tier) => t('escalation.escalateTo', { tier })))) {
        notifications.show({ message: t('palette.cannotEscalate'), color: 'gray', autoClose: 2500 });
      }
    }),
    searchKb: () => {
      knowledgeControls.open();
    },
    help: () => {
      setHelpOpen(true);
    },
  };

  useHotkeys(
    [
      ['alt+J', commands.nextTicket, { usePhysicalKeys: true }],
      ['alt+A', commands.assignToMe, { usePhysicalKeys: true }],
      ['alt+E', commands.escalate, { usePhysicalKeys: true }],
      ['alt+K', commands.searchKb, { usePhysicalKeys: true }],
      ['shift+?', commands.help],
    ],
    ['INPUT', 'TEXTAREA', 'SELECT'],
  );

  const hint = (...keys: string[]) => (
    <span aria-hidden>
      {keys.map((key) => (
        <Kbd key={key} size="xs" ml={4}>
          {key}
        </Kbd>
      ))}
    </span>
  );
  const groups: PaletteGroup[] = [
    {
      label: t('palette.groups.ticket'),
      actions: [
        { id: 'reply', label: t('palette.actions.reply'), description: t('palette.actions.replyHint'), leftSection: <IconMessage {...ICON} />, rightSection: hint('Alt', 'R'), onTrigger: commands.reply },
        { id: 'note', label: t('palette.actions.note'), description: t('palette.actions.noteHint'), leftSection: <IconNote {...ICON} />, rightSection: hint('Alt', 'N'), onTrigger: commands.note },
        { id: 'assign', label: t('palette.actions.assignToMe'), description: t('palette.actions.assignToMeHint'), leftSection: <IconUserCheck {...ICON} />, rightSection: hint('Alt', 'A'), onTrigger: commands.assignToMe },
        { id: 'escalate', label: t('palette.actions.escalate'), description: t('palette.actions.escalateHint'), leftSection: <IconArrowUp {...ICON} />, rightSection: hint('Alt', 'E'), onTrigger: commands.escalate },
      ],
    },
    {
      label: t('palette.groups.queue'),
      actions: [
        { id: 'next', label: t('palette.actions.nextTicket'), description: t('palette.actions.nextTicketHint'), leftSection: <IconPlayerTrackNext {...ICON} />, rightSection: hint('Alt', 'J'), onTrigger: commands.nextTicket },
        { id: 'kb', label: t('palette.actions.searchKb'), description: t('palette.actions.searchKbHint'), leftSection: <IconBook {...ICON} />, rightSection: hint('Alt', 'K'), onTrigger: commands.searchKb },
        { id: 'help', label: t('palette.actions.shortcuts'), description: t('palette.actions.shortcutsHint'), leftSection: <IconKeyboard {...ICON} />, rightSection: hint('?'), onTrigger: commands.help },
      ],
    },
    {
      label: t('palette.groups.views'),
      actions: BUILT_IN_VIEWS.map((id) => ({
        id: `view-${id}`,
        label: t('palette.actions.goToView', { view: t(`queueViews.builtIn.${id}`) }),
        leftSection: <IconLayoutList {...ICON} />,
        onTrigger: () => {
          setView({ kind: 'builtIn', id });
          void navigate('/tickets');
        },
      })),
    },
  ];
  const knowledgeGroups: PaletteGroup[] = useMemo(
    () => [
      {
        actions: articles.map((article) => ({
          id: article.id,
          label: article.title,
          description: article.summary ?? article.body.slice(0, 120),
          keywords: [article.language],
          leftSection: <IconBook {...ICON} />,
          onTrigger: () => {
            setArticleId(article.id);
          },
        })),
      },
    ],
    [articles],
  );

  return (
    <>
      <PaletteDialog
        spotlight={paletteSpotlight}
        shortcut="mod + K"
        label={t('palette.open')}
        placeholder={t('palette.placeholder')}
        nothingFound={t('palette.nothingFound')}
        groups={groups}
        searchIcon={<IconSearch {...ICON} />}
      />
      <PaletteDialog
        spotlight={knowledgeSpotlight}
        shortcut={null}
        label={t('palette.actions.searchKb')}
        placeholder={t('palette.kbPlaceholder')}
        nothingFound={t('palette.kbNothingFound')}
        groups={knowledgeGroups}
        limit={8}
        searchIcon={<IconSearch {...ICON} />}
      />
      <ArticleDrawer
        articleId={articleId}
        onClose={() => {
          setArticleId(null);
        }}
        onOpenArticle={setArticleId}
      />
      <ShortcutHelp
        opened={helpOpen}
        onClose={() => {
          setHelpOpen(false);
        }}
      />
    </>
  );
}

/** Opens the palette (e.g. from a header button). */
export const openCommandPalette = (): void => {
  paletteControls.open();
};
