/**
 * Tickets at risk of breaching their SLA and tickets that breached, counted and listed from the local
 * replica (works offline), each a link to the ticket with its live countdown.
 *
 * Test hooks: `[data-testid="sla-watch"]` sections with `data-kind` (at_risk, breached) and
 * `data-count`; their items `[data-testid="sla-watch-ticket"]` with `data-ticket-id`.
 */
import { Anchor, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { slaWatch } from '../../../shared/domain/sla-watch';
import type { SettingsDocument } from '../../../shared/domain/settings';
import type { SlaSetup } from '../../../shared/sla/policy';
import type { CustomerView, TicketView } from '../../data/hooks';
import { useFormatters } from '../../i18n/format';
import { slaSetupOf, useCustomersByIds, useSlaSettings } from '../queue/queue-data';
import { useNow } from '../shell/useNow';
import { SlaCountdown } from '../queue/SlaBadge';
import { useBreached, useSlaCandidates, useSlaPlans, type SlaCandidate } from './sla-watch-data';

/** Rows listed per kind; the counts cover them all. */
const LIST_LIMIT = 25;

interface ListedTicket {
  readonly ticket: TicketView;
  readonly setup: SlaSetup | undefined;
}

export function SlaWatchPanel() {
  const { t } = useTranslation();
  const settings = useSlaSettings();
  const plans = useSlaPlans(settings);
  const candidates = useSlaCandidates(plans.atRisk);
  const breached = useBreached(plans.breached, LIST_LIMIT);
  const now = useNow(1000);

  const segments = useMemo(() => new Map(candidates.map((candidate) => [candidate.ticket.id, candidate.segment])), [candidates]);
  const watch = useMemo(
    () => slaWatch(candidates.map((candidate: SlaCandidate) => candidate.ticket), (ticket) => slaSetupOf(settings, ticket, segments.get(ticket.id)), now, plans.plannedAt),
    [candidates, segments, settings, now, plans.plannedAt],
  );
  const breachedCustomers = useCustomersByIds(useMemo(() => breached.rows.map((ticket) => ticket.customerId), [breached.rows]));

  const atRisk: ListedTicket[] = watch.atRisk.map(({ ticket }) => ({ ticket, setup: slaSetupOf(settings, ticket, segments.get(ticket.id)) }));
  const newlyBreached = new Set(watch.newlyBreached.map(({ ticket }) => ticket.id));
  const breachedList: ListedTicket[] = [
    ...watch.newlyBreached.map(({ ticket }) => ({ ticket, setup: slaSetupOf(settings, ticket, segments.get(ticket.id)) })),
    ...breached.rows.filter((ticket) => !newlyBreached.has(ticket.id)).map((ticket) => ({ ticket, setup: setupOf(settings, ticket, breachedCustomers) })),
  ];
  const breachedCount = breached.count === null ? null : breached.count + watch.newlyBreached.length;

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="board-sla-heading">
      <Text component="h2" fw={600} size="md" id="board-sla-heading">
        {t('supervisor.sla.title')}
      </Text>
      <Text size="xs" c="dimmed" mb="xs">
        {t('supervisor.sla.local')}
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <WatchList kind="at_risk" title={t('supervisor.sla.atRisk')} empty={t('supervisor.sla.emptyAtRisk')} count={atRisk.length} tickets={atRisk} now={now} />
        <WatchList kind="breached" title={t('supervisor.sla.breached')} empty={t('supervisor.sla.emptyBreached')} count={breachedCount} tickets={breachedList} now={now} />
      </SimpleGrid>
    </Card>
  );
}

function setupOf(settings: readonly SettingsDocument[], ticket: TicketView, customers: ReadonlyMap<string, CustomerView>): SlaSetup | undefined {
  return slaSetupOf(settings, ticket, customers.get(ticket.customerId)?.segment ?? undefined);
}

interface WatchListProps {
  readonly kind: 'at_risk' | 'breached';
  readonly title: string;
  readonly empty: string;
  /** null while the replica is still counting. */
  readonly count: number | null;
  readonly tickets: readonly ListedTicket[];
  readonly now: number;
}

function WatchList({ kind, title, empty, count, tickets, now }: WatchListProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const headingId = `board-sla-${kind}`;
  const shown = tickets.slice(0, LIST_LIMIT);
  return (
    <Stack gap="xs" component="section" aria-labelledby={headingId} data-testid="sla-watch" data-kind={kind} data-count={count ?? undefined}>
      <Group gap="xs" align="baseline">
        <Text component="h3" fw={600} size="sm" id={headingId}>
          {title}
        </Text>
        <Text fw={700} size="lg" c={kind === 'breached' && count !== null && count > 0 ? 'red' : undefined} data-testid="sla-watch-count" style={{ fontVariantNumeric: 'tabular-nums' }}>
          {count === null ? t('supervisor.sla.counting') : format.number(count)}
        </Text>
      </Group>
      {shown.length === 0 ? (
        <Text size="sm" c="dimmed">
          {count === null ? t('supervisor.sla.counting') : empty}
        </Text>
      ) : (
        <Stack component="ul" gap={6} p={0} m={0} style={{ listStyle: 'none' }} aria-labelledby={headingId}>
          {shown.map(({ ticket, setup }) => (
            <Group component="li" key={ticket.id} gap="xs" wrap="nowrap" justify="space-between" data-testid="sla-watch-ticket" data-ticket-id={ticket.id}>
              <Anchor component={Link} to={`/tickets/${ticket.id}`} size="sm" style={{ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                {ticket.number === undefined
                  ? t('supervisor.sla.unsynced', { subject: ticket.subject })
                  : t('supervisor.sla.ticket', { number: ticket.number, subject: ticket.subject })}
              </Anchor>
              <SlaCountdown ticket={ticket} setup={setup} now={now} size="sm" />
            </Group>
          ))}
        </Stack>
      )}
      {count !== null && count > shown.length && (
        <Text size="xs" c="dimmed">
          {t('supervisor.sla.more', { shown: shown.length, total: count })}
        </Text>
      )}
    </Stack>
  );
}
