/** The header's way to the call screens (log a call, callbacks, wrap-up), with the count of callbacks due. */
import { Button, Indicator } from '@mantine/core';
import { IconPhone } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { callbackWorklist, isOverdue } from '../../../shared/voice/outage';
import { useWorkspace } from '../../data/workspace';
import { useAgentId } from './agent';
import { useCallbacks } from './calls-data';
import { useNow } from '../shell/useNow';

function OverdueIndicator({ children }: { readonly children: React.ReactNode }) {
  const agentId = useAgentId();
  const callbacks = useCallbacks();
  const now = useNow(30_000);
  const overdue = useMemo(() => callbackWorklist(callbacks, agentId).filter((callback) => isOverdue(callback, now)).length, [callbacks, agentId, now]);
  return (
    <Indicator label={overdue} size={16} disabled={overdue === 0} color="red">
      {children}
    </Indicator>
  );
}

export function CallsNavButton() {
  const { t } = useTranslation();
  const ready = useWorkspace((state) => state.status === 'ready');
  const button = (
    <Button component={Link} to="/calls" variant="subtle" size="compact-sm" leftSection={<IconPhone aria-hidden size={16} />}>
      {t('calls.page.nav')}
    </Button>
  );
  return ready ? <OverdueIndicator>{button}</OverdueIndicator> : button;
}
