/**
 * The virtualized rows of a queue view. Rows are `data-testid="ticket-row"` with `data-ticket-id`
 * (`role="option"`); ↑/↓, Home/End and PageUp/PageDown move the selection and focus, Enter or a click
 * opens the ticket. The list asks for more rows (`onNeedMore`) as the window nears the last loaded one.
 */
import { Badge, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { SettingsDocument } from '../../../shared/domain/settings';
import type { CustomerView, TicketView } from '../../data/hooks';
import { useUsers } from '../../data/users';
import { useFormatters } from '../../i18n/format';
import { useUi } from '../../stores/ui';
import { STATUS_COLORS } from '../tickets/labels';
import { slaSetupOf } from './queue-data';
import { useNow } from '../shell/useNow';
import { SlaCountdown } from './SlaBadge';

const ROW_HEIGHT = 52;
const PRIORITY_DOTS = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' } as const;
const PAGE_STEP = 10;
/** Ask for more rows when the window is this close to the last loaded one. */
const LOAD_AHEAD = 40;
/** The shared grid plus an SLA column. */
const GRID_COLUMNS = '5.5rem minmax(12rem, 3fr) minmax(8rem, 1.5fr) 7rem 7.5rem 6rem minmax(7rem, 1fr) 7.5rem';

interface QueueListProps {
  readonly tickets: readonly TicketView[];
  readonly customers: ReadonlyMap<string, CustomerView>;
  readonly settings: readonly SettingsDocument[];
  readonly label: string;
  readonly hasMore: boolean;
  readonly onNeedMore: () => void;
  /** Focus moves here on arrival when no row was selected before. */
  readonly headingRef: React.RefObject<HTMLHeadingElement | null>;
}

export function QueueList({ tickets, customers, settings, label, hasMore, onNeedMore, headingRef }: QueueListProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const navigate = useNavigate();
  const { byId: users } = useUsers();
  const selectedId = useUi((state) => state.selectedTicketId);
  const select = useUi((state) => state.selectTicket);
  const now = useNow(1000);

  const scrollRef = useRef<HTMLDivElement>(null);
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
  const items = virtualizer.getVirtualItems();
  const lastVisible = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (hasMore && lastVisible >= tickets.length - LOAD_AHEAD) onNeedMore();
  }, [hasMore, lastVisible, tickets.length, onNeedMore]);

  // On arrival: back from a ticket, bring its row into view and focus it; otherwise focus the heading.
  const initialSelection = useRef(selectedId);
  const initialTickets = tickets.length > 0;
  useEffect(() => {
    // Arrival only: a list that comes back while the user works in the queue's controls (a filter
    // picked empties the list for a moment) leaves the focus where it is.
    if (document.activeElement?.closest('#main-content, [role="dialog"]') != null) {
      if (initialTickets) initialSelection.current = null;
      return;
    }
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

  return (
    <div style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
      <div className="queue-grid queue-header" aria-hidden style={{ gridTemplateColumns: GRID_COLUMNS }}>
        <span>{t('tickets.columns.number')}</span>
        <span>{t('tickets.columns.subject')}</span>
        <span>{t('tickets.columns.customer')}</span>
        <span>{t('sla.column')}</span>
        <span>{t('tickets.columns.status')}</span>
        <span>{t('tickets.columns.priority')}</span>
        <span>{t('tickets.columns.assignee')}</span>
        <span>{t('tickets.columns.updated')}</span>
      </div>
      <div
        ref={scrollRef}
        className="queue-scroll"
        role="listbox"
        aria-label={label}
        aria-describedby="queue-keyboard-hint"
        tabIndex={tickets.length === 0 ? 0 : -1}
        onKeyDown={onKeyDown}
        style={{ flex: 1, minHeight: 0 }}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
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
                style={{ height: ROW_HEIGHT, transform: `translateY(${String(item.start)}px)`, gridTemplateColumns: GRID_COLUMNS }}
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
                  <SlaCountdown ticket={ticket} setup={slaSetupOf(settings, ticket, customer?.segment)} now={now} size="sm" />
                </span>
                <span className="queue-cell">
                  {/* Dot badges: the label keeps the text colour, so it stays readable (WCAG AA) on every status colour. */}
                  <Badge size="sm" variant="dot" color={STATUS_COLORS[ticket.status]}>
                    {t(`status.${ticket.status}`)}
                  </Badge>
                </span>
                <span className="queue-cell">
                  <Badge size="sm" variant="dot" color={PRIORITY_DOTS[ticket.priority]} fw={ticket.priority === 'urgent' ? 700 : 500}>
                    {t(`priority.${ticket.priority}`)}
                  </Badge>
                </span>
                <Text size="sm" className="queue-cell" c={assignee ? undefined : 'dimmed'}>
                  {ticket.assigneeId === undefined ? t('tickets.unassigned') : (assignee?.name ?? t('tickets.unknownUser'))}
                </Text>
                <Text size="sm" c="dimmed" className="queue-cell">
                  <time dateTime={ticket.updatedAt}>{format.compactDateTime(ticket.updatedAt)}</time>
                </Text>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
