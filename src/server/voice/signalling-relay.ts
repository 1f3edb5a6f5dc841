/**
 * Who may send a WebRTC signal to whom. A signal is relayed only between the two parties of a
 * connected call, and only on its current connection: an unknown call id, a sender who is not in the
 * call, or a stale connection id (from before a transfer) is refused, so signals reach exactly the
 * paired peer.
 */
import type { VoiceErrorCode } from '../../shared/voice/signalling';

export type Party = { readonly kind: 'caller'; readonly callId: string } | { readonly kind: 'agent'; readonly userId: string };

export interface Connection {
  readonly id: number;
  readonly parties: readonly [Party, Party];
}

export interface PairedCall {
  /** Everyone taking part right now (a caller waiting for a transfer is a member without a connection). */
  readonly members: readonly Party[];
  /** Absent while nobody is connected (ringing, waiting, transferring). */
  readonly connection: Connection | undefined;
}

export function sameParty(a: Party, b: Party): boolean {
  return a.kind === 'caller' ? b.kind === 'caller' && a.callId === b.callId : b.kind === 'agent' && a.userId === b.userId;
}

/** The peer a signal from `sender` on `connectionId` goes to, or why it is refused. */
export function relayTarget(call: PairedCall | undefined, sender: Party, connectionId: number): { readonly peer: Party } | { readonly error: VoiceErrorCode } {
  if (call === undefined) return { error: 'unknown_call' };
  if (!call.members.some((member) => sameParty(member, sender))) return { error: 'not_in_call' };
  if (call.connection === undefined) return { error: 'invalid_state' };
  const [first, second] = call.connection.parties;
  const peer = sameParty(first, sender) ? second : sameParty(second, sender) ? first : undefined;
  if (peer === undefined) return { error: 'not_in_call' };
  if (connectionId !== call.connection.id) return { error: 'stale_connection' };
  return { peer };
}
