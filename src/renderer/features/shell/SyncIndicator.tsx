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

export function SyncIndicator() {
  const { t } = useTranslation();
  const format = useFormatters();
  const storeStatus = useStore(syncStatusStore);
  const expired = useSession((state) => state.expired);
  const status = expired ? { ...storeStatus, sessionExpired: true } : storeStatus;
  const rejected = useRejections().length;
  const open = useUi((state) => state.syncDetailsOpen);
  const setOpen = useUi((state) => state.setSyncDetailsOpen);
  const state = computeSyncState(status);
  const pendingText = status.pending === 0 ? t('sync.pendingNone') : t('sync.pending', { count: status.pending });
  const stateText = t(`sync.state.${state}`);
  const label =
    rejected === 0
      ? t('sync.indicatorLabel', { state: stateText, pending: pendingText })
      : t('sync.indicatorLabelRejected', { state: stateText, pending: pendingText, rejected: t('sync.rejectedCount', { count: rejected }) });
  const lastSync =
    status.lastSyncedAt === null ? t('sync.neverSynced') : t('sync.lastSuccessful', { time: format.dateTime(status.lastSyncedAt) });

  return (
    <UnstyledButton
      data-testid="sync-indicator"
      data-state={state}
      data-pending={String(status.pending)}
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
        {status.lastSyncedAt !== null && (
          <Text size="xs" c="dimmed" visibleFrom="md" aria-hidden data-testid="sync-last-synced">
            {format.compactDateTime(status.lastSyncedAt)}
          </Text>
        )}
        {status.pending > 0 && (
          <Badge size="sm" variant="filled" color="orange" aria-hidden>
            {format.number(status.pending)}
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
