/** The header's way to the live board, for supervisors and admins only (agents never see it). */
import { Button } from '@mantine/core';
import { IconActivity } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { hasRoleAtLeast } from '../../../shared/domain/roles';
import { useSession } from '../../data/session';

export function SupervisorNavButton() {
  const { t } = useTranslation();
  const role = useSession((state) => state.session?.user.role);
  if (role === undefined || !hasRoleAtLeast(role, 'supervisor')) return null;
  return (
    <Button component={Link} to="/supervisor" variant="subtle" size="compact-sm" leftSection={<IconActivity aria-hidden size={16} />}>
      {t('supervisor.nav')}
    </Button>
  );
}
