/** The editable list of a customer's contact points: type, value, label per row; add and remove. */
import { ActionIcon, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { CONTACT_LABELS, CONTACT_POINT_KINDS, type ContactPointKind } from '../../../shared/domain/customer';
import { withoutFields } from '../../../shared/domain/customer-fields';
import { CUSTOMER_CONTACTS_MAX, type ContactError, type ContactRow } from '../../../shared/domain/customer-draft';

interface ContactRowsProps {
  readonly rows: readonly ContactRow[];
  readonly errors: Readonly<Record<number, ContactError>>;
  readonly onChange: (rows: ContactRow[]) => void;
}

const NO_LABEL = 'none';
const LABEL_CHOICES = [NO_LABEL, ...CONTACT_LABELS] as const;

export function ContactRows({ rows, errors, onChange }: ContactRowsProps) {
  const { t } = useTranslation();
  const listRef = useRef<HTMLDivElement>(null);
  const update = (index: number, change: Partial<ContactRow>) => {
    onChange(rows.map((row, at) => (at === index ? { ...row, ...change } : row)));
  };
  const errorText = (error: ContactError | undefined) =>
    error === undefined ? undefined : error === 'invalid_email' ? t('customers.error.invalidEmail') : t(`calls.phoneError.${error}`);

  /** After adding or removing, focus moves to a value field so the keyboard user keeps their place. */
  const focusValue = (index: number) => {
    requestAnimationFrame(() => {
      listRef.current?.querySelectorAll<HTMLInputElement>('input[data-contact-value]')[index]?.focus();
    });
  };

  return (
    <Stack gap="xs" ref={listRef} role="group" aria-labelledby="customer-contacts-heading">
      <Text fw={600} size="sm" id="customer-contacts-heading">
        {t('customers.contacts')}
      </Text>
      <Text size="xs" c="dimmed">
        {t('customers.contactsHint')}
      </Text>
      {rows.map((row, index) => {
        const number = index + 1;
        return (
          <Group key={index} gap="xs" align="flex-start" wrap="nowrap" data-testid="contact-row">
            <Select
              w={130}
              aria-label={t('customers.field.contactKind', { index: number })}
              data={CONTACT_POINT_KINDS.map((kind) => ({ value: kind, label: t(`customers.contactKind.${kind}`) }))}
              value={row.kind}
              allowDeselect={false}
              onChange={(value) => {
                if (value !== null) update(index, { kind: value });
              }}
            />
            <TextInput
              style={{ flex: 1 }}
              aria-label={t('customers.field.contactValue', { index: number })}
              data-contact-value
              type={row.kind === 'email' ? 'email' : 'tel'}
              autoComplete="off"
              value={row.value}
              maxLength={254}
              error={errorText(errors[index])}
              onChange={(event) => {
                update(index, { value: event.currentTarget.value });
              }}
            />
            <Select
              w={130}
              aria-label={t('customers.field.contactLabel', { index: number })}
              data={LABEL_CHOICES.map((label) => ({ value: label, label: t(`customers.contactLabel.${label}`) }))}
              value={row.label ?? NO_LABEL}
              allowDeselect={false}
              onChange={(value) => {
                const rest = withoutFields(row, ['label']);
                onChange(rows.map((current, at) => (at !== index ? current : value === null || value === NO_LABEL ? rest : { ...rest, label: value })));
              }}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              aria-label={t('customers.removeContact', { index: number })}
              onClick={() => {
                onChange(rows.filter((_, at) => at !== index));
                focusValue(Math.max(0, index - 1));
              }}
            >
              <IconTrash aria-hidden size={16} />
            </ActionIcon>
          </Group>
        );
      })}
      <Group>
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus aria-hidden size={14} />}
          disabled={rows.length >= CUSTOMER_CONTACTS_MAX}
          onClick={() => {
            const kind: ContactPointKind = rows.some((row) => row.kind === 'phone') && !rows.some((row) => row.kind === 'email') ? 'email' : 'phone';
            onChange([...rows, { kind, value: '' }]);
            focusValue(rows.length);
          }}
        >
          {t('customers.addContact')}
        </Button>
      </Group>
    </Stack>
  );
}
