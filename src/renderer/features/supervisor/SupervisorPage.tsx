/**
 * `#/supervisor`: the live board for supervisors and admins. Queues and agents come live from the
 * server (`voice.live` on the sync stream) and show only while connected: offline, the board says so
 * instead of showing numbers that may be stale. Ticket SLAs come from the local replica and keep
 * counting offline. Agents who open the URL are told it is not for them.
 *
 * Screen readers: one polite status region announces only the connection state and the total of calls
 * waiting when they change; the ticking times are read where they are, never announced.
 *
 * Test hooks: `[data-testid="live-status"]` with `data-state` (offline, waiting, live, refused);
 * `[data-testid="supervisor-not-allowed"]`.
 */
import { Alert, Badge, Button, Group, Stack, Text, VisuallyHidden } from '@mantine/core';
import { IconLock, IconPlugConnectedX } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { hasRoleAtLeast } from '../../../shared/domain/roles';
import { boardAgents, totalWaiting } from '../../../shared/voice/live-board';
import { useSession } from '../../data/session';
import { useNow } from '../shell/useNow';
import { usePageFocus } from '../shell/usePageFocus';
import { useUserProfiles } from '../tickets/workspace-data';
import { AgentBoard } from './AgentBoard';
import type { LiveBoardStatus } from './live-board-feed';
import { QueueBoard } from './QueueBoard';
import { SlaWatchPanel } from './SlaWatchPanel';
import { useLiveBoard } from './useLiveBoard';

export function SupervisorPage() {
  const role = useSession((state) => state.session?.user.role);
  return role !== undefined && hasRoleAtLeast(role, 'supervisor') ? <LiveBoardPage /> : <NotAllowed />;
}

function NotAllowed() {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  usePageFocus(heading, 'supervisor-not-allowed');
  return (
    <Stack align="flex-start" data-testid="supervisor-not-allowed">
      <h1 ref={heading} tabIndex={-1} className="page-heading">
        {t('supervisor.notAllowed.title')}
      </h1>
      <Alert color="orange" icon={<IconLock aria-hidden />} title={t('supervisor.title')}>
        {t('supervisor.notAllowed.body')}
      </Alert>
      <Button component={Link} to="/tickets">
        {t('supervisor.notAllowed.back')}
      </Button>
    </Stack>
  );
}

function statusText(t: TFunction, status: LiveBoardStatus): string {
  switch (status) {
    case 'live':
      return t('supervisor.status.live');
    case 'waiting':
      return t('supervisor.status.waiting');
    case 'offline':
      return t('supervisor.status.offline');
    case 'refused':
      return t('supervisor.status.refused');
  }
}

const STATUS_COLORS: Readonly<Record<LiveBoardStatus, string>> = { live: 'green', waiting: 'blue', offline: 'gray', refused: 'red' };

function LiveBoardPage() {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  usePageFocus(heading, 'supervisor');
  const { status, board, offset } = useLiveBoard();
  const profiles = useUserProfiles();
  const now = useNow(1000);
  const team = useMemo(() => [...profiles.values()], [profiles]);
  const agents = useMemo(() => boardAgents(board?.agents, team), [board, team]);
  const waiting = board === undefined ? undefined : totalWaiting(board.queues);
  // Changes only with the connection or the number of calls waiting: never every second.
  const announcement =
    status !== 'live' || waiting === undefined
      ? statusText(t, status)
      : waiting === 0
        ? t('supervisor.announce.noneWaiting')
        : t('supervisor.announce.waiting', { count: waiting });

  return (
    <Stack>
      <Group justify="space-between" align="center">
        <h1 ref={heading} tabIndex={-1} className="page-heading">
          {t('supervisor.title')}
        </h1>
        <Badge data-testid="live-status" data-state={status} color={STATUS_COLORS[status]} variant="dot" size="lg" style={{ textTransform: 'none' }}>
          {statusText(t, status)}
        </Badge>
      </Group>
      <VisuallyHidden role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </VisuallyHidden>
      {board === undefined ? (
        <Alert
          color={status === 'refused' ? 'red' : 'gray'}
          icon={<IconPlugConnectedX aria-hidden />}
          title={status === 'waiting' ? t('supervisor.status.waiting') : t('supervisor.offline.title')}
          data-testid="live-unavailable"
          data-state={status}
        >
          <Text size="sm">{status === 'refused' ? t('supervisor.offline.refused') : t('supervisor.offline.body')}</Text>
        </Alert>
      ) : (
        <>
          <QueueBoard queues={board.queues} now={now} offset={offset} />
          <AgentBoard agents={agents} now={now} offset={offset} />
        </>
      )}
      <SlaWatchPanel />
    </Stack>
  );
}
