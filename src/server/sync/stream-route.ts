/**
 * `GET /api/v1/sync/stream`: the live change stream. The token comes from the Authorization
 * header or, for browsers that cannot set WebSocket headers, the `token` query parameter. Every
 * connection starts with RESYNC because changes may have happened while the client was away.
 */
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from '@fastify/websocket';
import type { RawData } from 'ws';
import { SYNC_STREAM_PATH, type StreamClientMessage, type StreamServerMessage } from '../../shared/sync/protocol';
import { bearerToken } from '../auth/bearer-auth';
import type { AuthUser, TokenService } from '../auth/tokens';
import { CLOSE_UNAUTHORIZED, type StreamHub } from './stream-hub';

/** Messages of other features on the stream (voice signalling), heard only from authenticated sockets. */
export interface StreamMessageHandler {
  handles(type: string): boolean;
  message(socket: WebSocket, user: AuthUser, message: unknown): void;
  closed(socket: WebSocket, user: AuthUser): void;
}

export function registerStreamRoute(api: FastifyInstance, tokens: TokenService, hub: StreamHub, extension?: StreamMessageHandler): void {
  api.get<{ Querystring: { token?: string } }>(
    SYNC_STREAM_PATH,
    {
      websocket: true,
      config: { public: true },
      schema: { querystring: { type: 'object', properties: { token: { type: 'string', maxLength: 8192 } } } },
    },
    (socket, request) => {
      let authenticated: AuthUser | undefined;
      // Attach the handler at once (messages may arrive while the token is being checked).
      socket.on('message', (data, isBinary) => {
        if (authenticated === undefined || isBinary) return;
        const parsed = parseJson(data);
        const message = parseClientMessage(parsed);
        if (message?.type === 'ping') send(socket, { type: 'pong', at: message.at });
        else if (extension !== undefined && hasType(parsed) && extension.handles(parsed.type)) extension.message(socket, authenticated, parsed);
      });
      const token = bearerToken(request.headers.authorization) ?? request.query.token;
      void (async () => {
        const user = token === undefined ? undefined : await tokens.verify(token);
        if (socket.readyState !== socket.OPEN) return;
        if (user === undefined) {
          socket.close(CLOSE_UNAUTHORIZED, 'unauthorized');
          return;
        }
        authenticated = user;
        if (extension !== undefined) {
          socket.on('close', () => {
            extension.closed(socket, user);
          });
        }
        hub.add(socket, user);
        send(socket, { type: 'RESYNC' });
        request.log.debug({ userId: user.id }, 'stream connected');
      })();
    },
  );
}

function send(socket: WebSocket, message: StreamServerMessage): void {
  socket.send(JSON.stringify(message));
}

function parseJson(data: RawData): unknown {
  try {
    const buffer = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? Buffer.from(data) : data;
    return JSON.parse(buffer.toString('utf8'));
  } catch {
    return undefined;
  }
}

function hasType(value: unknown): value is { readonly type: string } {
  return typeof value === 'object' && value !== null && 'type' in value && typeof value.type === 'string';
}

function parseClientMessage(parsed: unknown): StreamClientMessage | undefined {
  if (!hasType(parsed) || parsed.type !== 'ping') return undefined;
  const at = 'at' in parsed && typeof parsed.at === 'number' && Number.isFinite(parsed.at) ? parsed.at : 0;
  return { type: 'ping', at };
}
