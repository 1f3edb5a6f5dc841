/** The ticket's tier and the buttons that move it one tier up or down (each opens the escalation dialog). */
import { Badge, Button, Group, Text } from '@mantine/core';
import { IconArrowDown, IconArrowUp } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { escalationTargets } from '../../../shared/domain/escalation';
import type { Tier, TicketStatus } from '../../../shared/domain/ticket';

interface EscalationControlsProps {
  readonly ticket: { readonly tier: Tier; readonly status: TicketStatus; readonly mergedIntoId?: string | undefined };
  /** Why the buttons are off right now (e.g. unsaved edits), or null. */
  readonly disabledReason: string | null;
  readonly onEscalate: (tier: Tier) => void;
}

export function EscalationControls({ ticket, disabledReason, onEscalate }: EscalationControlsProps) {
  const { t } = useTranslation();
  const finished = ticket.status === 'solved' || ticket.status === 'closed' || ticket.mergedIntoId !== undefined;
  const reason = finished ? t('escalation.problem.ticket_finished') : disabledReason;
  return (
    <Group gap="xs" align="center">
      <Text size="sm">{t('detail.tier')}:</Text>
      <Badge variant="filled" color="grape" data-testid="ticket-tier">
        {ticket.tier}
      </Badge>
      {escalationTargets(ticket.tier).map(({ tier, direction }) => (
        <Button
          key={tier}
          size="compact-sm"
          variant="light"
          disabled={reason !== null}
          leftSection={direction === 'escalate' ? <IconArrowUp aria-hidden size={14} /> : <IconArrowDown aria-hidden size={14} />}
          onClick={() => {
            onEscalate(tier);
          }}
        >
          {t(direction === 'escalate' ? 'escalation.escalateTo' : 'escalation.deescalateTo', { tier })}
        </Button>
      ))}
      {reason !== null && (
        <Text size="xs" c="dimmed">
          {reason}
        </Text>
      )}
    </Group>
  );
}
