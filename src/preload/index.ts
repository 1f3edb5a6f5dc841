/**
 * Sandboxed preload: exposes the named functions of the desktop bridge on `window.atende`.
 * Bundled into one CommonJS file (out/preload/index.cjs) that requires nothing but 'electron'.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { DESKTOP_BRIDGE_KEY } from '../shared/ipc/contract';
import { createDesktopBridge, type Invoke } from './bridge';

const invoke: Invoke = (channel, ...args) => ipcRenderer.invoke(channel, ...args);

contextBridge.exposeInMainWorld(DESKTOP_BRIDGE_KEY, createDesktopBridge(invoke));
