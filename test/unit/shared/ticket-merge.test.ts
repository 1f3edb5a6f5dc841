/**
 * Merging a duplicate ticket: what the survivor gains, what the source becomes, when a merge is refused,
 * and how the merged tickets' histories stay reachable (merge chains, loops).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idsMergedInto, mergeWouldLoop, survivorIdOf, type MergeLink } from '../../../src/shared/domain/merge-chain';
import { TICKET_PRIORITIES, ticketSchemaV1, type Ticket } from '../../../src/shared/domain/ticket';
import { needsCustomerChoice, planTicketMerge, ticketIdsMergedInto, ticketMergeFieldProblems, type TicketMergeChoice } from '../../../src/shared/domain/ticket-merge';
import { validatorFor } from './helpers/schema-validator';

const validate = validatorFor(ticketSchemaV1);

function ticket(id: string, fields: Partial<Ticket> = {}): Ticket {
  return {
    id,
    number: Number(id.replace(/\D/g, '')) || 1,
    subject: `Subject of ${id}`,
    status: 'open',
    priority: 'normal',
    channel: 'email',
    tier: 'L1',
    customerId: 'cus_1',
    tags: [],
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:00:00.000Z',
    ...fields,
  };
}

function planOrThrow(source: Ticket, target: Ticket, choice: TicketMergeChoice = {}) {
  const result = planTicketMerge(source, target, choice);
  if (!result.ok) throw new Error(result.problem);
  return result.plan;
}

describe('planTicketMerge', () => {
  it('closes the source pointing at the target; the target gains tags, related tickets and the higher priority', () => {
    const source = ticket('tkt_2', { priority: 'urgent', tags: ['billing', 'vip'], relatedTicketIds: ['tkt_7', 'tkt_1'], assigneeId: 'usr_bruno' });
    const target = ticket('tkt_1', { tags: ['vip', 'refund'], relatedTicketIds: ['tkt_9', 'tkt_2'], assigneeId: 'usr_ana', status: 'pending' });
    const plan = planOrThrow(source, target);

    expect(plan.merged).toEqual({ ...source, status: 'closed', mergedIntoId: 'tkt_1' });
    expect(plan.survivor).toEqual({
      ...target,
      tags: ['vip', 'refund', 'billing'],
      // The two are linked by mergedIntoId, not listed as related.
      relatedTicketIds: ['tkt_9', 'tkt_7'],
      priority: 'urgent',
    });
    expect(plan).toMatchObject({ addedTags: ['billing'], addedRelatedTicketIds: ['tkt_7'], priorityRaised: true, customerChanged: false });
    // What the target is stays its own: subject, status, assignee, customer.
    expect(plan.survivor).toMatchObject({ subject: target.subject, status: 'pending', assigneeId: 'usr_ana', customerId: 'cus_1' });
    expect(validate(plan.survivor)).toEqual([]);
    expect(validate(plan.merged)).toEqual([]);
  });

  it('never lowers the priority and leaves out an empty related list', () => {
    const plan = planOrThrow(ticket('tkt_2', { priority: 'low' }), ticket('tkt_1', { priority: 'high', relatedTicketIds: ['tkt_2'] }));
    expect(plan.survivor.priority).toBe('high');
    expect(plan.priorityRaised).toBe(false);
    expect(plan.survivor).not.toHaveProperty('relatedTicketIds');
  });

  it('asks which customer the survivor keeps when they differ, and takes only one of the two', () => {
    const source = ticket('tkt_2', { customerId: 'cus_2' });
    const target = ticket('tkt_1', { customerId: 'cus_1' });
    expect(needsCustomerChoice(source, target)).toBe(true);
    expect(planTicketMerge(source, target)).toEqual({ ok: false, problem: 'customer_choice_required' });
    expect(planTicketMerge(source, target, { customerId: 'cus_3' })).toEqual({ ok: false, problem: 'customer_not_involved' });
    expect(planOrThrow(source, target, { customerId: 'cus_1' })).toMatchObject({ customerChanged: false, survivor: { customerId: 'cus_1' } });
    const moved = planOrThrow(source, target, { customerId: 'cus_2' });
    expect(moved).toMatchObject({ customerChanged: true, survivor: { customerId: 'cus_2' } });
    // The source keeps its own customer: its history stays where it was recorded.
    expect(moved.merged.customerId).toBe('cus_2');
    expect(needsCustomerChoice(ticket('a'), ticket('b'))).toBe(false);
  });

  it('refuses merging into itself, merging a merged ticket, into a merged or a closed ticket', () => {
    const open = ticket('tkt_1');
    expect(planTicketMerge(open, open)).toEqual({ ok: false, problem: 'same_ticket' });
    expect(planTicketMerge(ticket('tkt_2', { status: 'closed', mergedIntoId: 'tkt_3' }), open)).toEqual({ ok: false, problem: 'source_merged' });
    expect(planTicketMerge(ticket('tkt_2'), ticket('tkt_1', { status: 'closed', mergedIntoId: 'tkt_3' }))).toEqual({ ok: false, problem: 'target_merged' });
    expect(planTicketMerge(ticket('tkt_2'), ticket('tkt_1', { status: 'closed' }))).toEqual({ ok: false, problem: 'target_closed' });
    // A solved target or a closed source is fine.
    expect(planTicketMerge(ticket('tkt_2', { status: 'closed' }), ticket('tkt_1', { status: 'solved' })).ok).toBe(true);
  });

  it('refuses a merge that would exceed the schema’s limits instead of dropping tags or links', () => {
    const tags = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}${String(index)}`);
    expect(planTicketMerge(ticket('tkt_2', { tags: tags('b', 11) }), ticket('tkt_1', { tags: tags('a', 40) }))).toEqual({ ok: false, problem: 'too_many_tags' });
    expect(planTicketMerge(ticket('tkt_2', { tags: tags('a', 30) }), ticket('tkt_1', { tags: tags('a', 50) })).ok).toBe(true);
    const related = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `tkt_${prefix}${String(index)}`);
    expect(planTicketMerge(ticket('tkt_2', { relatedTicketIds: related('b', 26) }), ticket('tkt_1', { relatedTicketIds: related('a', 25) }))).toEqual({
      ok: false,
      problem: 'too_many_related',
    });
  });

  it('is idempotent: planning again on the survivor changes nothing (an interrupted merge is finished, not doubled)', () => {
    const arbitraryTicket = (id: string) =>
      fc.record({
        priority: fc.constantFrom(...TICKET_PRIORITIES),
        tags: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 5 }),
        relatedTicketIds: fc.uniqueArray(fc.constantFrom('tkt_1', 'tkt_2', 'tkt_3', 'tkt_4'), { maxLength: 4 }),
      }).map((fields) => ticket(id, fields));
    fc.assert(
      fc.property(arbitraryTicket('tkt_2'), arbitraryTicket('tkt_1'), (source, target) => {
        const first = planOrThrow(source, target);
        const again = planOrThrow(source, first.survivor);
        expect(again.survivor).toEqual(first.survivor);
        expect(again).toMatchObject({ addedTags: [], addedRelatedTicketIds: [], priorityRaised: false });
        // Nothing of either is lost.
        for (const tag of [...source.tags, ...target.tags]) expect(first.survivor.tags).toContain(tag);
        for (const id of [...(source.relatedTicketIds ?? []), ...(target.relatedTicketIds ?? [])]) {
          if (id !== 'tkt_1' && id !== 'tkt_2') expect(first.survivor.relatedTicketIds).toContain(id);
        }
        expect(validate(first.survivor)).toEqual([]);
      }),
    );
  });
});

describe('merged histories', () => {
  const links: MergeLink[] = [
    { id: 'a' },
    { id: 'b', mergedIntoId: 'a' },
    { id: 'c', mergedIntoId: 'b' },
    { id: 'd', mergedIntoId: 'a' },
    { id: 'e' },
  ];

  it('the survivor’s page reads itself and every ticket merged into it, through chains', () => {
    expect(ticketIdsMergedInto('a', links)).toEqual(['a', 'b', 'd', 'c']);
    expect(ticketIdsMergedInto('b', links)).toEqual(['b', 'c']);
    expect(ticketIdsMergedInto('e', links)).toEqual(['e']);
  });

  it('a link to a merged ticket leads to the end of its chain; unknown or looping chains lead nowhere', () => {
    const byId = new Map(links.map((link) => [link.id, link]));
    expect(survivorIdOf('c', byId)).toBe('a');
    expect(survivorIdOf('a', byId)).toBe('a');
    expect(survivorIdOf('x', byId)).toBeUndefined();
    const loop = new Map<string, MergeLink>([['p', { id: 'p', mergedIntoId: 'q' }], ['q', { id: 'q', mergedIntoId: 'p' }]]);
    expect(survivorIdOf('p', loop)).toBeUndefined();
    expect(idsMergedInto('p', loop.values())).toEqual(['p', 'q']);
  });

  it('a merge that would close a loop is detected, however long the chain', async () => {
    const byId = new Map(links.map((link) => [link.id, link.mergedIntoId]));
    const lookup = (id: string) => byId.get(id);
    expect(await mergeWouldLoop('a', 'c', lookup)).toBe(true);
    expect(await mergeWouldLoop('a', 'a', lookup)).toBe(true);
    expect(await mergeWouldLoop('e', 'c', lookup)).toBe(false);
    expect(await mergeWouldLoop('c', 'e', async (id) => Promise.resolve(byId.get(id)))).toBe(false);
    // A chain that already loops elsewhere takes nothing more in.
    expect(await mergeWouldLoop('z', 'p', (id) => ({ p: 'q', q: 'p' })[id])).toBe(true);
  });

  it('the server refuses a ticket merged into itself (the schema cannot say so)', () => {
    expect(ticketMergeFieldProblems({ id: 'a', mergedIntoId: 'a' })).toEqual(['a ticket cannot be merged into itself']);
    expect(ticketMergeFieldProblems({ id: 'a', mergedIntoId: 'b' })).toEqual([]);
    expect(ticketMergeFieldProblems({ id: 'a' })).toEqual([]);
  });
});
