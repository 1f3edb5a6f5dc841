/**
 * A ticket's history from the replicated timeline, newest first, across channels: customer messages
 * (email HTML sanitized), replies and internal notes (Markdown, sanitized), calls with their duration,
 * disposition and recording, escalations with their reason, the server's change events, and the
 * `sync_conflict` records written when a merge replaced someone's value. Entries not pushed yet are marked.
 * Tickets merged into this one keep their entries (append-only); they show here too, marked with the
 * ticket they came from.
 *
 * Test hooks: `[data-testid="timeline-entry"]` with `data-kind` and `data-subject-id` (the ticket the
 * entry belongs to); the body is `[data-testid="message-body"]`.
 */
import { Badge, Card, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { PendingTracker, syncStatusStore } from '../../data/sync-status';
import type { TimelineView } from '../../data/hooks';
import { useFormatters } from '../../i18n/format';
import { CallSummary } from './CallSummary';
import { SafeContent, type ContentFormat } from './SafeContent';
import { looksLikeHtml } from './content-format';
import { ticketName } from './ticket-merge-labels';
import { useTicketIdsMergedInto, useTicketsByIds, useTimelineOf } from './ticket-merge-data';
import { useDescribeEntry } from './timeline-labels';
import { useCalls } from './workspace-data';

/** How a body is shown: email HTML from customers is sanitized HTML; what agents write is Markdown. */
function formatOf(entry: TimelineView): ContentFormat {
  if (entry.kind === 'customer_message') return entry.channel === 'email' && looksLikeHtml(entry.body ?? '') ? 'html' : 'text';
  return entry.kind === 'agent_reply' || entry.kind === 'internal_note' ? 'markdown' : 'text';
}

const ACCENT: Partial<Record<TimelineView['kind'], string>> = {
  customer_message: 'var(--mantine-color-blue-light)',
  internal_note: 'var(--mantine-color-yellow-light)',
  escalation: 'var(--mantine-color-grape-light)',
  sync_conflict: 'var(--mantine-color-orange-light)',
};

interface TicketTimelineProps {
  readonly ticketId: string;
  /** Names the customer on their messages. */
  readonly customerId: string;
  readonly onOpenArticle?: (articleId: string) => void;
}

export function TicketTimeline({ ticketId, customerId, onOpenArticle }: TicketTimelineProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const ticketIds = useTicketIdsMergedInto(ticketId);
  const entries = useTimelineOf(ticketIds.length === 0 ? [ticketId] : ticketIds);
  // Tickets named on this page: where merged entries came from, and both sides of merge events.
  const named = useTicketsByIds([...ticketIds, ...entries.flatMap((entry) => (entry.kind === 'merge' ? [entry.fromValue, entry.toValue] : []))]);
  const describe = useDescribeEntry(customerId, (id) => ticketName(t, named.get(id)));
  const pendingKeys = useStore(syncStatusStore, (state) => state.pendingKeys);
  const pending = new Set(pendingKeys);
  const calls = useCalls(entries.flatMap((entry) => (entry.callId === undefined ? [] : [entry.callId])));

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="ticket-history-heading">
      <Text fw={600} id="ticket-history-heading" mb="xs" component="h2" size="md">
        {t('timeline.title')}
      </Text>
      {entries.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('timeline.empty')}
        </Text>
      ) : (
        <Stack component="ol" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
          {entries.map((entry) => {
            const { title, author, detail } = describe(entry);
            const accent = ACCENT[entry.kind];
            return (
              <li key={entry.id} data-testid="timeline-entry" data-kind={entry.kind} data-subject-id={entry.subjectId}>
                <Paper p={accent === undefined ? 0 : 'xs'} bg={accent} radius="sm">
                  <Group gap="xs" wrap="wrap" align="baseline">
                    <Text size="sm" fw={600}>
                      {title}
                    </Text>
                    {author !== undefined && (
                      <Text size="sm" c="dimmed">
                        {author}
                      </Text>
                    )}
                    <Text size="xs" c="dimmed" component="time" dateTime={entry.occurredAt}>
                      {format.compactDateTime(entry.occurredAt)}
                    </Text>
                    {entry.subjectId !== ticketId && (
                      <Badge size="xs" variant="light" color="gray" data-testid="timeline-entry-origin">
                        {t('ticketMerge.fromTicket', { ticket: ticketName(t, named.get(entry.subjectId)) })}
                      </Badge>
                    )}
                    {pending.has(PendingTracker.key('timeline', entry.id)) && (
                      <Badge size="xs" variant="outline" color="orange">
                        {t('timeline.pendingUpload')}
                      </Badge>
                    )}
                  </Group>
                  {entry.kind === 'call' && entry.callId !== undefined && <CallSummary call={calls.get(entry.callId)} />}
                  {entry.body !== undefined && <SafeContent text={entry.body} format={formatOf(entry)} onOpenArticle={onOpenArticle} />}
                  {detail !== undefined && (
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                      {detail}
                    </Text>
                  )}
                </Paper>
              </li>
            );
          })}
        </Stack>
      )}
    </Card>
  );
}
