/**
 * The window's desktop call integration (./desktop-bridge.ts), wired to the preload bridge, the
 * window's dial requests, i18next and localStorage. A no-op in web mode (no preload bridge).
 *
 * The app calls `desktopCalls.connect()` once at start; the softphone subscribes to
 * `desktopCalls.onAction` and calls `notifyIncomingCall` / `dismissIncomingCall` as calls ring and stop.
 */
import i18next from 'i18next';
import { desktopBridge } from '../platform';
import { DesktopCalls } from './desktop-bridge';
import { dialRequests } from './dial-requests';

function browserStore(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Storage access can throw (disabled storage): shortcuts then last for the session.
    return null;
  }
}

export const desktopCalls = new DesktopCalls({
  bridge: desktopBridge(),
  dial: (request) => {
    dialRequests.request(request);
  },
  translate: i18next.t.bind(i18next),
  store: browserStore(),
  onError: (error) => {
    globalThis.reportError(error);
  },
});
