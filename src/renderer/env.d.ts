import type { DesktopBridge } from '../shared/ipc/contract';

declare global {
  interface Window {
    /** Exposed by the preload script in the desktop app only; undefined in web mode. */
    readonly atende?: DesktopBridge;
  }
}

export {};
