/**
 * The softphone, docked at the right of the workstation: the agent's state, the ringing call, the
 * call in progress (and the consult of a warm transfer), who is calling (the calls feature's
 * ScreenPop), and the after-call work (its WrapUpForm). Provider-agnostic: it reads the call-session
 * store and shows transfer and colleague calls only when the provider can do them.
 *
 * Screen readers hear incoming calls, connections and ends (a polite live region); every control
 * has a name, and the shortcuts (useSoftphoneShortcuts) are announced with aria-keyshortcuts.
 *
 * Test hook: `[data-testid="softphone"]` with `data-provider` and `data-registration`.
 */
import { ActionIcon, Alert, AppShell, Button, CloseButton, Divider, Group, Indicator, ScrollArea, Stack, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconPhone, IconPhoneOutgoing } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../../data/workspace';
import { useDialRequests } from '../../voice/dial-requests';
import { consultCall, dialNumber, dismissError, primaryCall, useSoftphone, type SoftphoneError } from '../../voice/call-session';
import { unlockVoiceAudio } from '../../voice/softphone-runtime';
import { ScreenPop } from '../calls/ScreenPop';
import { ActiveCall } from './ActiveCall';
import { AgentStatusControl } from './AgentStatusControl';
import { AudioSettings } from './AudioSettings';
import { CallShortcutsButton } from './CallShortcutsButton';
import { DialDialog } from './DialDialog';
import { IncomingCall } from './IncomingCall';
import { TransferDialog } from './TransferDialog';
import { WrapUpList } from './WrapUpList';
import { SOFTPHONE_WIDTH, useSoftphoneDock } from './dock';
import { usePeerName } from './softphone-data';
import './softphone.css';
import { useSoftphoneShortcuts } from './useSoftphoneShortcuts';

/** The AppShell `aside` configuration of the workstation. */
export function useSoftphoneAside() {
  const open = useSoftphoneDock((state) => state.open);
  return { width: SOFTPHONE_WIDTH, breakpoint: 'sm', collapsed: { mobile: !open, desktop: false } } as const;
}

/** The panel inside the workstation's AppShell. */
export function SoftphoneAside() {
  const { t } = useTranslation();
  return (
    <AppShell.Aside p="sm" aria-label={t('softphone.title')} component="aside">
      <AppShell.Section grow component={ScrollArea} type="auto" offsetScrollbars>
        <SoftphonePanel />
      </AppShell.Section>
    </AppShell.Aside>
  );
}

/** Header button that shows the panel on narrow screens; it lights up while a call rings. */
export function SoftphoneToggle() {
  const { t } = useTranslation();
  const open = useSoftphoneDock((state) => state.open);
  const setOpen = useSoftphoneDock((state) => state.setOpen);
  const ringing = useSoftphone((state) => state.calls.some((call) => call.state.status === 'ringing'));
  return (
    <Indicator disabled={!ringing} color="green" processing hiddenFrom="sm">
      <ActionIcon
        variant={open ? 'filled' : 'subtle'}
        size="lg"
        aria-label={open ? t('softphone.hide') : t('softphone.show')}
        aria-expanded={open}
        onClick={() => {
          setOpen(!open);
        }}
      >
        <IconPhone aria-hidden size={20} />
      </ActionIcon>
    </Indicator>
  );
}

export function SoftphonePanel() {
  const { t } = useTranslation();
  const provider = useSoftphone((state) => state.provider);
  const registration = useSoftphone((state) => state.registration);
  const calls = useSoftphone((state) => state.calls);
  const error = useSoftphone((state) => state.error);
  const canDialNumbers = useSoftphone((state) => state.capabilities.numberDial);
  const ready = useWorkspace((state) => state.status === 'ready');
  const setDockOpen = useSoftphoneDock((state) => state.setOpen);
  const [transferOpen, setTransferOpen] = useState(false);
  const [dialOpen, setDialOpen] = useState(false);
  const [keypadOpen, setKeypadOpen] = useState(false);
  const primary = primaryCall({ calls });
  const consult = consultCall({ calls });
  const ringing = calls.filter((call) => call.state.status === 'ringing');
  const connected = calls.filter((call) => call.state.status !== 'ringing' && call.consultFor === undefined);
  const toggleKeypad = () => {
    setKeypadOpen((open) => !open);
  };
  useSoftphoneShortcuts(toggleKeypad);
  const announcement = useAnnouncements();

  // A ringing call opens the panel on narrow screens.
  const anyRinging = ringing.length > 0;
  useEffect(() => {
    if (anyRinging) setDockOpen(true);
  }, [anyRinging, setDockOpen]);

  // "Call this number" from links and callbacks.
  useDialRequests((request) => {
    unlockVoiceAudio();
    void dialNumber(request.number, {
      ...(request.callbackId === undefined ? {} : { callbackId: request.callbackId }),
      ...(request.customerId === undefined ? {} : { customerId: request.customerId }),
    });
  });

  return (
    <Stack gap="sm" data-testid="softphone" data-provider={provider ?? 'none'} data-registration={registration}>
      <Group justify="space-between" wrap="nowrap">
        <Group gap={6} wrap="nowrap">
          <Title order={2} size="h5">
            {t('softphone.title')}
          </Title>
          <Tooltip label={t(`softphone.registration.${registration}`)} withinPortal>
            <span className="softphone-registration" data-state={registration} role="img" aria-label={t(`softphone.registration.${registration}`)} />
          </Tooltip>
        </Group>
        <Group gap={2} wrap="nowrap">
          <CallShortcutsButton />
          <AudioSettings />
        </Group>
      </Group>
      {provider === null ? (
        <Text size="sm" c="dimmed">
          {t('softphone.starting')}
        </Text>
      ) : (
        <AgentStatusControl />
      )}
      {error !== null && <ErrorNotice error={error} />}
      <VisuallyHidden aria-live="polite" aria-atomic data-testid="softphone-announcement">
        {announcement}
      </VisuallyHidden>
      {ringing.map((call) => (
        <IncomingCall key={call.id} call={call} />
      ))}
      {connected.map((call) => (
        <ActiveCall
          key={call.id}
          call={call}
          keypadOpen={keypadOpen && consult === undefined}
          onToggleKeypad={toggleKeypad}
          onTransfer={() => {
            setTransferOpen(true);
          }}
        />
      ))}
      {consult !== undefined && <ActiveCall call={consult} consult keypadOpen={keypadOpen} onToggleKeypad={toggleKeypad} />}
      {calls.length === 0 && provider !== null && (
        <Group gap="xs">
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPhoneOutgoing aria-hidden size={14} />}
            disabled={registration !== 'registered'}
            onClick={() => {
              setDialOpen(true);
            }}
          >
            {t('softphone.dial.open')}
          </Button>
          {!canDialNumbers && (
            <Text size="xs" c="dimmed">
              {t('softphone.dial.colleaguesOnly')}
            </Text>
          )}
        </Group>
      )}
      {ready && primary !== undefined && primary.peer.kind !== 'agent' && (
        <>
          <Divider label={t('softphone.caller')} labelPosition="left" />
          <ScreenPop phoneNumber={primary.peer.number} {...(primary.recordId === undefined ? {} : { callRecordId: primary.recordId })} />
        </>
      )}
      {ready && <WrapUpList />}
      <TransferDialog
        opened={transferOpen && primary !== undefined}
        onClose={() => {
          setTransferOpen(false);
        }}
      />
      <DialDialog
        opened={dialOpen}
        onClose={() => {
          setDialOpen(false);
        }}
      />
    </Stack>
  );
}

function ErrorNotice({ error }: { readonly error: SoftphoneError }) {
  const { t } = useTranslation();
  const message = error.serverCode === undefined ? t(`voice.error.${error.code}`) : t(`softphone.serverError.${error.serverCode}`);
  return (
    <Alert color="red" role="alert" p="xs" data-testid="softphone-error" data-code={error.code} data-server-code={error.serverCode}>
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
        <Text size="sm">{message}</Text>
        <CloseButton size="sm" aria-label={t('softphone.dismiss')} onClick={dismissError} />
      </Group>
    </Alert>
  );
}

/** One sentence for screen readers when a call connects or ends (a ringing call announces itself: role="alert"). */
function useAnnouncements(): string {
  const { t } = useTranslation();
  const peerName = usePeerName();
  const [text, setText] = useState('');
  useEffect(
    () =>
      useSoftphone.subscribe((state, previous) => {
        const before = new Map(previous.calls.map((call) => [call.id, call]));
        for (const call of state.calls) {
          const old = before.get(call.id);
          if (call.state.status === 'active' && old !== undefined && old.state.status !== 'active' && old.state.status !== 'on_hold') {
            setText(t('softphone.announce.connected', { name: peerName(call.peer) }));
          }
        }
        const ended = state.lastEnded;
        if (ended !== null && ended !== previous.lastEnded) setText(t('softphone.announce.ended', { name: peerName(ended.peer) }));
      }),
    [t, peerName],
  );
  return text;
}
