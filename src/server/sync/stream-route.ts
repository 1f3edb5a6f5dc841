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
import type { TokenService } from '../auth/tokens';
import { CLOSE_UNAUTHORIZED, type StreamHub } from './stream-hub';

export function registerStreamRoute(api: FastifyInstance, tokens: TokenService, hub: StreamHub): void {
  api.get<{ Querystring: { token?: string } }>(
    SYNC_STREAM_PATH,
    {
      websocket: true,
      config: { public: true },
      schema: { querystring: { type: 'object', properties: { token: { type: 'string', maxLength: 8192 } } } },
    },
    (socket, request) => {
      let authenticated = false;
      // Attach the handler at once (messages may arrive while the token is being checked).
      socket.on('message', (data, isBinary) => {
        if (!authenticated) return;
        const message = isBinary ? undefined : parseClientMessage(data);
        if (message?.type === 'ping') send(socket, { type: 'pong', at: message.at });
      });
      const token = bearerToken(request.headers.authorization) ?? request.query.token;
      void (async () => {
        const user = token === undefined ? undefined : await tokens.verify(token);
        if (socket.readyState !== socket.OPEN) return;
        if (user === undefined) {
          socket.close(CLOSE_UNAUTHORIZED, 'unauthorized');
          return;
        }
        authenticated = true;
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

function parseClientMessage(data: RawData): StreamClientMessage | undefined {
  try {
    const buffer = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? Buffer.from(data) : data;
    const text = buffer.toString('utf8');
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || !('type' in parsed) || parsed.type !== 'ping') return undefined;
    const at = 'at' in parsed && typeof parsed.at === 'number' && Number.isFinite(parsed.at) ? parsed.at : 0;
    return { type: 'ping', at };
  } catch {
    return undefined;
  }
}
