/**
 * The renderer's real sync engine (`src/renderer/data/sync-engine.ts`) in a Node worker thread, the way
 * the chaos harness (test/chaos) runs it: the few browser globals it touches are installed first
 * (`window`/`document` as event targets, `navigator.onLine`, `WebSocket` from `ws`, `fetch`), and the
 * module is imported by URL because it is browser code the Node type program cannot check. Call
 * `installBrowserGlobals` once per worker, before anything imports the renderer.
 */
import { setMaxListeners } from 'node:events';
import WebSocket from 'ws';
import type { AtendeDatabase } from '../../src/renderer/data/database';
import type { SyncStatusStore } from '../../src/renderer/data/sync-status';

class BrowserWebSocket extends WebSocket {
  constructor(url: string) {
    super(url);
    // As in a browser: an error nobody listens to is not an uncaught exception (a close event follows).
    this.on('error', () => undefined);
  }
}

function define(name: string, value: unknown): void {
  Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
}

export function installBrowserGlobals(): void {
  const windowTarget = new EventTarget();
  setMaxListeners(200, windowTarget);
  define('window', windowTarget);
  define('document', Object.assign(new EventTarget(), { visibilityState: 'visible' }));
  define('navigator', { userAgent: 'atende-sync-bench (Node.js)', onLine: true });
  define('WebSocket', BrowserWebSocket);
}

/** The part of `SyncEngineOptions` the benchmark passes. */
export interface SyncEngineStartOptions {
  readonly db: AtendeDatabase;
  readonly serverUrl: string;
  readonly getToken: () => string | null;
  readonly onUnauthorized: () => void;
  readonly userId?: string;
  readonly role?: string;
  readonly store?: SyncStatusStore;
}

export interface SyncEngineHandle {
  stop(): Promise<void>;
}

const SYNC_ENGINE_URL = new URL('../../src/renderer/data/sync-engine.ts', import.meta.url).href;

export async function loadSyncEngine(): Promise<(options: SyncEngineStartOptions) => SyncEngineHandle> {
  const module = (await import(SYNC_ENGINE_URL)) as { startSyncEngine?: unknown };
  if (typeof module.startSyncEngine !== 'function') throw new Error('src/renderer/data/sync-engine.ts has no startSyncEngine');
  return module.startSyncEngine as (options: SyncEngineStartOptions) => SyncEngineHandle;
}
