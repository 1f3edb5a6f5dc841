/**
 * The ticket's properties in the detail form: status, priority, assignee, group (of the ticket's
 * tier; changing tier goes through escalation), tags, related tickets and the follow-up reminder.
 * Controlled: the editor owns the values and saves them together.
 */
import { Button, Group, MultiSelect, Select, SimpleGrid, TagsInput, TextInput } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { groupsForTier } from '../../../shared/domain/escalation';
import { TICKET_PRIORITIES, TICKET_STATUSES, type Tier } from '../../../shared/domain/ticket';
import { useTicketList } from '../../data/hooks';
import { useUsers } from '../../data/users';
import { useFormatters } from '../../i18n/format';
import { fromLocalInputValue, normalizeTags, toLocalInputValue, type TicketFormValues } from './ticket-form';
import { useGroups } from './workspace-data';

const UNASSIGNED = '__unassigned__';
const NO_GROUP = '__no_group__';

interface TicketPropertiesProps {
  readonly ticketId: string;
  readonly tier: Tier;
  readonly values: TicketFormValues;
  /** The stored values, so a picker still names what the document holds. */
  readonly stored: TicketFormValues;
  readonly currentUserId: string;
  readonly onChange: (change: Partial<TicketFormValues>) => void;
}

export function TicketProperties({ ticketId, tier, values, stored, currentUserId, onChange }: TicketPropertiesProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { users, byId: usersById, unavailable: usersUnavailable } = useUsers();
  const groups = useGroups();
  const tickets = useTicketList();

  const statusOptions = useMemo(() => TICKET_STATUSES.map((value) => ({ value, label: t(`status.${value}`) })), [t]);
  const priorityOptions = useMemo(() => TICKET_PRIORITIES.map((value) => ({ value, label: t(`priority.${value}`) })), [t]);
  const assigneeOptions = useMemo(() => {
    const options = [
      { value: UNASSIGNED, label: t('tickets.unassigned') },
      ...[...users].sort((a, b) => a.name.localeCompare(b.name, format.language)).map((user) => ({ value: user.id, label: user.name })),
    ];
    for (const assigneeId of [values.assigneeId, stored.assigneeId]) {
      if (assigneeId !== null && !usersById.has(assigneeId) && !options.some((option) => option.value === assigneeId)) {
        options.push({ value: assigneeId, label: t('tickets.unknownUser') });
      }
    }
    return options;
  }, [users, usersById, values.assigneeId, stored.assigneeId, t, format.language]);
  const groupOptions = useMemo(() => {
    const options = [{ value: NO_GROUP, label: t('detail.noGroup') }, ...groupsForTier(groups, tier).map((group) => ({ value: group.id, label: group.name }))];
    for (const groupId of [values.groupId, stored.groupId]) {
      if (groupId !== null && !options.some((option) => option.value === groupId)) {
        options.push({ value: groupId, label: groups.find((group) => group.id === groupId)?.name ?? t('timeline.unknownGroup') });
      }
    }
    return options;
  }, [groups, tier, values.groupId, stored.groupId, t]);
  const relatedOptions = useMemo(
    () =>
      tickets
        .filter((ticket) => ticket.id !== ticketId)
        .map((ticket) => ({
          value: ticket.id,
          label: `${ticket.number === undefined ? t('tickets.unnumbered') : t('tickets.number', { number: ticket.number })} ${ticket.subject}`,
        })),
    [tickets, ticketId, t],
  );

  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }}>
      <Select
        label={t('detail.status')}
        data={statusOptions}
        value={values.status}
        allowDeselect={false}
        onChange={(value) => {
          const status = TICKET_STATUSES.find((candidate) => candidate === value);
          if (status) onChange({ status });
        }}
      />
      <Select
        label={t('detail.priority')}
        data={priorityOptions}
        value={values.priority}
        allowDeselect={false}
        onChange={(value) => {
          const priority = TICKET_PRIORITIES.find((candidate) => candidate === value);
          if (priority) onChange({ priority });
        }}
      />
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <Select
          style={{ flex: 1 }}
          label={t('detail.assignee')}
          data={assigneeOptions}
          value={values.assigneeId ?? UNASSIGNED}
          allowDeselect={false}
          searchable
          description={usersUnavailable ? t('detail.usersUnavailable') : undefined}
          onChange={(value) => {
            onChange({ assigneeId: value === null || value === UNASSIGNED ? null : value });
          }}
        />
        <Button
          variant="light"
          disabled={values.assigneeId === currentUserId}
          onClick={() => {
            onChange({ assigneeId: currentUserId });
          }}
        >
          {t('detail.assignToMe')}
        </Button>
      </Group>
      <Select
        label={t('detail.group')}
        description={t('detail.groupHint', { tier })}
        data={groupOptions}
        value={values.groupId ?? NO_GROUP}
        allowDeselect={false}
        onChange={(value) => {
          onChange({ groupId: value === null || value === NO_GROUP ? null : value });
        }}
      />
      <TagsInput
        label={t('detail.tags')}
        description={t('detail.tagsHint')}
        value={[...values.tags]}
        maxTags={50}
        onChange={(tags) => {
          onChange({ tags: normalizeTags(tags) });
        }}
      />
      <TextInput
        type="datetime-local"
        label={t('detail.followUp')}
        description={t('detail.followUpHint')}
        value={toLocalInputValue(values.followUpAt)}
        onChange={(event) => {
          onChange({ followUpAt: fromLocalInputValue(event.currentTarget.value) });
        }}
      />
      <MultiSelect
        style={{ gridColumn: '1 / -1' }}
        label={t('detail.related')}
        description={t('detail.relatedHint')}
        data={relatedOptions}
        value={[...values.relatedTicketIds]}
        searchable
        limit={20}
        maxValues={50}
        nothingFoundMessage={t('detail.relatedNone')}
        onChange={(relatedTicketIds) => {
          onChange({ relatedTicketIds });
        }}
      />
    </SimpleGrid>
  );
}
