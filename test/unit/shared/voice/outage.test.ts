import { describe, expect, it } from 'vitest';
import { callSchema } from '../../../../src/shared/domain/call';
import { CALLBACK_ATTEMPTS_MAX, callbackRequestSchema } from '../../../../src/shared/domain/callback';
import type { SettingsOfKind } from '../../../../src/shared/domain/settings';
import { callbackRequest, callbackWorklist, completeCallback, isOverdue, manualCall, startCallbackAttempt, type ManualCallInput } from '../../../../src/shared/voice/outage';
import { validatorFor } from '../helpers/schema-validator';

const validCall = validatorFor(callSchema);
const validCallback = validatorFor(callbackRequestSchema);

const CODES: SettingsOfKind<'dispositionCode'>[] = [
  { id: 'set_a', kind: 'dispositionCode', name: 'Resolved', enabled: true, dispositionCode: { code: 'resolved', requiresNote: false }, createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z' },
  { id: 'set_b', kind: 'dispositionCode', name: 'Escalated', enabled: true, dispositionCode: { code: 'escalated', requiresNote: true }, createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z' },
];

const base: ManualCallInput = {
  id: 'call_manual_1',
  agentId: 'usr_ana',
  direction: 'inbound',
  number: '(11) 98765-4321',
  startedAt: '2025-03-01T10:00:00.000Z',
  endedAt: '2025-03-01T10:04:30.000Z',
  dispositionCode: 'resolved',
  notes: '',
  now: '2025-03-01T10:06:00.000Z',
};

describe('manualCall', () => {
  it('builds a valid, wrapped-up manual call record from a call taken on another phone', () => {
    const result = manualCall(base, CODES, { defaultCountry: 'BR' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.call).toMatchObject({
      provider: 'manual',
      direction: 'inbound',
      fromNumber: '+5511987654321',
      outcome: 'answered',
      answeredAt: base.startedAt,
      endedAt: base.endedAt,
      wrapUpEndedAt: base.now,
      dispositionCode: 'resolved',
      agentId: 'usr_ana',
    });
    expect(validCall(result.call)).toEqual([]);
  });

  it('stores the dialled number of an outbound call as toNumber (which the schema requires)', () => {
    const result = manualCall({ ...base, direction: 'outbound', callbackId: 'cb_1' }, CODES, { defaultCountry: 'BR' });
    expect(result.ok && result.call.toNumber).toBe('+5511987654321');
    expect(result.ok && result.call.callbackId).toBe('cb_1');
    expect(result.ok ? validCall(result.call) : ['not ok']).toEqual([]);
  });

  it('applies the wrap-up rules and refuses a number that cannot exist', () => {
    const result = manualCall({ ...base, number: '123', dispositionCode: 'escalated' }, CODES, { defaultCountry: 'BR' });
    expect(result).toEqual({ ok: false, problems: { number: 'too_short', notes: 'notes_required' } });
    expect(manualCall({ ...base, dispositionCode: undefined }, CODES, { defaultCountry: 'BR' })).toEqual({ ok: false, problems: { dispositionCode: 'disposition_required' } });
  });

  it('refuses an end before the start and a call ending in the future', () => {
    expect(manualCall({ ...base, endedAt: '2025-03-01T09:00:00.000Z' }, CODES, { defaultCountry: 'BR' })).toEqual({ ok: false, problems: { times: 'end_before_start' } });
    expect(manualCall({ ...base, endedAt: '2025-03-01T11:00:00.000Z' }, CODES, { defaultCountry: 'BR' })).toEqual({ ok: false, problems: { times: 'in_future' } });
  });
});

describe('callbackRequest', () => {
  const input = { id: 'cb_1', agentId: 'usr_ana', number: '+55 11 98765 4321', reason: ' wants a refund ', dueAt: '2025-03-01T14:00:00-03:00', now: '2025-03-01T10:00:00.000Z' };

  it('is a valid pending request assigned to the agent, due in UTC', () => {
    const result = callbackRequest(input);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.callback).toMatchObject({ phoneNumber: '+5511987654321', reason: 'wants a refund', dueAt: '2025-03-01T17:00:00.000Z', status: 'pending', source: 'agent', attempts: 0, assigneeId: 'usr_ana' });
    expect(validCallback(result.callback)).toEqual([]);
  });

  it('says what is wrong with the number, the reason and the due time', () => {
    expect(callbackRequest({ ...input, number: 'soon', reason: 'x'.repeat(501), dueAt: 'tomorrow' })).toEqual({
      ok: false,
      problems: { number: 'not_a_number', reason: 'too_long', dueAt: 'invalid' },
    });
  });
});

describe('the callback worklist', () => {
  const at = (id: string, dueAt: string, fields: Partial<{ status: 'pending' | 'in_progress' | 'completed' | 'cancelled'; assigneeId: string }> = {}) => ({ id, dueAt, status: 'pending' as const, ...fields });

  it('lists open callbacks of the agent and unassigned ones, most overdue first', () => {
    const list = callbackWorklist(
      [
        at('later', '2025-03-01T12:00:00.000Z', { assigneeId: 'usr_ana' }),
        at('done', '2025-03-01T08:00:00.000Z', { status: 'completed', assigneeId: 'usr_ana' }),
        at('other', '2025-03-01T08:00:00.000Z', { assigneeId: 'usr_bruno' }),
        at('unassigned', '2025-03-01T09:00:00.000Z'),
        at('trying', '2025-03-01T09:00:00.000Z', { status: 'in_progress', assigneeId: 'usr_ana' }),
      ],
      'usr_ana',
    );
    expect(list.map((c) => c.id)).toEqual(['trying', 'unassigned', 'later']);
  });

  it('marks open callbacks past their due time as overdue', () => {
    const now = Date.parse('2025-03-01T10:00:00.000Z');
    expect(isOverdue(at('a', '2025-03-01T09:59:00.000Z'), now)).toBe(true);
    expect(isOverdue(at('b', '2025-03-01T10:01:00.000Z'), now)).toBe(false);
    expect(isOverdue(at('c', '2025-03-01T09:00:00.000Z', { status: 'completed' }), now)).toBe(false);
  });

  it('counts an attempt when calling back, up to the schema limit', () => {
    expect(startCallbackAttempt({ attempts: 1 }, 'usr_ana', '2025-03-01T10:00:00.000Z')).toEqual({
      status: 'in_progress',
      attempts: 2,
      lastAttemptAt: '2025-03-01T10:00:00.000Z',
      assigneeId: 'usr_ana',
      updatedAt: '2025-03-01T10:00:00.000Z',
    });
    expect(startCallbackAttempt({ attempts: CALLBACK_ATTEMPTS_MAX }, 'usr_ana', '2025-03-01T10:00:00.000Z')).toBeUndefined();
  });

  it('completes a callback with the call that fulfilled it (valid per schema)', () => {
    const created = callbackRequest({ id: 'cb_1', agentId: 'usr_ana', number: '+5511987654321', reason: '', dueAt: '2025-03-01T10:00:00.000Z', now: '2025-03-01T09:00:00.000Z' });
    if (!created.ok) throw new Error('fixture');
    expect(validCallback({ ...created.callback, ...completeCallback('call_1', '2025-03-01T10:10:00.000Z') })).toEqual([]);
  });
});
