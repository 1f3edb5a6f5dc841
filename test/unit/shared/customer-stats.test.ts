import { describe, expect, it } from 'vitest';
import { customerHistory } from '../../../src/shared/domain/customer-history';
import { customerStats, type StatsCall, type StatsTicket } from '../../../src/shared/domain/customer-stats';

const NOW = new Date('2026-03-31T12:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

const ticket = (id: string, fields: Partial<StatsTicket> = {}): StatsTicket => ({ id, status: 'open', channel: 'email', createdAt: daysAgo(1), ...fields });
const call = (id: string, fields: Partial<StatsCall> = {}): StatsCall => ({ id, direction: 'inbound', offeredAt: daysAgo(1), ...fields });

describe('customerStats', () => {
  it('counts open tickets (new, open, pending, on hold), not solved, closed or merged ones', () => {
    const tickets = [
      ticket('t1', { status: 'new' }),
      ticket('t2', { status: 'pending' }),
      ticket('t3', { status: 'on-hold' }),
      ticket('t4', { status: 'solved' }),
      ticket('t5', { status: 'closed' }),
      ticket('t6', { status: 'closed', mergedIntoId: 't1' }),
    ];
    expect(customerStats({ tickets, calls: [], surveys: [] }, NOW).openTickets).toBe(3);
  });

  it('averages CSAT answers only, and has no average without them', () => {
    const surveys = [
      { kind: 'csat', score: 5 },
      { kind: 'csat', score: 4 },
      { kind: 'csat', score: 2 },
      { kind: 'nps', score: 10 },
    ] as const;
    const stats = customerStats({ tickets: [], calls: [], surveys }, NOW);
    expect(stats.averageCsat).toBeCloseTo(11 / 3);
    expect(stats.csatResponses).toBe(3);
    expect(customerStats({ tickets: [], calls: [], surveys: [{ kind: 'nps', score: 3 }] }, NOW).averageCsat).toBeUndefined();
  });

  it('counts contacts of the last 30 days: calls and tickets, a phone ticket and its call once', () => {
    const tickets = [
      ticket('t_email', { createdAt: daysAgo(2) }),
      ticket('t_phone', { channel: 'phone', createdAt: daysAgo(3) }),
      ticket('t_phone_typed', { channel: 'phone', createdAt: daysAgo(4) }),
      ticket('t_old', { createdAt: daysAgo(31) }),
    ];
    const calls = [
      call('c_opening', { ticketId: 't_phone', offeredAt: daysAgo(3) }),
      call('c_follow_up', { ticketId: 't_email', direction: 'outbound', offeredAt: daysAgo(1) }),
      call('c_internal', { direction: 'internal', offeredAt: daysAgo(1) }),
      call('c_old', { offeredAt: daysAgo(45) }),
    ];
    // t_email, t_phone_typed, c_opening, c_follow_up
    expect(customerStats({ tickets, calls, surveys: [] }, NOW).recentContacts).toBe(4);
  });

  it('takes the last contact from contacts and customer messages, whichever is newest', () => {
    const calls = [call('c1', { offeredAt: daysAgo(10) })];
    expect(customerStats({ tickets: [ticket('t1', { createdAt: daysAgo(20) })], calls, surveys: [] }, NOW).lastContactAt).toBe(daysAgo(10));
    const messaged = ticket('t2', { createdAt: daysAgo(20), lastCustomerMessageAt: daysAgo(5) });
    expect(customerStats({ tickets: [messaged], calls, surveys: [] }, NOW).lastContactAt).toBe(daysAgo(5));
    expect(customerStats({ tickets: [], calls: [], surveys: [] }, NOW).lastContactAt).toBeUndefined();
  });
});

describe('customerHistory', () => {
  it('puts tickets, calls and survey answers in one list, newest first, ties in a fixed order', () => {
    const items = customerHistory(
      [{ id: 't1', createdAt: daysAgo(5) }, { id: 't2', createdAt: daysAgo(1) }],
      [{ id: 'c1', offeredAt: daysAgo(3) }, { id: 'c2', offeredAt: daysAgo(1) }],
      [{ id: 's1', respondedAt: daysAgo(0) }],
    );
    expect(items.map((item) => `${item.kind}:${item.id}`)).toEqual(['survey:s1', 'ticket:t2', 'call:c2', 'call:c1', 'ticket:t1']);
  });
});
