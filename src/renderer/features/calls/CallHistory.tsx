/** A customer's recent calls (their call history), newest first, each summarised like on the ticket timeline. */
import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Call } from '../../../shared/domain/call';
import { useFormatters } from '../../i18n/format';
import { CallSummary } from '../tickets/CallSummary';

export function CallHistory({ calls }: { readonly calls: readonly Call[] }) {
  const { t } = useTranslation();
  const format = useFormatters();
  return (
    <Stack gap={4} component="section" aria-label={t('calls.history.title')}>
      <Text fw={600} size="sm" component="h3" m={0}>
        {t('calls.history.title')}
      </Text>
      {calls.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('calls.history.empty')}
        </Text>
      ) : (
        <Stack component="ol" gap={4} p={0} m={0} style={{ listStyle: 'none' }}>
          {calls.map((call) => (
            <li key={call.id} data-testid="customer-call" data-call-id={call.id}>
              <Text size="xs" c="dimmed" component="time" dateTime={call.offeredAt}>
                {format.compactDateTime(call.offeredAt)}
              </Text>
              <CallSummary call={call} />
              {call.notes !== undefined && (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} lineClamp={3}>
                  {call.notes}
                </Text>
              )}
            </li>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
