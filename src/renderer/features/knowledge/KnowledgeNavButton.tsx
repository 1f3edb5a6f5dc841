/** The header's way to the knowledge base. */
import { Button } from '@mantine/core';
import { IconBook } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function KnowledgeNavButton() {
  const { t } = useTranslation();
  return (
    <Button component={Link} to="/knowledge" variant="subtle" size="compact-sm" leftSection={<IconBook aria-hidden size={16} />}>
      {t('knowledgeBase.nav')}
    </Button>
  );
}
