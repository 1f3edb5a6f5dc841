/**
 * The agent's state: what the queue sees (badge: available, on a call, wrap-up with its countdown,
 * break with its reason, offline) and the choice of the next one (a native select: Available, Break
 * with a reason, Offline). During a call a break or offline is kept for when the call ends.
 *
 * Test hooks: `[data-testid="agent-state"]` with `data-state` (available|on_call|wrap_up|break|offline)
 * and `data-reason`; the select is labelled "Availability" (not "status": tickets have a Status field).
 */
import { Badge, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AgentState } from '../../../shared/voice/agent-state';
import { MISSED_CALL_BREAK_REASON } from '../../../shared/voice/signalling';
import { formatClock } from '../../i18n/format';
import { setAgentState, useSoftphone } from '../../voice/call-session';
import { unlockVoiceAudio } from '../../voice/softphone-runtime';
import { useNow } from '../shell/useNow';

/** Break reasons an agent can pick (codes; their names are locale strings). */
export const BREAK_REASONS = ['break', 'lunch', 'coffee', 'training', 'meeting', 'personal'] as const;

const STATE_COLORS: Readonly<Record<AgentState['status'], string>> = {
  available: 'green',
  on_call: 'blue',
  wrap_up: 'violet',
  break: 'orange',
  offline: 'gray',
};

function selectValue(agent: AgentState): string {
  if (agent.status === 'available') return 'available';
  if (agent.status === 'break') return `break:${agent.reason}`;
  if (agent.status === 'offline') return 'offline';
  if (agent.next !== undefined) return agent.next.status === 'break' ? `break:${agent.next.reason}` : 'offline';
  return agent.status === 'wrap_up' ? 'wrap_up' : 'on_call';
}

export function AgentStatusControl() {
  const { t } = useTranslation();
  const agent = useSoftphone((state) => state.agent);
  const busy = useSoftphone((state) => state.agentBusy);
  const provider = useSoftphone((state) => state.provider);
  const reasonLabel = (reason: string) => (isKnownReason(reason) ? t(`softphone.breakReasons.${reason}`) : reason);
  const wrapUpDue = agent.status === 'wrap_up' && Number.isFinite(agent.dueAt) ? agent.dueAt : null;
  const now = useNow(1000, wrapUpDue !== null);
  const stateText =
    agent.status === 'break'
      ? t('softphone.agentState.breakWithReason', { reason: reasonLabel(agent.reason) })
      : agent.status === 'offline' && agent.cause === 'device'
        ? t('softphone.agentState.offlineDevice')
        : t(`softphone.agentState.${agent.status}`);
  const value = selectValue(agent);
  const reasons = [...BREAK_REASONS, ...(agent.status === 'break' && !isChoosable(agent.reason) ? [agent.reason] : [])];

  return (
    <Stack gap={6}>
      <Group gap="xs" justify="space-between" wrap="nowrap">
        <Badge
          data-testid="agent-state"
          data-state={agent.status}
          data-reason={agent.status === 'break' ? agent.reason : undefined}
          color={STATE_COLORS[agent.status]}
          variant="dot"
          size="lg"
          aria-live="polite"
        >
          {stateText}
          {wrapUpDue !== null && ` · ${formatClock(wrapUpDue - now)}`}
        </Badge>
        {(agent.status === 'on_call' || agent.status === 'wrap_up') && agent.next !== undefined && (
          <Text size="xs" c="dimmed">
            {agent.next.status === 'break' ? t('softphone.agentState.nextBreak') : t('softphone.agentState.nextOffline')}
          </Text>
        )}
      </Group>
      <NativeSelect
        size="xs"
        label={t('softphone.agentState.change')}
        value={value}
        disabled={busy || provider === null}
        onChange={(event) => {
          unlockVoiceAudio();
          const chosen = event.currentTarget.value;
          if (chosen === 'available' || chosen === 'offline') void setAgentState(chosen);
          else if (chosen.startsWith('break:')) void setAgentState('break', chosen.slice('break:'.length));
        }}
      >
        {(value === 'on_call' || value === 'wrap_up') && (
          <option value={value} disabled>
            {t(`softphone.agentState.${value}`)}
          </option>
        )}
        <option value="available">{t('softphone.agentState.available')}</option>
        <optgroup label={t('softphone.agentState.break')}>
          {reasons.map((reason) => (
            <option key={reason} value={`break:${reason}`} disabled={!isChoosable(reason)}>
              {t('softphone.agentState.breakWithReason', { reason: reasonLabel(reason) })}
            </option>
          ))}
        </optgroup>
        <option value="offline">{t('softphone.agentState.offline')}</option>
      </NativeSelect>
    </Stack>
  );
}

function isChoosable(reason: string): boolean {
  return (BREAK_REASONS as readonly string[]).includes(reason);
}

function isKnownReason(reason: string): reason is (typeof BREAK_REASONS)[number] | typeof MISSED_CALL_BREAK_REASON {
  return isChoosable(reason) || reason === MISSED_CALL_BREAK_REASON;
}
