/**
 * `/call?queue=<queue id>`: the public page where a customer calls an agent from the browser, without
 * signing in. They give their name, phone and what it is about, allow the microphone and call; while
 * waiting they see their place in line and the estimated wait; the audio connects when an agent
 * answers. Hanging up while waiting leaves the queue.
 *
 * Test hooks: `[data-testid="caller-page"]` with `data-phase` (idle|joining|queued|ringing|connecting|
 * connected|transferring|ended|failed) and `data-held`; `[data-testid="caller-position"]` with
 * `data-position`; `[data-testid="caller-media"]` with `data-bytes-received` / `data-bytes-sent`.
 */
import { Alert, Badge, Button, Card, Center, Container, Group, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconMicrophone, IconMicrophoneOff, IconPhone, IconPhoneOff } from '@tabler/icons-react';
import { useEffect, useMemo, useRef, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { normalizePhoneNumber } from '../../../shared/voice/phone';
import { formatClock } from '../../i18n/format';
import { createBrowserMedia } from '../../voice/browser-media';
import { createPeerLink } from '../../voice/peer-link';
import { LanguageMenu } from '../shell/PreferenceMenus';
import { ANSWER_GREEN } from '../softphone/colors';
import { useNow } from '../shell/useNow';
import { queueFromLocation } from './route';
import { CallerCall, IDLE_CALLER, callerSocketUrl, type CallerDetails, type CallerSnapshot, type CallerSocket } from './caller-call';

const NAME_MAX = 120;
const REASON_MAX = 500;

/** The browser's WebSocket as the caller call uses it. */
function browserSocket(url: string): CallerSocket {
  const socket = new WebSocket(url);
  const adapter: CallerSocket = {
    send: (data) => {
      socket.send(data);
    },
    close: (code, reason) => {
      socket.close(code, reason);
    },
    onopen: null,
    onmessage: null,
    onclose: null,
  };
  socket.onopen = () => adapter.onopen?.();
  socket.onmessage = (event: MessageEvent) => adapter.onmessage?.({ data: event.data });
  socket.onclose = () => adapter.onclose?.();
  return adapter;
}

export function CallerPage() {
  const { t } = useTranslation();
  const queueId = useMemo(() => queueFromLocation(location.search), []);
  const [snapshot, setSnapshot] = useState<CallerSnapshot>(IDLE_CALLER);
  const call = useRef<CallerCall | null>(null);

  useEffect(() => {
    document.title = t('callerPage.title');
  }, [t]);

  // Leaving the page hangs up (a caller who closed the tab must not wait in the queue).
  useEffect(() => {
    const leave = () => {
      call.current?.hangup();
    };
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      leave();
    };
  }, []);

  const start = (details: CallerDetails) => {
    const media = createBrowserMedia();
    media.unlock();
    const next = new CallerCall({
      url: callerSocketUrl(location.origin),
      openSocket: browserSocket,
      media,
      createMediaLink: createPeerLink,
      onChange: setSnapshot,
    });
    call.current = next;
    void next.start(details);
  };

  const again = () => {
    call.current = null;
    setSnapshot(IDLE_CALLER);
  };

  return (
    <Container size={480} py="xl" data-testid="caller-page" data-phase={snapshot.phase} data-held={snapshot.held ? 'true' : 'false'}>
      <Stack gap="md">
        <Group justify="space-between" wrap="nowrap">
          <Title order={1} size="h2">
            {t('callerPage.title')}
          </Title>
          <LanguageMenu />
        </Group>
        {queueId === null ? (
          <Alert color="red" role="alert">
            {t('callerPage.missingQueue')}
          </Alert>
        ) : snapshot.phase === 'idle' ? (
          <CallerForm queueId={queueId} onCall={start} />
        ) : (
          <CallStatus
            snapshot={snapshot}
            onHangup={() => {
              call.current?.hangup();
            }}
            onMute={(muted) => {
              call.current?.setMuted(muted);
            }}
            onAgain={again}
          />
        )}
      </Stack>
    </Container>
  );
}

function CallerForm({ queueId, onCall }: { readonly queueId: string; readonly onCall: (details: CallerDetails) => void }) {
  const { t, i18n } = useTranslation();
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ name?: string; phone?: string }>({});

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const language = i18n.resolvedLanguage ?? i18n.language;
    const parsed = normalizePhoneNumber(phone, { validation: 'possible', ...(language === 'pt-BR' ? { defaultCountry: 'BR' } : {}) });
    const nameError = name.trim() === '' ? t('callerPage.nameRequired') : undefined;
    const phoneError = parsed.ok ? undefined : t(`phone.error.${parsed.error}`);
    setErrors({ ...(nameError === undefined ? {} : { name: nameError }), ...(phoneError === undefined ? {} : { phone: phoneError }) });
    if (nameError !== undefined || !parsed.ok) return;
    onCall({ queueId, name: name.trim(), phone: parsed.e164, ...(reason.trim() === '' ? {} : { reason: reason.trim() }) });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <Text>{t('callerPage.intro')}</Text>
        <TextInput
          label={t('callerPage.name')}
          required
          autoComplete="name"
          maxLength={NAME_MAX}
          value={name}
          error={errors.name}
          onChange={(event) => {
            setName(event.currentTarget.value);
          }}
        />
        <TextInput
          label={t('callerPage.phone')}
          description={t('callerPage.phoneHint')}
          required
          type="tel"
          autoComplete="tel"
          value={phone}
          error={errors.phone}
          onChange={(event) => {
            setPhone(event.currentTarget.value);
          }}
        />
        <Textarea
          label={t('callerPage.reason')}
          autosize
          minRows={2}
          maxLength={REASON_MAX}
          value={reason}
          onChange={(event) => {
            setReason(event.currentTarget.value);
          }}
        />
        <Text size="xs" c="dimmed">
          {t('callerPage.microphoneNote')}
        </Text>
        <Button type="submit" size="md" color={ANSWER_GREEN} leftSection={<IconPhone aria-hidden size={18} />}>
          {t('callerPage.call')}
        </Button>
      </Stack>
    </form>
  );
}

interface CallStatusProps {
  readonly snapshot: CallerSnapshot;
  readonly onHangup: () => void;
  readonly onMute: (muted: boolean) => void;
  readonly onAgain: () => void;
}

function CallStatus({ snapshot, onHangup, onMute, onAgain }: CallStatusProps) {
  const { t } = useTranslation();
  const { phase } = snapshot;
  const live = phase !== 'ended' && phase !== 'failed';
  const now = useNow(1000, phase === 'connected');
  const agent = snapshot.agentName ?? '';
  const headline =
    phase === 'queued'
      ? t('callerPage.queued')
      : phase === 'ringing'
        ? t('callerPage.ringing')
        : phase === 'connecting'
          ? t('callerPage.connecting', { agent })
          : phase === 'connected'
            ? snapshot.held
              ? t('callerPage.held')
              : t('callerPage.connected', { agent })
            : phase === 'transferring'
              ? t('callerPage.transferring')
              : phase === 'ended'
                ? snapshot.endReason === 'local'
                  ? t('callerPage.endedByYou')
                  : t('callerPage.ended')
                : phase === 'failed'
                  ? t('callerPage.failed')
                  : t('callerPage.joining');
  const seconds = snapshot.estimatedWaitSeconds;
  const wait =
    seconds === undefined ? t('callerPage.waitUnknown') : seconds < 60 ? t('callerPage.waitUnderMinute') : t('callerPage.waitMinutes', { count: Math.round(seconds / 60) });
  return (
    <Card withBorder padding="lg">
      <Stack gap="sm">
        <Text size="lg" fw={600} aria-live="polite" data-testid="caller-status">
          {headline}
        </Text>
        {phase === 'queued' && snapshot.position !== undefined && (
          <Stack gap={2}>
            <Text data-testid="caller-position" data-position={String(snapshot.position)}>
              {snapshot.position === 1 ? t('callerPage.next') : t('callerPage.position', { position: snapshot.position })}
            </Text>
            <Text size="sm" c="dimmed">
              {wait}
            </Text>
          </Stack>
        )}
        {phase === 'connected' && snapshot.connectedAt !== undefined && (
          <Group justify="space-between">
            <Text ff="monospace" aria-label={t('callerPage.duration', { time: formatClock(now - snapshot.connectedAt) })}>
              {formatClock(now - snapshot.connectedAt)}
            </Text>
            <Badge
              data-testid="caller-media"
              data-bytes-received={snapshot.media === undefined ? undefined : String(snapshot.media.bytesReceived)}
              data-bytes-sent={snapshot.media === undefined ? undefined : String(snapshot.media.bytesSent)}
              data-level={snapshot.quality?.level ?? 'good'}
              color={snapshot.quality?.level === 'bad' ? 'red' : snapshot.quality?.level === 'degraded' ? 'yellow' : 'green'}
              variant="dot"
            >
              {t(`softphone.quality.${snapshot.quality?.level ?? 'good'}`)}
            </Badge>
          </Group>
        )}
        {phase === 'failed' && snapshot.problem !== undefined && (
          <Alert color="red" role="alert">
            {t(`callerPage.problem.${snapshot.problem}`)}
          </Alert>
        )}
        {live ? (
          <Group grow>
            {(phase === 'connected' || phase === 'connecting') && (
              <Button
                variant={snapshot.muted ? 'filled' : 'default'}
                color={snapshot.muted ? 'red' : undefined}
                aria-pressed={snapshot.muted}
                leftSection={snapshot.muted ? <IconMicrophoneOff aria-hidden size={18} /> : <IconMicrophone aria-hidden size={18} />}
                onClick={() => {
                  onMute(!snapshot.muted);
                }}
              >
                {t('callerPage.mute')}
              </Button>
            )}
            <Button color="red" leftSection={<IconPhoneOff aria-hidden size={18} />} onClick={onHangup}>
              {t('callerPage.hangup')}
            </Button>
          </Group>
        ) : (
          <Center>
            <Button variant="light" onClick={onAgain}>
              {t('callerPage.callAgain')}
            </Button>
          </Center>
        )}
      </Stack>
    </Card>
  );
}
