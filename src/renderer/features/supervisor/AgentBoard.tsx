/**
 * The agents: state (a break with its reason), time in that state (ticking), and what they are doing
 * on the phone. Listed available first, then on a call, wrap-up, break, offline (shared boardAgents).
 *
 * Test hooks: `[data-testid="board-agent"]` rows with `data-user-id`, `data-state` and `data-reason`;
 * `[data-testid="board-agent-call"]` the current call cell.
 */
import { Badge, Card, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { countByState, elapsedSince, type BoardAgent } from '../../../shared/voice/live-board';
import { useFormatters } from '../../i18n/format';
import { activityText, agentStateText, STATE_COLORS } from './labels';
import { NoValue } from './QueueBoard';

interface AgentBoardProps {
  readonly agents: readonly BoardAgent[];
  readonly now: number;
  readonly offset: number;
}

const TIME = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

export function AgentBoard({ agents, now, offset }: AgentBoardProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const counts = countByState(agents);

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="board-agents-heading">
      <Text component="h2" fw={600} size="md" id="board-agents-heading">
        {t('supervisor.agents.title')}
      </Text>
      <Text size="xs" c="dimmed" mb="xs" data-testid="board-agent-summary">
        {t('supervisor.agents.summary', { available: counts.available, onCall: counts.on_call, wrapUp: counts.wrap_up, onBreak: counts.break, offline: counts.offline })}
      </Text>
      {agents.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('supervisor.agents.empty')}
        </Text>
      ) : (
        <div className="board-scroll" tabIndex={0} role="region" aria-labelledby="board-agents-heading">
          <Table aria-labelledby="board-agents-heading" verticalSpacing="xs" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('supervisor.agents.agent')}</Table.Th>
                <Table.Th scope="col">{t('supervisor.agents.state')}</Table.Th>
                <Table.Th scope="col">{t('supervisor.agents.timeInState')}</Table.Th>
                <Table.Th scope="col">{t('supervisor.agents.currentCall')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {agents.map((agent) => {
                const inState = elapsedSince(agent.since, now, offset);
                return (
                  <Table.Tr key={agent.userId} data-testid="board-agent" data-user-id={agent.userId} data-state={agent.state} data-reason={agent.reason}>
                    <Table.Th scope="row" fw={600}>
                      {agent.name}
                    </Table.Th>
                    <Table.Td>
                      <Badge color={STATE_COLORS[agent.state]} variant="dot" size="md" style={{ textTransform: 'none' }}>
                        {agentStateText(t, agent)}
                      </Badge>
                    </Table.Td>
                    <Table.Td style={TIME}>{inState === undefined ? t('supervisor.agents.unknownTime') : format.duration(inState)}</Table.Td>
                    <Table.Td data-testid="board-agent-call">
                      {agent.activity.length === 0 ? (
                        <NoValue />
                      ) : (
                        <Stack gap={0}>
                          {agent.activity.map((call) => {
                            const elapsed = elapsedSince(call.since, now, offset);
                            return (
                              <Text key={call.callId} size="sm" data-call-id={call.callId} data-phase={call.phase}>
                                {activityText(t, call)}
                                {call.held && ` · ${t('supervisor.agents.onHold')}`}
                                {elapsed !== undefined && (
                                  <Text span size="sm" c="dimmed" style={TIME}>
                                    {` · ${format.duration(elapsed)}`}
                                  </Text>
                                )}
                              </Text>
                            );
                          })}
                        </Stack>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </div>
      )}
    </Card>
  );
}
