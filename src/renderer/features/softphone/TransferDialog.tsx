/**
 * Transfer the caller: to a colleague or a queue, either at once (cold: the caller goes on, this call
 * ends) or after consulting the target while the caller waits on hold (warm: "Consult first", then
 * "Complete transfer" on the consult call).
 */
import { Button, Group, Modal, NativeSelect, Stack, Text } from '@mantine/core';
import { IconArrowsExchange, IconMessages } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { startConsult, transferNow } from '../../voice/call-session';
import type { TransferTarget } from '../../voice/capabilities';
import { useColleagues, useQueues } from './softphone-data';

export function TransferDialog({ opened, onClose }: { readonly opened: boolean; readonly onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('softphone.transfer.title')}>
      {opened && <TransferForm onDone={onClose} />}
    </Modal>
  );
}

function TransferForm({ onDone }: { readonly onDone: () => void }) {
  const { t } = useTranslation();
  const colleagues = useColleagues();
  const queues = useQueues();
  const [choice, setChoice] = useState('');
  const [working, setWorking] = useState<'warm' | 'cold' | null>(null);
  const target: TransferTarget | null = choice.startsWith('user:') ? { userId: choice.slice(5) } : choice.startsWith('queue:') ? { queueId: choice.slice(6) } : null;

  const go = async (mode: 'warm' | 'cold') => {
    if (target === null) return;
    setWorking(mode);
    await (mode === 'warm' ? startConsult(target) : transferNow(target));
    setWorking(null);
    // A refusal shows in the panel (the store's error); the dialog closes either way.
    onDone();
  };

  return (
    <Stack gap="sm">
      <NativeSelect
        data-autofocus
        label={t('softphone.transfer.target')}
        value={choice}
        onChange={(event) => {
          setChoice(event.currentTarget.value);
        }}
      >
        <option value="">{t('softphone.transfer.placeholder')}</option>
        <optgroup label={t('softphone.transfer.colleagues')}>
          {colleagues.map((colleague) => (
            <option key={colleague.id} value={`user:${colleague.id}`}>
              {colleague.extension === undefined ? colleague.name : `${colleague.name} (${t('softphone.dial.extension', { extension: colleague.extension })})`}
            </option>
          ))}
        </optgroup>
        <optgroup label={t('softphone.transfer.queues')}>
          {queues.map((queue) => (
            <option key={queue.id} value={`queue:${queue.id}`}>
              {queue.name}
            </option>
          ))}
        </optgroup>
      </NativeSelect>
      <Text size="xs" c="dimmed">
        {t('softphone.transfer.hint')}
      </Text>
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onDone}>
          {t('common.cancel')}
        </Button>
        <Button
          variant="light"
          leftSection={<IconArrowsExchange aria-hidden size={16} />}
          disabled={target === null || working !== null}
          loading={working === 'cold'}
          onClick={() => {
            void go('cold');
          }}
        >
          {t('softphone.transfer.cold')}
        </Button>
        <Button
          leftSection={<IconMessages aria-hidden size={16} />}
          disabled={target === null || working !== null}
          loading={working === 'warm'}
          onClick={() => {
            void go('warm');
          }}
        >
          {t('softphone.transfer.warm')}
        </Button>
      </Group>
    </Stack>
  );
}
