/**
 * Hold and resume for Twilio calls (`POST /api/v1/voice/calls/:callSid/hold|resume`, called by the
 * Twilio provider's `server.hold/resume` with the agent's leg). The SDK has no hold: the agent's leg
 * stays up (silent), the customer's leg waits in a Twilio queue named after the agent's leg with hold
 * music, and resume dials that queue from the agent's leg, bridging the two again.
 *
 * The legs are bridged by a `<Dial>`: whichever leg is the child is redirected over the REST API; the
 * parent then leaves its `<Dial>` and asks the dial-result webhook what next, which consults `isHeld`
 * (so that answer is hold, not hang-up). Inbound: parent = customer, child = agent. Outbound (the
 * softphone dialled): parent = agent, child = customer. Held calls are kept in memory, per process.
 */
import twilio from 'twilio';
import { HOLD_MUSIC_URL } from './twiml';

/** The REST calls this needs, shaped like the twilio library's client so tests inject a fake. */
export interface TwilioLeg {
  readonly parentSid: string | null;
  readonly from: string;
  readonly to: string;
}

export interface TwilioCallsApi {
  fetchLeg(callSid: string): Promise<TwilioLeg>;
  /** The in-progress child legs of a call. */
  childSids(parentSid: string): Promise<string[]>;
  updateTwiml(callSid: string, twiml: string): Promise<void>;
}

/** The twilio library's REST client over our account (API key auth). */
export function twilioCallsApi(credentials: { readonly accountSid: string; readonly apiKeySid: string; readonly apiKeySecret: string }): TwilioCallsApi {
  const client = twilio(credentials.apiKeySid, credentials.apiKeySecret, { accountSid: credentials.accountSid });
  return {
    async fetchLeg(callSid) {
      const call = await client.calls(callSid).fetch();
      return { parentSid: call.parentCallSid === '' ? null : call.parentCallSid, from: call.from, to: call.to };
    },
    async childSids(parentSid) {
      const calls = await client.calls.list({ parentCallSid: parentSid, status: 'in-progress', limit: 5 });
      return calls.map((call) => call.sid);
    },
    async updateTwiml(callSid, twiml) {
      await client.calls(callSid).update({ twiml });
    },
  };
}

/** The agent's silent wait while the customer is on hold (an hour; nobody holds longer). */
const AGENT_WAIT_SECONDS = 3600;

export function holdQueueName(agentLegSid: string): string {
  return `hold_${agentLegSid}`;
}

export function customerOnHoldTwiml(agentLegSid: string): string {
  const response = new twilio.twiml.VoiceResponse();
  // The wait URL plays music in a loop; a static file is allowed as the waitUrl (Twilio plays it).
  response.enqueue({ waitUrl: HOLD_MUSIC_URL, waitUrlMethod: 'GET' }, holdQueueName(agentLegSid));
  return response.toString();
}

export function agentWaitingTwiml(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.pause({ length: AGENT_WAIT_SECONDS });
  return response.toString();
}

export function resumeTwiml(agentLegSid: string): string {
  const response = new twilio.twiml.VoiceResponse();
  response.dial().queue(holdQueueName(agentLegSid));
  return response.toString();
}

/** not_bridged: no call to hold or resume; not_yours: the leg is not this user's softphone. */
export type HoldProblem = 'not_bridged' | 'not_yours';

interface HeldCall {
  readonly agentLeg: string;
  readonly userId: string;
  /** The parent leg: it is the one that asks the dial-result webhook what next. */
  readonly parentLeg: string;
  readonly parentIsAgent: boolean;
}

export class CallHolds {
  /** By parent leg. */
  private readonly held = new Map<string, HeldCall>();

  constructor(private readonly api: TwilioCallsApi) {}

  /** Puts the customer on hold, keeping the agent's leg; undefined when done. */
  async hold(agentLeg: string, userId: string): Promise<HoldProblem | undefined> {
    const leg = await this.api.fetchLeg(agentLeg);
    // The agent's softphone is `client:<user id>` on its own leg: the caller side (outbound) or the called side (inbound).
    const identity = `client:${userId}`;
    if (leg.from !== identity && leg.to !== identity) return 'not_yours';
    if (this.heldByAgent(agentLeg) !== undefined) return undefined;
    const parent = leg.parentSid;
    if (parent !== null) {
      // Inbound: the agent is the child. Redirecting it ends the parent's <Dial>; dial-result enqueues the customer.
      this.held.set(parent, { agentLeg, userId, parentLeg: parent, parentIsAgent: false });
      await this.redirect(parent, agentLeg, agentWaitingTwiml());
      return undefined;
    }
    const [customerLeg] = await this.api.childSids(agentLeg);
    if (customerLeg === undefined) return 'not_bridged';
    // Outbound: the customer is the child; the agent's <Dial> ends and dial-result keeps the agent waiting.
    this.held.set(agentLeg, { agentLeg, userId, parentLeg: agentLeg, parentIsAgent: true });
    await this.redirect(agentLeg, customerLeg, customerOnHoldTwiml(agentLeg));
    return undefined;
  }

  /** Bridges the agent's leg with the customer waiting in its hold queue. */
  async resume(agentLeg: string, userId: string): Promise<HoldProblem | undefined> {
    const held = this.heldByAgent(agentLeg);
    if (held === undefined) return 'not_bridged';
    if (held.userId !== userId) return 'not_yours';
    this.held.delete(held.parentLeg);
    await this.api.updateTwiml(agentLeg, resumeTwiml(agentLeg));
    return undefined;
  }

  /**
   * The dial-result webhook's question for a parent leg whose <Dial> ended: TwiML that continues the
   * hold, or undefined when the call is not on hold (then the usual answer applies).
   */
  dialEnded(parentLeg: string): string | undefined {
    const held = this.held.get(parentLeg);
    if (held === undefined) return undefined;
    return held.parentIsAgent ? agentWaitingTwiml() : customerOnHoldTwiml(held.agentLeg);
  }

  /** A leg of a held call ended (hung up while on hold): nothing to resume any more. */
  legEnded(callSid: string): void {
    for (const [parent, held] of this.held) {
      if (parent === callSid || held.agentLeg === callSid) this.held.delete(parent);
    }
  }

  isHeld(agentLeg: string): boolean {
    return this.heldByAgent(agentLeg) !== undefined;
  }

  private heldByAgent(agentLeg: string): HeldCall | undefined {
    return [...this.held.values()].find((held) => held.agentLeg === agentLeg);
  }

  private async redirect(parentLeg: string, childLeg: string, twiml: string): Promise<void> {
    try {
      await this.api.updateTwiml(childLeg, twiml);
    } catch (error) {
      this.held.delete(parentLeg);
      throw error;
    }
  }
}
