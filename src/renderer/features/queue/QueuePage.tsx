/**
 * The ticket queue (`#/tickets`): views with live counts on the left, search, filters and sort above a
 * virtualized list of the chosen view, with SLA countdowns. Rows load 200 at a time as the list scrolls.
 */
import { Group, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { narrowFilters, type QueueSearch, type SavedViewDocument } from '../../../shared/domain/queue-views';
import { LIVE_QUERY_THROTTLE_MS } from '../../data/database';
import { useDatabase, useObservable } from '../../data/hooks';
import { useSession } from '../../data/session';
import { HEADER_HEIGHT } from '../shell/layout';
import { useCustomerNameMatches, useCustomersByIds, useQueueRows, useSavedViewDocuments, useSlaSettings } from './queue-data';
import { queueCount } from './queue-rows';
import { useQueueState } from './queue-store';
import { QueueList } from './QueueList';
import { QueueToolbar } from './QueueToolbar';
import { QueueViewNav } from './QueueViewNav';
import { SaveViewModal } from './SaveViewModal';
import { usePlannedView, useQueueContext, useViewDefinition } from './useQueueView';
import { visibleSavedViews } from '../../../shared/domain/queue-views';

const PAGE_ROWS = 200;
/** How long a saved view missing from the list may be waited for before the queue falls back to "All". */
const SAVED_VIEW_GRACE_MS = LIVE_QUERY_THROTTLE_MS * 10;

function useVisibleSavedViews(userId: string): readonly SavedViewDocument[] {
  const documents = useSavedViewDocuments();
  return useMemo(() => visibleSavedViews(documents, userId), [documents, userId]);
}

export function QueuePage() {
  const { t } = useTranslation();
  const db = useDatabase();
  const userId = useSession((state) => state.session?.user.id) ?? '';
  const settings = useSlaSettings();
  const savedViews = useVisibleSavedViews(userId);
  const context = useQueueContext(settings);
  const { view: viewKey, filters, search: searchText, sort: sortOverride, setView, setRowIds } = useQueueState();
  const view = useViewDefinition(viewKey, context.tier, savedViews);

  // A saved view deleted elsewhere: back to the default view. One just saved here reaches the list with
  // the next run of its live query (at most LIVE_QUERY_THROTTLE_MS later), so it gets that long first.
  useEffect(() => {
    if (view !== undefined) return;
    const timer = setTimeout(
      () => {
        setView({ kind: 'builtIn', id: 'all' });
      },
      viewKey.kind === 'saved' ? SAVED_VIEW_GRACE_MS : 0,
    );
    return () => {
      clearTimeout(timer);
    };
  }, [view, viewKey, setView]);

  const customerMatches = useCustomerNameMatches(searchText);
  const search = useMemo<QueueSearch | undefined>(
    () => (searchText.trim() === '' ? undefined : { text: searchText, customerIds: customerMatches }),
    [searchText, customerMatches],
  );
  const { plan, keep } = usePlannedView(view, filters, sortOverride, search, context, settings);
  // Each plan starts at one page of rows.
  const [paging, setPaging] = useState({ plan, limit: PAGE_ROWS });
  const limit = paging.plan === plan ? paging.limit : PAGE_ROWS;
  const tickets = useQueueRows(plan, limit, keep);
  const countSource = useMemo(() => queueCount(db, plan, keep), [db, plan, keep]);
  const total = useObservable<number | null>(countSource, null);
  const customers = useCustomersByIds(useMemo(() => tickets.map((ticket) => ticket.customerId), [tickets]));
  useEffect(() => {
    setRowIds(tickets.map((ticket) => ticket.id));
  }, [tickets, setRowIds]);

  const hasMore = tickets.length >= limit;
  const loadMore = useCallback(() => {
    setPaging({ plan, limit: limit + PAGE_ROWS });
  }, [plan, limit]);
  const [saving, setSaving] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const viewName =
    viewKey.kind === 'builtIn' ? t(`queueViews.builtIn.${viewKey.id}`) : (savedViews.find((document) => document.id === viewKey.id)?.name ?? '');
  const sort = sortOverride ?? view?.sort ?? { field: 'updatedAt', direction: 'desc' };
  const count = total ?? tickets.length;
  const emptyHint = viewKey.kind === 'builtIn' && viewKey.id === 'my_tier' && context.tier === undefined ? t('queueViews.noTier') : t('queueViews.nothingMatches');

  return (
    <Group align="stretch" gap="md" wrap="nowrap" h={`calc(100dvh - ${String(HEADER_HEIGHT)}px - 2 * var(--mantine-spacing-md))`}>
      <QueueViewNav context={context} settings={settings} savedViews={savedViews} />
      <Stack gap="sm" style={{ flex: 1, minWidth: 0 }}>
        <Group justify="space-between" align="baseline" wrap="nowrap">
          <Title order={1} size="h3" ref={headingRef} tabIndex={-1} className="page-heading" data-testid="queue-title">
            {viewName}
          </Title>
          <Text size="sm" c="dimmed" aria-live="polite" data-testid="queue-count">
            {t('tickets.count', { count })}
          </Text>
        </Group>
        <QueueToolbar
          sort={sort}
          onSave={() => {
            setSaving(true);
          }}
        />
        <Text size="xs" c="dimmed" id="queue-keyboard-hint">
          {t('tickets.keyboardHint')}
        </Text>
        {tickets.length === 0 ? (
          <Stack gap={4} py="xl" align="center" data-testid="queue-empty">
            <Text fw={500}>{total === null ? t('app.loading') : emptyHint}</Text>
          </Stack>
        ) : (
          <QueueList
            tickets={tickets}
            customers={customers}
            settings={settings}
            label={t('queueViews.listLabel', { view: viewName, count })}
            hasMore={hasMore}
            onNeedMore={loadMore}
            headingRef={headingRef}
          />
        )}
      </Stack>
      <SaveViewModal
        opened={saving}
        onClose={() => {
          setSaving(false);
        }}
        filters={(view === undefined ? null : narrowFilters(view.filters, filters)) ?? filters}
        sort={sort}
      />
    </Group>
  );
}
