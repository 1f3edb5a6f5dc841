/**
 * A call in progress: who, its state (calling, connecting, connected, on hold, reconnecting), the call
 * timer, the quality indicator, and the controls: mute, hold/resume, keypad, transfer, hang up. A
 * consult call (warm transfer) shows "Complete transfer" and "Back to caller" instead of transfer.
 *
 * Test hooks: `[data-testid="softphone-call"]` (the primary call) and `[data-testid="softphone-consult"]`,
 * each with `data-call-id`, `data-status` (call-state status) and `data-remote-held`.
 */
import { ActionIcon, Button, Card, Collapse, Group, Stack, Text, Tooltip } from '@mantine/core';
import {
  IconArrowBackUp,
  IconArrowsExchange,
  IconDialpad,
  IconMicrophone,
  IconMicrophoneOff,
  IconPhoneOff,
  IconPlayerPause,
  IconPlayerPlay,
  IconTransferOut,
} from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPhoneNumber } from '../../../shared/voice/phone';
import { formatClock } from '../../i18n/format';
import { completeTransfer, hangup, sendDigits, toggleHold, toggleMute, useSoftphone, type CallView } from '../../voice/call-session';
import { unlockVoiceAudio } from '../../voice/softphone-runtime';
import { CallQualityBadge } from './CallQualityBadge';
import { Keypad } from './Keypad';
import { useNow } from '../shell/useNow';
import { homeCountryFor, usePeerName } from './softphone-data';

interface ActiveCallProps {
  readonly call: CallView;
  /** Shown as the consult of a warm transfer. */
  readonly consult?: boolean;
  readonly onTransfer?: () => void;
  readonly keypadOpen: boolean;
  readonly onToggleKeypad: () => void;
}

export function ActiveCall({ call, consult = false, onTransfer, keypadOpen, onToggleKeypad }: ActiveCallProps) {
  const { t, i18n } = useTranslation();
  const peerName = usePeerName();
  const canTransfer = useSoftphone((state) => state.capabilities.transfer);
  const [completing, setCompleting] = useState(false);
  const status = call.state.status;
  const facts = call.state.call;
  const connected = status === 'active' || status === 'on_hold' || status === 'reconnecting';
  const now = useNow(1000);
  const since = facts.answeredAt ?? facts.offeredAt;
  const name = peerName(call.peer);
  const country = homeCountryFor(i18n.resolvedLanguage ?? i18n.language);
  const statusText = t(`softphone.call.status.${status === 'wrap_up' || status === 'ended' || status === 'ringing' ? 'active' : status}`);
  const held = status === 'on_hold';
  const muted = facts.muted;
  const transferable = !consult && canTransfer && connected && call.peer.kind !== 'agent' && onTransfer !== undefined;

  return (
    <Card
      withBorder
      padding="sm"
      data-testid={consult ? 'softphone-consult' : 'softphone-call'}
      data-call-id={call.id}
      data-status={status}
      data-remote-held={call.remoteHeld ? 'true' : 'false'}
      role="region"
      aria-label={consult ? t('softphone.call.consultRegion', { name }) : t('softphone.call.region', { name })}
    >
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text fw={600} size="sm" truncate>
              {consult ? t('softphone.call.consultWith', { name }) : name}
            </Text>
            {call.peer.number !== undefined && (
              <Text size="xs" ff="monospace" c="dimmed">
                {formatPhoneNumber(call.peer.number, country)}
              </Text>
            )}
            {call.peer.queueName !== undefined && (
              <Text size="xs" c="dimmed" truncate>
                {t('softphone.incoming.queue', { queue: call.peer.queueName })}
              </Text>
            )}
          </Stack>
          {connected && <CallQualityBadge quality={call.quality} media={call.media} />}
        </Group>
        <Group justify="space-between" gap="xs">
          <Text size="sm" fw={held || status === 'reconnecting' ? 700 : undefined} aria-live="polite">
            {statusText}
          </Text>
          <Text size="sm" ff="monospace" aria-label={t('softphone.call.timer', { time: formatClock(now - since) })} data-testid="softphone-timer">
            {formatClock(now - since)}
          </Text>
        </Group>
        {call.remoteHeld && (
          <Text size="xs" fw={700}>
            {t('softphone.call.remoteHeld', { name })}
          </Text>
        )}
        <Group gap={6} wrap="wrap" justify="space-between">
          <Group gap={6} wrap="nowrap">
            <Tooltip label={muted ? t('softphone.call.unmute') : t('softphone.call.mute')} withinPortal>
              <ActionIcon
                variant={muted ? 'filled' : 'default'}
                color={muted ? 'red' : undefined}
                size="lg"
                disabled={!connected}
                aria-label={t('softphone.call.mute')}
                aria-pressed={muted}
                aria-keyshortcuts="Alt+Shift+M"
                onClick={() => {
                  void toggleMute(call.id);
                }}
              >
                {muted ? <IconMicrophoneOff aria-hidden size={18} /> : <IconMicrophone aria-hidden size={18} />}
              </ActionIcon>
            </Tooltip>
            {!consult && (
              <Tooltip label={held ? t('softphone.call.resume') : t('softphone.call.hold')} withinPortal>
                <ActionIcon
                  variant={held ? 'filled' : 'default'}
                  color={held ? 'orange' : undefined}
                  size="lg"
                  disabled={!(status === 'active' || held) || call.busy}
                  aria-label={held ? t('softphone.call.resume') : t('softphone.call.hold')}
                  aria-keyshortcuts="Alt+Shift+H"
                  onClick={() => {
                    unlockVoiceAudio();
                    void toggleHold(call.id);
                  }}
                >
                  {held ? <IconPlayerPlay aria-hidden size={18} /> : <IconPlayerPause aria-hidden size={18} />}
                </ActionIcon>
              </Tooltip>
            )}
            <Tooltip label={t('softphone.keypad.title')} withinPortal>
              <ActionIcon
                variant={keypadOpen ? 'filled' : 'default'}
                size="lg"
                disabled={status !== 'active'}
                aria-label={t('softphone.keypad.title')}
                aria-expanded={keypadOpen}
                aria-keyshortcuts="Alt+Shift+K"
                onClick={onToggleKeypad}
              >
                <IconDialpad aria-hidden size={18} />
              </ActionIcon>
            </Tooltip>
            {transferable && (
              <Tooltip label={t('softphone.transfer.open')} withinPortal>
                <ActionIcon variant="default" size="lg" aria-label={t('softphone.transfer.open')} aria-haspopup="dialog" onClick={onTransfer}>
                  <IconArrowsExchange aria-hidden size={18} />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
          <Button
            color="red"
            size="compact-sm"
            leftSection={consult ? <IconArrowBackUp aria-hidden size={16} /> : <IconPhoneOff aria-hidden size={16} />}
            aria-keyshortcuts={consult ? undefined : 'Alt+Shift+D'}
            onClick={() => {
              void hangup(call.id);
            }}
          >
            {consult ? t('softphone.call.cancelConsult') : t('softphone.call.hangup')}
          </Button>
        </Group>
        {consult && (
          <Button
            leftSection={<IconTransferOut aria-hidden size={16} />}
            disabled={status !== 'active'}
            loading={completing}
            onClick={() => {
              setCompleting(true);
              void completeTransfer().finally(() => {
                setCompleting(false);
              });
            }}
          >
            {t('softphone.call.completeTransfer')}
          </Button>
        )}
        <Collapse expanded={keypadOpen && status === 'active'}>
          <Keypad
            onDigit={(digit) => {
              void sendDigits(digit, call.id);
            }}
          />
        </Collapse>
      </Stack>
    </Card>
  );
}
