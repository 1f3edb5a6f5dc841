/**
 * `GET /api/v1/voice/caller`: the WebSocket of public (unauthenticated) callers. Guarded because
 * anyone can open it: new connections are rate-limited per address, every message is validated
 * strictly and counted (a flood closes the socket), the first message must be `join` and must come
 * soon, and silent sockets are dropped by a ping heartbeat (a dead caller leaves the queue).
 */
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from '@fastify/websocket';
import { VOICE_CALLER_PATH, type CallerServerMessage, type VoiceErrorCode } from '../../shared/voice/signalling';
import type { Logger } from '../logger';
import type { Scheduler } from './scheduler';
import type { CallerEndpoint, Switchboard } from './switchboard';
import { parseCallerMessage, parseJsonFrame } from './voice-messages';

/** A caller must say `join` within this time. */
export const JOIN_TIMEOUT_MS = 10_000;
/** Messages a caller may send in a burst (ICE candidates come in bursts), refilled per second. */
export const CALLER_MESSAGE_BURST = 60;
export const CALLER_MESSAGES_PER_SECOND = 10;
/** 1008: policy violation (bad or too many messages). */
const CLOSE_POLICY = 1008;

export interface CallerRouteOptions {
  readonly connectionsPerMinute: number;
  readonly heartbeatIntervalMs: number;
  readonly scheduler: Scheduler;
  readonly now: () => number;
  readonly logger: Logger;
}

/** Token bucket: `take()` is false once the caller sends faster than allowed. */
class MessageBudget {
  private tokens = CALLER_MESSAGE_BURST;
  private refilledAt: number;

  constructor(private readonly now: () => number) {
    this.refilledAt = now();
  }

  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(CALLER_MESSAGE_BURST, this.tokens + ((now - this.refilledAt) / 1000) * CALLER_MESSAGES_PER_SECOND);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Registers the route; returns a function that stops the heartbeat. */
export function registerCallerRoute(api: FastifyInstance, switchboard: Switchboard, options: CallerRouteOptions): () => void {
  const alive = new Map<WebSocket, boolean>();
  const heartbeat = setInterval(() => {
    for (const [socket, answered] of alive) {
      if (!answered) {
        socket.terminate();
        continue;
      }
      alive.set(socket, false);
      socket.ping();
    }
  }, options.heartbeatIntervalMs);
  heartbeat.unref();

  api.get(
    VOICE_CALLER_PATH,
    {
      websocket: true,
      config: { public: true, rateLimit: { max: options.connectionsPerMinute, timeWindow: 60_000 } },
    },
    (socket) => {
      alive.set(socket, true);
      socket.on('pong', () => alive.set(socket, true));
      const send = (message: CallerServerMessage): void => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
      };
      const refuse = (code: VoiceErrorCode, message: string): void => {
        send({ type: 'error', code, message });
        socket.close(CLOSE_POLICY, code);
      };
      const endpoint: CallerEndpoint = {
        send,
        close: (code, reason) => {
          socket.close(code, reason);
        },
      };
      const budget = new MessageBudget(options.now);
      let callId: string | undefined;
      let joined = false;
      let closed = false;
      const cancelJoinTimeout = options.scheduler.schedule(JOIN_TIMEOUT_MS, () => {
        if (!joined) refuse('invalid_state', 'send join first');
      });

      socket.on('message', (data, isBinary) => {
        if (!budget.take()) {
          refuse('rate_limited', 'too many messages');
          return;
        }
        const message = parseCallerMessage(parseJsonFrame(data, isBinary));
        if (message === undefined) {
          refuse('invalid_message', 'the message does not match the voice protocol');
          return;
        }
        if (message.type === 'join') {
          if (joined) {
            refuse('invalid_state', 'already joined');
            return;
          }
          joined = true;
          cancelJoinTimeout();
          switchboard
            .callerJoin(endpoint, message)
            .then((id) => {
              // The caller may have gone while the queue was looked up.
              if (id !== undefined && closed) switchboard.callerLeft(id);
              else callId = id;
            })
            .catch((error: unknown) => {
              options.logger.error({ err: error }, 'caller join failed');
              socket.close(1011, 'server error');
            });
          return;
        }
        if (callId === undefined) {
          refuse('invalid_state', 'send join first');
          return;
        }
        if (message.type === 'signal') {
          switchboard.callerSignal(callId, message.connectionId, message.payload);
          return;
        }
        switchboard.callerLeft(callId);
        callId = undefined;
        socket.close(1000, 'hung up');
      });

      socket.on('close', () => {
        closed = true;
        alive.delete(socket);
        cancelJoinTimeout();
        if (callId !== undefined) switchboard.callerLeft(callId);
        callId = undefined;
      });
    },
  );

  return () => {
    clearInterval(heartbeat);
  };
}
