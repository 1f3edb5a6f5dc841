/**
 * The one typed IPC contract between renderer (through preload) and main. Preload exposes a named
 * function per channel; main registers one handler per channel and validates sender and payload.
 */
import { isPublicUser, type PublicUser } from '../domain/roles';

export interface NotifyRequest {
  readonly title: string;
  readonly body: string;
}

/** The signed-in session the desktop app keeps between launches (encrypted by main with safeStorage). */
export interface StoredSession {
  readonly serverUrl: string;
  readonly token: string;
  readonly user: PublicUser;
}

export interface IpcContract {
  'app:getVersion': { readonly request: undefined; readonly response: string };
  /** The sync server URL the sign-in form starts with (from ATENDE_SERVER_URL or the default). */
  'app:getDefaultServerUrl': { readonly request: undefined; readonly response: string };
  'app:notify': { readonly request: NotifyRequest; readonly response: undefined };
  'session:load': { readonly request: undefined; readonly response: StoredSession | null };
  'session:save': { readonly request: StoredSession; readonly response: undefined };
  'session:clear': { readonly request: undefined; readonly response: undefined };
}

export type IpcChannel = keyof IpcContract;
export type IpcRequest<C extends IpcChannel> = IpcContract[C]['request'];
export type IpcResponse<C extends IpcChannel> = IpcContract[C]['response'];

export const IPC_CHANNELS: readonly IpcChannel[] = [
  'app:getVersion',
  'app:getDefaultServerUrl',
  'app:notify',
  'session:load',
  'session:save',
  'session:clear',
];

const NOTIFY_TITLE_MAX = 120;
const NOTIFY_BODY_MAX = 500;
const TOKEN_MAX = 8192;

const isNoPayload = (payload: unknown): payload is undefined => payload === undefined;

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}


export function isStoredSession(payload: unknown): payload is StoredSession {
  return (
    typeof payload === 'object' &&
    payload !== null &&
    'serverUrl' in payload &&
    'token' in payload &&
    'user' in payload &&
    isHttpUrl(payload.serverUrl) &&
    typeof payload.token === 'string' &&
    payload.token.length > 0 &&
    payload.token.length <= TOKEN_MAX &&
    isPublicUser(payload.user)
  );
}

/** Payload validators, run in main before any handler sees the data. */
export const IPC_VALIDATORS: { readonly [C in IpcChannel]: (payload: unknown) => payload is IpcRequest<C> } = {
  'app:getVersion': isNoPayload,
  'app:getDefaultServerUrl': isNoPayload,
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
  'session:load': isNoPayload,
  'session:save': isStoredSession,
  'session:clear': isNoPayload,
};

export function isIpcChannel(value: unknown): value is IpcChannel {
  return typeof value === 'string' && (IPC_CHANNELS as readonly string[]).includes(value);
}

/** What preload exposes on `window.atende`. Only present in the desktop app, never in web mode. */
export interface DesktopBridge {
  getVersion(): Promise<string>;
  getDefaultServerUrl(): Promise<string>;
  notify(title: string, body: string): Promise<void>;
  loadSession(): Promise<StoredSession | null>;
  saveSession(session: StoredSession): Promise<void>;
  clearSession(): Promise<void>;
}

export const DESKTOP_BRIDGE_KEY = 'atende';
