/** A WebSocket client for the change stream that records every message for assertions. */
import { WebSocket, type ClientOptions } from 'ws';
import type { StreamServerMessage } from '../../../src/shared/sync/protocol';

export interface StreamClient {
  readonly socket: WebSocket;
  readonly messages: StreamServerMessage[];
  /** Resolves with the first message (already received or future) matching `predicate`. */
  waitFor<M extends StreamServerMessage>(predicate: (message: StreamServerMessage) => message is M, timeoutMs?: number): Promise<M>;
  waitFor(predicate: (message: StreamServerMessage) => boolean, timeoutMs?: number): Promise<StreamServerMessage>;
  /** Resolves with the close code. */
  closed: Promise<number>;
  close(): void;
}

export function connectStream(baseUrl: string, auth: { token?: string; header?: string } = {}, options: ClientOptions = {}): StreamClient {
  const url = new URL('/api/v1/sync/stream', baseUrl.replace(/^http/, 'ws'));
  if (auth.token !== undefined) url.searchParams.set('token', auth.token);
  const socket = new WebSocket(url, { ...options, ...(auth.header === undefined ? {} : { headers: { authorization: auth.header } }) });
  const messages: StreamServerMessage[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data: Buffer) => {
    messages.push(JSON.parse(data.toString('utf8')) as StreamServerMessage);
    for (const wake of waiters) wake();
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => { resolve(code); }));
  return {
    socket,
    messages,
    closed,
    waitFor(predicate: (message: StreamServerMessage) => boolean, timeoutMs = 10_000) {
      return new Promise<StreamServerMessage>((resolve, reject) => {
        const check = (): boolean => {
          const found = messages.find(predicate);
          if (found === undefined) return false;
          cleanup();
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no matching stream message within ${String(timeoutMs)} ms; got ${JSON.stringify(messages)}`));
        }, timeoutMs);
        const wake = (): void => {
          check();
        };
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(wake);
        };
        waiters.add(wake);
        check();
      });
    },
    close: () => {
      socket.close();
    },
  } as StreamClient;
}
