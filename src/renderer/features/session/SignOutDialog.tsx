/** Confirms sign-out and offers to also delete this user's local replica. */
import { Alert, Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { useRejections } from '../../data/hooks';
import { signOut } from '../../data/session';
import { syncStatusStore } from '../../data/sync-status';
import { useUi } from '../../stores/ui';

export function SignOutDialog() {
  const { t } = useTranslation();
  const opened = useUi((state) => state.signOutOpen);
  const setOpen = useUi((state) => state.setSignOutOpen);
  const pending = useStore(syncStatusStore, (state) => state.pending);
  const rejected = useRejections().length;
  const [wipe, setWipe] = useState(false);
  const [busy, setBusy] = useState(false);

  const close = () => {
    if (busy) return;
    setOpen(false);
    setWipe(false);
  };

  const confirm = async () => {
    setBusy(true);
    try {
      await signOut({ wipe });
    } finally {
      setBusy(false);
      setOpen(false);
      setWipe(false);
    }
  };

  return (
    <Modal opened={opened} onClose={close} title={t('signOut.title')} centered>
      <Stack>
        <Text size="sm">{t('signOut.body')}</Text>
        <Checkbox
          checked={wipe}
          onChange={(event) => {
            setWipe(event.currentTarget.checked);
          }}
          label={t('signOut.wipe')}
          description={t('signOut.wipeHint')}
        />
        {wipe && pending > 0 && (
          <Alert color="orange" icon={<IconAlertTriangle aria-hidden />} role="alert">
            {t('signOut.pendingWarning', { count: pending })}
          </Alert>
        )}
        {wipe && rejected > 0 && (
          <Alert color="orange" icon={<IconAlertTriangle aria-hidden />} role="alert">
            {t('signOut.rejectedWarning', { count: rejected })}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close} disabled={busy}>
            {t('common.cancel')}
          </Button>
          <Button
            color={wipe ? 'red' : undefined}
            loading={busy}
            onClick={() => {
              void confirm();
            }}
          >
            {t('signOut.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
