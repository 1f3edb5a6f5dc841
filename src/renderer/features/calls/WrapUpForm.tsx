/**
 * After-call work: disposition (required), notes (required when the code says so) and the ticket the
 * call is filed under. Saving writes the call record in the local replica (dispositionCode, notes,
 * ticketId, customerId, wrapUpEndedAt: that ends after-call work time) and the call's entry on the
 * ticket's timeline, so it shows there and in the customer's history at once, and on the server after
 * sync. A call already wrapped up only takes notes and links (the record is sealed).
 *
 * Keyboard: the disposition field has focus first; Ctrl/Cmd+Enter saves from anywhere in the form.
 */
import { Alert, Button, Group, Loader, Select, Stack, Text, Textarea } from '@mantine/core';
import { useMemo, useState, type KeyboardEvent, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Call } from '../../../shared/domain/call';
import { findCustomersByPhone } from '../../../shared/voice/customer-lookup';
import {
  CALL_NOTES_MAX,
  dispositionRequiresNote,
  hasProblems,
  selectableDispositions,
  validateWrapUp,
  wrapUpChanges,
  type WrapUpProblems,
} from '../../../shared/voice/wrap-up';
import { useDatabase } from '../../data/hooks';
import { useSaveAndClose } from '../shell/useSaveAndClose';
import { useDispositionCodes } from '../tickets/workspace-data';
import { useAgentId, useHomeCountry } from './agent';
import { addCallToTimeline, updateCall, useAllCustomers, useCallRecord, useOpenTicketsOf } from './calls-data';

export interface WrapUpFormProps {
  readonly callRecordId: string;
  readonly onDone: () => void;
}

export function WrapUpForm({ callRecordId, onDone }: WrapUpFormProps) {
  const { t } = useTranslation();
  const call = useCallRecord(callRecordId);
  if (call === undefined) return <Loader size="sm" aria-label={t('app.loading')} />;
  if (call === null) {
    return (
      <Alert color="gray" variant="light" role="status">
        {t('calls.wrapUp.recordPending')}
      </Alert>
    );
  }
  return <WrapUpFields call={call} onDone={onDone} />;
}

/** The customer the call is about: the record's own, else the screen pop's best match for the number. */
function useCallCustomerId(call: Call): string | undefined {
  const customers = useAllCustomers();
  const homeCountry = useHomeCountry();
  return useMemo(() => {
    if (call.customerId !== undefined) return call.customerId;
    const number = call.direction === 'outbound' ? call.toNumber : call.fromNumber;
    return findCustomersByPhone(customers, number, homeCountry === undefined ? {} : { defaultCountry: homeCountry })[0]?.customer.id;
  }, [call, customers, homeCountry]);
}

function WrapUpFields({ call, onDone }: { readonly call: Call; readonly onDone: () => void }) {
  const { t } = useTranslation();
  const db = useDatabase();
  const agentId = useAgentId();
  const allDispositions = useDispositionCodes();
  const dispositions = useMemo(() => selectableDispositions(allDispositions), [allDispositions]);
  // One options array while the codes stay the same: a new `data` array on every re-render of the card
  // (softphone state, the call's record) rebuilds the field's list under the keyboard.
  const dispositionOptions = useMemo(() => dispositions.map((document) => ({ value: document.dispositionCode.code, label: document.name })), [dispositions]);
  const customerId = useCallCustomerId(call);
  const openTickets = useOpenTicketsOf(customerId);
  const sealed = call.wrapUpEndedAt !== undefined;
  const [code, setCode] = useState<string | null>(call.dispositionCode ?? null);
  const [notes, setNotes] = useState(call.notes ?? '');
  const [ticketId, setTicketId] = useState<string | null>(call.ticketId ?? null);
  const [problems, setProblems] = useState<WrapUpProblems>({});
  const { saving, saveAndClose } = useSaveAndClose({ savedText: t('calls.wrapUp.saved'), failedText: (message) => t('calls.saveFailed', { message }), onDone });
  const notesRequired = dispositionRequiresNote(dispositions, code ?? undefined);

  const ticketOptions = openTickets.map((ticket) => ({ value: ticket.id, label: ticket.number === undefined ? ticket.subject : `#${String(ticket.number)} ${ticket.subject}` }));
  if (call.ticketId !== undefined && !ticketOptions.some((option) => option.value === call.ticketId)) {
    ticketOptions.push({ value: call.ticketId, label: t('calls.wrapUp.currentTicket') });
  }

  const save = async () => {
    // A sealed record keeps its disposition: validate the notes rule against the stored code.
    const chosen = sealed ? call.dispositionCode : (code ?? undefined);
    const found = sealed ? {} : validateWrapUp({ dispositionCode: chosen, notes }, allDispositions);
    setProblems(found);
    if (hasProblems(found)) return;
    const linkedTicket = openTickets.find((ticket) => ticket.id === ticketId);
    const linkedCustomer = linkedTicket?.customerId ?? customerId;
    await saveAndClose(async () => {
      const changes = wrapUpChanges(call, { dispositionCode: chosen, notes, ticketId: ticketId ?? undefined, customerId: linkedCustomer }, new Date().toISOString());
      const written = await updateCall(db, call.id, changes);
      if (!written) throw new Error(t('calls.wrapUp.recordPending'));
      if (ticketId !== null) await addCallToTimeline(db, { callId: call.id, ticketId, customerId: linkedCustomer, occurredAt: call.offeredAt, agentId });
    });
  };

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    void save();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void save();
    }
  };

  return (
    <form onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate aria-label={t('calls.wrapUp.title')} data-testid="wrap-up-form">
      <Stack gap="sm">
        {sealed && (
          <Text size="sm" c="dimmed">
            {t('calls.wrapUp.sealed')}
          </Text>
        )}
        <Select
          data-autofocus
          label={t('calls.wrapUp.disposition')}
          placeholder={t('calls.wrapUp.dispositionPlaceholder')}
          required
          disabled={sealed}
          searchable
          data={dispositionOptions}
          value={code}
          onChange={(value) => {
            setCode(value);
            setProblems({});
          }}
          description={dispositions.find((document) => document.dispositionCode.code === code)?.dispositionCode.description}
          error={problems.dispositionCode === undefined ? null : t(`calls.wrapUp.problem.${problems.dispositionCode}`)}
        />
        <Textarea
          label={t('calls.wrapUp.notes')}
          required={notesRequired}
          description={notesRequired ? t('calls.wrapUp.notesRequiredHint') : undefined}
          autosize
          minRows={3}
          maxRows={10}
          maxLength={CALL_NOTES_MAX}
          value={notes}
          onChange={(event) => {
            setNotes(event.currentTarget.value);
            if (problems.notes !== undefined) setProblems({ ...problems, notes: undefined });
          }}
          error={problems.notes === undefined ? null : t(`calls.wrapUp.problem.${problems.notes}`, { max: CALL_NOTES_MAX })}
        />
        <Select
          label={t('calls.wrapUp.ticket')}
          placeholder={ticketOptions.length === 0 ? t('calls.wrapUp.noTickets') : t('calls.wrapUp.ticketPlaceholder')}
          clearable
          data={ticketOptions}
          value={ticketId}
          onChange={setTicketId}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={saving}>
            {t('calls.wrapUp.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
