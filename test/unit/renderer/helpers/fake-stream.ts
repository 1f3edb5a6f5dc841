/**
 * The renderer's real SyncStream over fake sockets and timers that never fire: a test drives the
 * connection by hand (open, server messages) and reads what the client sent.
 */
import { SyncStream, type SocketHandlers, type Timers } from '../../../../src/renderer/data/sync-stream';

/** Timers that are registered but never fire; the clock stands at 0. */
export class StillTimers implements Timers {
  private id = 0;
  setTimeout(): number {
    return ++this.id;
  }
  clearTimeout(): void {}
  setInterval(): number {
    return ++this.id;
  }
  clearInterval(): void {}
  now(): number {
    return 0;
  }
}

export class FakeSocket {
  /** Frames as sent (JSON text). */
  readonly sent: string[] = [];
  closed = false;
  constructor(readonly handlers: SocketHandlers) {}
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {
    this.closed = true;
  }
  /** The sent frames, parsed. */
  messages(): unknown[] {
    return this.sent.map((data): unknown => JSON.parse(data));
  }
  /** A message from the server. */
  receive(message: unknown): void {
    this.handlers.onMessage(JSON.stringify(message));
  }
}

/** A stream of the tickets collection; `socket()` is the latest connection. */
export function fakeSyncStream() {
  const sockets: FakeSocket[] = [];
  const stream = new SyncStream({
    url: () => 'ws://host/api/v1/sync/stream?token=t',
    connect: (_url, handlers) => {
      const socket = new FakeSocket(handlers);
      sockets.push(socket);
      return socket;
    },
    collections: ['tickets'],
    timers: new StillTimers(),
    random: () => 0.5,
  });
  const socket = () => {
    const last = sockets.at(-1);
    if (last === undefined) throw new Error('no socket');
    return last;
  };
  return { stream, sockets, socket };
}
