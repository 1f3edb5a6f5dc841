/**
 * A ticket's history from the replicated timeline, newest first: messages and notes, the server's
 * change events, and the `sync_conflict` records this or another client wrote when a merge replaced
 * someone's value (so an overwritten edit stays visible to everyone). Entries not pushed yet are marked.
 *
 * Test hooks: `[data-testid="timeline-entry"]` with `data-kind`.
 */
import { Badge, Card, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../../../shared/domain/ticket';
import { useTicketTimeline, type TimelineView } from '../../data/hooks';
import { PendingTracker, syncStatusStore } from '../../data/sync-status';
import { useUsers } from '../../data/users';
import { useFormatters } from '../../i18n/format';
import { useDescribeConflict } from './conflicts';

/** A `conflictRecord()` value is JSON text; absent means "no value". */
function decode(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function useDescribeEntry(): (entry: TimelineView) => { title: string; detail?: string } {
  const { t } = useTranslation();
  const { byId } = useUsers();
  const describeConflict = useDescribeConflict();
  const none = t('timeline.none');
  const status = (value: string | undefined) =>
    value !== undefined && TICKET_STATUSES.includes(value as never) ? t(`status.${value as (typeof TICKET_STATUSES)[number]}`) : (value ?? none);
  const priority = (value: string | undefined) =>
    value !== undefined && TICKET_PRIORITIES.includes(value as never) ? t(`priority.${value as (typeof TICKET_PRIORITIES)[number]}`) : (value ?? none);
  const user = (value: string | undefined) => (value === undefined ? t('tickets.unassigned') : (byId.get(value)?.name ?? t('tickets.unknownUser')));

  return (entry) => {
    switch (entry.kind) {
      case 'status_change':
        return { title: t('timeline.kind.status_change', { from: status(entry.fromValue), to: status(entry.toValue) }) };
      case 'priority_change':
        return { title: t('timeline.kind.priority_change', { from: priority(entry.fromValue), to: priority(entry.toValue) }) };
      case 'assignment_change':
        return { title: t('timeline.kind.assignment_change', { from: user(entry.fromValue), to: user(entry.toValue) }) };
      case 'tier_change':
        return { title: t('timeline.kind.tier_change', { from: entry.fromValue ?? none, to: entry.toValue ?? none }) };
      case 'escalation':
        return { title: t('timeline.kind.escalation', { tier: entry.toValue ?? none }), ...(entry.body === undefined ? {} : { detail: entry.body }) };
      case 'sla_breach':
        return { title: t('timeline.kind.sla_breach', { metric: entry.slaMetric === undefined ? none : t(`timeline.slaMetric.${entry.slaMetric}`) }) };
      case 'sync_conflict': {
        const conflict = entry.conflict;
        if (conflict === undefined) return { title: t('timeline.kind.sync_conflict') };
        return {
          title: t('timeline.kind.sync_conflict'),
          detail: describeConflict({
            key: 0,
            collection: 'tickets',
            documentId: entry.subjectId,
            at: 0,
            field: conflict.field,
            localValue: decode(conflict.localValue),
            masterValue: decode(conflict.masterValue),
          }),
        };
      }
      default:
        return { title: t(`timeline.kind.${entry.kind}`), ...(entry.body === undefined ? {} : { detail: entry.body }) };
    }
  };
}

export function TicketTimeline({ ticketId }: { readonly ticketId: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const entries = useTicketTimeline(ticketId);
  const describe = useDescribeEntry();
  const pendingKeys = useStore(syncStatusStore, (state) => state.pendingKeys);
  const pending = new Set(pendingKeys);

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="ticket-history-heading">
      <Text fw={600} id="ticket-history-heading" mb={4}>
        {t('timeline.title')}
      </Text>
      {entries.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('timeline.empty')}
        </Text>
      ) : (
        <Stack component="ol" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
          {entries.map((entry) => {
            const { title, detail } = describe(entry);
            return (
              <li key={entry.id} data-testid="timeline-entry" data-kind={entry.kind}>
                <Group gap="xs" wrap="nowrap" align="baseline">
                  <Text size="sm" fw={500} c={entry.kind === 'sync_conflict' ? 'orange' : undefined}>
                    {title}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {format.compactDateTime(entry.occurredAt)}
                  </Text>
                  {pending.has(PendingTracker.key('timeline', entry.id)) && (
                    <Badge size="xs" variant="outline" color="orange">
                      {t('timeline.pendingUpload')}
                    </Badge>
                  )}
                </Group>
                {detail !== undefined && (
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {detail}
                  </Text>
                )}
              </li>
            );
          })}
        </Stack>
      )}
    </Card>
  );
}
