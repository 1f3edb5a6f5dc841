/**
 * Navigation and window-creation guard for every WebContents the app creates.
 * SECURITY-SENSITIVE: do not widen without review.
 *
 * - A frame may only navigate (or be redirected) within our own origin, app://atende.
 * - No new window is ever created; a link to an http(s) page opens in the system browser.
 * - <webview> is never attached (webviewTag is off as well).
 */
import type { Logger } from '../logger';
import { APP_ORIGIN, originOf, toExternalHttpUrl } from './origin';

/** True when a frame may navigate to `url`. */
export function isNavigationAllowed(url: string): boolean {
  return originOf(url) === APP_ORIGIN;
}

export interface ExternalOpener {
  openExternal(url: string): Promise<void>;
}

export interface NavigationEvent {
  readonly url: string;
  preventDefault(): void;
}

/** The part of Electron's WebContents the guard uses (a real WebContents fits it). */
export interface GuardedWebContents {
  on(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', listener: (details: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { readonly url: string }) => { action: 'deny' }): void;
}

export interface NavigationGuardDeps {
  readonly shell: ExternalOpener;
  readonly logger: Logger;
}

/** Opens an http(s) URL in the system browser; anything else is refused. Returns whether it opened. */
export function openExternalSafely(url: string, deps: NavigationGuardDeps): boolean {
  const external = toExternalHttpUrl(url);
  if (external === null) {
    deps.logger.warn(`Refused to open a non-http(s) URL externally: ${url.slice(0, 200)}`);
    return false;
  }
  deps.shell.openExternal(external).catch((error: unknown) => {
    deps.logger.error(`Could not open ${external} externally`, error);
  });
  return true;
}

export function guardWebContents(contents: GuardedWebContents, deps: NavigationGuardDeps): void {
  const guard = (kind: string) => (details: NavigationEvent) => {
    if (isNavigationAllowed(details.url)) return;
    details.preventDefault();
    deps.logger.warn(`Blocked ${kind} to ${details.url.slice(0, 200)}`);
  };
  // will-frame-navigate covers subframes as well; will-navigate is kept for the main frame in case
  // an embedder or future Electron emits only it.
  contents.on('will-navigate', guard('navigation'));
  contents.on('will-frame-navigate', guard('frame navigation'));
  contents.on('will-redirect', guard('redirect'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    deps.logger.warn('Blocked a <webview> attach');
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url, deps);
    return { action: 'deny' };
  });
}
