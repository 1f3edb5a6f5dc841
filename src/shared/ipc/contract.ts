/**
 * The one typed IPC contract between renderer (through preload) and main. Preload exposes a named
 * function per channel; main registers one handler per channel and validates sender and payload.
 */
export interface NotifyRequest {
  readonly title: string;
  readonly body: string;
}

export interface IpcContract {
  'app:getVersion': { readonly request: undefined; readonly response: string };
  'app:notify': { readonly request: NotifyRequest; readonly response: undefined };
}

export type IpcChannel = keyof IpcContract;
export type IpcRequest<C extends IpcChannel> = IpcContract[C]['request'];
export type IpcResponse<C extends IpcChannel> = IpcContract[C]['response'];

export const IPC_CHANNELS: readonly IpcChannel[] = ['app:getVersion', 'app:notify'];

const NOTIFY_TITLE_MAX = 120;
const NOTIFY_BODY_MAX = 500;

/** Payload validators, run in main before any handler sees the data. */
export const IPC_VALIDATORS: { readonly [C in IpcChannel]: (payload: unknown) => payload is IpcRequest<C> } = {
  'app:getVersion': (payload): payload is undefined => payload === undefined,
  'app:notify': (payload): payload is NotifyRequest =>
    typeof payload === 'object' &&
    payload !== null &&
    'title' in payload &&
    'body' in payload &&
    typeof payload.title === 'string' &&
    typeof payload.body === 'string' &&
    payload.title.length > 0 &&
    payload.title.length <= NOTIFY_TITLE_MAX &&
    payload.body.length <= NOTIFY_BODY_MAX,
};

export function isIpcChannel(value: unknown): value is IpcChannel {
  return typeof value === 'string' && (IPC_CHANNELS as readonly string[]).includes(value);
}

/** What preload exposes on `window.atende`. Only present in the desktop app, never in web mode. */
export interface DesktopBridge {
  getVersion(): Promise<string>;
  notify(title: string, body: string): Promise<void>;
}
