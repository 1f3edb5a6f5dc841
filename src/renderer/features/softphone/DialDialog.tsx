/** Call a colleague: pick them by name or extension. */
import { Button, Group, Modal, NativeSelect, Stack } from '@mantine/core';
import { IconPhoneOutgoing } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dialUser } from '../../voice/call-session';
import { unlockVoiceAudio } from '../../voice/softphone-runtime';
import { useColleagues } from './softphone-data';

export function DialDialog({ opened, onClose }: { readonly opened: boolean; readonly onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('softphone.dial.title')}>
      {opened && <DialForm onDone={onClose} />}
    </Modal>
  );
}

function DialForm({ onDone }: { readonly onDone: () => void }) {
  const { t } = useTranslation();
  const colleagues = useColleagues();
  const [userId, setUserId] = useState('');
  const [working, setWorking] = useState(false);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (userId === '') return;
        unlockVoiceAudio();
        setWorking(true);
        void dialUser(userId).finally(() => {
          setWorking(false);
          onDone();
        });
      }}
    >
      <Stack gap="sm">
        <NativeSelect
          data-autofocus
          label={t('softphone.dial.colleague')}
          value={userId}
          onChange={(event) => {
            setUserId(event.currentTarget.value);
          }}
        >
          <option value="">{t('softphone.dial.placeholder')}</option>
          {colleagues.map((colleague) => (
            <option key={colleague.id} value={colleague.id}>
              {colleague.extension === undefined ? colleague.name : `${colleague.name} (${t('softphone.dial.extension', { extension: colleague.extension })})`}
            </option>
          ))}
        </NativeSelect>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" leftSection={<IconPhoneOutgoing aria-hidden size={16} />} disabled={userId === ''} loading={working}>
            {t('softphone.dial.call')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
