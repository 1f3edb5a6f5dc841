import { describe, expect, it, vi } from 'vitest';
import { createDesktopBridge, type Invoke } from '../../../src/preload/bridge';
import type { DesktopBridge, IpcChannel, StoredSession } from '../../../src/shared/ipc/contract';
import { IPC_CHANNELS } from '../../../src/shared/ipc/contract';

const session: StoredSession = {
  serverUrl: 'http://localhost:8787',
  token: 'tok',
  user: { id: 'u1', name: 'Ana', email: 'ana@example.com', role: 'agent' },
};

function setup(responses: Partial<Record<IpcChannel, unknown>> = {}) {
  const calls: { channel: IpcChannel; args: unknown[] }[] = [];
  const invoke = vi.fn((channel: IpcChannel, ...args: unknown[]) => {
    calls.push({ channel, args });
    return Promise.resolve(responses[channel]);
  }) as unknown as Invoke;
  return { bridge: createDesktopBridge(invoke), calls };
}

describe('createDesktopBridge', () => {
  it.each<[keyof DesktopBridge, (bridge: DesktopBridge) => Promise<unknown>, IpcChannel, unknown[]]>([
    ['getVersion', (b) => b.getVersion(), 'app:getVersion', []],
    ['getDefaultServerUrl', (b) => b.getDefaultServerUrl(), 'app:getDefaultServerUrl', []],
    ['notify', (b) => b.notify('New ticket', '#42 from Ana'), 'app:notify', [{ title: 'New ticket', body: '#42 from Ana' }]],
    ['loadSession', (b) => b.loadSession(), 'session:load', []],
    ['saveSession', (b) => b.saveSession(session), 'session:save', [session]],
    ['clearSession', (b) => b.clearSession(), 'session:clear', []],
  ])('%s invokes %s with the right payload', async (_name, call, channel, args) => {
    const { bridge, calls } = setup();
    await call(bridge);
    expect(calls).toEqual([{ channel, args }]);
  });

  it('returns what main answers', async () => {
    const { bridge } = setup({ 'app:getVersion': '0.1.0', 'app:getDefaultServerUrl': 'http://x', 'session:load': session });
    await expect(bridge.getVersion()).resolves.toBe('0.1.0');
    await expect(bridge.getDefaultServerUrl()).resolves.toBe('http://x');
    await expect(bridge.loadSession()).resolves.toEqual(session);
    await expect(bridge.saveSession(session)).resolves.toBeUndefined();
  });

  it('propagates a refusal from main', async () => {
    const invoke = vi.fn(() => Promise.reject(new Error('IPC session:save refused: invalid payload'))) as unknown as Invoke;
    await expect(createDesktopBridge(invoke).saveSession(session)).rejects.toThrow('refused');
  });

  it('exposes exactly one function per channel, frozen, and nothing else', () => {
    const { bridge } = setup();
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.keys(bridge).sort()).toEqual(['clearSession', 'getDefaultServerUrl', 'getVersion', 'loadSession', 'notify', 'saveSession']);
    expect(Object.keys(bridge)).toHaveLength(IPC_CHANNELS.length);
    expect(Object.values(bridge).every((value) => typeof value === 'function')).toBe(true);
  });
});
