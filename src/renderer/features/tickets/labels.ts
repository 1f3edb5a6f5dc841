import type { MantineColor } from '@mantine/core';
import type { TicketPriority, TicketStatus } from '../../../shared/domain/ticket';

export const STATUS_COLORS: Readonly<Record<TicketStatus, MantineColor>> = {
  new: 'blue',
  open: 'teal',
  pending: 'yellow',
  'on-hold': 'gray',
  solved: 'green',
  closed: 'dark',
};

export const PRIORITY_COLORS: Readonly<Record<TicketPriority, MantineColor | undefined>> = {
  low: 'dimmed',
  normal: undefined,
  high: 'orange',
  urgent: 'red',
};
