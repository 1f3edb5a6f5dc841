/**
 * Inbound Twilio calls routed through the WebRTC distributor's presence: the longest-idle free agent
 * who can serve the queue, reserved for the whole `<Dial>` (ring, and the conversation when answered),
 * so a WebRTC caller is never offered to an agent a Twilio call is ringing or talking to, and two
 * Twilio calls never ring the same agent. The reservation ends when Twilio reports the `<Dial>` over
 * (`ringEnded`, from the dial-result webhook), or after `maxHoldMs` should that webhook never come.
 */
import type { TwilioRouting } from './routing';

/** The part of the voice service the adapter needs (src/server/voice/voice-service.ts). */
export interface PresenceSource {
  pickAvailableAgent(queueId: string, exclude?: ReadonlySet<string>): Promise<{ readonly userId: string } | undefined>;
  /** Reserves a free agent for one offer; false when they are no longer free. */
  reserve(userId: string, offerId: string): boolean;
  release(userId: string, offerId: string): void;
}

export interface PresenceRoutingOptions {
  /** Safety net for a lost dial-result webhook: the longest a Twilio call may keep an agent reserved. */
  readonly maxHoldMs: number;
  readonly setTimer: (callback: () => void, ms: number) => () => void;
}

/** Another offer may reserve the picked agent between the pick and the reservation: try the next one, a few times. */
const PICK_ATTEMPTS = 5;

export const TWILIO_OFFER_PREFIX = 'twilio:';

export function createPresenceRouting(source: PresenceSource, options: PresenceRoutingOptions): TwilioRouting {
  const held = new Map<string, { readonly userId: string; readonly cancelTimer: () => void }>();

  const ringEnded = (callSid: string): void => {
    const hold = held.get(callSid);
    if (hold === undefined) return;
    held.delete(callSid);
    hold.cancelTimer();
    source.release(hold.userId, TWILIO_OFFER_PREFIX + callSid);
  };

  return {
    async pickAgent(queueId, callSid) {
      if (callSid !== undefined) ringEnded(callSid);
      const tried = new Set<string>();
      for (let attempt = 0; attempt < PICK_ATTEMPTS; attempt += 1) {
        const agent = await source.pickAvailableAgent(queueId, tried);
        if (agent === undefined) return undefined;
        // Without a CallSid there is nothing to release by later: the pick is advisory.
        if (callSid === undefined) return agent.userId;
        if (source.reserve(agent.userId, TWILIO_OFFER_PREFIX + callSid)) {
          const cancelTimer = options.setTimer(() => {
            ringEnded(callSid);
          }, options.maxHoldMs);
          held.set(callSid, { userId: agent.userId, cancelTimer });
          return agent.userId;
        }
        tried.add(agent.userId);
      }
      return undefined;
    },
    ringEnded,
  };
}
