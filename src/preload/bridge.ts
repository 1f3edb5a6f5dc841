/**
 * The desktop bridge the renderer sees as `window.atende`: one named function per IPC channel,
 * built over a typed invoke. The raw ipcRenderer is never exposed.
 */
import type { DesktopBridge, IpcChannel, IpcRequest, IpcResponse, StoredSession } from '../shared/ipc/contract';

/** Channels without a request take no argument; the others take exactly their request. */
export type InvokeArgs<C extends IpcChannel> = IpcRequest<C> extends undefined ? [] : [request: IpcRequest<C>];

export type Invoke = <C extends IpcChannel>(channel: C, ...args: InvokeArgs<C>) => Promise<IpcResponse<C>>;

export function createDesktopBridge(invoke: Invoke): DesktopBridge {
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
  };
  return Object.freeze(bridge);
}
