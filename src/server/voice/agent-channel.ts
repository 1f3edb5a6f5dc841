/**
 * The agents' side of voice on the sync stream: `voice.*` messages from authenticated sockets are
 * validated and handed to the switchboard; answers go back on the same socket.
 */
import type { WebSocket } from '@fastify/websocket';
import { hasRoleAtLeast } from '../../shared/domain/roles';
import type { AgentServerMessage } from '../../shared/voice/signalling';
import type { Logger } from '../logger';
import type { StreamMessageHandler } from '../sync/stream-route';
import type { AgentEndpoint } from './agent-presence';
import { voiceError, type Switchboard } from './switchboard';
import { parseAgentMessage } from './voice-messages';

const VOICE_TYPE_PREFIX = 'voice.';

export function createAgentChannel(switchboard: Switchboard, logger: Logger): StreamMessageHandler {
  const endpoints = new WeakMap<WebSocket, AgentEndpoint>();
  const endpointOf = (socket: WebSocket): AgentEndpoint => {
    let endpoint = endpoints.get(socket);
    if (endpoint === undefined) {
      endpoint = {
        send(message: AgentServerMessage) {
          if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
        },
      };
      endpoints.set(socket, endpoint);
    }
    return endpoint;
  };
  const failed = (error: unknown): void => {
    logger.error({ err: error }, 'voice message failed');
  };

  return {
    // Every voice.* type, known or not: an unknown one is answered with invalid_message.
    handles: (type) => type.startsWith(VOICE_TYPE_PREFIX),
    message(socket, user, raw) {
      const endpoint = endpointOf(socket);
      const message = parseAgentMessage(raw);
      if (message === undefined) {
        const ref = typeof raw === 'object' && raw !== null && 'ref' in raw && typeof raw.ref === 'string' && raw.ref.length <= 64 ? raw.ref : undefined;
        endpoint.send(voiceError('invalid_message', 'the message does not match the voice protocol', ref));
        return;
      }
      switch (message.type) {
        case 'voice.register':
          switchboard.agentRegister(user.id, endpoint, message).catch(failed);
          return;
        case 'voice.monitor':
          if (!hasRoleAtLeast(user.role, 'supervisor')) endpoint.send(voiceError('forbidden', 'only supervisors and admins monitor queues', message.ref));
          else switchboard.monitor(endpoint, message.on).catch(failed);
          return;
        default:
          switchboard.agentMessage(user.id, endpoint, message).catch(failed);
      }
    },
    closed(socket, user) {
      const endpoint = endpoints.get(socket);
      if (endpoint !== undefined) switchboard.agentDisconnected(user.id, endpoint);
    },
  };
}
