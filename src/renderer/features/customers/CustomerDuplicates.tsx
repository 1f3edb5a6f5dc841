/**
 * Other customers sharing a phone number or email with this one, and merging one of them into this
 * profile. The dialog first works out (from the replica) what the merge would write and whether the
 * write policy allows all of it for the signed-in role, then merges with local writes on confirm.
 * Rows: `data-testid="duplicate-customer"` with `data-customer-id`.
 */
import { Alert, Anchor, Button, Card, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowMerge } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Customer } from '../../../shared/domain/customer';
import { contactKeyChannel, contactKeyValue, findDuplicates } from '../../../shared/domain/customer-duplicates';
import { formatPhoneNumber } from '../../../shared/voice/phone';
import { useDatabase } from '../../data/hooks';
import { checkMerge, mergeCustomers, type Actor, type MergeCheck } from './customer-writes';
import type { CustomerDirectory } from './customer-data';

interface CustomerDuplicatesProps {
  readonly customer: Customer;
  readonly directory: CustomerDirectory;
  readonly actor: Actor;
}

export function CustomerDuplicates({ customer, directory, actor }: CustomerDuplicatesProps) {
  const { t } = useTranslation();
  const [merging, setMerging] = useState<Customer | null>(null);
  const matches = findDuplicates(customer, directory.contactIndex).flatMap((match) => {
    const other = directory.byId.get(match.customerId);
    return other === undefined ? [] : [{ other, shared: match.shared }];
  });
  const describe = (key: Parameters<typeof contactKeyValue>[0]) =>
    contactKeyChannel(key) === 'email' ? contactKeyValue(key) : formatPhoneNumber(contactKeyValue(key));

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="customer-duplicates-heading">
      <Text fw={600} id="customer-duplicates-heading" component="h2" size="md" mb="xs">
        {t('customers.duplicates.title')}
      </Text>
      {matches.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('customers.duplicates.none')}
        </Text>
      ) : (
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
          {matches.map(({ other, shared }) => (
            <Group component="li" key={other.id} justify="space-between" wrap="nowrap" data-testid="duplicate-customer" data-customer-id={other.id}>
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Anchor component={Link} to={`/customers/${encodeURIComponent(other.id)}`} fw={500}>
                  {other.name}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {t('customers.duplicates.shares', { contacts: shared.map(describe).join(', ') })}
                </Text>
              </Stack>
              <Button
                size="xs"
                variant="light"
                leftSection={<IconArrowMerge aria-hidden size={14} />}
                aria-label={t('customers.duplicates.mergeLabel', { name: other.name })}
                onClick={() => {
                  setMerging(other);
                }}
              >
                {t('customers.duplicates.merge')}
              </Button>
            </Group>
          ))}
        </Stack>
      )}
      {merging !== null && (
        <MergeDialog
          survivor={customer}
          duplicate={merging}
          actor={actor}
          onClose={() => {
            setMerging(null);
          }}
        />
      )}
    </Card>
  );
}

interface MergeDialogProps {
  readonly survivor: Customer;
  readonly duplicate: Customer;
  readonly actor: Actor;
  readonly onClose: () => void;
}

function MergeDialog({ survivor, duplicate, actor, onClose }: MergeDialogProps) {
  const { t } = useTranslation();
  const db = useDatabase();
  const [check, setCheck] = useState<MergeCheck | null>(null);
  const [working, setWorking] = useState(false);
  const names = { survivor: survivor.name, duplicate: duplicate.name };

  useEffect(() => {
    let current = true;
    void checkMerge(db, survivor, duplicate, actor).then((result) => {
      if (current) setCheck(result);
    });
    return () => {
      current = false;
    };
  }, [db, survivor, duplicate, actor]);

  const confirm = async () => {
    setWorking(true);
    try {
      const result = await mergeCustomers(db, survivor.id, duplicate.id, actor);
      if (result.ok) {
        notifications.show({ message: t('customers.merge.done', names), color: 'green', autoClose: 4000 });
        onClose();
      } else {
        setCheck(result);
      }
    } catch (error) {
      notifications.show({
        message: t('customers.merge.failed', { message: error instanceof Error ? error.message : String(error) }),
        color: 'red',
        autoClose: false,
      });
    } finally {
      setWorking(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('customers.merge.title')}>
      <Stack gap="sm">
        <Text size="sm">{t('customers.merge.summary', names)}</Text>
        {check === null ? (
          <Group gap="xs" role="status">
            <Loader size="xs" aria-hidden />
            <Text size="sm">{t('customers.merge.checking')}</Text>
          </Group>
        ) : check.ok ? (
          <>
            <Text size="sm">{t('customers.merge.keeps', names)}</Text>
            <Text size="sm" data-testid="merge-moves">
              {t('customers.merge.moves', { ...names, ...check.moves })}
            </Text>
            <Text size="sm">{t('customers.merge.hides', names)}</Text>
          </>
        ) : (
          <Alert color="red" role="alert">
            {t(`customers.merge.problem.${check.problem}`)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            color="orange"
            loading={working}
            disabled={check?.ok !== true}
            data-autofocus
            onClick={() => {
              void confirm();
            }}
          >
            {t('customers.merge.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
