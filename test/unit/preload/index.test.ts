import { describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn((channel: string) => Promise.resolve(channel === 'app:getVersion' ? '0.1.0' : undefined)), send: vi.fn(), on: vi.fn() },
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
});
