/**
 * Quick search, ad-hoc filters (they narrow the chosen view; customers and assignees picked by name),
 * sort, and "Save view".
 */
import { Button, Group, MultiSelect, Popover, Select, SimpleGrid, TagsInput, TextInput } from '@mantine/core';
import { IconFilter, IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { QueueFilters, QueueSort } from '../../../shared/domain/queue-views';
import { VIEW_ASSIGNEE_FILTERS, VIEW_PICKED_MAX, VIEW_SLA_FILTERS, VIEW_SORT_FIELDS } from '../../../shared/domain/settings';
import { CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES, TIERS } from '../../../shared/domain/ticket';
import { useUsers } from '../../data/users';
import { useGroups } from '../tickets/workspace-data';
import { CustomerFilter } from './CustomerFilter';
import { useQueueState } from './queue-store';

type ListKey = 'statuses' | 'priorities' | 'channels' | 'tiers' | 'groupIds' | 'assigneeIds' | 'customerIds';

/** Filters set, for the button's label. */
const activeCount = (filters: QueueFilters): number => Object.keys(filters).length;

/** The filters with `key` set to `value`, or without it (no value: any). */
function withFilter(filters: QueueFilters, key: keyof QueueFilters, value: unknown): QueueFilters {
  const rest = Object.fromEntries(Object.entries(filters).filter(([other]) => other !== key));
  const empty = value === null || (Array.isArray(value) && value.length === 0);
  return (empty ? rest : { ...rest, [key]: value });
}

export function QueueToolbar({ sort, onSave }: { readonly sort: QueueSort; readonly onSave: () => void }) {
  const { t } = useTranslation();
  const filters = useQueueState((state) => state.filters);
  const search = useQueueState((state) => state.search);
  const setFilters = useQueueState((state) => state.setFilters);
  const setSearch = useQueueState((state) => state.setSearch);
  const setSort = useQueueState((state) => state.setSort);
  const groups = useGroups();
  const { users } = useUsers();

  const setList = (key: ListKey | 'tags', values: string[]) => {
    setFilters(withFilter(filters, key, values));
  };
  const choice = <T extends string>(values: readonly T[], label: (value: T) => string) => values.map((value) => ({ value, label: label(value) }));
  const count = activeCount(filters);
  // A picked user missing from the team list (removed, or the list is not cached yet) stays visible.
  const assigneeOptions = [
    ...users.map((user) => ({ value: user.id, label: user.name })),
    ...(filters.assigneeIds ?? []).filter((id) => !users.some((user) => user.id === id)).map((id) => ({ value: id, label: t('tickets.unknownUser') })),
  ];

  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <TextInput
        label={t('queueFilters.search')}
        placeholder={t('queueFilters.searchPlaceholder')}
        leftSection={<IconSearch aria-hidden size={16} />}
        value={search}
        onChange={(event) => {
          setSearch(event.currentTarget.value);
        }}
        type="search"
        w={280}
      />
      <Popover position="bottom-start" width={560} trapFocus shadow="md">
        <Popover.Target>
          <Button variant={count > 0 ? 'light' : 'default'} leftSection={<IconFilter aria-hidden size={16} />}>
            {count > 0 ? t('queueFilters.activeFilters', { count }) : t('queueFilters.filters')}
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <SimpleGrid cols={2} spacing="sm">
            <MultiSelect label={t('queueFilters.status')} data={choice(TICKET_STATUSES, (value) => t(`status.${value}`))} value={[...(filters.statuses ?? [])]} onChange={(values) => { setList('statuses', values); }} comboboxProps={{ withinPortal: false }} />
            <MultiSelect label={t('queueFilters.priority')} data={choice(TICKET_PRIORITIES, (value) => t(`priority.${value}`))} value={[...(filters.priorities ?? [])]} onChange={(values) => { setList('priorities', values); }} comboboxProps={{ withinPortal: false }} />
            <MultiSelect label={t('queueFilters.channel')} data={choice(CHANNELS, (value) => t(`channel.${value}`))} value={[...(filters.channels ?? [])]} onChange={(values) => { setList('channels', values); }} comboboxProps={{ withinPortal: false }} />
            <MultiSelect label={t('queueFilters.tier')} data={[...TIERS]} value={[...(filters.tiers ?? [])]} onChange={(values) => { setList('tiers', values); }} comboboxProps={{ withinPortal: false }} />
            <MultiSelect label={t('queueFilters.group')} data={groups.map((group) => ({ value: group.id, label: group.name }))} value={[...(filters.groupIds ?? [])]} onChange={(values) => { setList('groupIds', values); }} comboboxProps={{ withinPortal: false }} />
            <TagsInput label={t('queueFilters.tag')} value={[...(filters.tags ?? [])]} onChange={(values) => { setList('tags', values); }} comboboxProps={{ withinPortal: false }} />
            <MultiSelect label={t('queueFilters.assignee')} data={assigneeOptions} value={[...(filters.assigneeIds ?? [])]} onChange={(values) => { setList('assigneeIds', values); }} comboboxProps={{ withinPortal: false }} searchable nothingFoundMessage={t('queueFilters.assigneeNone')} maxValues={VIEW_PICKED_MAX} />
            <CustomerFilter value={filters.customerIds ?? []} onChange={(values) => { setList('customerIds', values); }} />
            <Select
              label={t('queueFilters.assignedTo')}
              data={choice(VIEW_ASSIGNEE_FILTERS, (value) => t(`queueFilters.assigneeChoice.${value}`))}
              value={filters.assignee ?? null}
              clearable
              onChange={(value) => {
                setFilters(withFilter(filters, 'assignee', value));
              }}
              comboboxProps={{ withinPortal: false }}
            />
            <Select
              label={t('queueFilters.sla')}
              data={choice(VIEW_SLA_FILTERS, (value) => t(`queueFilters.slaChoice.${value}`))}
              value={filters.sla ?? null}
              clearable
              onChange={(value) => {
                setFilters(withFilter(filters, 'sla', value));
              }}
              comboboxProps={{ withinPortal: false }}
            />
          </SimpleGrid>
          <Group justify="flex-end" mt="sm">
            <Button variant="subtle" size="xs" disabled={count === 0} onClick={() => { setFilters({}); }}>
              {t('queueFilters.clear')}
            </Button>
          </Group>
        </Popover.Dropdown>
      </Popover>
      <Select
        label={t('queueFilters.sort')}
        data={choice(VIEW_SORT_FIELDS, (value) => t(`queueFilters.sortFields.${value}`))}
        value={sort.field}
        allowDeselect={false}
        onChange={(value) => {
          if (value !== null) setSort({ ...sort, field: value });
        }}
        w={200}
      />
      <Select
        label={t('queueFilters.direction')}
        data={[
          { value: 'desc', label: t('queueFilters.descending') },
          { value: 'asc', label: t('queueFilters.ascending') },
        ]}
        value={sort.direction}
        allowDeselect={false}
        onChange={(value) => {
          if (value === 'asc' || value === 'desc') setSort({ ...sort, direction: value });
        }}
        w={140}
      />
      <Button variant="default" onClick={onSave}>
        {t('savedViews.save')}
      </Button>
    </Group>
  );
}
