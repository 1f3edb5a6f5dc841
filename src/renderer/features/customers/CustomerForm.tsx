/**
 * Create or edit a customer: name, contact points (numbers normalised to E.164 in the chosen country),
 * organisation, language, segment (read-only for roles the write policy keeps out of it), tags, notes.
 * Submitting validates with the shared rules and hands the fields to `onSubmit`; the first field in
 * error gets focus.
 */
import { Alert, Button, Group, Select, SimpleGrid, Stack, TagsInput, Textarea, TextInput } from '@mantine/core';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useMemo, useRef, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_LANGUAGES, CUSTOMER_SEGMENTS } from '../../../shared/domain/customer';
import {
  CUSTOMER_NAME_MAX,
  CUSTOMER_NOTES_MAX,
  CUSTOMER_ORGANIZATION_MAX,
  validateCustomerForm,
  type CustomerFormErrors,
  type CustomerFormFields,
  type CustomerFormValues,
} from '../../../shared/domain/customer-draft';
import { ContactRows } from './ContactRows';
import { countryOptions, usePhoneCountry } from './phone-country';

interface CustomerFormProps {
  readonly initial: CustomerFormValues;
  readonly submitLabel: string;
  readonly canSetSegment: boolean;
  readonly onSubmit: (fields: CustomerFormFields) => Promise<void>;
  readonly onCancel?: () => void;
}

const NO_SEGMENT = 'none';
const NO_ERRORS: CustomerFormErrors = { contactRows: {} };

export function CustomerForm({ initial, submitLabel, canSetSegment, onSubmit, onCancel }: CustomerFormProps) {
  const { t, i18n } = useTranslation();
  const [values, setValues] = useState<CustomerFormValues>(initial);
  const [errors, setErrors] = useState<CustomerFormErrors>(NO_ERRORS);
  const [saving, setSaving] = useState(false);
  const [country, setCountry] = usePhoneCountry();
  const countries = useMemo(() => countryOptions(i18n.resolvedLanguage ?? 'en'), [i18n.resolvedLanguage]);
  const formRef = useRef<HTMLFormElement>(null);

  const set = (change: Partial<CustomerFormValues>) => {
    setValues((previous) => ({ ...previous, ...change }));
  };

  const submit = async (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const result = validateCustomerForm(values, { defaultCountry: country });
    if (!result.ok) {
      setErrors(result.errors);
      // Focus the first field marked invalid once Mantine has rendered the errors.
      requestAnimationFrame(() => {
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      });
      return;
    }
    setErrors(NO_ERRORS);
    setSaving(true);
    try {
      await onSubmit(result.fields);
    } finally {
      setSaving(false);
    }
  };

  const fieldError = (error: string | undefined, max: number) => (error === undefined ? undefined : t('customers.error.tooLong', { max }));
  const hasErrors = Object.keys(errors).length > 1 || Object.keys(errors.contactRows).length > 0;

  return (
    <form ref={formRef} onSubmit={(event) => void submit(event)} noValidate aria-label={submitLabel}>
      <Stack gap="md">
        {hasErrors && (
          <Alert color="red" role="alert">
            {errors.contacts === 'too_many' ? t('customers.error.contactsTooMany') : t('customers.error.fixBelow')}
          </Alert>
        )}
        <TextInput
          label={t('customers.field.name')}
          required
          value={values.name}
          maxLength={CUSTOMER_NAME_MAX + 20}
          error={errors.name === 'required' ? t('customers.error.nameRequired') : fieldError(errors.name, CUSTOMER_NAME_MAX)}
          onChange={(event) => {
            set({ name: event.currentTarget.value });
          }}
        />
        <Select
          label={t('customers.field.country')}
          data={countries}
          value={country}
          searchable
          allowDeselect={false}
          onChange={(value) => {
            if (value !== null) setCountry(value);
          }}
        />
        <ContactRows
          rows={values.contacts}
          errors={errors.contactRows}
          onChange={(contacts) => {
            set({ contacts });
          }}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t('customers.field.organization')}
            value={values.organization}
            maxLength={CUSTOMER_ORGANIZATION_MAX + 20}
            error={fieldError(errors.organization, CUSTOMER_ORGANIZATION_MAX)}
            onChange={(event) => {
              set({ organization: event.currentTarget.value });
            }}
          />
          <Select
            label={t('customers.field.language')}
            data={CUSTOMER_LANGUAGES.map((language) => ({ value: language, label: t(`languages.${language}`) }))}
            value={values.language}
            allowDeselect={false}
            onChange={(value) => {
              if (value !== null) set({ language: value });
            }}
          />
          <Select
            label={t('customers.field.segment')}
            data={[{ value: NO_SEGMENT, label: t('customers.segmentNone') }, ...CUSTOMER_SEGMENTS.map((segment) => ({ value: segment, label: t(`customers.segment.${segment}`) }))]}
            value={values.segment === '' ? NO_SEGMENT : values.segment}
            allowDeselect={false}
            readOnly={!canSetSegment}
            description={canSetSegment ? undefined : t('customers.segmentReadOnly')}
            onChange={(value) => {
              set({ segment: value === null || value === NO_SEGMENT ? '' : (value) });
            }}
          />
        </SimpleGrid>
        <TagsInput
          label={t('customers.field.tags')}
          placeholder={t('customers.field.tagsPlaceholder')}
          value={[...values.tags]}
          error={errors.tags === undefined ? undefined : errors.tags === 'too_many' ? t('customers.error.tagsTooMany') : t('customers.error.tagsTooLong')}
          onChange={(tags) => {
            set({ tags });
          }}
        />
        <Textarea
          label={t('customers.field.notes')}
          value={values.notes}
          autosize
          minRows={3}
          maxRows={10}
          error={fieldError(errors.notes, CUSTOMER_NOTES_MAX)}
          onChange={(event) => {
            set({ notes: event.currentTarget.value });
          }}
        />
        <Group justify="flex-end">
          {onCancel !== undefined && (
            <Button variant="default" onClick={onCancel}>
              {t('customers.cancelEdit')}
            </Button>
          )}
          <Button type="submit" loading={saving} leftSection={<IconDeviceFloppy aria-hidden size={16} />}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
