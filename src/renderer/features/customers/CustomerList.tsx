/**
 * The customer directory (`#/customers`): every active customer (merged ones hidden), by name, searched
 * by name, organisation, email or a phone number typed in any format. The directory is prepared once
 * per change and the search is deferred, so typing stays responsive with tens of thousands of
 * customers; the list is virtualized. Rows are `data-testid="customer-row"` with `data-customer-id`.
 * ↓ in the search box moves to the list; ↑/↓, Home/End, PageUp/PageDown move, Enter or a click opens.
 */
import { Badge, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Customer } from '../../../shared/domain/customer';
import { isEmptyQuery, matchesCustomerQuery, prepareCustomerQuery } from '../../../shared/domain/customer-search';
import { formatPhoneNumber } from '../../../shared/voice/phone';
import { HEADER_HEIGHT } from '../shell/layout';
import { usePageFocus } from '../shell/usePageFocus';
import { useCustomerDirectory } from './customer-data';
import { usePhoneCountry } from './phone-country';

const ROW_HEIGHT = 48;
const PAGE_STEP = 10;
const COLUMNS = 'minmax(10rem, 2fr) minmax(9rem, 1.2fr) minmax(10rem, 1.5fr) minmax(8rem, 1.2fr) 8rem';

export function CustomerList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const directory = useCustomerDirectory();
  const [country] = usePhoneCountry();
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search);
  const [activeIndex, setActiveIndex] = useState(0);

  const customers = useMemo((): readonly Customer[] => {
    const query = prepareCustomerQuery(deferredSearch, country);
    if (isEmptyQuery(query)) return directory.active;
    return directory.active.filter((_, index) => {
      const entry = directory.searchEntries[index];
      return entry !== undefined && matchesCustomerQuery(entry, query);
    });
  }, [directory, deferredSearch, country]);
  const active = Math.min(activeIndex, Math.max(0, customers.length - 1));

  const headingRef = useRef<HTMLHeadingElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const focusTarget = useRef<string | null>(null);
  usePageFocus(headingRef, 'customers');

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns functions React Compiler cannot memoize; this component is not compiled.
  const virtualizer = useVirtualizer({
    count: customers.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => customers[index]?.id ?? index,
  });

  const moveTo = (index: number) => {
    const clamped = Math.max(0, Math.min(customers.length - 1, index));
    const customer = customers[clamped];
    if (customer === undefined) return;
    setActiveIndex(clamped);
    focusTarget.current = customer.id;
    virtualizer.scrollToIndex(clamped, { align: 'auto' });
  };
  const open = (customer: Customer) => {
    void navigate(`/customers/${encodeURIComponent(customer.id)}`);
  };

  const onListKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const keys: Record<string, () => void> = {
      ArrowDown: () => {
        moveTo(active + 1);
      },
      ArrowUp: () => {
        moveTo(active - 1);
      },
      Home: () => {
        moveTo(0);
      },
      End: () => {
        moveTo(customers.length - 1);
      },
      PageDown: () => {
        moveTo(active + PAGE_STEP);
      },
      PageUp: () => {
        moveTo(active - PAGE_STEP);
      },
      Enter: () => {
        const customer = customers[active];
        if (customer !== undefined) open(customer);
      },
    };
    const action = keys[event.key];
    if (action !== undefined) {
      event.preventDefault();
      action();
    }
  };

  const searching = search.trim() !== '';
  return (
    <Stack gap="sm" h={`calc(100dvh - ${HEADER_HEIGHT}px - 2 * var(--mantine-spacing-md))`}>
      <Group justify="space-between" align="baseline" wrap="nowrap">
        <Title order={1} size="h3" ref={headingRef} tabIndex={-1} className="page-heading">
          {t('customers.title')}
        </Title>
        <Button component={Link} to="/customers/new" leftSection={<IconPlus aria-hidden size={16} />}>
          {t('customers.new')}
        </Button>
      </Group>
      <Group align="flex-end" wrap="nowrap">
        <TextInput
          style={{ flex: 1 }}
          type="search"
          label={t('customers.search')}
          placeholder={t('customers.searchPlaceholder')}
          leftSection={<IconSearch aria-hidden size={16} />}
          value={search}
          aria-describedby="customer-keyboard-hint"
          onChange={(event) => {
            setSearch(event.currentTarget.value);
            setActiveIndex(0);
          }}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown' && customers.length > 0) {
              event.preventDefault();
              moveTo(0);
            }
          }}
        />
        <Text size="sm" c="dimmed" aria-live="polite" data-testid="customer-count">
          {searching ? t('customers.matches', { count: customers.length }) : t('customers.count', { count: customers.length })}
        </Text>
      </Group>
      <Text size="xs" c="dimmed" id="customer-keyboard-hint">
        {t('customers.keyboardHint')}
      </Text>
      {customers.length === 0 ? (
        <Text py="xl" ta="center" c="dimmed">
          {searching ? t('customers.noMatches', { query: search.trim() }) : t('customers.empty')}
        </Text>
      ) : (
        <Stack gap={0} style={{ flex: 1, minHeight: 0 }}>
          <div className="queue-grid queue-header" style={{ gridTemplateColumns: COLUMNS }} aria-hidden>
            <span>{t('customers.columns.name')}</span>
            <span>{t('customers.columns.phone')}</span>
            <span>{t('customers.columns.email')}</span>
            <span>{t('customers.columns.organization')}</span>
            <span>{t('customers.columns.segment')}</span>
          </div>
          <div
            ref={scrollRef}
            className="queue-scroll"
            role="listbox"
            aria-label={t('customers.listLabel')}
            aria-describedby="customer-keyboard-hint"
            onKeyDown={onListKeyDown}
            style={{ flex: 1, minHeight: 0 }}
          >
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((item) => {
                const customer = customers[item.index];
                if (customer === undefined) return null;
                const selected = item.index === active;
                return (
                  <div
                    key={customer.id}
                    ref={(element) => {
                      if (element !== null && focusTarget.current === customer.id) {
                        focusTarget.current = null;
                        element.focus({ preventScroll: true });
                      }
                    }}
                    role="option"
                    aria-selected={selected}
                    aria-setsize={customers.length}
                    aria-posinset={item.index + 1}
                    tabIndex={selected ? 0 : -1}
                    data-testid="customer-row"
                    data-customer-id={customer.id}
                    className="queue-row queue-grid"
                    style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)`, gridTemplateColumns: COLUMNS }}
                    onClick={() => {
                      open(customer);
                    }}
                    onFocus={() => {
                      if (!selected) setActiveIndex(item.index);
                    }}
                  >
                    <Text size="sm" fw={500} className="queue-cell">
                      {customer.name}
                    </Text>
                    <Text size="sm" className="queue-cell">
                      {customer.phone === undefined ? '' : formatPhoneNumber(customer.phone, country)}
                    </Text>
                    <Text size="sm" className="queue-cell">
                      {customer.email ?? ''}
                    </Text>
                    <Text size="sm" className="queue-cell">
                      {customer.organization ?? ''}
                    </Text>
                    <span className="queue-cell">
                      {customer.segment !== undefined && (
                        <Badge size="sm" variant="light">
                          {t(`customers.segment.${customer.segment}`)}
                        </Badge>
                      )}
                    </span>
                  </div>
                );
              })}
            </div>
          </div>
        </Stack>
      )}
    </Stack>
  );
}
