/** Wrap-up of a call from the call list: who called (screen pop) beside the wrap-up form. */
import { Grid, Modal } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Call } from '../../../shared/domain/call';
import { ScreenPop } from './ScreenPop';
import { WrapUpForm } from './WrapUpForm';

export function WrapUpDialog({ call, onClose }: { readonly call: Call | null; readonly onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={call !== null} onClose={onClose} title={t('calls.wrapUp.title')} size="xl">
      {call !== null && (
        <Grid>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <WrapUpForm callRecordId={call.id} onDone={onClose} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <ScreenPop phoneNumber={call.direction === 'outbound' ? call.toNumber : call.fromNumber} callRecordId={call.id} />
          </Grid.Col>
        </Grid>
      )}
    </Modal>
  );
}
