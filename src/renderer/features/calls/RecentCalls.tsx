/**
 * The agent's recent calls, newest first, with what still needs after-call work: an answered call
 * without `wrapUpEndedAt` offers "Wrap up" (and a wrapped-up one "Edit notes").
 *
 * Test hooks: `[data-testid="recent-call"]` with `data-call-id` and `data-wrapped="true|false"`.
 */
import { Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Call } from '../../../shared/domain/call';
import { formatPhoneNumber } from '../../../shared/voice/phone';
import { useCustomerMap } from '../../data/hooks';
import { useFormatters } from '../../i18n/format';
import { CallSummary } from '../tickets/CallSummary';
import { useAgentId, useHomeCountry } from './agent';
import { useRecentCalls } from './calls-data';

export function RecentCalls({ onWrapUp }: { readonly onWrapUp: (call: Call) => void }) {
  const { t } = useTranslation();
  const agentId = useAgentId();
  const calls = useRecentCalls(agentId);
  const customers = useCustomerMap();
  const homeCountry = useHomeCountry();
  const format = useFormatters();

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="recent-calls-heading">
      <Text component="h2" fw={600} size="md" id="recent-calls-heading" mb="xs">
        {t('calls.recent.title')}
      </Text>
      {calls.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('calls.recent.empty')}
        </Text>
      ) : (
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
          {calls.map((call) => {
            const number = call.direction === 'outbound' ? call.toNumber : call.fromNumber;
            const who = (call.customerId === undefined ? undefined : customers.get(call.customerId)?.name) ?? (number === undefined ? t('calls.pop.withheld') : formatPhoneNumber(number, homeCountry));
            const wrapped = call.wrapUpEndedAt !== undefined;
            const needsWrapUp = !wrapped && call.outcome === 'answered';
            return (
              <Group component="li" key={call.id} justify="space-between" wrap="nowrap" data-testid="recent-call" data-call-id={call.id} data-wrapped={String(wrapped)}>
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Group gap="xs">
                    <Text size="sm" fw={600}>
                      {who}
                    </Text>
                    <Text size="xs" c="dimmed" component="time" dateTime={call.offeredAt}>
                      {format.compactDateTime(call.offeredAt)}
                    </Text>
                    {call.provider === 'manual' && (
                      <Badge size="sm" variant="outline">
                        {t('calls.recent.manual')}
                      </Badge>
                    )}
                    {needsWrapUp && (
                      <Badge size="sm" color="orange">
                        {t('calls.recent.needsWrapUp')}
                      </Badge>
                    )}
                  </Group>
                  <CallSummary call={call} />
                </Stack>
                {(needsWrapUp || wrapped) && (
                  <Button
                    size="xs"
                    variant={needsWrapUp ? 'filled' : 'subtle'}
                    onClick={() => {
                      onWrapUp(call);
                    }}
                    aria-label={t(needsWrapUp ? 'calls.recent.wrapUpFor' : 'calls.recent.editFor', { who })}
                  >
                    {needsWrapUp ? t('calls.recent.wrapUp') : t('calls.recent.edit')}
                  </Button>
                )}
              </Group>
            );
          })}
        </Stack>
      )}
    </Card>
  );
}
