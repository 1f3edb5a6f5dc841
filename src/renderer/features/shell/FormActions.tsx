/** The closing row of a dialog's form: Cancel (leaves, saving nothing) and the form's submit button, busy while it saves. */
import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function FormActions({ submitLabel, saving, onCancel }: { readonly submitLabel: string; readonly saving: boolean; readonly onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" loading={saving}>
        {submitLabel}
      </Button>
    </Group>
  );
}
