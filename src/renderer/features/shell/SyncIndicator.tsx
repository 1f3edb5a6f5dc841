/**
 * Header sync indicator: `data-testid="sync-indicator"`, `data-state` (online|syncing|offline) and
 * `data-pending` (local changes the server has not acknowledged). Opens a popover that explains the
 * state and offers "Sync now".
 */
import { Badge, Button, Group, Popover, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { computeSyncState, offlineReason, syncStatusStore } from '../../data/sync-status';
import { useSession } from '../../data/session';
import { useWorkspace } from '../../data/workspace';
import { useFormatters } from '../../i18n/format';

export function SyncIndicator() {
  const { t } = useTranslation();
  const format = useFormatters();
  const storeStatus = useStore(syncStatusStore);
  const expired = useSession((state) => state.expired);
  const status = expired ? { ...storeStatus, sessionExpired: true } : storeStatus;
  const engine = useWorkspace((state) => state.engine);
  const state = computeSyncState(status);
  const reason = offlineReason(status);
  const pendingText =
    status.pending === 0 ? t('sync.pendingNone') : t('sync.pending', { count: status.pending });
  const stateText = t(`sync.state.${state}`);
  const explanation =
    reason === 'no-network'
      ? t('sync.reason.noNetwork')
      : reason === 'session-expired'
        ? t('sync.reason.sessionExpired')
        : reason === 'server-unreachable'
          ? t('sync.reason.serverUnreachable')
          : state === 'syncing'
            ? t('sync.reason.syncing')
            : t('sync.reason.online');

  return (
    <Popover position="bottom-end" width={320} shadow="md" withArrow trapFocus returnFocus>
      <Popover.Target>
        <UnstyledButton
          data-testid="sync-indicator"
          data-state={state}
          data-pending={String(status.pending)}
          aria-label={t('sync.indicatorLabel', { state: stateText, pending: pendingText })}
          px="sm"
          py={6}
          style={{ borderRadius: 'var(--mantine-radius-md)' }}
        >
          <Group gap={8} wrap="nowrap">
            <span className="sync-dot" data-state={state} aria-hidden />
            <Text size="sm" fw={500} aria-hidden>
              {stateText}
            </Text>
            {status.pending > 0 && (
              <Badge size="sm" variant="filled" color="orange" aria-hidden>
                {format.number(status.pending)}
              </Badge>
            )}
          </Group>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" aria-live="polite">
          <Group gap={8}>
            <span className="sync-dot" data-state={state} aria-hidden />
            <Text fw={600}>{stateText}</Text>
          </Group>
          <Text size="sm">{explanation}</Text>
          <Text size="sm">{pendingText}</Text>
          <Text size="sm" c="dimmed">
            {status.lastSyncedAt === null
              ? t('sync.neverSynced')
              : t('sync.lastSynced', { time: format.dateTime(status.lastSyncedAt) })}
          </Text>
          <Button
            variant="light"
            size="xs"
            leftSection={<IconRefresh aria-hidden size={16} />}
            disabled={engine === null || reason === 'no-network' || reason === 'session-expired'}
            onClick={() => {
              engine?.reSync();
            }}
          >
            {t('sync.syncNow')}
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
