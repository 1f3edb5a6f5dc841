import { describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: {
    invoke: vi.fn((channel: string) => Promise.resolve(channel === 'app:getVersion' ? '0.1.0' : undefined)),
    send: vi.fn(),
    on: vi.fn(),
    removeListener: vi.fn(),
  },
}));

vi.mock('electron', () => electron);

describe('preload entry', () => {
  it('exposes the named bridge on window.atende and never ipcRenderer itself', async () => {
    await import('../../../src/preload/index');
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [key, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
    expect(key).toBe('atende');
    expect(Object.values(api)).not.toContain(electron.ipcRenderer);
    expect(Object.keys(api)).not.toContain('ipcRenderer');
    expect(Object.keys(api)).not.toContain('invoke');

    await expect((api.getVersion as () => Promise<string>)()).resolves.toBe('0.1.0');
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith('app:getVersion');
  });

  it('subscribes with ipcRenderer.on, gives the renderer the payload only (never the event), and removes that same handler', async () => {
    await import('../../../src/preload/index');
    const [, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
    const listener = vi.fn();
    const unsubscribe = (api.onCallShortcut as (l: (action: string) => void) => () => void)(listener);
    expect(electron.ipcRenderer.on).toHaveBeenCalledWith('voice:shortcut', expect.any(Function));
    const handler = electron.ipcRenderer.on.mock.calls.at(-1)?.[1] as unknown as (event: unknown, ...args: unknown[]) => void;
    const ipcEvent = { sender: electron.ipcRenderer, senderId: 0 };
    handler(ipcEvent, { action: 'answer' });
    expect(listener.mock.calls).toEqual([['answer']]);
    // Extra arguments from main are not part of the contract.
    handler(ipcEvent, { action: 'answer' }, 'extra');
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith('voice:shortcut', handler);
  });
});
