import { describe, expect, it } from 'vitest';
import {
  CLOSE_DEAD_CONNECTION,
  CLOSE_UNAUTHORIZED,
  SyncStream,
  backoffDelay,
  streamUrl,
  type SocketHandlers,
  type StreamItem,
  type StreamStatus,
  type Timers,
} from '../../../src/renderer/data/sync-stream';

/** Timers driven by hand: `advance(ms)` fires everything due, in order. */
class ManualTimers implements Timers {
  private time = 0;
  private nextId = 1;
  private readonly tasks = new Map<number, { at: number; every: number | null; callback: () => void }>();

  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number): number {
    const id = this.nextId++;
    this.tasks.set(id, { at: this.time + ms, every: null, callback });
    return id;
  }
  setInterval(callback: () => void, ms: number): number {
    const id = this.nextId++;
    this.tasks.set(id, { at: this.time + ms, every: ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.tasks.delete(handle as number);
  }
  clearInterval(handle: unknown): void {
    this.tasks.delete(handle as number);
  }
  /** Delays of the pending one-shot timers. */
  pendingTimeouts(): number[] {
    return [...this.tasks.values()].filter((task) => task.every === null).map((task) => task.at - this.time);
  }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.tasks.entries()].filter(([, task]) => task.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) break;
      const [id, task] = due;
      this.time = task.at;
      if (task.every === null) this.tasks.delete(id);
      else task.at += task.every;
      task.callback();
    }
    this.time = end;
  }
}

class FakeSocket {
  readonly sent: string[] = [];
  closedWith: number | null = null;
  constructor(
    readonly url: string,
    readonly handlers: SocketHandlers,
  ) {}
  send(data: string): void {
    this.sent.push(data);
  }
  close(code?: number): void {
    this.closedWith = code ?? 1000;
  }
  // Server side:
  open(): void {
    this.handlers.onOpen();
  }
  receive(message: unknown): void {
    this.handlers.onMessage(JSON.stringify(message));
  }
  drop(code = 1006): void {
    this.handlers.onError();
    this.handlers.onClose(code);
  }
}

function setup(options: { token?: string | null } = {}) {
  const timers = new ManualTimers();
  const sockets: FakeSocket[] = [];
  const statuses: StreamStatus[] = [];
  let token: string | null = options.token === undefined ? 'tok' : options.token;
  const stream = new SyncStream({
    collections: ['tickets', 'customers'],
    url: () => (token === null ? null : `ws://server/api/v1/sync/stream?token=${token}`),
    connect: (url, handlers) => {
      const socket = new FakeSocket(url, handlers);
      sockets.push(socket);
      return socket;
    },
    timers,
    random: () => 0.5,
    heartbeatMs: 20_000,
    pongTimeoutMs: 10_000,
    backoffInitialMs: 1_000,
    backoffMaxMs: 30_000,
    onStatus: (status) => statuses.push(status),
  });
  const received = { tickets: [] as StreamItem[], customers: [] as StreamItem[] };
  stream.streamFor('tickets').subscribe((item) => received.tickets.push(item));
  stream.streamFor('customers').subscribe((item) => received.customers.push(item));
  const last = () => {
    const socket = sockets.at(-1);
    if (!socket) throw new Error('no socket yet');
    return socket;
  };
  return {
    timers,
    sockets,
    statuses,
    stream,
    received,
    last,
    setToken: (value: string | null) => {
      token = value;
    },
  };
}

describe('backoffDelay', () => {
  it('grows exponentially with jitter between half and the full delay, capped', () => {
    expect(backoffDelay(0, 1000, 30_000, () => 0)).toBe(500);
    expect(backoffDelay(0, 1000, 30_000, () => 1)).toBe(1000);
    expect(backoffDelay(3, 1000, 30_000, () => 0.5)).toBe(6000);
    expect(backoffDelay(20, 1000, 30_000, () => 1)).toBe(30_000);
    expect(backoffDelay(20, 1000, 30_000, () => 0)).toBe(15_000);
  });
});

describe('SyncStream', () => {
  it('emits RESYNC to every collection when a connection opens and routes change events by collection', () => {
    const { stream, last, received, statuses } = setup();
    stream.start();
    expect(last().url).toBe('ws://server/api/v1/sync/stream?token=tok');
    expect(statuses.at(-1)?.state).toBe('connecting');
    last().open();
    expect(statuses.at(-1)?.state).toBe('open');
    expect(received.tickets).toEqual(['RESYNC']);
    expect(received.customers).toEqual(['RESYNC']);

    // The server's own RESYNC on connect is the same event: not forwarded twice.
    last().receive({ type: 'RESYNC' });
    expect(received.tickets).toEqual(['RESYNC']);

    const doc = { id: 't1', subject: 'Hello', _deleted: false };
    last().receive({ type: 'change', collection: 'tickets', documents: [doc], checkpoint: { seq: 7 } });
    expect(received.tickets).toEqual(['RESYNC', { documents: [doc], checkpoint: { seq: 7 } }]);
    expect(received.customers).toEqual(['RESYNC']);

    // A later RESYNC (server lost track of us) is forwarded.
    last().receive({ type: 'RESYNC' });
    expect(received.customers).toEqual(['RESYNC', 'RESYNC']);

    // Garbage and unknown collections are ignored.
    last().handlers.onMessage('not json');
    last().receive({ type: 'change', collection: 'secrets', documents: [], checkpoint: { seq: 1 } });
    expect(received.tickets).toHaveLength(3);
  });

  it('reconnects with growing backoff while the server is down, and starts over once a connection works', () => {
    const { stream, sockets, last, timers, received } = setup();
    stream.start();
    last().drop();
    expect(stream.status.state).toBe('waiting');
    expect(timers.pendingTimeouts()).toEqual([750]); // attempt 0: 500..1000 ms, random 0.5
    timers.advance(749);
    expect(sockets).toHaveLength(1);
    timers.advance(1);
    expect(sockets).toHaveLength(2);

    last().drop();
    expect(timers.pendingTimeouts()).toEqual([1500]);
    timers.advance(1500);
    last().drop();
    expect(timers.pendingTimeouts()).toEqual([3000]);
    timers.advance(3000);
    expect(sockets).toHaveLength(4);
    expect(stream.status.failures).toBe(3);

    last().open();
    last().receive({ type: 'RESYNC' });
    expect(stream.status.failures).toBe(0);
    expect(received.tickets).toEqual(['RESYNC']);

    // A drop after a healthy connection reconnects quickly and resyncs again.
    last().drop();
    expect(timers.pendingTimeouts()).toEqual([750]);
    timers.advance(750);
    last().open();
    expect(received.tickets).toEqual(['RESYNC', 'RESYNC']);
  });

  it('caps the backoff', () => {
    const { stream, last, timers } = setup();
    stream.start();
    for (let i = 0; i < 12; i++) {
      last().drop();
      const [delay] = timers.pendingTimeouts();
      expect(delay).toBeLessThanOrEqual(30_000);
      timers.advance(delay ?? 0);
    }
    last().drop();
    expect(timers.pendingTimeouts()).toEqual([22_500]);
  });

  it('pings every 20 s and treats a connection that stops answering as dead', () => {
    const { stream, sockets, last, timers, received } = setup();
    stream.start();
    last().open();
    last().receive({ type: 'RESYNC' });
    timers.advance(20_000);
    expect(last().sent.map((raw) => JSON.parse(raw) as unknown)).toEqual([{ type: 'ping', at: 20_000 }]);
    last().receive({ type: 'pong', at: 20_000 });
    timers.advance(20_000);
    expect(last().sent).toHaveLength(2);

    // No pong this time: after the pong timeout the socket is closed and a new one opened.
    const dead = last();
    timers.advance(9_999);
    expect(dead.closedWith).toBeNull();
    timers.advance(1);
    expect(dead.closedWith).toBe(CLOSE_DEAD_CONNECTION);
    expect(stream.status.state).toBe('waiting');
    const [delay] = timers.pendingTimeouts();
    timers.advance(delay ?? 0);
    expect(sockets).toHaveLength(2);
    last().open();
    expect(received.tickets.filter((item) => item === 'RESYNC')).toHaveLength(2);
    // Late events of the dead socket are ignored.
    dead.receive({ type: 'change', collection: 'tickets', documents: [], checkpoint: { seq: 1 } });
    expect(received.tickets).toHaveLength(2);
  });

  it('stops on close code 4401 and reports unauthorized until reconnected with a new token', () => {
    const { stream, sockets, last, timers, setToken } = setup();
    stream.start();
    last().open();
    last().drop(CLOSE_UNAUTHORIZED);
    expect(stream.status.unauthorized).toBe(true);
    expect(stream.status.state).toBe('paused');
    timers.advance(120_000);
    expect(sockets).toHaveLength(1);
    stream.goOnline();
    expect(sockets).toHaveLength(1);

    setToken('fresh');
    stream.reconnectNow();
    expect(sockets).toHaveLength(2);
    expect(last().url).toContain('token=fresh');
    expect(stream.status.unauthorized).toBe(false);
  });

  it('pauses while offline and reconnects at once, with RESYNC, when the browser is online again', () => {
    const { stream, sockets, last, timers, received } = setup();
    stream.start();
    last().open();
    stream.pause();
    expect(sockets[0]?.closedWith).toBe(1000);
    expect(stream.status.state).toBe('paused');
    timers.advance(60_000);
    expect(sockets).toHaveLength(1);

    stream.goOnline();
    expect(received.tickets).toEqual(['RESYNC', 'RESYNC']);
    expect(sockets).toHaveLength(2);
    last().open();
    expect(received.tickets).toEqual(['RESYNC', 'RESYNC', 'RESYNC']);

    // Online while already connected: just a resync, no new socket.
    stream.goOnline();
    expect(sockets).toHaveLength(2);
    expect(received.customers).toHaveLength(4);
  });

  it('moves onto a refreshed token: a 4401 on the old token reconnects at once instead of reporting unauthorized', () => {
    const { stream, sockets, last, setToken, received } = setup();
    stream.start();
    last().open();
    setToken('tok-2');
    // The server closes the socket when the token it was opened with expires.
    last().drop(CLOSE_UNAUTHORIZED);
    expect(sockets).toHaveLength(2);
    expect(last().url).toBe('ws://server/api/v1/sync/stream?token=tok-2');
    expect(stream.status.unauthorized).toBe(false);
    last().open();
    expect(received.tickets.at(-1)).toBe('RESYNC');
    // With no newer token, a 4401 still means the session is over.
    last().drop(CLOSE_UNAUTHORIZED);
    expect(stream.status.unauthorized).toBe(true);
    expect(sockets).toHaveLength(2);
  });

  it('reconnectNow() after a refresh opens the socket with the new token', () => {
    const { stream, last, setToken } = setup();
    stream.start();
    last().open();
    setToken('tok-2');
    stream.reconnectNow();
    expect(last().url).toBe('ws://server/api/v1/sync/stream?token=tok-2');
  });

  it('waits without a token and completes the streams on stop', () => {
    const { stream, sockets, setToken, last } = setup({ token: null });
    let completed = 0;
    stream.streamFor('tickets').subscribe({ complete: () => (completed += 1) });
    stream.start();
    expect(sockets).toHaveLength(0);
    expect(stream.status.state).toBe('paused');
    setToken('tok');
    stream.goOnline();
    expect(sockets).toHaveLength(1);
    stream.stop();
    expect(last().closedWith).toBe(1000);
    expect(completed).toBe(1);
    stream.goOnline();
    expect(sockets).toHaveLength(1);
  });
});

describe('streamUrl', () => {
  it('switches to ws/wss and puts the token in the query', () => {
    expect(streamUrl('http://localhost:8787', '/api/v1/sync/stream', 'a b')).toBe(
      'ws://localhost:8787/api/v1/sync/stream?token=a+b',
    );
    expect(streamUrl('https://atende.example.com/', '/api/v1/sync/stream', 'x')).toBe(
      'wss://atende.example.com/api/v1/sync/stream?token=x',
    );
  });
});
