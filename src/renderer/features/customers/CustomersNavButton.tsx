/** The header's way to the customer directory. */
import { Button } from '@mantine/core';
import { IconAddressBook } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function CustomersNavButton() {
  const { t } = useTranslation();
  return (
    <Button component={Link} to="/customers" variant="subtle" size="compact-sm" leftSection={<IconAddressBook aria-hidden size={16} />}>
      {t('customers.nav')}
    </Button>
  );
}
