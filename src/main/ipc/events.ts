/**
 * The one place main talks to the renderer unasked: typed events of the shared contract, sent to the
 * app window's WebContents only (never broadcast), and only while that window is alive.
 */
import type { IpcEvent, IpcEvents } from '../../shared/ipc/contract';

/** The part of a BrowserWindow used to send (the real one fits it). */
export interface EventTarget {
  isDestroyed(): boolean;
  readonly webContents: { send(channel: string, ...args: unknown[]): void; isDestroyed(): boolean };
}

export type SendEvent = <E extends IpcEvent>(event: E, payload: IpcEvents[E]) => boolean;

/** Returns a sender to whatever window `currentWindow` gives; a send without a live window returns false. */
export function createEventSender(currentWindow: () => EventTarget | null): SendEvent {
  return (event, payload) => {
    const window = currentWindow();
    if (window === null || window.isDestroyed() || window.webContents.isDestroyed()) return false;
    window.webContents.send(event, payload);
    return true;
  };
}
