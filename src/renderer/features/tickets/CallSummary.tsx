/** A call on the timeline and in a customer's history: direction and outcome, talk time, disposition, and its recording to play. */
import { Group, Text } from '@mantine/core';
import { IconMicrophone } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Call } from '../../../shared/domain/call';
import { formatClock } from '../../i18n/format';
import { RecordingPlayer } from '../calls/RecordingPlayer';
import { useDispositionCodes } from './workspace-data';

export function CallSummary({ call }: { readonly call: Call | undefined }) {
  const { t } = useTranslation();
  const dispositions = useDispositionCodes();
  if (call === undefined) {
    return (
      <Text size="sm" c="dimmed">
        {t('timeline.call.notSynced')}
      </Text>
    );
  }
  const disposition = call.dispositionCode === undefined ? undefined : dispositions.find((entry) => entry.dispositionCode.code === call.dispositionCode);
  return (
    <Group gap="md" data-testid="call-summary">
      <Text size="sm">
        {t(`timeline.call.direction.${call.direction}`)} · {t(`timeline.call.outcome.${call.outcome}`)}
      </Text>
      {call.talkSeconds !== undefined && (
        <Text size="sm">{t('timeline.call.talkTime', { duration: formatClock(call.talkSeconds * 1000) })}</Text>
      )}
      {call.dispositionCode !== undefined && (
        <Text size="sm">{t('timeline.call.disposition', { disposition: disposition?.name ?? call.dispositionCode })}</Text>
      )}
      {call.recordingRef !== undefined && (
        <Group gap={4} wrap="nowrap">
          <IconMicrophone aria-hidden size={14} />
          <RecordingPlayer callId={call.id} />
        </Group>
      )}
    </Group>
  );
}
