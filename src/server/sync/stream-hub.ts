/**
 * The live WebSocket clients of `GET /api/v1/sync/stream`. Delivers change batches to the clients
 * allowed to read the collection, keeps connections honest with ping frames, and drops clients
 * that stop answering, fall too far behind, or whose token expires.
 */
import type { WebSocket } from '@fastify/websocket';
import { COLLECTIONS, type SyncCollectionName } from '../../shared/sync/collections';
import type { StreamServerMessage } from '../../shared/sync/protocol';
import type { AuthUser } from '../auth/tokens';
import type { ChangeBatch, ChangeSink } from '../changes/change-broadcaster';
import type { Logger } from '../logger';

/** Close code for a missing, invalid or expired token (4000-4999 are for applications). */
export const CLOSE_UNAUTHORIZED = 4401;
/** Close code for a client that cannot keep up; it reconnects, gets RESYNC and pulls instead. */
export const CLOSE_TOO_SLOW = 4408;
export const HEARTBEAT_INTERVAL_MS = 20_000;
/** Unsent bytes a client may accumulate before it is dropped. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** setTimeout cannot wait longer than this (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface StreamClient {
  readonly socket: WebSocket;
  readonly user: AuthUser;
  alive: boolean;
  readonly expiryTimer: NodeJS.Timeout;
}

export class StreamHub implements ChangeSink {
  private readonly clients = new Set<StreamClient>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly logger: Logger,
    private readonly now: () => Date,
    heartbeatIntervalMs = HEARTBEAT_INTERVAL_MS,
  ) {
    this.heartbeat = setInterval(() => {
      this.checkHeartbeats();
    }, heartbeatIntervalMs);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  /** Registers an authenticated socket. Register before sending RESYNC so no change falls in between. */
  add(socket: WebSocket, user: AuthUser): void {
    const expiresInMs = Math.min(Math.max(user.expiresAt.getTime() - this.now().getTime(), 0), MAX_TIMER_MS);
    const client: StreamClient = {
      socket,
      user,
      alive: true,
      expiryTimer: setTimeout(() => {
        socket.close(CLOSE_UNAUTHORIZED, 'token expired');
      }, expiresInMs),
    };
    this.clients.add(client);
    socket.on('pong', () => {
      client.alive = true;
    });
    socket.on('close', () => {
      clearTimeout(client.expiryTimer);
      this.clients.delete(client);
    });
  }

  wants(collection: SyncCollectionName): boolean {
    const readRoles = COLLECTIONS[collection].readRoles;
    for (const client of this.clients) if (readRoles.includes(client.user.role)) return true;
    return false;
  }

  deliver(batch: ChangeBatch): void {
    const message: StreamServerMessage = { type: 'change', ...batch };
    const frame = JSON.stringify(message); // serialised once for every client
    const readRoles = COLLECTIONS[batch.collection].readRoles;
    for (const client of this.clients) {
      if (!readRoles.includes(client.user.role) || client.socket.readyState !== client.socket.OPEN) continue;
      if (client.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        this.logger.warn({ userId: client.user.id }, 'stream client too slow, disconnecting');
        client.socket.close(CLOSE_TOO_SLOW, 'too slow');
        continue;
      }
      client.socket.send(frame);
    }
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const client of this.clients) {
      clearTimeout(client.expiryTimer);
      client.socket.close(1001, 'server shutting down');
    }
    this.clients.clear();
  }

  private checkHeartbeats(): void {
    for (const client of this.clients) {
      if (!client.alive) {
        // No pong since the last ping: the peer is gone without a close frame (sleep, network loss).
        client.socket.terminate();
        this.clients.delete(client);
        clearTimeout(client.expiryTimer);
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }
}
