/**
 * The queue's customer filter: a searchable multi-select over the local replica's customers (type two
 * letters or more; ↑/↓ and Enter pick, Backspace removes the last one). Picked customers keep their
 * names while other names are searched; one this device does not have is shown as unknown.
 */
import { MultiSelect } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { VIEW_PICKED_MAX } from '../../../shared/domain/settings';
import { useCustomerChoices, useCustomersByIds } from './queue-data';

interface CustomerFilterProps {
  readonly value: readonly string[];
  readonly onChange: (customerIds: string[]) => void;
}

export function CustomerFilter({ value, onChange }: CustomerFilterProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const matches = useCustomerChoices(search);
  const picked = useCustomersByIds(value);
  const options = new Map<string, string>();
  for (const id of value) options.set(id, picked.get(id)?.name ?? t('tickets.unknownCustomer'));
  for (const match of matches) if (!options.has(match.id)) options.set(match.id, match.name);

  return (
    <MultiSelect
      label={t('queueFilters.customer')}
      placeholder={t('queueFilters.customerPlaceholder')}
      data={[...options].map(([id, name]) => ({ value: id, label: name }))}
      value={[...value]}
      onChange={onChange}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      // The replica already searched by name; show its answer as it is.
      filter={({ options: found }) => found}
      nothingFoundMessage={search.trim().length < 2 ? undefined : t('queueFilters.customerNone')}
      maxValues={VIEW_PICKED_MAX}
      comboboxProps={{ withinPortal: false }}
    />
  );
}
