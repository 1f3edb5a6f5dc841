/**
 * `#/calls`: the agent's calls outside the softphone. Log a call taken on another phone (outage
 * mode), promise a callback, work the callback list, wrap up recent calls. Everything is local-first.
 *
 * Keyboard: Alt+L opens "Log a call", Alt+B "Request a callback" (Mantine's hotkeys skip inputs).
 */
import { Button, Group, SimpleGrid, Stack } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconPhoneCall, IconPhonePlus } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Call } from '../../../shared/domain/call';
import { usePageFocus } from '../shell/usePageFocus';
import { CallbackDialog } from './CallbackDialog';
import { CallbacksList } from './CallbacksList';
import { LogCallDialog, type LogCallPrefill } from './LogCallDialog';
import { RecentCalls } from './RecentCalls';
import { WrapUpDialog } from './WrapUpDialog';

export function CallsPage() {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  usePageFocus(heading, 'calls');
  const [logPrefill, setLogPrefill] = useState<LogCallPrefill | null>(null);
  const [callbackOpen, setCallbackOpen] = useState(false);
  const [wrapUpCall, setWrapUpCall] = useState<Call | null>(null);
  useHotkeys([
    ['alt+L', () => { setLogPrefill({}); }],
    ['alt+B', () => { setCallbackOpen(true); }],
  ]);

  return (
    <Stack>
      <Group justify="space-between">
        <h1 ref={heading} tabIndex={-1} className="page-heading">
          {t('calls.page.title')}
        </h1>
        <Group gap="xs">
          <Button leftSection={<IconPhoneCall aria-hidden size={16} />} onClick={() => { setLogPrefill({}); }} aria-keyshortcuts="Alt+L">
            {t('calls.log.open')}
          </Button>
          <Button variant="light" leftSection={<IconPhonePlus aria-hidden size={16} />} onClick={() => { setCallbackOpen(true); }} aria-keyshortcuts="Alt+B">
            {t('calls.callbackForm.open')}
          </Button>
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <CallbacksList onLogCall={setLogPrefill} />
        <RecentCalls onWrapUp={setWrapUpCall} />
      </SimpleGrid>
      <LogCallDialog opened={logPrefill !== null} prefill={logPrefill ?? {}} onClose={() => { setLogPrefill(null); }} />
      <CallbackDialog opened={callbackOpen} onClose={() => { setCallbackOpen(false); }} />
      <WrapUpDialog call={wrapUpCall} onClose={() => { setWrapUpCall(null); }} />
    </Stack>
  );
}
