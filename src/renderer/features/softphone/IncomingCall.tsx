/**
 * A call ringing at the agent: who (name, number, queue, reason or the colleague), how long it has
 * rung, Answer and Decline. Announced to screen readers when it starts.
 *
 * Test hook: `[data-testid="softphone-incoming"]` with `data-call-id` and `data-kind`.
 */
import { Button, Card, Group, Stack, Text } from '@mantine/core';
import { IconPhoneIncoming, IconPhoneOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatPhoneNumber } from '../../../shared/voice/phone';
import { formatClock } from '../../i18n/format';
import { answer, reject, type CallView } from '../../voice/call-session';
import { unlockVoiceAudio } from '../../voice/softphone-runtime';
import { ANSWER_GREEN } from './colors';
import { useNow } from '../shell/useNow';
import { homeCountryFor, usePeerName } from './softphone-data';

export function IncomingCall({ call }: { readonly call: CallView }) {
  const { t, i18n } = useTranslation();
  const peerName = usePeerName();
  const now = useNow(1000);
  const name = peerName(call.peer);
  const kind = call.peer.offerKind ?? 'queue';
  const country = homeCountryFor(i18n.resolvedLanguage ?? i18n.language);
  const heading =
    kind === 'consult'
      ? t('softphone.incoming.consult', { name })
      : kind === 'internal'
        ? t('softphone.incoming.internal', { name })
        : kind === 'transfer'
          ? t('softphone.incoming.transfer', { name })
          : t('softphone.incoming.from', { name });
  return (
    <Card withBorder padding="sm" data-testid="softphone-incoming" data-call-id={call.id} data-kind={kind} role="region" aria-label={t('softphone.incoming.title')}>
      <Stack gap={6}>
        <Group gap={6} wrap="nowrap">
          <IconPhoneIncoming aria-hidden size={18} className="softphone-ringing-icon" />
          <Text fw={600} size="sm" role="alert">
            {heading}
          </Text>
        </Group>
        {call.peer.number !== undefined && (
          <Text size="sm" ff="monospace">
            {formatPhoneNumber(call.peer.number, country)}
          </Text>
        )}
        {call.peer.queueName !== undefined && (
          <Text size="xs" c="dimmed">
            {t('softphone.incoming.queue', { queue: call.peer.queueName })}
          </Text>
        )}
        {call.peer.reason !== undefined && (
          <Text size="xs" lineClamp={3}>
            {t('softphone.incoming.reason', { reason: call.peer.reason })}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {t('softphone.incoming.ringingFor', { time: formatClock(now - call.state.call.offeredAt) })}
        </Text>
        <Group grow gap="xs">
          <Button
            color={ANSWER_GREEN}
            leftSection={<IconPhoneIncoming aria-hidden size={16} />}
            loading={call.busy}
            aria-keyshortcuts="Alt+Shift+A"
            onClick={() => {
              unlockVoiceAudio();
              void answer(call.id);
            }}
          >
            {t('softphone.incoming.answer')}
          </Button>
          <Button
            color="red"
            variant="light"
            leftSection={<IconPhoneOff aria-hidden size={16} />}
            disabled={call.busy}
            aria-keyshortcuts="Alt+Shift+D"
            onClick={() => {
              void reject(call.id);
            }}
          >
            {t('softphone.incoming.reject')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
