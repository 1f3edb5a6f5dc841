/**
 * A customer's profile (`#/customers/:id`): who they are and how to reach them (editable in place),
 * quick stats, possible duplicates with merge, and the history of tickets, calls and survey answers —
 * including those of customers merged into this one. A merged customer's page points to the survivor.
 */
import { Alert, Anchor, Badge, Button, Card, Center, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconPencil } from '@tabler/icons-react';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { map } from 'rxjs';
import type { RxDocument } from 'rxdb';
import type { Customer } from '../../../shared/domain/customer';
import { customerFormValues } from '../../../shared/domain/customer-draft';
import { allContactPoints } from '../../../shared/domain/customer-duplicates';
import { customerHistory } from '../../../shared/domain/customer-history';
import { survivingCustomerId } from '../../../shared/domain/customer-merge';
import { customerStats } from '../../../shared/domain/customer-stats';
import { canWriteField } from '../../../shared/sync/write-policy';
import { formatPhoneNumber } from '../../../shared/voice/phone';
import type { CustomerDocType } from '../../data/database';
import { useDatabase, useObservable } from '../../data/hooks';
import { useSession } from '../../data/session';
import { computeSyncState, syncStatusStore } from '../../data/sync-status';
import { usePageFocus } from '../shell/usePageFocus';
import { useCustomerActivity, useCustomerDirectory, useCustomerIds, type CustomerDirectory } from './customer-data';
import { CustomerDuplicates } from './CustomerDuplicates';
import { CustomerForm } from './CustomerForm';
import { CustomerHistory } from './CustomerHistory';
import { CustomerStatsCard } from './CustomerStatsCard';
import { canEditCustomer, updateCustomer, type Actor } from './customer-writes';
import { usePhoneCountry } from './phone-country';

function useCustomerDocument(id: string): RxDocument<CustomerDocType> | null | undefined {
  const db = useDatabase();
  const source = useMemo(() => db.customers.findOne(id).$.pipe(map((doc) => doc)), [db, id]);
  return useObservable<RxDocument<CustomerDocType> | null | undefined>(source, undefined);
}

export function CustomerProfile() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const doc = useCustomerDocument(id);
  const user = useSession((state) => state.session?.user);
  const actor = useMemo<Actor | null>(() => (user === undefined ? null : { role: user.role, userId: user.id }), [user]);
  if (doc === undefined || actor === null) {
    return (
      <Center h="40vh" role="status">
        <Loader aria-label={t('app.loading')} />
      </Center>
    );
  }
  if (doc === null) {
    return (
      <Stack align="flex-start">
        <Alert color="yellow" role="alert">
          {t('customers.notFound')}
        </Alert>
        <BackLink />
      </Stack>
    );
  }
  return <Profile key={doc.id} doc={doc} actor={actor} />;
}

function BackLink() {
  const { t } = useTranslation();
  return (
    <Button component={Link} to="/customers" variant="subtle" px="xs" leftSection={<IconArrowLeft aria-hidden size={16} />}>
      {t('customers.back')}
    </Button>
  );
}

function Profile({ doc, actor }: { readonly doc: RxDocument<CustomerDocType>; readonly actor: Actor }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const customer = doc.toJSON() as Customer;
  const directory = useCustomerDirectory();
  const ids = useCustomerIds(customer.id, directory);
  const activity = useCustomerActivity(ids);
  const [editing, setEditing] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  usePageFocus(headingRef, `${customer.id}:${String(editing)}`);

  const history = useMemo(() => customerHistory(activity.tickets, activity.calls, activity.surveys), [activity]);
  const stats = useMemo(() => customerStats(activity, new Date()), [activity]);
  const canEdit = canEditCustomer(actor, customer);
  const merged = customer.mergedIntoId !== undefined;

  const save = async (fields: Parameters<typeof updateCustomer>[1]) => {
    try {
      await updateCustomer(doc, fields);
      const offline = computeSyncState(syncStatusStore.getState()) === 'offline';
      notifications.show({ message: offline ? t('customers.savedOffline') : t('customers.saved'), color: offline ? 'orange' : 'green', autoClose: 3000 });
      setEditing(false);
    } catch (error) {
      notifications.show({ message: t('customers.saveFailed', { message: error instanceof Error ? error.message : String(error) }), color: 'red', autoClose: false });
    }
  };

  return (
    <Stack gap="md" maw={1040}>
      <Group>
        <BackLink />
      </Group>
      <Group gap="sm" align="center" justify="space-between">
        <Group gap="sm">
          <Title order={1} size="h3" ref={headingRef} tabIndex={-1} className="page-heading" data-testid="customer-name">
            {customer.name}
          </Title>
          {customer.segment !== undefined && <Badge variant="light">{t(`customers.segment.${customer.segment}`)}</Badge>}
        </Group>
        {!editing && !merged && canEdit && (
          <Button
            variant="light"
            leftSection={<IconPencil aria-hidden size={16} />}
            onClick={() => {
              setEditing(true);
            }}
          >
            {t('customers.edit')}
          </Button>
        )}
      </Group>

      {merged && <MergedNotice customer={customer} directory={directory} onOpen={(target) => void navigate(`/customers/${encodeURIComponent(target)}`)} />}

      {editing ? (
        <Card withBorder padding="md">
          <CustomerForm
            initial={customerFormValues(customer)}
            submitLabel={t('customers.save')}
            canSetSegment={canWriteField(actor.role, 'customers', 'segment')}
            onSubmit={save}
            onCancel={() => {
              setEditing(false);
            }}
          />
        </Card>
      ) : (
        <CustomerFacts customer={customer} />
      )}

      <CustomerStatsCard stats={stats} />
      {!merged && <CustomerDuplicates customer={customer} directory={directory} actor={actor} />}
      <CustomerHistory items={history} loaded={activity.loaded} />
    </Stack>
  );
}

function MergedNotice({ customer, directory, onOpen }: { readonly customer: Customer; readonly directory: CustomerDirectory; readonly onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const targetId = survivingCustomerId(customer.id, directory.byId);
  const target = targetId === undefined ? undefined : directory.byId.get(targetId);
  return (
    <Alert color="yellow" role="status">
      {target === undefined ? (
        t('customers.merged.noticeUnknown')
      ) : (
        <Group gap="sm">
          <Text size="sm">{t('customers.merged.notice', { name: target.name })}</Text>
          <Anchor
            component="button"
            size="sm"
            onClick={() => {
              onOpen(target.id);
            }}
          >
            {t('customers.merged.open', { name: target.name })}
          </Anchor>
        </Group>
      )}
    </Alert>
  );
}

function CustomerFacts({ customer }: { readonly customer: Customer }) {
  const { t } = useTranslation();
  const [country] = usePhoneCountry();
  const points = allContactPoints(customer);
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <Card withBorder padding="md" component="section" aria-labelledby="customer-contacts-heading">
        <Text fw={600} id="customer-contacts-heading" component="h2" size="md" mb={4}>
          {t('customers.contacts')}
        </Text>
        {points.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('customers.noContacts')}
          </Text>
        ) : (
          <Stack component="ul" gap={2} p={0} m={0} style={{ listStyle: 'none' }}>
            {points.map((point, index) => {
              const primary = (point.kind === 'phone' && index === 0 && customer.phone !== undefined) || (point.kind === 'email' && point.value === customer.email && index < 2);
              const shown = point.kind === 'email' ? point.value : formatPhoneNumber(point.value, country);
              const href = point.kind === 'email' ? `mailto:${point.value}` : point.kind === 'whatsapp' ? `https://wa.me/${point.value.slice(1)}` : `tel:${point.value}`;
              return (
                <Text component="li" size="sm" key={`${point.kind}:${point.value}`} data-testid="customer-contact" data-kind={point.kind} data-value={point.value}>
                  {t(`customers.contactKind.${point.kind}`)}: <Anchor href={href}>{shown}</Anchor>
                  {point.label !== undefined && ` (${t(`customers.contactLabel.${point.label}`)})`}
                  {primary && (
                    <Badge ml="xs" size="xs" variant="outline">
                      {t('customers.primary')}
                    </Badge>
                  )}
                </Text>
              );
            })}
          </Stack>
        )}
      </Card>
      <Card withBorder padding="md" component="section">
        <Stack gap={4}>
          <Text size="sm">
            {t('customers.field.organization')}: {customer.organization ?? '—'}
          </Text>
          <Text size="sm">
            {t('customers.field.language')}: {t(`languages.${customer.language}`)}
          </Text>
          <Group gap={4}>
            <Text size="sm">{t('customers.field.tags')}:</Text>
            {customer.tags.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('customers.noTags')}
              </Text>
            ) : (
              customer.tags.map((tag) => (
                <Badge key={tag} size="sm" variant="outline">
                  {tag}
                </Badge>
              ))
            )}
          </Group>
          <Text size="sm" fw={600} mt="xs">
            {t('customers.field.notes')}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} c={customer.notes === undefined ? 'dimmed' : undefined}>
            {customer.notes ?? t('customers.noNotes')}
          </Text>
        </Stack>
      </Card>
    </SimpleGrid>
  );
}
