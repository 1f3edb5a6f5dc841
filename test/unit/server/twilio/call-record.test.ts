import { describe, expect, it } from 'vitest';
import type { CallContext } from '../../../../src/server/voice/twilio/call-context';
import type { CallEvent, LegEvent, TwilioCallStatus } from '../../../../src/server/voice/twilio/call-events';
import { applyCallEvent, type CallDraft } from '../../../../src/server/voice/twilio/call-record';

const CALL_SID = `CA${'a'.repeat(32)}`;
const FACTS = { callerId: '+551130000000', queueId: 'que_main' };
const INBOUND: CallContext = {
  callSid: CALL_SID,
  direction: 'inbound',
  offeredAt: '2026-05-05T10:00:00.000Z',
  fromNumber: '+5511987654321',
  toNumber: '+551140040000',
  queueId: 'que_main',
  agentId: 'usr_ana',
};

function leg(status: TwilioCallStatus, at: string, extra: Partial<LegEvent> = {}): LegEvent {
  return { kind: 'leg', context: INBOUND, status, time: { at, exact: true }, ...extra };
}

const answered = leg('in-progress', '2026-05-05T10:00:12.000Z');
const completed = leg('completed', '2026-05-05T10:05:12.000Z', { durationSeconds: 300 });
const recording: CallEvent = {
  kind: 'recording',
  callSid: CALL_SID,
  context: INBOUND,
  recordingSid: `RE${'b'.repeat(32)}`,
  status: 'completed',
  startedAt: '2026-05-05T10:00:13.000Z',
  durationSeconds: 298,
};
const parentEnded: CallEvent = {
  kind: 'parent',
  callSid: CALL_SID,
  status: 'completed',
  time: { at: '2026-05-05T10:05:13.000Z', exact: true },
  durationSeconds: 313,
  from: '+5511987654321',
  to: '+551140040000',
};

function applyAll(events: readonly CallEvent[], start?: CallDraft): CallDraft | undefined {
  return events.reduce<CallDraft | undefined>((call, event) => applyCallEvent(call, event, FACTS), start);
}

describe('call records from Twilio events', () => {
  it('records an answered call with its answer and end times', () => {
    expect(applyAll([answered, completed])).toEqual({
      direction: 'inbound',
      provider: 'twilio',
      providerCallId: CALL_SID,
      offeredAt: '2026-05-05T10:00:00.000Z',
      fromNumber: '+5511987654321',
      toNumber: '+551140040000',
      queueId: 'que_main',
      agentId: 'usr_ana',
      outcome: 'answered',
      answeredAt: '2026-05-05T10:00:12.000Z',
      endedAt: '2026-05-05T10:05:12.000Z',
    });
  });

  it.each([
    ['answered', answered],
    ['completed', completed],
    ['no-answer', leg('no-answer', '2026-05-05T10:00:25.000Z')],
    ['recording', recording],
    ['parent ended', parentEnded],
  ])('changes nothing when the %s callback comes again', (_name, event) => {
    for (const start of [undefined, applyAll([answered]), applyAll([leg('busy', '2026-05-05T10:00:03.000Z')])]) {
      const once = applyCallEvent(start, event, FACTS);
      expect(applyCallEvent(once, event, FACTS)).toEqual(once);
    }
  });

  it('ends in the same record whatever order the callbacks arrive in', () => {
    const expected = applyAll([answered, completed, recording, parentEnded]);
    for (const order of [
      [completed, answered, parentEnded, recording],
      [recording, parentEnded, completed, answered],
      [parentEnded, recording, answered, completed],
    ]) {
      expect(applyAll(order)).toEqual(expected);
    }
  });

  it('never turns an answered call into a missed one', () => {
    expect(applyAll([answered, leg('no-answer', '2026-05-05T10:00:30.000Z')])?.outcome).toBe('answered');
  });

  it.each([
    ['no-answer', 'missed'],
    ['busy', 'rejected'],
    ['canceled', 'abandoned'],
    ['failed', 'missed'],
  ] as const)('records an unanswered leg (%s) as %s', (status, outcome) => {
    expect(applyAll([leg(status, '2026-05-05T10:00:25.000Z')])).toMatchObject({ outcome, agentId: 'usr_ana' });
  });

  it('leaves the end of a missed inbound call to the parent, since the caller goes back on hold', () => {
    const missed = applyAll([leg('no-answer', '2026-05-05T10:00:25.000Z')]);
    expect(missed?.endedAt).toBeUndefined();
    expect(applyAll([parentEnded], missed)?.endedAt).toBe('2026-05-05T10:05:13.000Z');
  });

  it('gives the call to the agent who answered after another missed it', () => {
    const missedByAna = applyAll([leg('no-answer', '2026-05-05T10:00:25.000Z')]);
    const brunoAnswers: LegEvent = { ...answered, context: { ...INBOUND, agentId: 'usr_bruno' } };
    expect(applyAll([brunoAnswers], missedByAna)).toMatchObject({ outcome: 'answered', agentId: 'usr_bruno' });
  });

  it('records a caller who hung up before reaching anyone as abandoned in the queue of the number', () => {
    expect(applyAll([parentEnded])).toEqual({
      direction: 'inbound',
      provider: 'twilio',
      providerCallId: CALL_SID,
      offeredAt: '2026-05-05T10:00:00.000Z',
      fromNumber: '+5511987654321',
      toNumber: '+551140040000',
      queueId: 'que_main',
      outcome: 'abandoned',
      endedAt: '2026-05-05T10:05:13.000Z',
    });
  });

  it('makes no record of a softphone call to a number that is not E.164', () => {
    const event: CallEvent = { ...parentEnded, from: 'client:usr_ana', to: '12345' };
    expect(applyAll([event])).toBeUndefined();
  });

  it('keeps what the agent wrote at wrap-up', () => {
    const wrapped = { ...applyAll([answered]), notes: 'refund', dispositionCode: 'resolved', wrapUpEndedAt: '2026-05-05T10:06:00.000Z' } as CallDraft;
    expect(applyAll([completed, recording], wrapped)).toMatchObject({ notes: 'refund', dispositionCode: 'resolved', wrapUpEndedAt: '2026-05-05T10:06:00.000Z' });
  });

  it('ignores ringing and in-between statuses before anything is known', () => {
    expect(applyAll([leg('ringing', '2026-05-05T10:00:01.000Z'), { ...parentEnded, status: 'in-progress' }])).toBeUndefined();
  });
});
