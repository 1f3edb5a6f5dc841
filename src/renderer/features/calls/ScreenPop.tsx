/**
 * Screen pop: who is calling. Looks the number up among the customers' phones and contact points in
 * the local replica (works offline), shows the customer's profile and open tickets, and files the call
 * under a ticket in one click: link to an open one, or create a phone ticket. Unknown numbers offer
 * "Create customer". Mounted by the softphone for the ringing/connected call and by the call list.
 *
 * Test hooks: `[data-testid="screen-pop"]` with `data-match="none|one|many"`.
 */
import { Alert, Anchor, Badge, Button, Card, Group, Radio, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconUserPlus } from '@tabler/icons-react';
import { useMemo, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isSupportedCustomerLanguage } from './language';
import { findCustomersByPhone, type CustomerPhoneMatch } from '../../../shared/voice/customer-lookup';
import { formatPhoneNumber } from '../../../shared/voice/phone';
import { useDatabase, type CustomerView } from '../../data/hooks';
import { useFormatters } from '../../i18n/format';
import { useAgentId, useHomeCountry } from './agent';
import { createCustomerFromCall, createPhoneTicket, linkCallToTicket, useAllCustomers, useCallRecord, useCustomerCalls, useOpenTicketsOf } from './calls-data';
import { CallHistory } from './CallHistory';

export interface ScreenPopProps {
  /** The caller's (or dialled) number as the provider gave it; undefined when withheld. */
  readonly phoneNumber: string | undefined;
  /** The call record, when there is one: enables linking the call to a ticket. */
  readonly callRecordId?: string;
}

export function ScreenPop({ phoneNumber, callRecordId }: ScreenPopProps) {
  const { t } = useTranslation();
  const homeCountry = useHomeCountry();
  const customers = useAllCustomers();
  const matches = useMemo(() => findCustomersByPhone(customers, phoneNumber, homeCountry === undefined ? {} : { defaultCountry: homeCountry }), [customers, phoneNumber, homeCountry]);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const chosen = matches.find((match) => match.customer.id === chosenId) ?? matches[0];
  const display = phoneNumber === undefined ? t('calls.pop.withheld') : formatPhoneNumber(phoneNumber, homeCountry);

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="screen-pop-heading" data-testid="screen-pop" data-match={matches.length === 0 ? 'none' : matches.length === 1 ? 'one' : 'many'}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Text component="h2" fw={600} size="md" id="screen-pop-heading">
            {chosen === undefined ? t('calls.pop.unknownCaller') : chosen.customer.name}
          </Text>
          <Text size="sm" c="dimmed">
            {display}
          </Text>
        </Group>
        {matches.length > 1 && <MatchPicker matches={matches} value={chosen?.customer.id ?? null} onChange={setChosenId} />}
        {chosen === undefined ? (
          phoneNumber !== undefined && <CreateCustomerForm phoneNumber={phoneNumber} homeCountry={homeCountry} />
        ) : (
          <CustomerSummary customer={chosen.customer} callRecordId={callRecordId} />
        )}
      </Stack>
    </Card>
  );
}

function MatchPicker({ matches, value, onChange }: { readonly matches: readonly CustomerPhoneMatch<CustomerView>[]; readonly value: string | null; readonly onChange: (id: string) => void }) {
  const { t } = useTranslation();
  return (
    <Radio.Group label={t('calls.pop.severalMatches', { count: matches.length })} value={value} onChange={onChange}>
      <Stack gap={4} mt={4}>
        {matches.map((match) => (
          <Radio
            key={match.customer.id}
            value={match.customer.id}
            label={match.customer.organization === undefined ? match.customer.name : `${match.customer.name} · ${match.customer.organization}`}
          />
        ))}
      </Stack>
    </Radio.Group>
  );
}

function CustomerSummary({ customer, callRecordId }: { readonly customer: CustomerView; readonly callRecordId: string | undefined }) {
  const { t } = useTranslation();
  const db = useDatabase();
  const agentId = useAgentId();
  const format = useFormatters();
  const tickets = useOpenTicketsOf(customer.id);
  const call = useCallRecord(callRecordId);
  const history = useCustomerCalls(customer.id);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<void>, done: string) => {
    setBusy(true);
    try {
      await action();
      notifications.show({ message: done, color: 'green', autoClose: 3000 });
    } catch (cause) {
      notifications.show({ message: t('calls.saveFailed', { message: cause instanceof Error ? cause.message : String(cause) }), color: 'red', autoClose: false });
    } finally {
      setBusy(false);
    }
  };
  const canLink = call !== null && call !== undefined;

  const linkTo = (ticket: { readonly id: string; readonly customerId: string }) =>
    run(async () => {
      if (canLink) await linkCallToTicket(db, { call, ticket, agentId });
    }, t('calls.pop.linked'));

  const createTicket = () =>
    run(async () => {
      const ticket = await createPhoneTicket(db, { customerId: customer.id, subject: t('calls.pop.newTicketSubject', { name: customer.name }), agentId });
      if (canLink) await linkCallToTicket(db, { call, ticket, agentId });
    }, t('calls.pop.ticketCreated'));

  return (
    <Stack gap="sm">
      <Group gap="xs">
        {customer.organization !== undefined && <Text size="sm">{customer.organization}</Text>}
        {customer.segment !== undefined && <Badge variant="light">{t(`calls.pop.segment.${customer.segment}`)}</Badge>}
        <Badge variant="outline">{t(`languages.${customer.language}`)}</Badge>
        {customer.email !== undefined && (
          <Text size="sm" c="dimmed">
            {customer.email}
          </Text>
        )}
      </Group>
      {customer.notes !== undefined && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} lineClamp={4}>
          {customer.notes}
        </Text>
      )}
      {callRecordId !== undefined && !canLink && (
        <Alert color="gray" variant="light">
          {t('calls.pop.recordPending')}
        </Alert>
      )}
      <Text fw={600} size="sm" component="h3" m={0}>
        {t('calls.pop.openTickets', { count: tickets.length })}
      </Text>
      {tickets.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('calls.pop.noOpenTickets')}
        </Text>
      ) : (
        <Stack component="ul" gap={4} p={0} m={0} style={{ listStyle: 'none' }}>
          {tickets.map((ticket) => {
            const linked = call?.ticketId === ticket.id;
            return (
              <Group component="li" key={ticket.id} justify="space-between" wrap="nowrap" data-testid="pop-ticket" data-ticket-id={ticket.id}>
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Anchor component={Link} to={`/tickets/${ticket.id}`} size="sm" truncate>
                    {ticket.number === undefined ? ticket.subject : `#${String(ticket.number)} ${ticket.subject}`}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {t(`calls.pop.status.${ticket.status}`)} · {format.compactDateTime(ticket.updatedAt)}
                  </Text>
                </Stack>
                {callRecordId !== undefined &&
                  (linked ? (
                    <Badge color="green">{t('calls.pop.linkedBadge')}</Badge>
                  ) : (
                    <Button size="xs" variant="light" disabled={!canLink || busy} onClick={() => void linkTo(ticket)} aria-label={t('calls.pop.linkTo', { subject: ticket.subject })}>
                      {t('calls.pop.link')}
                    </Button>
                  ))}
              </Group>
            );
          })}
        </Stack>
      )}
      <Group>
        <Button size="xs" variant="default" disabled={busy || (callRecordId !== undefined && !canLink)} onClick={() => void createTicket()}>
          {callRecordId === undefined ? t('calls.pop.createTicket') : t('calls.pop.createTicketAndLink')}
        </Button>
      </Group>
      <CallHistory calls={history} />
    </Stack>
  );
}

function CreateCustomerForm({ phoneNumber, homeCountry }: { readonly phoneNumber: string; readonly homeCountry: string | undefined }) {
  const { t, i18n } = useTranslation();
  const db = useDatabase();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const language = isSupportedCustomerLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';

  const onSubmit = async (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '') {
      setError(t('calls.pop.nameRequired'));
      return;
    }
    setSaving(true);
    try {
      await createCustomerFromCall(db, { name: trimmed.slice(0, 200), phone: phoneNumber, language });
      notifications.show({ message: t('calls.pop.customerCreated', { name: trimmed }), color: 'green', autoClose: 3000 });
    } catch (cause) {
      notifications.show({ message: t('calls.saveFailed', { message: cause instanceof Error ? cause.message : String(cause) }), color: 'red', autoClose: false });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate aria-label={t('calls.pop.createCustomer')}>
      <Stack gap="xs">
        <Text size="sm">{t('calls.pop.noMatch', { number: formatPhoneNumber(phoneNumber, homeCountry) })}</Text>
        <TextInput
          label={t('calls.pop.customerName')}
          value={name}
          required
          maxLength={200}
          error={error}
          onChange={(event) => {
            setName(event.currentTarget.value);
            setError(null);
          }}
        />
        <Group>
          <Button type="submit" size="xs" leftSection={<IconUserPlus aria-hidden size={16} />} loading={saving}>
            {t('calls.pop.createCustomer')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
