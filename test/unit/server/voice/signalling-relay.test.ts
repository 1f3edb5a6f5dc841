import { describe, expect, it } from 'vitest';
import { relayTarget, type PairedCall } from '../../../../src/server/voice/signalling-relay';

const caller = { kind: 'caller', callId: 'c1' } as const;
const ana = { kind: 'agent', userId: 'ana' } as const;
const bruno = { kind: 'agent', userId: 'bruno' } as const;
const connected: PairedCall = { members: [caller, ana], connection: { id: 7, parties: [caller, ana] } };

describe('relayTarget', () => {
  it('sends a signal to the other party of the current connection', () => {
    expect(relayTarget(connected, ana, 7)).toEqual({ peer: caller });
    expect(relayTarget(connected, caller, 7)).toEqual({ peer: ana });
  });

  it('refuses unknown calls, outsiders, stale connections and calls that are not connected', () => {
    expect(relayTarget(undefined, ana, 7)).toEqual({ error: 'unknown_call' });
    expect(relayTarget(connected, bruno, 7)).toEqual({ error: 'not_in_call' });
    expect(relayTarget(connected, { kind: 'caller', callId: 'c2' }, 7)).toEqual({ error: 'not_in_call' });
    expect(relayTarget(connected, ana, 6)).toEqual({ error: 'stale_connection' });
    expect(relayTarget({ members: [caller], connection: undefined }, caller, 7)).toEqual({ error: 'invalid_state' });
  });

  it('refuses a member who is not in the connection (the agent who consulted, during a transfer)', () => {
    const handingOver: PairedCall = { members: [caller, ana, bruno], connection: { id: 8, parties: [caller, bruno] } };
    expect(relayTarget(handingOver, ana, 8)).toEqual({ error: 'not_in_call' });
    expect(relayTarget(handingOver, bruno, 8)).toEqual({ peer: caller });
  });
});
