import { describe, expect, it } from 'vitest';
import {
  escalationDirection,
  escalationTargets,
  groupsForTier,
  planEscalation,
  type EscalationRequest,
  type GroupDocument,
} from '../../../src/shared/domain/escalation';
import type { Tier } from '../../../src/shared/domain/ticket';

function group(id: string, name: string, tier: Tier, enabled = true): GroupDocument {
  return { id, kind: 'group', name, enabled, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', group: { tier } };
}

const groups = [
  group('g_desk', 'Service desk', 'L1'),
  group('g_billing', 'Billing', 'L1'),
  group('g_tech', 'Technical support', 'L2'),
  group('g_old_tech', 'Archived tech', 'L2', false),
  group('g_spec', 'Specialists', 'L3'),
];

const request: EscalationRequest = {
  ticket: { tier: 'L1', status: 'open', groupId: 'g_desk', assigneeId: 'usr_ana' },
  toTier: 'L2',
  reason: '  Router keeps rebooting after the firmware update  ',
  groups,
  assigneeGroupIds: ['g_desk', 'g_billing'],
};

describe('escalation targets', () => {
  it('moves one tier at a time, up and down', () => {
    expect(escalationTargets('L1')).toEqual([{ tier: 'L2', direction: 'escalate' }]);
    expect(escalationTargets('L2')).toEqual([
      { tier: 'L3', direction: 'escalate' },
      { tier: 'L1', direction: 'de-escalate' },
    ]);
    expect(escalationTargets('L3')).toEqual([{ tier: 'L2', direction: 'de-escalate' }]);
    expect(escalationDirection('L1', 'L3')).toBeNull();
    expect(escalationDirection('L2', 'L2')).toBeNull();
  });

  it('routes only to enabled groups of the tier, by name', () => {
    expect(groupsForTier(groups, 'L1').map((g) => g.id)).toEqual(['g_billing', 'g_desk']);
    expect(groupsForTier(groups, 'L2').map((g) => g.id)).toEqual(['g_tech']);
  });
});

describe('planEscalation', () => {
  it('raises the tier, routes to the tier’s group, unassigns an agent outside it and records the trimmed reason', () => {
    expect(planEscalation(request)).toEqual({
      ok: true,
      plan: {
        direction: 'escalate',
        changes: { tier: 'L2', groupId: 'g_tech', assigneeId: null },
        entry: { kind: 'escalation', fromValue: 'L1', toValue: 'L2', body: 'Router keeps rebooting after the firmware update' },
      },
    });
  });

  it('keeps the assignee when they belong to the chosen group', () => {
    const result = planEscalation({ ...request, assigneeGroupIds: ['g_tech'] });
    expect(result.ok && result.plan.changes).toEqual({ tier: 'L2', groupId: 'g_tech', assigneeId: 'usr_ana' });
  });

  it('unassigns when the assignee’s groups are unknown', () => {
    const result = planEscalation({ ...request, assigneeGroupIds: undefined });
    expect(result.ok && result.plan.changes.assigneeId).toBeNull();
  });

  it('de-escalates to the picked group of the lower tier', () => {
    const result = planEscalation({
      ...request,
      ticket: { tier: 'L2', status: 'pending', groupId: 'g_tech' },
      toTier: 'L1',
      groupId: 'g_desk',
    });
    expect(result).toMatchObject({ ok: true, plan: { direction: 'de-escalate', changes: { tier: 'L1', groupId: 'g_desk', assigneeId: null } } });
  });

  it('requires a reason and bounds its length', () => {
    expect(planEscalation({ ...request, reason: ' \n\t ' })).toEqual({ ok: false, problem: 'reason_required' });
    expect(planEscalation({ ...request, reason: 'x'.repeat(2001) })).toEqual({ ok: false, problem: 'reason_too_long' });
    expect(planEscalation({ ...request, reason: 'x'.repeat(2000) }).ok).toBe(true);
  });

  it('refuses skipped tiers, the same tier, finished or merged tickets', () => {
    expect(planEscalation({ ...request, toTier: 'L3' })).toEqual({ ok: false, problem: 'not_adjacent' });
    expect(planEscalation({ ...request, toTier: 'L1' })).toEqual({ ok: false, problem: 'not_adjacent' });
    expect(planEscalation({ ...request, ticket: { ...request.ticket, status: 'solved' } })).toEqual({ ok: false, problem: 'ticket_finished' });
    expect(planEscalation({ ...request, ticket: { ...request.ticket, status: 'closed' } })).toEqual({ ok: false, problem: 'ticket_finished' });
    expect(planEscalation({ ...request, ticket: { ...request.ticket, mergedIntoId: 't2' } })).toEqual({ ok: false, problem: 'ticket_finished' });
  });

  it('needs an enabled group of the target tier, and a picked group must be one', () => {
    expect(planEscalation({ ...request, groups: groups.filter((g) => g.id !== 'g_tech') })).toEqual({ ok: false, problem: 'no_group' });
    expect(planEscalation({ ...request, groupId: 'g_old_tech' })).toEqual({ ok: false, problem: 'wrong_group' });
    expect(planEscalation({ ...request, groupId: 'g_spec' })).toEqual({ ok: false, problem: 'wrong_group' });
  });
});
