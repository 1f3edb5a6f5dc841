/**
 * ONE WebSocket to `GET /api/v1/sync/stream`, shared by the replications of every collection.
 *
 * - Reconnects with exponential backoff and jitter; a close with code 4401 (bad token) stops it and
 *   reports `unauthorized` instead, unless the token changed since that socket opened (it was
 *   refreshed: the server closes sockets when their token expires), then it reconnects at once.
 * - Sends `{"type":"ping"}` every 20 s; when nothing at all arrives within the pong timeout the
 *   connection is declared dead, closed and reconnected.
 * - Emits `'RESYNC'` to every collection's stream when a connection opens (events may have been
 *   missed while it was down), when the server asks for it and when the browser comes back online.
 * - Forwards `change` events as `{documents, checkpoint}` to the stream of that collection.
 * - Carries other features' messages (voice signalling, `voice.*`) through `channel`: they send
 *   theirs and hear every other message type, from the server's RESYNC on (see StreamChannel).
 *
 * No DOM types: the socket, timers, clock and randomness are injected so tests drive it by hand.
 */
import { BehaviorSubject, Subject, distinctUntilChanged, filter, type Observable } from 'rxjs';
import { isSyncCollectionName, type SyncCollectionName } from '../../shared/sync/collections';
import type { StreamClientMessage, SyncCheckpoint, WireDocument } from '../../shared/sync/protocol';

export const CLOSE_UNAUTHORIZED = 4401;
/** Our own close code for a connection that stopped answering pings. */
export const CLOSE_DEAD_CONNECTION = 4000;
const CLOSE_NORMAL = 1000;

export type StreamItem = 'RESYNC' | { readonly documents: WireDocument[]; readonly checkpoint: SyncCheckpoint };

/** What the stream client needs from a socket; the app adapts the browser's WebSocket to it. */
export interface SocketHandle {
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface SocketHandlers {
  onOpen(): void;
  onMessage(data: unknown): void;
  onClose(code: number): void;
  onError(): void;
}

export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketHandle;

/** A message of another feature on the stream (e.g. `voice.*`): parsed JSON with its `type`. */
export interface ExtensionMessage {
  readonly type: string;
  readonly [key: string]: unknown;
}

/**
 * The stream as other features use it (voice signalling rides on this one authenticated socket).
 * `ready` is true from the server's RESYNC on a connection until that connection is gone: the server
 * hears a client only once its token is checked, which RESYNC announces, so nothing is sent before.
 */
export interface StreamChannel {
  readonly ready: boolean;
  /** The current value at once, then every change. */
  readonly ready$: Observable<boolean>;
  /** Messages whose type starts with `prefix` (never the sync stream's own `change`, `RESYNC`, `pong`). */
  messages(prefix: string): Observable<ExtensionMessage>;
  /** Sends on the ready connection; false when there is none (nothing is queued). */
  send(message: ExtensionMessage): boolean;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  now(): number;
}

export type StreamConnectionState = 'idle' | 'connecting' | 'open' | 'waiting' | 'paused' | 'stopped';

export interface StreamStatus {
  readonly state: StreamConnectionState;
  /** Failed connection attempts since the last healthy connection. */
  readonly failures: number;
  readonly unauthorized: boolean;
}

export interface SyncStreamOptions {
  /** The `ws(s)://…/api/v1/sync/stream?token=…` URL, read anew for each attempt (tokens get refreshed). */
  readonly url: () => string | null;
  readonly connect: SocketFactory;
  readonly collections: readonly SyncCollectionName[];
  readonly timers?: Timers;
  readonly random?: () => number;
  readonly heartbeatMs?: number;
  readonly pongTimeoutMs?: number;
  readonly backoffInitialMs?: number;
  readonly backoffMaxMs?: number;
  readonly onStatus?: (status: StreamStatus) => void;
}

export const DEFAULT_HEARTBEAT_MS = 20_000;
export const DEFAULT_PONG_TIMEOUT_MS = 10_000;
export const DEFAULT_BACKOFF_INITIAL_MS = 1_000;
export const DEFAULT_BACKOFF_MAX_MS = 30_000;

export const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => {
    clearInterval(handle as ReturnType<typeof setInterval>);
  },
  now: () => Date.now(),
};

/**
 * Delay before reconnect attempt number `attempt` (0-based): exponential, capped, with "equal jitter"
 * (half fixed, half random) so a server restart does not get every client back in the same instant.
 */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number, random: () => number): number {
  const exponential = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

interface ChangeMessage {
  readonly type: 'change';
  readonly collection: SyncCollectionName;
  readonly documents: WireDocument[];
  readonly checkpoint: SyncCheckpoint;
}

function parseMessage(raw: unknown): ChangeMessage | { readonly type: 'RESYNC' | 'pong' } | { readonly type: 'other'; readonly message?: ExtensionMessage } | null {
  if (typeof raw !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || !('type' in value)) return null;
  if (value.type === 'RESYNC' || value.type === 'pong') return { type: value.type };
  if (
    value.type === 'change' &&
    'collection' in value &&
    isSyncCollectionName(value.collection) &&
    'documents' in value &&
    Array.isArray(value.documents) &&
    'checkpoint' in value &&
    typeof value.checkpoint === 'object' &&
    value.checkpoint !== null &&
    'seq' in value.checkpoint &&
    typeof value.checkpoint.seq === 'number'
  ) {
    return {
      type: 'change',
      collection: value.collection,
      documents: value.documents as WireDocument[],
      checkpoint: { seq: value.checkpoint.seq },
    };
  }
  return typeof value.type === 'string' && value.type !== 'change' ? { type: 'other', message: value as ExtensionMessage } : { type: 'other' };
}

class ExtensionChannel implements StreamChannel {
  constructor(
    private readonly readySubject: BehaviorSubject<boolean>,
    private readonly incoming: Subject<ExtensionMessage>,
    private readonly sender: (message: ExtensionMessage) => boolean,
  ) {}

  get ready(): boolean {
    return this.readySubject.value;
  }

  get ready$(): Observable<boolean> {
    return this.readySubject.pipe(distinctUntilChanged());
  }

  messages(prefix: string): Observable<ExtensionMessage> {
    return this.incoming.pipe(filter((message) => message.type.startsWith(prefix)));
  }

  send(message: ExtensionMessage): boolean {
    return this.sender(message);
  }
}

export class SyncStream {
  private readonly options: SyncStreamOptions;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly subjects = new Map<SyncCollectionName, Subject<StreamItem>>();
  private socket: SocketHandle | null = null;
  /** Identifies the current socket so late callbacks of an old one are ignored. */
  private generation = 0;
  private state: StreamConnectionState = 'idle';
  private failures = 0;
  private unauthorized = false;
  private reconnectTimer: unknown = null;
  private heartbeatTimer: unknown = null;
  private pongTimer: unknown = null;
  private messagesOnConnection = 0;
  private openedThisAttempt = false;
  /** The URL (with its token) the current socket was opened with. */
  private connectedUrl: string | null = null;
  private readonly ready = new BehaviorSubject(false);
  private readonly extensionMessages = new Subject<ExtensionMessage>();
  /** Other features' messages on this socket (voice). */
  readonly channel: StreamChannel = new ExtensionChannel(this.ready, this.extensionMessages, (message) => this.sendExtension(message));

  constructor(options: SyncStreamOptions) {
    this.options = options;
    this.timers = options.timers ?? realTimers;
    this.random = options.random ?? Math.random;
    for (const name of options.collections) this.subjects.set(name, new Subject<StreamItem>());
  }

  /** The `pull.stream$` for one collection's replication. */
  streamFor(collection: SyncCollectionName): Observable<StreamItem> {
    const subject = this.subjects.get(collection);
    if (!subject) throw new Error(`Unknown collection ${collection}`);
    return subject.asObservable();
  }

  get status(): StreamStatus {
    return { state: this.state, failures: this.failures, unauthorized: this.unauthorized };
  }

  /** Starts connecting (no-op when already running). */
  start(): void {
    if (this.state !== 'idle' && this.state !== 'paused' && this.state !== 'stopped') return;
    this.unauthorized = false;
    this.connect();
  }

  /** Closes the socket and stops reconnecting until `resume()`/`goOnline()` (e.g. the browser went offline). */
  pause(): void {
    if (this.state === 'stopped') return;
    this.teardown(CLOSE_NORMAL, 'paused');
    this.setState('paused');
  }

  /** The browser says it is online again: reconnect now (no backoff) and let every collection pull. */
  goOnline(): void {
    if (this.state === 'stopped' || this.unauthorized) return;
    this.emitResync();
    if (this.state !== 'open' && this.state !== 'connecting') {
      this.failures = 0;
      this.teardown(CLOSE_NORMAL, 'reconnect');
      this.connect();
    }
  }

  /** Reconnects at once, e.g. after a token refresh that follows a 4401. */
  reconnectNow(): void {
    if (this.state === 'stopped') return;
    this.unauthorized = false;
    this.failures = 0;
    this.teardown(CLOSE_NORMAL, 'reconnect');
    this.connect();
  }

  /** Final: closes the socket and completes every collection stream. */
  stop(): void {
    if (this.state === 'stopped') return;
    this.teardown(CLOSE_NORMAL, 'stopped');
    this.setState('stopped');
    for (const subject of this.subjects.values()) subject.complete();
    this.extensionMessages.complete();
    this.ready.complete();
  }

  private connect(): void {
    const url = this.options.url();
    if (url === null) {
      this.setState('paused');
      return;
    }
    const generation = ++this.generation;
    this.connectedUrl = url;
    this.messagesOnConnection = 0;
    this.openedThisAttempt = false;
    this.setState('connecting');
    const current = () => generation === this.generation;
    try {
      this.socket = this.options.connect(url, {
        onOpen: () => {
          if (current()) this.handleOpen();
        },
        onMessage: (data) => {
          if (current()) this.handleMessage(data);
        },
        onClose: (code) => {
          if (current()) this.handleClose(code);
        },
        onError: () => {
          // Browsers follow every error with a close event; the close decides what happens next.
        },
      });
    } catch {
      this.socket = null;
      this.scheduleReconnect();
    }
  }

  private handleOpen(): void {
    this.openedThisAttempt = true;
    this.setState('open');
    this.startHeartbeat();
    this.emitResync();
  }

  private handleMessage(raw: unknown): void {
    this.messagesOnConnection += 1;
    this.clearPongTimer();
    const message = parseMessage(raw);
    if (message === null) return;
    if (this.messagesOnConnection === 1 && this.failures > 0) {
      // The server talks: the connection is healthy, the backoff starts over.
      this.failures = 0;
      this.publishStatus();
    }
    if (message.type === 'RESYNC') {
      // The server sends one on every connect; handleOpen already resynced for that one.
      if (this.messagesOnConnection > 1) this.emitResync();
      // The server has checked our token: other features may talk now.
      this.ready.next(true);
    } else if (message.type === 'change') {
      this.subjects.get(message.collection)?.next({ documents: message.documents, checkpoint: message.checkpoint });
    } else if (message.type === 'other' && message.message !== undefined) {
      this.extensionMessages.next(message.message);
    }
  }

  private sendExtension(message: ExtensionMessage): boolean {
    if (this.socket === null || !this.ready.value) return false;
    try {
      this.socket.send(JSON.stringify(message));
      return true;
    } catch {
      return false;
    }
  }

  private handleClose(code: number): void {
    this.socket = null;
    this.ready.next(false);
    this.stopHeartbeat();
    if (code === CLOSE_UNAUTHORIZED) {
      const current = this.options.url();
      if (current !== null && current !== this.connectedUrl) {
        // The token was refreshed while this socket ran on the old one: use the new one now.
        this.failures = 0;
        this.connect();
        return;
      }
      this.unauthorized = true;
      this.setState('paused');
      return;
    }
    if (!this.openedThisAttempt || this.messagesOnConnection === 0) this.failures += 1;
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.clearReconnectTimer();
    const delay = backoffDelay(
      Math.max(0, this.failures - 1),
      this.options.backoffInitialMs ?? DEFAULT_BACKOFF_INITIAL_MS,
      this.options.backoffMaxMs ?? DEFAULT_BACKOFF_MAX_MS,
      this.random,
    );
    this.setState('waiting');
    this.reconnectTimer = this.timers.setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    const heartbeatMs = this.options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    this.heartbeatTimer = this.timers.setInterval(() => {
      this.sendPing();
    }, heartbeatMs);
  }

  private sendPing(): void {
    if (this.socket === null) return;
    const message: StreamClientMessage = { type: 'ping', at: this.timers.now() };
    try {
      this.socket.send(JSON.stringify(message));
    } catch {
      this.declareDead();
      return;
    }
    if (this.pongTimer === null) {
      this.pongTimer = this.timers.setTimeout(() => {
        this.pongTimer = null;
        this.declareDead();
      }, this.options.pongTimeoutMs ?? DEFAULT_PONG_TIMEOUT_MS);
    }
  }

  /** Nothing came back in time: the TCP connection is probably gone without a close frame. */
  private declareDead(): void {
    this.failures += 1;
    this.teardown(CLOSE_DEAD_CONNECTION, 'no pong');
    this.scheduleReconnect();
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer !== null) this.timers.clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
    this.clearPongTimer();
  }

  private clearPongTimer(): void {
    if (this.pongTimer !== null) this.timers.clearTimeout(this.pongTimer);
    this.pongTimer = null;
  }

  private clearReconnectTimer(): void {
    if (this.reconnectTimer !== null) this.timers.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  /** Drops the current socket (its late callbacks are ignored) and every timer. */
  private teardown(code: number, reason: string): void {
    this.clearReconnectTimer();
    this.stopHeartbeat();
    this.generation += 1;
    const socket = this.socket;
    this.socket = null;
    this.ready.next(false);
    if (socket !== null) {
      try {
        socket.close(code, reason);
      } catch {
        // Already closed.
      }
    }
  }

  private emitResync(): void {
    for (const subject of this.subjects.values()) subject.next('RESYNC');
  }

  private setState(state: StreamConnectionState): void {
    this.state = state;
    this.publishStatus();
  }

  private publishStatus(): void {
    this.options.onStatus?.(this.status);
  }
}

/** Builds the stream URL from the server base URL: http → ws, https → wss. */
export function streamUrl(serverUrl: string, path: string, token: string): string {
  const url = new URL(serverUrl.replace(/\/+$/, '') + path);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', token);
  return url.toString();
}
