/**
 * A TCP proxy between the chaos clients and the sync server (HTTP and the WebSocket stream alike),
 * with faults on demand:
 *
 * - `dropAll()`: every open connection dies now (half of them with a RST, half with a FIN);
 * - `stall(ms)`: nothing is forwarded in either direction for a while (bytes are held, then delivered),
 *   new connections are accepted but held too: requests hang, pings go unanswered;
 * - `refuse(ms)`: new connections are reset as soon as they arrive; open ones keep working;
 * - `heal()`: back to plain forwarding.
 *
 * It also reports `push` when a client starts a push request, so the chaos schedule can SIGKILL the
 * server while a push is in flight.
 */
import { EventEmitter } from 'node:events';
import net from 'node:net';

interface Pipe {
  readonly client: net.Socket;
  readonly upstream: net.Socket;
  /** Chunks held back while stalled, per direction. */
  readonly heldUp: Buffer[];
  readonly heldDown: Buffer[];
}

export interface ProxyStats {
  connections: number;
  drops: number;
  droppedConnections: number;
  stalls: number;
  refusals: number;
  refusedConnections: number;
  pushesSeen: number;
}

const PUSH_MARKER = /^POST \/api\/v1\/sync\/[a-zA-Z]+\/push/m;

export class ChaosProxy extends EventEmitter<{ push: [] }> {
  readonly stats: ProxyStats = {
    connections: 0,
    drops: 0,
    droppedConnections: 0,
    stalls: 0,
    refusals: 0,
    refusedConnections: 0,
    pushesSeen: 0,
  };
  private readonly server: net.Server;
  private readonly pipes = new Set<Pipe>();
  private stalledUntil = 0;
  private refusingUntil = 0;
  private stallTimer: NodeJS.Timeout | null = null;
  private readonly targetPort: number;
  private readonly targetHost: string;

  constructor(targetPort: number, targetHost = '127.0.0.1') {
    super();
    this.targetPort = targetPort;
    this.targetHost = targetHost;
    this.server = net.createServer((client) => {
      this.accept(client);
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy has no port');
    return address.port;
  }

  get stalled(): boolean {
    return Date.now() < this.stalledUntil;
  }

  get refusing(): boolean {
    return Date.now() < this.refusingUntil;
  }

  get openConnections(): number {
    return this.pipes.size;
  }

  dropAll(): void {
    this.stats.drops += 1;
    for (const pipe of [...this.pipes]) {
      this.stats.droppedConnections += 1;
      this.destroyPipe(pipe, this.stats.drops % 2 === 0);
    }
  }

  stall(ms: number): void {
    this.stats.stalls += 1;
    this.stalledUntil = Math.max(this.stalledUntil, Date.now() + ms);
    if (this.stallTimer !== null) clearTimeout(this.stallTimer);
    this.stallTimer = setTimeout(() => {
      this.stallTimer = null;
      this.flushAll();
    }, this.stalledUntil - Date.now());
  }

  refuse(ms: number): void {
    this.stats.refusals += 1;
    this.refusingUntil = Math.max(this.refusingUntil, Date.now() + ms);
  }

  heal(): void {
    this.stalledUntil = 0;
    this.refusingUntil = 0;
    if (this.stallTimer !== null) clearTimeout(this.stallTimer);
    this.stallTimer = null;
    this.flushAll();
  }

  async close(): Promise<void> {
    this.heal();
    for (const pipe of [...this.pipes]) this.destroyPipe(pipe, false);
    await new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }

  private accept(client: net.Socket): void {
    client.on('error', () => undefined);
    if (this.refusing) {
      this.stats.refusedConnections += 1;
      client.resetAndDestroy();
      return;
    }
    this.stats.connections += 1;
    const upstream = net.connect({ port: this.targetPort, host: this.targetHost });
    upstream.setNoDelay(true);
    client.setNoDelay(true);
    upstream.on('error', () => undefined);
    const pipe: Pipe = { client, upstream, heldUp: [], heldDown: [] };
    this.pipes.add(pipe);
    client.on('data', (chunk: Buffer) => {
      if (PUSH_MARKER.test(chunk.toString('latin1', 0, Math.min(chunk.length, 4096)))) {
        this.stats.pushesSeen += 1;
        this.emit('push');
      }
      this.forward(pipe, chunk, 'up');
    });
    upstream.on('data', (chunk: Buffer) => {
      this.forward(pipe, chunk, 'down');
    });
    // Either side going away takes the other with it (after delivering what is already held).
    const finish = () => {
      this.destroyPipe(pipe, false);
    };
    client.on('close', finish);
    upstream.on('close', finish);
    client.on('end', () => {
      if (!this.stalled) upstream.end();
    });
    upstream.on('end', () => {
      if (!this.stalled) client.end();
    });
  }

  private forward(pipe: Pipe, chunk: Buffer, direction: 'up' | 'down'): void {
    const held = direction === 'up' ? pipe.heldUp : pipe.heldDown;
    if (this.stalled || held.length > 0) {
      held.push(chunk);
      return;
    }
    const target = direction === 'up' ? pipe.upstream : pipe.client;
    if (!target.destroyed) target.write(chunk);
  }

  private flushAll(): void {
    if (this.stalled) return;
    for (const pipe of this.pipes) {
      for (const chunk of pipe.heldUp.splice(0)) if (!pipe.upstream.destroyed) pipe.upstream.write(chunk);
      for (const chunk of pipe.heldDown.splice(0)) if (!pipe.client.destroyed) pipe.client.write(chunk);
    }
  }

  private destroyPipe(pipe: Pipe, reset: boolean): void {
    if (!this.pipes.delete(pipe)) return;
    for (const socket of [pipe.client, pipe.upstream]) {
      if (socket.destroyed) continue;
      if (reset) socket.resetAndDestroy();
      else socket.destroy();
    }
  }
}
