/**
 * The agent's half of the voice protocol (src/shared/voice/signalling.ts) over the sync stream's one
 * socket: typed messages out, typed messages in, and whether the server can hear us (its RESYNC on
 * this connection has arrived). The WebRTC provider talks only to this interface, so tests drive it
 * with a fake and the provider never sees the stream.
 */
import { AGENT_MESSAGE_SCHEMAS, type AgentClientMessage, type AgentServerMessage } from '../../shared/voice/signalling';
import type { ExtensionMessage, StreamChannel } from '../data/sync-stream';

export interface VoiceLink {
  /** True while the server hears us (from its RESYNC on this connection until the connection is gone). */
  readonly ready: boolean;
  onReady(listener: (ready: boolean) => void): () => void;
  onMessage(listener: (message: AgentServerMessage) => void): () => void;
  /** False when there is no ready connection: nothing is queued. */
  send(message: AgentClientMessage): boolean;
}

const SERVER_TYPES: ReadonlySet<string> = new Set<AgentServerMessage['type']>([
  'voice.welcome',
  'voice.presence',
  'voice.offer',
  'voice.offer_withdrawn',
  'voice.dialing',
  'voice.connected',
  'voice.signal',
  'voice.held',
  'voice.ended',
  'voice.live',
  'voice.error',
]);

/** The message fields every handler relies on; the rest is the server's word (it validates what it sends). */
export function parseAgentServerMessage(message: ExtensionMessage): AgentServerMessage | undefined {
  if (!SERVER_TYPES.has(message.type)) return undefined;
  if (message.type !== 'voice.welcome' && message.type !== 'voice.presence' && message.type !== 'voice.live' && message.type !== 'voice.error') {
    if (typeof message['callId'] !== 'string') return undefined;
  }
  if ((message.type === 'voice.signal' || message.type === 'voice.connected') && typeof message['connectionId'] !== 'number') return undefined;
  return message as unknown as AgentServerMessage;
}

export function voiceLinkOver(channel: StreamChannel): VoiceLink {
  return {
    get ready() {
      return channel.ready;
    },
    onReady(listener) {
      const subscription = channel.ready$.subscribe(listener);
      return () => {
        subscription.unsubscribe();
      };
    },
    onMessage(listener) {
      const subscription = channel.messages('voice.').subscribe((raw) => {
        const message = parseAgentServerMessage(raw);
        if (message !== undefined) listener(message);
      });
      return () => {
        subscription.unsubscribe();
      };
    },
    send(message) {
      // A message the server would refuse is a bug here, not a network problem: fail loudly in development.
      if (!Object.hasOwn(AGENT_MESSAGE_SCHEMAS, message.type)) throw new Error(`not a voice message: ${message.type}`);
      return channel.send(message as unknown as ExtensionMessage);
    },
  };
}
