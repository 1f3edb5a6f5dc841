/**
 * The name of a saved view, asked when saving a new view and when renaming one: the name field (it
 * has focus when the dialog opens), its problem, any further fields, and Cancel and submit buttons.
 * The name is checked and trimmed before `onSave`; a failed save is shown under the field.
 */
import { Stack, TextInput } from '@mantine/core';
import { useState, type ReactNode, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SAVED_VIEW_NAME_MAX, savedViewName } from '../../../shared/domain/queue-views';
import { FormActions } from '../shell/FormActions';

interface ViewNameFormProps {
  readonly initialName?: string;
  readonly submitLabel: string;
  /** Saves the checked name; the form shows `failureText` of the reason when the promise rejects. */
  readonly onSave: (name: string) => Promise<void>;
  readonly failureText: (message: string) => string;
  readonly onCancel: () => void;
  /** Fields between the name and the buttons. */
  readonly children?: ReactNode;
}

export function ViewNameForm({ initialName = '', submitLabel, onSave, failureText, onCancel, children }: ViewNameFormProps) {
  const { t } = useTranslation();
  const [name, setName] = useState(initialName);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = savedViewName(name);
    if (!checked.ok) {
      setError(t('savedViews.nameRequired'));
      return;
    }
    setSaving(true);
    onSave(checked.name)
      .catch((reason: unknown) => {
        setError(failureText(reason instanceof Error ? reason.message : String(reason)));
      })
      .finally(() => {
        setSaving(false);
      });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <TextInput
          label={t('savedViews.name')}
          value={name}
          maxLength={SAVED_VIEW_NAME_MAX}
          required
          data-autofocus
          error={error}
          onChange={(event) => {
            setName(event.currentTarget.value);
            setError(null);
          }}
        />
        {children}
        <FormActions submitLabel={submitLabel} saving={saving} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
