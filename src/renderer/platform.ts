/** Which host runs the renderer: the desktop app (preload bridge present) or a plain browser. */
import type { DesktopBridge } from '../shared/ipc/contract';

export function desktopBridge(): DesktopBridge | undefined {
  return typeof window === 'undefined' ? undefined : window.atende;
}

export function isDesktopApp(): boolean {
  return desktopBridge() !== undefined;
}

/** Web mode: served by the sync server over http(s), not the desktop app's app:// files. */
export function isWebMode(): boolean {
  return !isDesktopApp() && (location.protocol === 'http:' || location.protocol === 'https:');
}
