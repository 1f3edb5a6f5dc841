/**
 * One timeline of the customer's tickets, calls and survey answers, newest first (`customerHistory`),
 * virtualized: a long-time customer can have thousands. Items are `data-testid="customer-history-item"`
 * with `data-kind` (ticket | call | survey); tickets link to the ticket page, recorded calls play their
 * recording in the row (scrolling the row away stops it).
 */
import { Anchor, Badge, Card, Group, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Call } from '../../../shared/domain/call';
import type { HistoryItem } from '../../../shared/domain/customer-history';
import { SURVEY_SCALES, type SurveyResponse } from '../../../shared/domain/survey';
import type { Ticket } from '../../../shared/domain/ticket';
import { useFormatters } from '../../i18n/format';
import { RecordingPlayer } from '../calls/RecordingPlayer';
import { STATUS_COLORS } from '../tickets/labels';

const ROW_HEIGHT = 56;
const VISIBLE_ROWS = 10;

export type CustomerHistoryItem = HistoryItem<Ticket, Call, SurveyResponse>;

function ItemLine({ item }: { readonly item: CustomerHistoryItem }) {
  const { t } = useTranslation();
  const format = useFormatters();
  switch (item.kind) {
    case 'ticket': {
      const { ticket } = item;
      const label =
        ticket.number === undefined
          ? t('customers.history.ticketUnnumbered', { subject: ticket.subject })
          : t('customers.history.ticket', { number: t('tickets.number', { number: ticket.number }), subject: ticket.subject });
      return (
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <Anchor component={Link} to={`/tickets/${encodeURIComponent(ticket.id)}`} size="sm" fw={500} className="queue-cell">
            {label}
          </Anchor>
          <Badge size="sm" variant="light" color={STATUS_COLORS[ticket.status]}>
            {t(`status.${ticket.status}`)}
          </Badge>
          <Text size="xs" c="dimmed">
            {t(`channel.${ticket.channel}`)}
          </Text>
        </Group>
      );
    }
    case 'call': {
      const { call } = item;
      const talk = call.talkSeconds;
      const line = (
        <Text size="sm" className="queue-cell">
          {t('customers.history.call', { direction: t(`timeline.call.direction.${call.direction}`), outcome: t(`timeline.call.outcome.${call.outcome}`) })}
          {talk !== undefined && talk > 0 && ` · ${t('customers.history.talkTime', { duration: format.duration(talk * 1000) })}`}
        </Text>
      );
      if (call.recordingRef === undefined) return line;
      return (
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          {line}
          <RecordingPlayer callId={call.id} compact />
        </Group>
      );
    }
    case 'survey': {
      const { survey } = item;
      return (
        <Text size="sm" className="queue-cell" title={survey.comment}>
          {t('customers.history.survey', { kind: t(`customers.history.surveyKind.${survey.kind}`), score: survey.score, max: SURVEY_SCALES[survey.kind].max })}
          {survey.comment !== undefined && ` · “${survey.comment}”`}
        </Text>
      );
    }
  }
}

export function CustomerHistory({ items, loaded }: { readonly items: readonly CustomerHistoryItem[]; readonly loaded: boolean }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns functions React Compiler cannot memoize; this component is not compiled.
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => {
      const item = items[index];
      return item === undefined ? index : `${item.kind}:${item.id}`;
    },
  });

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="customer-history-heading">
      <Text fw={600} id="customer-history-heading" component="h2" size="md" mb="xs">
        {t('customers.history.title')}
      </Text>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed" role="status">
          {loaded ? t('customers.history.empty') : t('customers.history.loading')}
        </Text>
      ) : (
        <div
          ref={scrollRef}
          role="list"
          aria-label={t('customers.history.listLabel')}
          className="queue-scroll"
          tabIndex={0}
          style={{ height: Math.min(items.length, VISIBLE_ROWS) * ROW_HEIGHT }}
        >
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((virtual) => {
              const item = items[virtual.index];
              if (item === undefined) return null;
              return (
                <div
                  key={`${item.kind}:${item.id}`}
                  role="listitem"
                  aria-setsize={items.length}
                  aria-posinset={virtual.index + 1}
                  data-testid="customer-history-item"
                  data-kind={item.kind}
                  data-id={item.id}
                  style={{
                    position: 'absolute',
                    left: 0,
                    right: 0,
                    height: ROW_HEIGHT,
                    transform: `translateY(${virtual.start}px)`,
                    display: 'flex',
                    flexDirection: 'column',
                    justifyContent: 'center',
                    borderBottom: '1px solid var(--mantine-color-default-border)',
                    padding: '0 0.5rem',
                  }}
                >
                  <Text size="xs" c="dimmed" component="time" dateTime={item.at}>
                    {format.dateTime(item.at)}
                  </Text>
                  <ItemLine item={item} />
                </div>
              );
            })}
          </div>
        </div>
      )}
    </Card>
  );
}
