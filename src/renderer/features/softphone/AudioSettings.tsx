/** Audio devices of the softphone: microphone, call audio and ringtone, each remembered on this device. */
import { ActionIcon, NativeSelect, Popover, Stack, Text } from '@mantine/core';
import { IconHeadset } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { AudioDeviceKind } from '../../../shared/voice/provider';
import { selectAudioDevice, useSoftphone } from '../../voice/call-session';

export function AudioSettings() {
  const { t } = useTranslation();
  const devices = useSoftphone((state) => state.devices);
  if (devices === null) return null;
  const field = (kind: AudioDeviceKind, list: readonly { readonly id: string; readonly label: string }[], disabled: boolean) => (
    <NativeSelect
      size="xs"
      label={t(`softphone.devices.${kind}`)}
      value={devices.selected[kind] ?? ''}
      disabled={disabled}
      onChange={(event) => {
        const value = event.currentTarget.value;
        void selectAudioDevice(kind, value === '' ? null : value);
      }}
    >
      <option value="">{t('softphone.devices.systemDefault')}</option>
      {list.map((device, index) => (
        <option key={device.id} value={device.id}>
          {device.label === '' ? t('softphone.devices.unnamed', { number: index + 1 }) : device.label}
        </option>
      ))}
    </NativeSelect>
  );
  return (
    <Popover position="bottom-end" withinPortal trapFocus>
      <Popover.Target>
        <ActionIcon variant="subtle" aria-label={t('softphone.devices.title')} title={t('softphone.devices.title')}>
          <IconHeadset aria-hidden size={18} />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" w={240}>
          {field('input', devices.inputs, false)}
          {field('speaker', devices.outputs, !devices.outputSelectable)}
          {field('ringtone', devices.outputs, !devices.outputSelectable)}
          {!devices.outputSelectable && (
            <Text size="xs" c="dimmed">
              {t('softphone.devices.notSelectable')}
            </Text>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
