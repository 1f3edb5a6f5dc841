/**
 * Header sync indicator: `data-testid="sync-indicator"`, `data-state` (online|syncing|offline),
 * `data-pending` (local changes the server has not acknowledged) and `data-rejected` (changes the
 * server refused); the time of the last successful sync next to the state (wide screens; always in the
 * tooltip and the accessible name). A button: it opens the sync-details panel (state, "Sync now", pending changes,
 * per-collection status, refused changes, conflicts).
 */
import { Badge, Group, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { useRejections } from '../../data/hooks';
import { useSession } from '../../data/session';
import { computeSyncState, syncStatusStore } from '../../data/sync-status';
import { useFormatters } from '../../i18n/format';
import { useUi } from '../../stores/ui';

/** The last sync is shown to the minute. */
const MINUTE_MS = 60_000;

export function SyncIndicator() {
  const { t } = useTranslation();
  const format = useFormatters();
  const expired = useSession((session) => session.expired);
  // Only what it shows: the status changes with every request a sync makes (a first sync: every page).
  const state = useStore(syncStatusStore, (status) => computeSyncState(expired ? { ...status, sessionExpired: true } : status));
  const pending = useStore(syncStatusStore, (status) => status.pending);
  const lastSyncedAt = useStore(syncStatusStore, (status) => (status.lastSyncedAt === null ? null : status.lastSyncedAt - (status.lastSyncedAt % MINUTE_MS)));
  const rejected = useRejections().length;
  const open = useUi((ui) => ui.syncDetailsOpen);
  const setOpen = useUi((ui) => ui.setSyncDetailsOpen);
  const pendingText = pending === 0 ? t('sync.pendingNone') : t('sync.pending', { count: pending });
  const stateText = t(`sync.state.${state}`);
  const label =
    rejected === 0
      ? t('sync.indicatorLabel', { state: stateText, pending: pendingText })
      : t('sync.indicatorLabelRejected', { state: stateText, pending: pendingText, rejected: t('sync.rejectedCount', { count: rejected }) });
  const lastSync =
    lastSyncedAt === null ? t('sync.neverSynced') : t('sync.lastSuccessful', { time: format.dateTime(lastSyncedAt) });

  return (
    <UnstyledButton
      data-testid="sync-indicator"
      data-state={state}
      data-pending={String(pending)}
      data-rejected={String(rejected)}
      aria-label={`${label} ${lastSync}`}
      aria-haspopup="dialog"
      aria-expanded={open}
      title={lastSync}
      px="sm"
      py={6}
      style={{ borderRadius: 'var(--mantine-radius-md)' }}
      onClick={() => {
        setOpen(true);
      }}
    >
      <Group gap={8} wrap="nowrap">
        <span className="sync-dot" data-state={state} aria-hidden />
        <Text size="sm" fw={500} aria-hidden>
          {stateText}
        </Text>
        {lastSyncedAt !== null && (
          <Text size="xs" c="dimmed" visibleFrom="md" aria-hidden data-testid="sync-last-synced">
            {format.compactDateTime(lastSyncedAt)}
          </Text>
        )}
        {pending > 0 && (
          <Badge size="sm" variant="filled" color="orange" aria-hidden>
            {format.number(pending)}
          </Badge>
        )}
        {rejected > 0 && (
          <Badge size="sm" variant="filled" color="red" aria-hidden>
            !{format.number(rejected)}
          </Badge>
        )}
      </Group>
    </UnstyledButton>
  );
}
