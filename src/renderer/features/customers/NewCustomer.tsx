/** Creating a customer (`#/customers/new`): the profile form; on success, the new profile opens. */
import { Button, Card, Group, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft } from '@tabler/icons-react';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { emptyCustomerForm, type CustomerFormFields } from '../../../shared/domain/customer-draft';
import { canWriteField } from '../../../shared/sync/write-policy';
import { useDatabase } from '../../data/hooks';
import { useSession } from '../../data/session';
import { computeSyncState, syncStatusStore } from '../../data/sync-status';
import { isSupportedLanguage } from '../../i18n/config';
import { usePageFocus } from '../shell/usePageFocus';
import { CustomerForm } from './CustomerForm';
import { createCustomer } from './customer-writes';

export function NewCustomer() {
  const { t, i18n } = useTranslation();
  const db = useDatabase();
  const navigate = useNavigate();
  const role = useSession((state) => state.session?.user.role);
  const headingRef = useRef<HTMLHeadingElement>(null);
  usePageFocus(headingRef, 'new-customer');
  const language = i18n.resolvedLanguage;

  const create = async (fields: CustomerFormFields) => {
    try {
      const id = await createCustomer(db, fields);
      const offline = computeSyncState(syncStatusStore.getState()) === 'offline';
      notifications.show({ message: offline ? t('customers.createdOffline') : t('customers.created'), color: offline ? 'orange' : 'green', autoClose: 3000 });
      void navigate(`/customers/${encodeURIComponent(id)}`, { replace: true });
    } catch (error) {
      notifications.show({ message: t('customers.saveFailed', { message: error instanceof Error ? error.message : String(error) }), color: 'red', autoClose: false });
    }
  };

  return (
    <Stack gap="md" maw={960}>
      <Group>
        <Button component={Link} to="/customers" variant="subtle" px="xs" leftSection={<IconArrowLeft aria-hidden size={16} />}>
          {t('customers.back')}
        </Button>
      </Group>
      <Title order={1} size="h3" ref={headingRef} tabIndex={-1} className="page-heading">
        {t('customers.new')}
      </Title>
      <Card withBorder padding="md">
        <CustomerForm
          initial={emptyCustomerForm(isSupportedLanguage(language) ? language : 'en')}
          submitLabel={t('customers.create')}
          canSetSegment={role !== undefined && canWriteField(role, 'customers', 'segment')}
          onSubmit={create}
        />
      </Card>
    </Stack>
  );
}
