/**
 * Promise a callback: number, reason and when the customer expects it. A `callbacks` document in the
 * local replica: it queues offline, survives restarts and syncs when the server is reachable again.
 */
import { Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { findCustomersByPhone } from '../../../shared/voice/customer-lookup';
import { CALLBACK_REASON_MAX, callbackRequest, type CallbackProblems } from '../../../shared/voice/outage';
import { useDatabase } from '../../data/hooks';
import { FormActions } from '../shell/FormActions';
import { useSaveAndClose } from '../shell/useSaveAndClose';
import { fromLocalInputValue, toLocalInputValue } from '../tickets/ticket-form';
import { PhoneNumberInput } from './PhoneNumberInput';
import { useAgentId, useHomeCountry } from './agent';
import { insertCallback, useAllCustomers } from './calls-data';

export interface CallbackPrefill {
  readonly number?: string;
  readonly customerId?: string;
  readonly originCallId?: string;
}

const DEFAULT_DELAY_MS = 60 * 60 * 1000;

export function CallbackDialog({ opened, prefill, onClose }: { readonly opened: boolean; readonly prefill?: CallbackPrefill; readonly onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('calls.callbackForm.title')}>
      {opened && <CallbackForm prefill={prefill ?? {}} onDone={onClose} />}
    </Modal>
  );
}

function CallbackForm({ prefill, onDone }: { readonly prefill: CallbackPrefill; readonly onDone: () => void }) {
  const { t } = useTranslation();
  const db = useDatabase();
  const agentId = useAgentId();
  const homeCountry = useHomeCountry();
  const customers = useAllCustomers();
  const [number, setNumber] = useState(prefill.number ?? '');
  const [reason, setReason] = useState('');
  const [due, setDue] = useState(() => toLocalInputValue(new Date(Date.now() + DEFAULT_DELAY_MS).toISOString()));
  const [problems, setProblems] = useState<CallbackProblems>({});
  const { saving, saveAndClose } = useSaveAndClose({ savedText: t('calls.callbackForm.saved'), failedText: (message) => t('calls.saveFailed', { message }), onDone });

  const onSubmit = async (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const phone = homeCountry === undefined ? {} : { defaultCountry: homeCountry };
    const customerId = prefill.customerId ?? findCustomersByPhone(customers, number, phone)[0]?.customer.id;
    const result = callbackRequest(
      {
        id: `cb_${crypto.randomUUID()}`,
        agentId,
        number,
        reason,
        dueAt: fromLocalInputValue(due) ?? '',
        ...(customerId === undefined ? {} : { customerId }),
        ...(prefill.originCallId === undefined ? {} : { originCallId: prefill.originCallId }),
        now: new Date().toISOString(),
      },
      phone,
    );
    if (!result.ok) {
      setProblems(result.problems);
      return;
    }
    await saveAndClose(() => insertCallback(db, result.callback));
  };

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate data-testid="callback-form">
      <Stack gap="sm">
        <PhoneNumberInput
          value={number}
          error={problems.number}
          onChange={(value) => {
            setNumber(value);
            setProblems({});
          }}
        />
        <Textarea
          label={t('calls.callbackForm.reason')}
          autosize
          minRows={2}
          maxLength={CALLBACK_REASON_MAX}
          value={reason}
          onChange={(event) => {
            setReason(event.currentTarget.value);
          }}
          error={problems.reason === undefined ? null : t('calls.callbackForm.reasonTooLong', { max: CALLBACK_REASON_MAX })}
        />
        <TextInput
          label={t('calls.callbackForm.due')}
          type="datetime-local"
          required
          value={due}
          onChange={(event) => {
            setDue(event.currentTarget.value);
          }}
          error={problems.dueAt === undefined ? null : t('calls.callbackForm.dueInvalid')}
        />
        <FormActions submitLabel={t('calls.callbackForm.save')} saving={saving} onCancel={onDone} />
      </Stack>
    </form>
  );
}
