/**
 * The desktop bridge the renderer sees as `window.atende`: one named function per IPC channel,
 * built over a typed invoke, and one subscription per main-to-renderer event. The raw ipcRenderer
 * (and the IpcRendererEvent, which carries it) is never exposed.
 */
import {
  IPC_EVENT_VALIDATORS,
  type CallRef,
  type DesktopBridge,
  type IncomingCallNotice,
  type IpcChannel,
  type IpcEvent,
  type IpcEvents,
  type IpcRequest,
  type IpcResponse,
  type StoredSession,
} from '../shared/ipc/contract';
import type { CallShortcutAction, CallShortcuts } from '../shared/voice/shortcuts';

/** Channels without a request take no argument; the others take exactly their request. */
export type InvokeArgs<C extends IpcChannel> = IpcRequest<C> extends undefined ? [] : [request: IpcRequest<C>];

export type Invoke = <C extends IpcChannel>(channel: C, ...args: InvokeArgs<C>) => Promise<IpcResponse<C>>;

/** Listens to one event channel from main with the raw (unchecked) payload; returns the unsubscribe. */
export type Listen = (event: IpcEvent, listener: (payload: unknown) => void) => () => void;

/** A payload that fails its check is dropped: the renderer's listener only ever sees the contract's shape. */
function subscribe<E extends IpcEvent>(listen: Listen, event: E, listener: (payload: IpcEvents[E]) => void): () => void {
  const isValid = IPC_EVENT_VALIDATORS[event] as (payload: unknown) => payload is IpcEvents[E];
  let active = true;
  const unsubscribe = listen(event, (payload) => {
    if (active && isValid(payload)) listener(payload);
  });
  return () => {
    if (!active) return;
    active = false;
    unsubscribe();
  };
}

export function createDesktopBridge(invoke: Invoke, listen: Listen): DesktopBridge {
  const bridge: DesktopBridge = {
    getVersion: () => invoke('app:getVersion'),
    getDefaultServerUrl: () => invoke('app:getDefaultServerUrl'),
    notify: async (title: string, body: string) => {
      await invoke('app:notify', { title, body });
    },
    loadSession: () => invoke('session:load'),
    saveSession: async (session: StoredSession) => {
      await invoke('session:save', session);
    },
    clearSession: async () => {
      await invoke('session:clear');
    },
    notifyIncomingCall: async (notice: IncomingCallNotice) => {
      await invoke('voice:notifyIncoming', { callId: notice.callId, title: notice.title, body: notice.body });
    },
    dismissIncomingCall: async (callId: string) => {
      await invoke('voice:dismissIncoming', { callId });
    },
    setCallShortcuts: (shortcuts: CallShortcuts) => invoke('voice:setShortcuts', { answer: shortcuts.answer, hangup: shortcuts.hangup }),
    readyForDialRequests: async () => {
      await invoke('voice:dialReady');
    },
    onAnswerRequested: (listener: (request: CallRef) => void) =>
      subscribe(listen, 'voice:answerRequested', (payload) => {
        listener({ callId: payload.callId });
      }),
    onCallShortcut: (listener: (action: CallShortcutAction) => void) =>
      subscribe(listen, 'voice:shortcut', (payload) => {
        listener(payload.action);
      }),
    onDialRequest: (listener: (number: string) => void) =>
      subscribe(listen, 'voice:dial', (payload) => {
        listener(payload.number);
      }),
  };
  return Object.freeze(bridge);
}
