/**
 * The ticket queue (`#/tickets`): every local ticket, most recently updated first, live from RxDB and
 * virtualized. Rows are `data-testid="ticket-row"` with `data-ticket-id`; ↑/↓ (also Home/End,
 * PageUp/PageDown) move the selection and focus, Enter or a click opens the ticket.
 */
import { Badge, Group, Stack, Text, Title } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCustomerMap, useTicketList, type TicketView } from '../../data/hooks';
import { useUsers } from '../../data/users';
import { useFormatters } from '../../i18n/format';
import { useUi } from '../../stores/ui';
import { HEADER_HEIGHT } from '../shell/layout';
import { PRIORITY_COLORS, STATUS_COLORS } from './labels';

const ROW_HEIGHT = 52;
const PAGE_STEP = 10;

export function TicketQueue() {
  const { t } = useTranslation();
  const format = useFormatters();
  const navigate = useNavigate();
  const tickets = useTicketList();
  const customers = useCustomerMap();
  const { byId: users } = useUsers();
  const selectedId = useUi((state) => state.selectedTicketId);
  const select = useUi((state) => state.selectTicket);

  const scrollRef = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  /** Row to focus as soon as it is rendered (it may first need to be scrolled into the window). */
  const focusTarget = useRef<string | null>(null);

  const selectedIndex = useMemo(() => tickets.findIndex((ticket) => ticket.id === selectedId), [tickets, selectedId]);
  const activeIndex = selectedIndex >= 0 ? selectedIndex : 0;

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns functions React Compiler cannot memoize; this component is not compiled.
  const virtualizer = useVirtualizer({
    count: tickets.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => tickets[index]?.id ?? index,
  });

  // On arrival: back from a ticket, bring its row into view and focus it; otherwise focus the heading.
  const initialSelection = useRef(selectedId);
  const initialTickets = tickets.length > 0;
  useEffect(() => {
    const id = initialSelection.current;
    if (id !== null) {
      const index = tickets.findIndex((ticket) => ticket.id === id);
      if (index >= 0) {
        focusTarget.current = id;
        virtualizer.scrollToIndex(index, { align: 'auto' });
        initialSelection.current = null;
        return;
      }
      if (!initialTickets) return;
    }
    initialSelection.current = null;
    headingRef.current?.focus({ preventScroll: true });
    // Runs once the list has content (a reload starts with an empty list for a moment).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initialTickets]);

  const moveTo = (index: number) => {
    if (tickets.length === 0) return;
    const clamped = Math.max(0, Math.min(tickets.length - 1, index));
    const ticket = tickets[clamped];
    if (ticket === undefined) return;
    select(ticket.id);
    focusTarget.current = ticket.id;
    virtualizer.scrollToIndex(clamped, { align: 'auto' });
  };

  const open = (ticket: TicketView) => {
    select(ticket.id);
    void navigate(`/tickets/${encodeURIComponent(ticket.id)}`);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const keys: Record<string, () => void> = {
      ArrowDown: () => {
        moveTo(activeIndex + 1);
      },
      ArrowUp: () => {
        moveTo(activeIndex - 1);
      },
      Home: () => {
        moveTo(0);
      },
      End: () => {
        moveTo(tickets.length - 1);
      },
      PageDown: () => {
        moveTo(activeIndex + PAGE_STEP);
      },
      PageUp: () => {
        moveTo(activeIndex - PAGE_STEP);
      },
      Enter: () => {
        const ticket = tickets[activeIndex];
        if (ticket) open(ticket);
      },
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  const columns = (
    <div className="queue-grid queue-header" aria-hidden>
      <span>{t('tickets.columns.number')}</span>
      <span>{t('tickets.columns.subject')}</span>
      <span>{t('tickets.columns.customer')}</span>
      <span>{t('tickets.columns.status')}</span>
      <span>{t('tickets.columns.priority')}</span>
      <span>{t('tickets.columns.assignee')}</span>
      <span>{t('tickets.columns.updated')}</span>
    </div>
  );

  return (
    <Stack gap="sm" h={`calc(100dvh - ${HEADER_HEIGHT}px - 2 * var(--mantine-spacing-md))`}>
      <Group justify="space-between" align="baseline" wrap="nowrap">
        <Title order={1} size="h3" ref={headingRef} tabIndex={-1} className="page-heading">
          {t('tickets.queueTitle')}
        </Title>
        <Text size="sm" c="dimmed" aria-live="polite">
          {t('tickets.count', { count: tickets.length })}
        </Text>
      </Group>
      <Text size="xs" c="dimmed" id="queue-keyboard-hint">
        {t('tickets.keyboardHint')}
      </Text>
      {tickets.length === 0 ? (
        <Stack gap={4} py="xl" align="center">
          <Text fw={500}>{t('tickets.empty')}</Text>
          <Text size="sm" c="dimmed">
            {t('tickets.emptyHint')}
          </Text>
        </Stack>
      ) : (
        <Stack gap={0} style={{ flex: 1, minHeight: 0 }}>
          {columns}
          <div
            ref={scrollRef}
            className="queue-scroll"
            role="listbox"
            aria-label={t('tickets.listLabel')}
            aria-describedby="queue-keyboard-hint"
            onKeyDown={onKeyDown}
            style={{ flex: 1, minHeight: 0 }}
          >
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((item) => {
                const ticket = tickets[item.index];
                if (ticket === undefined) return null;
                const selected = item.index === activeIndex;
                const customer = customers.get(ticket.customerId);
                const assignee = ticket.assigneeId === undefined ? undefined : users.get(ticket.assigneeId);
                return (
                  <div
                    key={ticket.id}
                    ref={(element) => {
                      if (element !== null && focusTarget.current === ticket.id) {
                        focusTarget.current = null;
                        element.focus({ preventScroll: true });
                      }
                    }}
                    role="option"
                    aria-selected={selected}
                    tabIndex={selected ? 0 : -1}
                    data-testid="ticket-row"
                    data-ticket-id={ticket.id}
                    className="queue-row queue-grid"
                    style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                    onClick={() => {
                      open(ticket);
                    }}
                    onFocus={() => {
                      if (!selected) select(ticket.id);
                    }}
                  >
                    <span className="queue-cell">
                      {ticket.number === undefined ? (
                        <Badge size="sm" variant="outline">
                          {t('tickets.unnumbered')}
                        </Badge>
                      ) : (
                        <Text size="sm" ff="monospace">
                          {t('tickets.number', { number: ticket.number })}
                        </Text>
                      )}
                    </span>
                    <Text size="sm" fw={500} className="queue-cell" title={ticket.subject}>
                      {ticket.subject}
                    </Text>
                    <Text size="sm" className="queue-cell">
                      {customer?.name ?? t('tickets.unknownCustomer')}
                    </Text>
                    <span className="queue-cell">
                      <Badge size="sm" variant="light" color={STATUS_COLORS[ticket.status]}>
                        {t(`status.${ticket.status}`)}
                      </Badge>
                    </span>
                    <Text size="sm" className="queue-cell" c={PRIORITY_COLORS[ticket.priority]} fw={ticket.priority === 'urgent' ? 700 : undefined}>
                      {t(`priority.${ticket.priority}`)}
                    </Text>
                    <Text size="sm" className="queue-cell" c={assignee ? undefined : 'dimmed'}>
                      {ticket.assigneeId === undefined
                        ? t('tickets.unassigned')
                        : (assignee?.name ?? t('tickets.unknownUser'))}
                    </Text>
                    <Text size="sm" c="dimmed" className="queue-cell">
                      <time dateTime={ticket.updatedAt}>{format.compactDateTime(ticket.updatedAt)}</time>
                    </Text>
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
