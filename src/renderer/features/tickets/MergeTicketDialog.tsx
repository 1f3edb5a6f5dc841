/**
 * "Merge into…": picks the ticket this one is a duplicate of (searched by number or subject on the
 * local replica), asks which customer the remaining ticket keeps when the two differ, shows what the
 * merge will write, and merges with local writes on confirm (offline too; see ticket-merge-writes.ts).
 * Keyboard: the picker is a combobox (type, ↑/↓, Enter), the customer choice a radio group; the dialog
 * traps focus and Escape closes it.
 */
import { Alert, Button, Group, List, Modal, Radio, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowMerge } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { needsCustomerChoice, type TicketMergeChoice, type TicketMergePlan } from '../../../shared/domain/ticket-merge';
import { useCustomer, useDatabase, type TicketView } from '../../data/hooks';
import { computeSyncState, syncStatusStore } from '../../data/sync-status';
import type { Actor } from '../customers/customer-writes';
import { mergeProblemText, ticketName } from './ticket-merge-labels';
import { useMergeTargetMatches, useTicketsByIds } from './ticket-merge-data';
import { checkTicketMerge, mergeTickets } from './ticket-merge-writes';

interface MergeTicketDialogProps {
  readonly opened: boolean;
  readonly source: TicketView;
  readonly actor: Actor;
  readonly onClose: () => void;
  /** After a successful merge, with the surviving ticket's id. */
  readonly onMerged: (targetId: string) => void;
}

export function MergeTicketDialog({ opened, source, actor, onClose, onMerged }: MergeTicketDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('ticketMerge.title', { ticket: ticketName(t, source) })} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      {opened && <MergeForm source={source} actor={actor} onClose={onClose} onMerged={onMerged} />}
    </Modal>
  );
}

function MergeForm({ source, actor, onClose, onMerged }: Omit<MergeTicketDialogProps, 'opened'>) {
  const { t } = useTranslation();
  const db = useDatabase();
  const [query, setQuery] = useState('');
  const [searchValue, setSearchValue] = useState('');
  const [targetId, setTargetId] = useState<string | null>(null);
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  const [writeProblem, setWriteProblem] = useState<string | null>(null);

  const matches = useMergeTargetMatches(source, query);
  const chosen = useTicketsByIds([targetId ?? undefined]);
  const target = targetId === null ? undefined : chosen.get(targetId);
  const optionLabel = (ticket: TicketView) => t('ticketMerge.option', { ticket: ticketName(t, ticket), subject: ticket.subject, status: t(`status.${ticket.status}`) });
  // The chosen ticket stays an option while the search shows others, so the box keeps naming it.
  const listed = target === undefined || matches.some((ticket) => ticket.id === target.id) ? matches : [target, ...matches];
  const options = listed.map((ticket) => ({ value: ticket.id, label: optionLabel(ticket) }));

  const choice: TicketMergeChoice = customerId === null ? {} : { customerId };
  const check = target === undefined ? null : checkTicketMerge(source, target, choice, actor);
  const names = { source: ticketName(t, source), target: ticketName(t, target) };

  const confirm = async () => {
    if (target === undefined) return;
    setWorking(true);
    setWriteProblem(null);
    try {
      const result = await mergeTickets(db, source.id, target.id, choice, actor);
      if (!result.ok) {
        setWriteProblem(mergeProblemText(t, result.problem));
        return;
      }
      const offline = computeSyncState(syncStatusStore.getState()) === 'offline';
      notifications.show({ message: t(offline ? 'ticketMerge.doneOffline' : 'ticketMerge.done', names), color: offline ? 'orange' : 'green', autoClose: 4000 });
      onMerged(target.id);
    } catch (error) {
      setWriteProblem(t('ticketMerge.failed', { message: error instanceof Error ? error.message : String(error) }));
    } finally {
      setWorking(false);
    }
  };

  return (
    <Stack gap="sm">
      <Select
        data-autofocus
        label={t('ticketMerge.target')}
        description={t('ticketMerge.targetHint')}
        placeholder={t('ticketMerge.targetPlaceholder')}
        searchable
        clearable
        data={options}
        value={targetId}
        searchValue={searchValue}
        onSearchChange={(value) => {
          setSearchValue(value);
          // Picking an option puts its label in the box: that is not a new search.
          if (target === undefined || value !== optionLabel(target)) setQuery(value);
        }}
        // The replica already searched; the box shows its answer as it is.
        filter={({ options: found }) => found}
        nothingFoundMessage={t('ticketMerge.nothingFound')}
        onChange={(value) => {
          setTargetId(value);
          setCustomerId(null);
          setWriteProblem(null);
        }}
      />
      {target !== undefined && needsCustomerChoice(source, target) && (
        <CustomerChoice source={source} target={target} value={customerId} onChange={setCustomerId} />
      )}
      {check !== null && check.ok && <MergeSummary names={names} plan={check.plan} />}
      {check !== null && !check.ok && check.problem !== 'customer_choice_required' && (
        <Alert color="red" role="alert">
          {mergeProblemText(t, check.problem)}
        </Alert>
      )}
      {writeProblem !== null && (
        <Alert color="red" role="alert">
          {writeProblem}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button
          leftSection={<IconArrowMerge aria-hidden size={16} />}
          loading={working}
          disabled={check?.ok !== true}
          onClick={() => {
            void confirm();
          }}
        >
          {t('ticketMerge.confirm')}
        </Button>
      </Group>
    </Stack>
  );
}

function CustomerChoice({ source, target, value, onChange }: {
  readonly source: TicketView;
  readonly target: TicketView;
  readonly value: string | null;
  readonly onChange: (customerId: string) => void;
}) {
  const { t } = useTranslation();
  const sourceCustomer = useCustomer(source.customerId);
  const targetCustomer = useCustomer(target.customerId);
  const nameOf = (customer: typeof sourceCustomer) => customer?.name ?? t('tickets.unknownCustomer');
  return (
    <Radio.Group
      label={t('ticketMerge.customerChoice', { target: ticketName(t, target) })}
      value={value}
      onChange={onChange}
      data-testid="merge-customer-choice"
    >
      <Stack gap={6} mt={6}>
        <Radio value={target.customerId} label={t('ticketMerge.customerOf', { name: nameOf(targetCustomer), ticket: ticketName(t, target) })} />
        <Radio value={source.customerId} label={t('ticketMerge.customerOf', { name: nameOf(sourceCustomer), ticket: ticketName(t, source) })} />
      </Stack>
    </Radio.Group>
  );
}

function MergeSummary({ names, plan }: {
  readonly names: { readonly source: string; readonly target: string };
  readonly plan: TicketMergePlan;
}) {
  const { t } = useTranslation();
  const related = useTicketsByIds(plan.addedRelatedTicketIds);
  const customer = useCustomer(plan.customerChanged ? plan.survivor.customerId : undefined);
  const gains = [
    ...(plan.addedTags.length === 0 ? [] : [t('ticketMerge.gainTags', { tags: plan.addedTags.join(', ') })]),
    ...(plan.addedRelatedTicketIds.length === 0
      ? []
      : [t('ticketMerge.gainRelated', { tickets: plan.addedRelatedTicketIds.map((id) => ticketName(t, related.get(id))).join(', ') })]),
    ...(plan.priorityRaised ? [t('ticketMerge.gainPriority', { priority: t(`priority.${plan.survivor.priority}`) })] : []),
    ...(plan.customerChanged ? [t('ticketMerge.gainCustomer', { name: customer?.name ?? t('tickets.unknownCustomer') })] : []),
  ];
  return (
    <Stack gap={6} data-testid="merge-summary">
      <Text size="sm">{t('ticketMerge.willClose', names)}</Text>
      {gains.length === 0 ? (
        <Text size="sm">{t('ticketMerge.gainsNothing', names)}</Text>
      ) : (
        <>
          <Text size="sm">{t('ticketMerge.willGain', names)}</Text>
          <List size="sm" spacing={2} withPadding>
            {gains.map((gain) => (
              <List.Item key={gain}>{gain}</List.Item>
            ))}
          </List>
        </>
      )}
      <Text size="sm">{t('ticketMerge.willShowHistory', names)}</Text>
    </Stack>
  );
}
