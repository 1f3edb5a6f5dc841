/**
 * Per queue: calls waiting, the longest wait (ticking on the server's clock), service level against
 * its threshold and target, answered and abandoned calls, and the agents who can take its calls.
 *
 * Test hooks: `[data-testid="board-queue"]` rows with `data-queue-id`, `data-waiting` and
 * `data-service-level` (met, below, none).
 */
import { Card, Table, Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { elapsedSince, formatPercent, formatThreshold, serviceLevelStatus } from '../../../shared/voice/live-board';
import type { QueueStatsView } from '../../../shared/voice/signalling';
import { useFormatters } from '../../i18n/format';

interface QueueBoardProps {
  readonly queues: readonly QueueStatsView[];
  readonly now: number;
  readonly offset: number;
}

/** A dash for sighted users, a word for screen readers. */
export function NoValue() {
  const { t } = useTranslation();
  return (
    <>
      <span aria-hidden>—</span>
      <VisuallyHidden>{t('supervisor.none')}</VisuallyHidden>
    </>
  );
}

const NUMERIC = { fontVariantNumeric: 'tabular-nums', textAlign: 'end' } as const;

export function QueueBoard({ queues, now, offset }: QueueBoardProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const language = format.language;

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="board-queues-heading">
      <Text component="h2" fw={600} size="md" id="board-queues-heading">
        {t('supervisor.queues.title')}
      </Text>
      <Text size="xs" c="dimmed" mb="xs">
        {t('supervisor.queues.window')}
      </Text>
      {queues.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('supervisor.queues.empty')}
        </Text>
      ) : (
        <div className="board-scroll" tabIndex={0} role="region" aria-labelledby="board-queues-heading">
          <Table aria-labelledby="board-queues-heading" verticalSpacing="xs" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('supervisor.queues.queue')}</Table.Th>
                <Table.Th scope="col" style={NUMERIC}>{t('supervisor.queues.waiting')}</Table.Th>
                <Table.Th scope="col" style={NUMERIC}>{t('supervisor.queues.longestWait')}</Table.Th>
                <Table.Th scope="col">{t('supervisor.queues.serviceLevel')}</Table.Th>
                <Table.Th scope="col" style={NUMERIC}>{t('supervisor.queues.answered')}</Table.Th>
                <Table.Th scope="col" style={NUMERIC}>{t('supervisor.queues.abandoned')}</Table.Th>
                <Table.Th scope="col" style={NUMERIC}>{t('supervisor.queues.available')}</Table.Th>
                <Table.Th scope="col" style={NUMERIC}>{t('supervisor.queues.onCall')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {queues.map((queue) => {
                const longest = elapsedSince(queue.longestWaitingSince, now, offset);
                const status = serviceLevelStatus(queue);
                const threshold = formatThreshold(language, queue.serviceLevelTargetSeconds);
                const offered = queue.answered + queue.abandoned;
                return (
                  <Table.Tr key={queue.queueId} data-testid="board-queue" data-queue-id={queue.queueId} data-waiting={queue.waiting} data-service-level={status}>
                    <Table.Th scope="row" fw={600} style={{ whiteSpace: 'nowrap' }}>
                      {queue.name}
                    </Table.Th>
                    <Table.Td style={NUMERIC} data-testid="board-queue-waiting">
                      <Text span fw={queue.waiting > 0 ? 700 : undefined} c={queue.waiting > 0 ? 'red' : undefined} inherit>
                        {format.number(queue.waiting)}
                      </Text>
                    </Table.Td>
                    <Table.Td style={NUMERIC} data-testid="board-queue-longest">
                      {longest === undefined ? <NoValue /> : format.duration(longest)}
                    </Table.Td>
                    <Table.Td miw="14rem">
                      <Text size="sm" fw={600} c={status === 'below' ? 'red' : undefined} span>
                        {queue.serviceLevelPercent === undefined ? <NoValue /> : formatPercent(language, queue.serviceLevelPercent)}
                      </Text>
                      {status !== 'none' && (
                        <Text size="xs" span c={status === 'below' ? 'red' : undefined}>
                          {' · '}
                          {status === 'met' ? t('supervisor.queues.slMet') : t('supervisor.queues.slBelow')}
                        </Text>
                      )}
                      <Text size="xs" c="dimmed">
                        {offered === 0
                          ? t('supervisor.queues.slNoCalls')
                          : t('supervisor.queues.slWithin', { within: queue.answeredWithinTarget, offered, threshold })}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t('supervisor.queues.slTarget', { target: formatPercent(language, queue.serviceLevelTargetPercent), threshold })}
                      </Text>
                    </Table.Td>
                    <Table.Td style={NUMERIC}>{format.number(queue.answered)}</Table.Td>
                    <Table.Td style={NUMERIC}>{format.number(queue.abandoned)}</Table.Td>
                    <Table.Td style={NUMERIC} data-testid="board-queue-available">
                      {format.number(queue.agentsByState.available)}
                    </Table.Td>
                    <Table.Td style={NUMERIC} data-testid="board-queue-on-call">
                      {format.number(queue.agentsByState.on_call)}
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
