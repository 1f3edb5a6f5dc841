/**
 * Makes the conflict log visible: a notification when the server's value replaced something the agent
 * had typed, and a list on the ticket's page until dismissed.
 */
import { Alert, CloseButton, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../../../shared/domain/ticket';
import { conflictLog, dismissConflict, type ConflictEntry } from '../../data/conflict';
import { useUsers } from '../../data/users';

const FIELD_LABELS = {
  subject: 'detail.subject',
  status: 'detail.status',
  priority: 'detail.priority',
  assigneeId: 'detail.assignee',
  groupId: 'detail.group',
  tags: 'detail.tags',
  relatedTicketIds: 'detail.related',
  followUpAt: 'detail.followUp',
  tier: 'detail.tier',
} as const;

function isKnownField(field: string): field is keyof typeof FIELD_LABELS {
  return field in FIELD_LABELS;
}

/** "Priority: your “Low” was replaced by “Urgent”." in the current language. */
export function useDescribeConflict(): (entry: ConflictEntry) => string {
  const { t } = useTranslation();
  const { byId } = useUsers();
  return useCallback(
    (entry: ConflictEntry) => {
      const show = (value: unknown): string => {
        if (value === undefined || value === null || value === '') {
          return entry.field === 'assigneeId' ? t('tickets.unassigned') : t('conflicts.empty');
        }
        if (entry.field === 'status' && TICKET_STATUSES.includes(value as never)) {
          return t(`status.${value as (typeof TICKET_STATUSES)[number]}`);
        }
        if (entry.field === 'priority' && TICKET_PRIORITIES.includes(value as never)) {
          return t(`priority.${value as (typeof TICKET_PRIORITIES)[number]}`);
        }
        if (entry.field === 'assigneeId' && typeof value === 'string') return byId.get(value)?.name ?? t('tickets.unknownUser');
        return typeof value === 'string' ? value : JSON.stringify(value);
      };
      const field = isKnownField(entry.field) ? t(FIELD_LABELS[entry.field]) : entry.field;
      return t('conflicts.message', { field, mine: show(entry.localValue), theirs: show(entry.masterValue) });
    },
    [t, byId],
  );
}

/** Announces each new conflict entry once (mounted in the workstation). */
export function ConflictNotifier() {
  const { t } = useTranslation();
  const describe = useDescribeConflict();
  useEffect(() => {
    let seen = conflictLog.getState().entries.at(-1)?.key ?? 0;
    return conflictLog.subscribe((state) => {
      for (const entry of state.entries) {
        if (entry.key <= seen) continue;
        seen = entry.key;
        notifications.show({
          title: t('conflicts.title'),
          message: describe(entry),
          color: 'orange',
          autoClose: 10_000,
        });
      }
    });
  }, [describe, t]);
  return null;
}

/** Removes one entry from the conflict log (the timeline keeps its record). */
export function DismissConflictButton({ entryKey }: { readonly entryKey: number }) {
  const { t } = useTranslation();
  return (
    <CloseButton
      size="sm"
      aria-label={t('conflicts.dismiss')}
      onClick={() => {
        dismissConflict(entryKey);
      }}
    />
  );
}

/** The entries of one ticket, each dismissable. */
export function TicketConflicts({ ticketId }: { readonly ticketId: string }) {
  const { t } = useTranslation();
  const describe = useDescribeConflict();
  const entries = useStore(conflictLog, (state) => state.entries);
  const mine = entries.filter((entry) => entry.collection === 'tickets' && entry.documentId === ticketId);
  if (mine.length === 0) return null;
  return (
    <Alert color="orange" icon={<IconAlertTriangle aria-hidden />} title={t('conflicts.sectionTitle')}>
      <Stack gap={4}>
        {mine.map((entry) => (
          <Group key={entry.key} justify="space-between" wrap="nowrap" gap="xs">
            <Text size="sm">{describe(entry)}</Text>
            <DismissConflictButton entryKey={entry.key} />
          </Group>
        ))}
      </Stack>
    </Alert>
  );
}
