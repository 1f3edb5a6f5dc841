/**
 * Outage mode: the agent took (or made) a call on another phone while telephony was down and logs it
 * by hand: a running timer, the number, direction, disposition and notes. The record (provider
 * `manual`) goes to the local replica, survives restarts and syncs when the server is reachable. When
 * the call fulfils a callback, the callback is completed with it.
 */
import { Button, Group, Modal, SegmentedControl, Select, Stack, Text, Textarea } from '@mantine/core';
import { IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { findCustomersByPhone } from '../../../shared/voice/customer-lookup';
import { completeCallback, manualCall, type ManualCallDirection, type ManualCallProblems } from '../../../shared/voice/outage';
import { CALL_NOTES_MAX, dispositionRequiresNote, selectableDispositions } from '../../../shared/voice/wrap-up';
import { useDatabase } from '../../data/hooks';
import { formatClock } from '../../i18n/format';
import { FormActions } from '../shell/FormActions';
import { useSaveAndClose } from '../shell/useSaveAndClose';
import { useDispositionCodes } from '../tickets/workspace-data';
import { PhoneNumberInput } from './PhoneNumberInput';
import { useAgentId, useHomeCountry } from './agent';
import { insertCall, updateCallback, useAllCustomers } from './calls-data';
import { useCallTimer } from './useCallTimer';

export interface LogCallPrefill {
  readonly number?: string;
  readonly direction?: ManualCallDirection;
  /** The callback this call is made for. */
  readonly callbackId?: string;
  readonly customerId?: string;
}

interface LogCallDialogProps {
  readonly opened: boolean;
  readonly prefill?: LogCallPrefill;
  readonly onClose: () => void;
}

export function LogCallDialog({ opened, prefill, onClose }: LogCallDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('calls.log.title')} size="lg">
      {opened && <LogCallForm prefill={prefill ?? {}} onDone={onClose} />}
    </Modal>
  );
}

function LogCallForm({ prefill, onDone }: { readonly prefill: LogCallPrefill; readonly onDone: () => void }) {
  const { t } = useTranslation();
  const db = useDatabase();
  const agentId = useAgentId();
  const homeCountry = useHomeCountry();
  const customers = useAllCustomers();
  const allDispositions = useDispositionCodes();
  const dispositions = selectableDispositions(allDispositions);
  const timer = useCallTimer();
  const [direction, setDirection] = useState<ManualCallDirection>(prefill.direction ?? 'inbound');
  const [number, setNumber] = useState(prefill.number ?? '');
  const [code, setCode] = useState<string | null>(null);
  const [notes, setNotes] = useState('');
  const [problems, setProblems] = useState<ManualCallProblems>({});
  const { saving, saveAndClose } = useSaveAndClose({ savedText: t('calls.log.saved'), failedText: (message) => t('calls.saveFailed', { message }), onDone });
  const phone = homeCountry === undefined ? {} : { defaultCountry: homeCountry };

  const onSubmit = async (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const now = new Date().toISOString();
    const customerId = prefill.customerId ?? findCustomersByPhone(customers, number, phone)[0]?.customer.id;
    const result = manualCall(
      {
        id: `call_manual_${crypto.randomUUID()}`,
        agentId,
        direction,
        number,
        startedAt: timer.startedAt,
        endedAt: timer.endedAt ?? now,
        dispositionCode: code ?? undefined,
        notes,
        ...(customerId === undefined ? {} : { customerId }),
        ...(prefill.callbackId === undefined ? {} : { callbackId: prefill.callbackId }),
        now,
      },
      allDispositions,
      phone,
    );
    if (!result.ok) {
      setProblems(result.problems);
      return;
    }
    await saveAndClose(async () => {
      await insertCall(db, result.call);
      if (prefill.callbackId !== undefined) await updateCallback(db, prefill.callbackId, completeCallback(result.call.id, now));
    });
  };

  const notesRequired = dispositionRequiresNote(dispositions, code ?? undefined);
  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate data-testid="log-call-form">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('calls.log.explanation')}
        </Text>
        <Group justify="space-between">
          <Text size="xl" fw={600} role="timer" aria-label={t('calls.log.timer')} aria-live="off" data-testid="call-timer">
            {formatClock(timer.elapsedSeconds * 1000)}
          </Text>
          {timer.endedAt === null ? (
            <Button variant="light" color="red" leftSection={<IconPlayerStop aria-hidden size={16} />} onClick={timer.stop}>
              {t('calls.log.stopTimer')}
            </Button>
          ) : (
            <Button variant="light" leftSection={<IconPlayerPlay aria-hidden size={16} />} onClick={timer.resume}>
              {t('calls.log.resumeTimer')}
            </Button>
          )}
        </Group>
        <SegmentedControl
          aria-label={t('calls.log.direction')}
          value={direction}
          onChange={(value) => {
            setDirection(value === 'outbound' ? 'outbound' : 'inbound');
          }}
          data={[
            { value: 'inbound', label: t('calls.log.inbound') },
            { value: 'outbound', label: t('calls.log.outbound') },
          ]}
        />
        <PhoneNumberInput
          value={number}
          error={problems.number}
          onChange={(value) => {
            setNumber(value);
            setProblems({});
          }}
        />
        <Select
          label={t('calls.wrapUp.disposition')}
          placeholder={t('calls.wrapUp.dispositionPlaceholder')}
          required
          searchable
          data={dispositions.map((document) => ({ value: document.dispositionCode.code, label: document.name }))}
          value={code}
          onChange={(value) => {
            setCode(value);
            setProblems({});
          }}
          error={problems.dispositionCode === undefined ? null : t(`calls.wrapUp.problem.${problems.dispositionCode}`)}
        />
        <Textarea
          label={t('calls.wrapUp.notes')}
          required={notesRequired}
          description={notesRequired ? t('calls.wrapUp.notesRequiredHint') : undefined}
          autosize
          minRows={3}
          maxLength={CALL_NOTES_MAX}
          value={notes}
          onChange={(event) => {
            setNotes(event.currentTarget.value);
            setProblems({});
          }}
          error={problems.notes === undefined ? null : t(`calls.wrapUp.problem.${problems.notes}`, { max: CALL_NOTES_MAX })}
        />
        {problems.times !== undefined && (
          <Text size="sm" c="red" role="alert">
            {t(`calls.log.problem.${problems.times}`)}
          </Text>
        )}
        <FormActions submitLabel={t('calls.log.save')} saving={saving} onCancel={onDone} />
      </Stack>
    </form>
  );
}
