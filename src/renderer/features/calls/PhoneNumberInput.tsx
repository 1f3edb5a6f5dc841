/** The number field of the manual-call and callback forms: typed in any format, checked by the shared phone rules. */
import { TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PhoneError } from '../../../shared/voice/phone';

export function PhoneNumberInput({
  value,
  error,
  onChange,
}: {
  readonly value: string;
  readonly error: PhoneError | undefined;
  readonly onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <TextInput
      data-autofocus
      label={t('calls.log.number')}
      description={t('calls.log.numberHint')}
      required
      type="tel"
      value={value}
      onChange={(event) => {
        onChange(event.currentTarget.value);
      }}
      error={error === undefined ? null : t(`calls.phoneError.${error}`)}
    />
  );
}
