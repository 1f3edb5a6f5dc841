/** The call-shortcut settings of this window (its DesktopCalls, this OS's key notation), and the softphone's button that opens them. */
import { ActionIcon } from '@mantine/core';
import { IconKeyboard } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { keyboardPlatformOf } from '../../../shared/voice/shortcut-keys';
import { desktopCalls } from '../../voice/desktop-calls';
import { CallShortcutsDialog } from './CallShortcutsDialog';

const platform = keyboardPlatformOf(typeof navigator === 'undefined' ? '' : navigator.userAgent);

export function WindowCallShortcutsDialog({ opened, onClose }: { readonly opened: boolean; readonly onClose: () => void }) {
  return <CallShortcutsDialog opened={opened} onClose={onClose} settings={desktopCalls} platform={platform} />;
}

export function CallShortcutsButton() {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  return (
    <>
      <ActionIcon
        variant="subtle"
        aria-label={t('desktop.shortcuts.title')}
        title={t('desktop.shortcuts.title')}
        aria-haspopup="dialog"
        onClick={() => {
          setOpened(true);
        }}
      >
        <IconKeyboard aria-hidden size={18} />
      </ActionIcon>
      <WindowCallShortcutsDialog
        opened={opened}
        onClose={() => {
          setOpened(false);
        }}
      />
    </>
  );
}
