/**
 * Sandboxed preload: exposes the named functions of the desktop bridge on `window.atende`.
 * Bundled into one CommonJS file (out/preload/index.cjs) that requires nothing but 'electron'.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { DESKTOP_BRIDGE_KEY } from '../shared/ipc/contract';
import { createDesktopBridge, type Invoke, type Listen } from './bridge';

const invoke: Invoke = (channel, ...args) => ipcRenderer.invoke(channel, ...args);

// The IpcRendererEvent never reaches the renderer (its `sender` is the ipcRenderer itself).
const listen: Listen = (event, listener) => {
  const handler = (_event: IpcRendererEvent, ...args: unknown[]): void => {
    if (args.length === 1) listener(args[0]);
  };
  ipcRenderer.on(event, handler);
  return () => {
    ipcRenderer.removeListener(event, handler);
  };
};

contextBridge.exposeInMainWorld(DESKTOP_BRIDGE_KEY, createDesktopBridge(invoke, listen));
