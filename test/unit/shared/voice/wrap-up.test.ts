import { describe, expect, it } from 'vitest';
import { timelineEntrySchema } from '../../../../src/shared/domain/timeline';
import type { SettingsOfKind } from '../../../../src/shared/domain/settings';
import {
  CALL_NOTES_MAX,
  callTimelineEntry,
  callTimelineEntryId,
  dispositionRequiresNote,
  hasProblems,
  selectableDispositions,
  validateWrapUp,
  wrapUpChanges,
} from '../../../../src/shared/voice/wrap-up';
import { validatorFor } from '../helpers/schema-validator';

const disposition = (code: string, requiresNote: boolean, enabled = true): SettingsOfKind<'dispositionCode'> => ({
  id: `set_${code}`,
  kind: 'dispositionCode',
  name: code,
  enabled,
  dispositionCode: { code, requiresNote },
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
});

const CODES = [disposition('resolved', false), disposition('escalated', true), disposition('retired', true, false)];

describe('disposition rules', () => {
  it('offers only enabled codes', () => {
    expect(selectableDispositions(CODES).map((d) => d.dispositionCode.code)).toEqual(['resolved', 'escalated']);
  });

  it('requires a note exactly for the codes that say so', () => {
    expect(dispositionRequiresNote(CODES, 'escalated')).toBe(true);
    expect(dispositionRequiresNote(CODES, 'resolved')).toBe(false);
    expect(dispositionRequiresNote(CODES, undefined)).toBe(false);
  });
});

describe('validateWrapUp', () => {
  it('requires a disposition', () => {
    expect(validateWrapUp({ dispositionCode: undefined, notes: 'x' }, CODES)).toEqual({ dispositionCode: 'disposition_required' });
  });

  it('refuses a disabled or unknown code', () => {
    expect(validateWrapUp({ dispositionCode: 'retired', notes: 'x' }, CODES)).toEqual({ dispositionCode: 'disposition_unknown' });
    expect(validateWrapUp({ dispositionCode: 'nope', notes: '' }, CODES)).toEqual({ dispositionCode: 'disposition_unknown' });
  });

  it('requires notes (not just blanks) when the code says so', () => {
    expect(validateWrapUp({ dispositionCode: 'escalated', notes: '   ' }, CODES)).toEqual({ notes: 'notes_required' });
    expect(hasProblems(validateWrapUp({ dispositionCode: 'escalated', notes: 'sent to L2' }, CODES))).toBe(false);
    expect(hasProblems(validateWrapUp({ dispositionCode: 'resolved', notes: '' }, CODES))).toBe(false);
  });

  it('refuses notes longer than the schema stores', () => {
    expect(validateWrapUp({ dispositionCode: 'resolved', notes: 'a'.repeat(CALL_NOTES_MAX + 1) }, CODES)).toEqual({ notes: 'notes_too_long' });
  });
});

describe('wrapUpChanges', () => {
  const input = { dispositionCode: 'resolved', notes: '  said thanks ', ticketId: 'tkt_1', customerId: 'cus_1' };
  const now = '2025-03-01T10:05:00.000Z';

  it('records the disposition, notes and links and ends after-call work now', () => {
    expect(wrapUpChanges({}, input, now)).toEqual({ dispositionCode: 'resolved', notes: 'said thanks', ticketId: 'tkt_1', customerId: 'cus_1', wrapUpEndedAt: now });
  });

  it('leaves out what the agent did not give', () => {
    expect(wrapUpChanges({}, { dispositionCode: 'resolved', notes: '', ticketId: undefined, customerId: undefined }, now)).toEqual({ dispositionCode: 'resolved', wrapUpEndedAt: now });
  });

  it('changes only notes and links of a call already wrapped up (sealed), keeping the first end time', () => {
    expect(wrapUpChanges({ wrapUpEndedAt: '2025-03-01T10:00:00.000Z' }, { ...input, dispositionCode: 'escalated' }, now)).toEqual({
      notes: 'said thanks',
      ticketId: 'tkt_1',
      customerId: 'cus_1',
    });
  });
});

describe('callTimelineEntry', () => {
  it('is a valid call entry on the ticket, carrying the customer for their history', () => {
    const entry = callTimelineEntry({ callId: 'call_1', ticketId: 'tkt_1', customerId: 'cus_1', occurredAt: '2025-03-01T10:00:00.000Z', agentId: 'usr_ana', now: '2025-03-01T10:05:00.000Z' });
    expect(entry).toMatchObject({ subjectType: 'ticket', subjectId: 'tkt_1', kind: 'call', callId: 'call_1', customerId: 'cus_1', authorId: 'usr_ana' });
    expect(validatorFor(timelineEntrySchema)(entry)).toEqual([]);
  });

  it('has one id per call and ticket, within the id limit even for long ids', () => {
    const longCall = `call_tw_CA${'a'.repeat(32)}_2`;
    const longTicket = `tkt_${'b'.repeat(60)}`;
    expect(callTimelineEntryId(longCall, longTicket)).toBe(callTimelineEntryId(longCall, longTicket));
    expect(callTimelineEntryId(longCall, longTicket).length).toBeLessThanOrEqual(64);
    expect(callTimelineEntryId('call_1', 'tkt_1')).not.toBe(callTimelineEntryId('call_1', 'tkt_2'));
  });
});
