/** The heading line of a timeline entry in the current language: what happened, and who said it. */
import { useTranslation } from 'react-i18next';
import { escalationDirection } from '../../../shared/domain/escalation';
import { CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES, TIERS, type Channel } from '../../../shared/domain/ticket';
import type { TimelineView } from '../../data/hooks';
import { useCustomer } from '../../data/hooks';
import { useUsers } from '../../data/users';
import { useDescribeConflict } from './conflicts';
import { useGroups } from './workspace-data';

/** A `conflictRecord()` value is JSON text; absent means "no value". */
function decode(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const isOneOf = <T extends string>(values: readonly T[], value: string | undefined): value is T =>
  value !== undefined && (values as readonly string[]).includes(value);

export interface EntryDescription {
  readonly title: string;
  readonly author?: string;
  /** Text the entry has besides its body (a conflict's description). */
  readonly detail?: string;
}

/**
 * `ticketName` names the tickets of merge events (the server's `merge` entries carry ids: on the merged
 * ticket `toValue` is where it went; on the surviving one `fromValue` is the ticket merged into it).
 */
export function useDescribeEntry(customerId?: string, ticketName?: (ticketId: string) => string): (entry: TimelineView) => EntryDescription {
  const { t } = useTranslation();
  const { byId } = useUsers();
  const groups = useGroups();
  const customer = useCustomer(customerId);
  const describeConflict = useDescribeConflict();
  const none = t('timeline.none');
  const status = (value: string | undefined) => (isOneOf(TICKET_STATUSES, value) ? t(`status.${value}`) : (value ?? none));
  const priority = (value: string | undefined) => (isOneOf(TICKET_PRIORITIES, value) ? t(`priority.${value}`) : (value ?? none));
  const user = (value: string | undefined) => (value === undefined ? t('tickets.unassigned') : (byId.get(value)?.name ?? t('tickets.unknownUser')));
  const group = (value: string | undefined) =>
    value === undefined ? t('timeline.noGroup') : (groups.find((candidate) => candidate.id === value)?.name ?? t('timeline.unknownGroup'));
  const channel = (value: Channel | undefined) => (value === undefined ? none : t(`channel.${value}`));

  return (entry) => {
    const by = entry.authorType === 'customer' ? (customer?.name ?? t('timeline.customer')) : entry.authorId === undefined ? undefined : user(entry.authorId);
    const author = by === undefined ? {} : { author: by };
    switch (entry.kind) {
      case 'customer_message':
        return { title: t('timeline.kind.customer_message', { channel: channel(entry.channel) }), ...author };
      case 'agent_reply':
        return { title: t('timeline.kind.agent_reply', { channel: channel(isOneOf(CHANNELS, entry.channel) ? entry.channel : undefined) }), ...author };
      case 'status_change':
        return { title: t('timeline.kind.status_change', { from: status(entry.fromValue), to: status(entry.toValue) }), ...author };
      case 'priority_change':
        return { title: t('timeline.kind.priority_change', { from: priority(entry.fromValue), to: priority(entry.toValue) }), ...author };
      case 'assignment_change':
        return { title: t('timeline.kind.assignment_change', { from: user(entry.fromValue), to: user(entry.toValue) }), ...author };
      case 'group_change':
        return { title: t('timeline.kind.group_change', { from: group(entry.fromValue), to: group(entry.toValue) }), ...author };
      case 'tier_change':
        return { title: t('timeline.kind.tier_change', { from: entry.fromValue ?? none, to: entry.toValue ?? none }), ...author };
      case 'escalation': {
        const from = entry.fromValue;
        const to = entry.toValue;
        const down = isOneOf(TIERS, from) && isOneOf(TIERS, to) && escalationDirection(from, to) === 'de-escalate';
        return { title: t(down ? 'timeline.kind.deescalation' : 'timeline.kind.escalation', { from: from ?? none, tier: to ?? none }), ...author };
      }
      case 'merge': {
        const name = (id: string) => ticketName?.(id) ?? t('ticketMerge.anotherTicket');
        if (entry.fromValue !== undefined && entry.fromValue !== entry.subjectId) {
          return { title: t('ticketMerge.timelineFrom', { ticket: name(entry.fromValue) }), ...author };
        }
        return { title: entry.toValue === undefined ? t('timeline.kind.merge') : t('ticketMerge.timelineInto', { ticket: name(entry.toValue) }), ...author };
      }
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
        return { title: t(`timeline.kind.${entry.kind}`), ...author };
    }
  };
}
