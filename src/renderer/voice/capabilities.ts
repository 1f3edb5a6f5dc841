/**
 * What some providers can do beyond the shared VoiceProvider interface. The softphone asks for a
 * capability (`hasTransfers(provider)`…) and shows the controls only when the provider has it, so
 * the panel stays provider-agnostic: Twilio has none of these today; the built-in WebRTC provider
 * has all of them.
 */
import type { Subscribable } from '../../shared/voice/emitter';
import type { ProviderCall, VoiceProvider } from '../../shared/voice/provider';
import type { AgentChosenState, AgentPresenceView, TransferTarget, VoiceErrorCode as ServerErrorCode } from '../../shared/voice/signalling';
import type { MediaStats } from './quality';

export type { TransferTarget };

/** Cold transfer, and warm transfer (consult the target while the caller holds, then hand over). */
export interface CallTransfers {
  /** Hands the caller to a colleague or queue at once; the call ends here (`disconnected`). */
  transfer(callId: string, target: TransferTarget): Promise<void>;
  /** Calls the target about `callId` (hold it first); resolves with the consult call, ringing. */
  consult(callId: string, target: TransferTarget): Promise<ProviderCall>;
  /** Hands the caller to the consulted colleague; both calls end here. */
  completeTransfer(consultCallId: string): Promise<void>;
}

export type PresenceEvents = {
  /** The server's view of this agent (what it routes on). */
  presence: (presence: AgentPresenceView | null) => void;
};

/** The server keeps the agent's state (available, break, wrap-up…) and routes calls on it. */
export interface AgentPresenceControl extends Subscribable<PresenceEvents> {
  readonly presence: AgentPresenceView | null;
  /** Tells the server; `offline` also unregisters, anything else registers first when needed. */
  setAgentState(state: AgentChosenState, reason?: string): Promise<void>;
}

export type MediaEvents = {
  /** The other party put us on hold (or took us off it). */
  remoteHold: (call: ProviderCall, held: boolean) => void;
  /** Audio counters of a connected call, about every second. */
  media: (call: ProviderCall, stats: MediaStats) => void;
};

export interface MediaReports extends Subscribable<MediaEvents> {
  /** Latest counters per call id, for diagnostics and tests. */
  mediaStats(): ReadonlyMap<string, MediaStats>;
}

export function hasTransfers(provider: VoiceProvider): provider is VoiceProvider & CallTransfers {
  return 'consult' in provider && 'completeTransfer' in provider && 'transfer' in provider;
}

export function hasPresence(provider: VoiceProvider): provider is VoiceProvider & AgentPresenceControl {
  return 'setAgentState' in provider;
}

export function hasMediaReports(provider: VoiceProvider): provider is VoiceProvider & MediaReports {
  return 'mediaStats' in provider;
}

/** A refusal by our voice server, kept with the server's own code for a precise message. */
export function serverCodeOf(error: unknown): ServerErrorCode | undefined {
  if (typeof error !== 'object' || error === null || !('serverCode' in error)) return undefined;
  const code = error.serverCode;
  return typeof code === 'string' ? (code as ServerErrorCode) : undefined;
}
