/**
 * The one typed IPC contract between renderer (through preload) and main. Preload exposes a named
 * function per channel; main registers one handler per channel and validates sender and payload.
 */
import { isE164 } from '../domain/common';
import { isPublicUser, type PublicUser } from '../domain/roles';
import { isCallShortcutAction, isCallShortcuts, type CallShortcutAction, type CallShortcuts, type CallShortcutsResult } from '../voice/shortcuts';

export interface NotifyRequest {
  readonly title: string;
  readonly body: string;
}

/** An incoming call the OS should announce; clicking it asks the renderer to answer `callId`. */
export interface IncomingCallNotice extends NotifyRequest {
  readonly callId: string;
}

/** The call whose incoming-call notification should go away (answered, rejected, ended elsewhere). */
export interface CallRef {
  readonly callId: string;
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
  'voice:notifyIncoming': { readonly request: IncomingCallNotice; readonly response: undefined };
  'voice:dismissIncoming': { readonly request: CallRef; readonly response: undefined };
  /** Replaces the global answer/hang-up shortcuts; says which ones the OS let us have. */
  'voice:setShortcuts': { readonly request: CallShortcuts; readonly response: CallShortcutsResult };
  /** The renderer listens for dial requests: main sends the `tel:`/`callto:` link that arrived before. */
  'voice:dialReady': { readonly request: undefined; readonly response: undefined };
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
  'voice:notifyIncoming',
  'voice:dismissIncoming',
  'voice:setShortcuts',
  'voice:dialReady',
];

/**
 * What main sends the renderer (webContents.send), the other direction of the contract. Preload
 * checks each payload with IPC_EVENT_VALIDATORS and hands the renderer the payload only.
 */
export interface IpcEvents {
  /** The agent clicked the incoming-call notification of `callId`. */
  'voice:answerRequested': CallRef;
  /** A global call shortcut was pressed. */
  'voice:shortcut': { readonly action: CallShortcutAction };
  /** A `tel:`/`callto:` link was opened with the app; `number` is E.164. */
  'voice:dial': { readonly number: string };
}

export type IpcEvent = keyof IpcEvents;

export const IPC_EVENTS: readonly IpcEvent[] = ['voice:answerRequested', 'voice:shortcut', 'voice:dial'];

const NOTIFY_TITLE_MAX = 120;
const NOTIFY_BODY_MAX = 500;
const TOKEN_MAX = 8192;
const CALL_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

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

export function isNotifyRequest(payload: unknown): payload is NotifyRequest {
  return (
    typeof payload === 'object' &&
    payload !== null &&
    'title' in payload &&
    'body' in payload &&
    typeof payload.title === 'string' &&
    typeof payload.body === 'string' &&
    payload.title.length > 0 &&
    payload.title.length <= NOTIFY_TITLE_MAX &&
    payload.body.length <= NOTIFY_BODY_MAX
  );
}

export function isCallRef(payload: unknown): payload is CallRef {
  return typeof payload === 'object' && payload !== null && 'callId' in payload && typeof payload.callId === 'string' && CALL_ID.test(payload.callId);
}

export function isIncomingCallNotice(payload: unknown): payload is IncomingCallNotice {
  return isNotifyRequest(payload) && isCallRef(payload);
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
  'app:notify': isNotifyRequest,
  'session:load': isNoPayload,
  'session:save': isStoredSession,
  'session:clear': isNoPayload,
  'voice:notifyIncoming': isIncomingCallNotice,
  'voice:dismissIncoming': isCallRef,
  'voice:setShortcuts': isCallShortcuts,
  'voice:dialReady': isNoPayload,
};

/** Event payload checks, run in preload before the renderer's listener sees the data. */
export const IPC_EVENT_VALIDATORS: { readonly [E in IpcEvent]: (payload: unknown) => payload is IpcEvents[E] } = {
  'voice:answerRequested': isCallRef,
  'voice:shortcut': (payload): payload is IpcEvents['voice:shortcut'] =>
    typeof payload === 'object' && payload !== null && 'action' in payload && isCallShortcutAction(payload.action),
  'voice:dial': (payload): payload is IpcEvents['voice:dial'] =>
    typeof payload === 'object' && payload !== null && 'number' in payload && isE164(payload.number),
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
  /** Shows the OS notification of an incoming call (replacing an older one); a click focuses the app and asks to answer. */
  notifyIncomingCall(notice: IncomingCallNotice): Promise<void>;
  dismissIncomingCall(callId: string): Promise<void>;
  setCallShortcuts(shortcuts: CallShortcuts): Promise<CallShortcutsResult>;
  /** Call after subscribing with onDialRequest: main then sends the link the app was opened with, if any. */
  readyForDialRequests(): Promise<void>;
  /** Each subscription returns its unsubscribe. */
  onAnswerRequested(listener: (request: CallRef) => void): () => void;
  onCallShortcut(listener: (action: CallShortcutAction) => void): () => void;
  onDialRequest(listener: (number: string) => void): () => void;
}

export const DESKTOP_BRIDGE_KEY = 'atende';
