/** Words and colours of the live board: agent states, break reasons, what an agent is doing on the phone. */
import type { TFunction } from 'i18next';
import type { BoardAgent } from '../../../shared/voice/live-board';
import type { AgentState, LiveAgentCall } from '../../../shared/voice/signalling';

export const STATE_COLORS: Readonly<Record<AgentState, string>> = {
  available: 'green',
  on_call: 'blue',
  wrap_up: 'violet',
  break: 'orange',
  offline: 'gray',
};

export function stateLabel(t: TFunction, state: AgentState): string {
  switch (state) {
    case 'available':
      return t('supervisor.state.available');
    case 'on_call':
      return t('supervisor.state.on_call');
    case 'wrap_up':
      return t('supervisor.state.wrap_up');
    case 'break':
      return t('supervisor.state.break');
    case 'offline':
      return t('supervisor.state.offline');
  }
}

/** A break reason code in words (the softphone's reasons); a reason we do not know is shown as sent. */
export function breakReasonLabel(t: TFunction, reason: string): string {
  switch (reason) {
    case 'break':
      return t('softphone.breakReasons.break');
    case 'lunch':
      return t('softphone.breakReasons.lunch');
    case 'coffee':
      return t('softphone.breakReasons.coffee');
    case 'training':
      return t('softphone.breakReasons.training');
    case 'meeting':
      return t('softphone.breakReasons.meeting');
    case 'personal':
      return t('softphone.breakReasons.personal');
    case 'missed_call':
      return t('softphone.breakReasons.missed_call');
    default:
      return reason;
  }
}

/** "Break: Lunch", "On a call", … */
export function agentStateText(t: TFunction, agent: Pick<BoardAgent, 'state' | 'reason'>): string {
  if (agent.state === 'break' && agent.reason !== undefined) return t('supervisor.state.breakWithReason', { reason: breakReasonLabel(t, agent.reason) });
  return stateLabel(t, agent.state);
}

/** "Maria (Billing)", "Ringing: Maria", "Calling Bruno Lima". */
export function activityText(t: TFunction, call: LiveAgentCall): string {
  const name = call.queueName === undefined ? call.peerName : t('supervisor.agents.fromQueue', { name: call.peerName, queue: call.queueName });
  if (call.phase === 'ringing') return t('supervisor.agents.ringing', { name });
  if (call.phase === 'dialing') return t('supervisor.agents.dialing', { name });
  return name;
}
