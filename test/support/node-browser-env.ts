/**
 * The few browser globals the renderer's sync engine (`src/renderer/data/sync-engine.ts`) touches,
 * for a Node worker that runs it (chaos clients, sync benchmarks): `window` and `document` as event targets (`online`, `offline`, `focus`,
 * `visibilitychange`), `navigator.onLine`, `WebSocket` (the `ws` package, which has the browser's
 * `onopen`/`onmessage`/`onclose`/`onerror` API) and `fetch`. Each worker is its own realm, so each
 * client has its own "browser".
 */
import { setMaxListeners } from 'node:events';
import WebSocket from 'ws';

/** `ws` with the browser's manners: an error event nobody listens to is not an uncaught exception. */
class BrowserWebSocket extends WebSocket {
  constructor(url: string) {
    super(url);
    this.on('error', () => undefined);
  }
}

export interface BrowserEnv {
  readonly online: boolean;
  /** Flips `navigator.onLine` and fires `online`/`offline` on `window`, as the browser does. */
  setOnline(online: boolean): void;
  /** The user brings the window to the front. */
  focus(): void;
}

function define(name: string, value: unknown): void {
  Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
}

export function installBrowserEnv(fetchImpl: typeof fetch): BrowserEnv {
  const windowTarget = new EventTarget();
  // RxDB waits for `online` on window in every retry loop while offline: one listener per collection and direction.
  setMaxListeners(200, windowTarget);
  const documentTarget = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  let online = true;
  define('window', windowTarget);
  define('document', documentTarget);
  define('navigator', {
    userAgent: 'atende-chaos-client (Node.js)',
    get onLine() {
      return online;
    },
  });
  define('WebSocket', BrowserWebSocket);
  define('fetch', fetchImpl);
  return {
    get online() {
      return online;
    },
    setOnline: (next) => {
      if (next === online) return;
      online = next;
      windowTarget.dispatchEvent(new Event(next ? 'online' : 'offline'));
    },
    focus: () => {
      windowTarget.dispatchEvent(new Event('focus'));
    },
  };
}
