import { describe, expect, it } from 'vitest';
import { CallHolds, holdQueueName, type TwilioCallsApi, type TwilioLeg } from '../../../../src/server/voice/twilio/call-hold';

const AGENT = 'usr_ana';
const INBOUND_AGENT_LEG = `CA${'a'.repeat(32)}`;
const CUSTOMER_PARENT = `CA${'b'.repeat(32)}`;
const OUTBOUND_AGENT_LEG = `CA${'c'.repeat(32)}`;
const CUSTOMER_CHILD = `CA${'d'.repeat(32)}`;

/** Twilio's REST API as far as hold needs it: two bridged calls, one inbound, one the softphone dialled. */
class FakeCalls implements TwilioCallsApi {
  readonly updates: [string, string][] = [];
  failUpdates = false;
  private readonly legs = new Map<string, TwilioLeg>([
    [INBOUND_AGENT_LEG, { parentSid: CUSTOMER_PARENT, from: '+5511987654321', to: `client:${AGENT}` }],
    [OUTBOUND_AGENT_LEG, { parentSid: null, from: `client:${AGENT}`, to: '+5511987654321' }],
  ]);

  fetchLeg(callSid: string): Promise<TwilioLeg> {
    const leg = this.legs.get(callSid);
    return leg === undefined ? Promise.reject(new Error('404')) : Promise.resolve(leg);
  }

  childSids(parentSid: string): Promise<string[]> {
    return Promise.resolve(parentSid === OUTBOUND_AGENT_LEG ? [CUSTOMER_CHILD] : []);
  }

  updateTwiml(callSid: string, twiml: string): Promise<void> {
    if (this.failUpdates) return Promise.reject(new Error('Twilio is down'));
    this.updates.push([callSid, twiml]);
    return Promise.resolve();
  }
}

describe('CallHolds', () => {
  it('inbound: keeps the agent waiting and, when the customer leaves the dial, queues them with hold music', async () => {
    const api = new FakeCalls();
    const holds = new CallHolds(api);
    expect(await holds.hold(INBOUND_AGENT_LEG, AGENT)).toBeUndefined();
    expect(api.updates).toHaveLength(1);
    expect(api.updates[0]?.[0]).toBe(INBOUND_AGENT_LEG);
    expect(api.updates[0]?.[1]).toContain('<Pause');
    // The customer's <Dial> ended: the dial-result webhook must hold, not hang up.
    const next = holds.dialEnded(CUSTOMER_PARENT);
    expect(next).toContain(`<Enqueue waitUrl=`);
    expect(next).toContain(`>${holdQueueName(INBOUND_AGENT_LEG)}</Enqueue>`);
    expect(holds.isHeld(INBOUND_AGENT_LEG)).toBe(true);

    expect(await holds.resume(INBOUND_AGENT_LEG, AGENT)).toBeUndefined();
    expect(api.updates[1]).toEqual([INBOUND_AGENT_LEG, expect.stringContaining(`<Dial><Queue>${holdQueueName(INBOUND_AGENT_LEG)}</Queue></Dial>`)]);
    expect(holds.dialEnded(CUSTOMER_PARENT)).toBeUndefined();
  });

  it('outbound: queues the dialled customer and keeps the agent leg waiting for the resume', async () => {
    const api = new FakeCalls();
    const holds = new CallHolds(api);
    expect(await holds.hold(OUTBOUND_AGENT_LEG, AGENT)).toBeUndefined();
    expect(api.updates[0]?.[0]).toBe(CUSTOMER_CHILD);
    expect(api.updates[0]?.[1]).toContain(`>${holdQueueName(OUTBOUND_AGENT_LEG)}</Enqueue>`);
    expect(holds.dialEnded(OUTBOUND_AGENT_LEG)).toContain('<Pause');
    expect(await holds.resume(OUTBOUND_AGENT_LEG, AGENT)).toBeUndefined();
    expect(api.updates[1]?.[0]).toBe(OUTBOUND_AGENT_LEG);
  });

  it('refuses to hold a leg that is not the user’s softphone, and changes nothing', async () => {
    const api = new FakeCalls();
    const holds = new CallHolds(api);
    expect(await holds.hold(INBOUND_AGENT_LEG, 'usr_bruno')).toBe('not_yours');
    expect(api.updates).toEqual([]);
    expect(holds.dialEnded(CUSTOMER_PARENT)).toBeUndefined();
  });

  it('cannot resume a call that is not on hold, nor someone else’s', async () => {
    const api = new FakeCalls();
    const holds = new CallHolds(api);
    expect(await holds.resume(INBOUND_AGENT_LEG, AGENT)).toBe('not_bridged');
    await holds.hold(INBOUND_AGENT_LEG, AGENT);
    expect(await holds.resume(INBOUND_AGENT_LEG, 'usr_bruno')).toBe('not_yours');
  });

  it('forgets a hold whose REST update failed, so the dial-result hangs up as usual', async () => {
    const api = new FakeCalls();
    api.failUpdates = true;
    const holds = new CallHolds(api);
    await expect(holds.hold(INBOUND_AGENT_LEG, AGENT)).rejects.toThrow('Twilio is down');
    expect(holds.dialEnded(CUSTOMER_PARENT)).toBeUndefined();
  });

  it('forgets a held call once one of its legs ends (the customer hung up on hold)', async () => {
    const holds = new CallHolds(new FakeCalls());
    await holds.hold(INBOUND_AGENT_LEG, AGENT);
    holds.legEnded(CUSTOMER_PARENT);
    expect(holds.isHeld(INBOUND_AGENT_LEG)).toBe(false);
  });
});
