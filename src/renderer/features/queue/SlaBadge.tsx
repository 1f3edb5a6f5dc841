/**
 * SLA countdown badges. `SlaCountdown` shows the most urgent due metric of a ticket (the list passes the
 * policy and the clock it shares with every row); `SlaBadge` finds both itself, for the ticket page.
 * Computed on this device from the stamped due dates and the policy's calendar, so it runs offline.
 * `data-sla-state` (ok, at_risk, breached, paused, none) is what tests and styles read.
 */
import { Badge, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconClockHour4, IconClockPause, IconFlame } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { dueStatuses, mostUrgentDue, type DueState, type SlaTicketFields } from '../../../shared/domain/queue-sla';
import type { Ticket } from '../../../shared/domain/ticket';
import type { SlaSetup } from '../../../shared/sla/policy';
import { useCustomer } from '../../data/hooks';
import { useFormatters } from '../../i18n/format';
import { slaSetupOf, useSlaSettings } from './queue-data';
import { useNow } from '../shell/useNow';

const COLORS: Readonly<Record<DueState, string>> = { ok: 'teal', at_risk: 'orange', breached: 'red', paused: 'gray' };
const ICONS = { ok: IconClockHour4, at_risk: IconAlertTriangle, breached: IconFlame, paused: IconClockPause } as const;

interface SlaCountdownProps {
  readonly ticket: SlaTicketFields;
  readonly setup: SlaSetup | undefined;
  readonly now: number;
  readonly size?: 'xs' | 'sm' | 'md';
}

export function SlaCountdown({ ticket, setup, now, size = 'sm' }: SlaCountdownProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const due = mostUrgentDue(dueStatuses(ticket, setup, now));
  if (due === undefined) {
    return (
      <span data-testid="sla-badge" data-sla-state="none" className="sla-none">
        <VisuallyHidden>{t('sla.none')}</VisuallyHidden>
        <span aria-hidden>—</span>
      </span>
    );
  }
  // Past due counts up: the wording (and the badge's minus sign) says it is late.
  const time = format.duration(Math.abs(due.remainingMs));
  const label = t(`sla.state.${due.state}`, { metric: t(`sla.metric.${due.metric}`), time });
  const Icon = ICONS[due.state];
  return (
    <Tooltip label={`${label} · ${format.dateTime(due.dueAt)}`} openDelay={400}>
      <Badge
        data-testid="sla-badge"
        data-sla-state={due.state}
        data-sla-metric={due.metric}
        size={size}
        variant={due.state === 'breached' ? 'filled' : 'light'}
        color={COLORS[due.state]}
        // Teal, orange and gray text on their light tints stay under WCAG AA contrast (4.5:1): the light
        // badges use the body text colour (the tint and the icon tell the states apart); breached is filled.
        c={due.state === 'breached' ? undefined : 'var(--mantine-color-text)'}
        leftSection={<Icon aria-hidden size={12} />}
        style={{ fontVariantNumeric: 'tabular-nums', textTransform: 'none' }}
      >
        <VisuallyHidden>{label}</VisuallyHidden>
        <span aria-hidden>{due.state === 'breached' ? `−${time}` : time}</span>
      </Badge>
    </Tooltip>
  );
}

type BadgeTicket = SlaTicketFields & Pick<Ticket, 'channel' | 'tier' | 'priority' | 'slaPolicyId' | 'customerId'>;

/** The live countdown of one ticket, with its own clock, policy and customer lookup (for the ticket page). */
export function SlaBadge({ ticket }: { readonly ticket: BadgeTicket }) {
  const settings = useSlaSettings();
  const customer = useCustomer(ticket.customerId);
  const now = useNow(1000);
  return <SlaCountdown ticket={ticket} setup={slaSetupOf(settings, ticket, customer?.segment ?? undefined)} now={now} size="md" />;
}
