import { describe, expect, it, vi } from 'vitest';
import { createDesktopBridge, type Invoke, type Listen } from '../../../src/preload/bridge';
import type { DesktopBridge, IpcChannel, IpcEvent, StoredSession } from '../../../src/shared/ipc/contract';
import { IPC_CHANNELS, IPC_EVENTS } from '../../../src/shared/ipc/contract';

const session: StoredSession = {
  serverUrl: 'http://localhost:8787',
  token: 'tok',
  user: { id: 'u1', name: 'Ana', email: 'ana@example.com', role: 'agent' },
};

/** A fake of main's side of the events: listeners per channel, and `emit` as webContents.send would. */
function fakeEvents() {
  const listeners = new Map<IpcEvent, Set<(payload: unknown) => void>>();
  const listen: Listen = (event, listener) => {
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => {
      set.delete(listener);
    };
  };
  const emit = (event: IpcEvent, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  const count = (event: IpcEvent) => listeners.get(event)?.size ?? 0;
  return { listen, emit, count };
}

function setup(responses: Partial<Record<IpcChannel, unknown>> = {}) {
  const calls: { channel: IpcChannel; args: unknown[] }[] = [];
  const invoke = vi.fn((channel: IpcChannel, ...args: unknown[]) => {
    calls.push({ channel, args });
    return Promise.resolve(responses[channel]);
  }) as unknown as Invoke;
  const events = fakeEvents();
  return { bridge: createDesktopBridge(invoke, events.listen), calls, events };
}

describe('createDesktopBridge', () => {
  it.each<[keyof DesktopBridge, (bridge: DesktopBridge) => Promise<unknown>, IpcChannel, unknown[]]>([
    ['getVersion', (b) => b.getVersion(), 'app:getVersion', []],
    ['getDefaultServerUrl', (b) => b.getDefaultServerUrl(), 'app:getDefaultServerUrl', []],
    ['notify', (b) => b.notify('New ticket', '#42 from Ana'), 'app:notify', [{ title: 'New ticket', body: '#42 from Ana' }]],
    ['loadSession', (b) => b.loadSession(), 'session:load', []],
    ['saveSession', (b) => b.saveSession(session), 'session:save', [session]],
    ['clearSession', (b) => b.clearSession(), 'session:clear', []],
    [
      'notifyIncomingCall',
      (b) => b.notifyIncomingCall({ callId: 'c1', title: 'Incoming call', body: 'Ana' }),
      'voice:notifyIncoming',
      [{ callId: 'c1', title: 'Incoming call', body: 'Ana' }],
    ],
    ['dismissIncomingCall', (b) => b.dismissIncomingCall('c1'), 'voice:dismissIncoming', [{ callId: 'c1' }]],
    ['setCallShortcuts', (b) => b.setCallShortcuts({ answer: 'F9', hangup: null }), 'voice:setShortcuts', [{ answer: 'F9', hangup: null }]],
    ['readyForDialRequests', (b) => b.readyForDialRequests(), 'voice:dialReady', []],
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
    await expect(createDesktopBridge(invoke, fakeEvents().listen).saveSession(session)).rejects.toThrow('refused');
  });

  it('copies only the contract fields of a request (no extra data rides along to main)', async () => {
    const { bridge, calls } = setup();
    const notice = { callId: 'c1', title: 'Incoming call', body: 'Ana', extra: 'x' };
    await bridge.notifyIncomingCall(notice);
    expect(calls[0]?.args).toEqual([{ callId: 'c1', title: 'Incoming call', body: 'Ana' }]);
  });

  it('answers setCallShortcuts with what main registered', async () => {
    const { bridge } = setup({ 'voice:setShortcuts': { answer: 'registered', hangup: 'unavailable' } });
    await expect(bridge.setCallShortcuts({ answer: 'F9', hangup: 'F10' })).resolves.toEqual({ answer: 'registered', hangup: 'unavailable' });
  });

  it.each<[string, (bridge: DesktopBridge, listener: (value: unknown) => void) => () => void, IpcEvent, unknown, unknown]>([
    ['onAnswerRequested', (b, l) => b.onAnswerRequested(l), 'voice:answerRequested', { callId: 'c1' }, { callId: 'c1' }],
    ['onCallShortcut', (b, l) => b.onCallShortcut(l), 'voice:shortcut', { action: 'hangup' }, 'hangup'],
    ['onDialRequest', (b, l) => b.onDialRequest(l), 'voice:dial', { number: '+5511987654321' }, '+5511987654321'],
  ])('%s hands the listener the payload of %s until unsubscribed', (_name, subscribe, event, payload, received) => {
    const { bridge, events } = setup();
    const listener = vi.fn();
    const unsubscribe = subscribe(bridge, listener);
    events.emit(event, payload);
    expect(listener.mock.calls).toEqual([[received]]);
    unsubscribe();
    expect(events.count(event)).toBe(0);
    events.emit(event, payload);
    expect(listener).toHaveBeenCalledTimes(1);
    // Unsubscribing twice is harmless.
    unsubscribe();
  });

  it.each<[IpcEvent, unknown]>([
    ['voice:answerRequested', { callId: '' }],
    ['voice:answerRequested', 'c1'],
    ['voice:shortcut', { action: 'mute' }],
    ['voice:shortcut', null],
    ['voice:dial', { number: '11987654321' }],
    ['voice:dial', { number: 'javascript:alert(1)' }],
    ['voice:dial', undefined],
  ])('drops a %s event whose payload breaks the contract: %j', (event, payload) => {
    const { bridge, events } = setup();
    const listener = vi.fn();
    bridge.onAnswerRequested(listener);
    bridge.onCallShortcut(listener);
    bridge.onDialRequest(listener);
    events.emit(event, payload);
    expect(listener).not.toHaveBeenCalled();
  });

  it('exposes exactly one function per channel and per event, frozen, and nothing else', () => {
    const { bridge } = setup();
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.keys(bridge).sort()).toEqual([
      'clearSession',
      'dismissIncomingCall',
      'getDefaultServerUrl',
      'getVersion',
      'loadSession',
      'notify',
      'notifyIncomingCall',
      'onAnswerRequested',
      'onCallShortcut',
      'onDialRequest',
      'readyForDialRequests',
      'saveSession',
      'setCallShortcuts',
    ]);
    expect(Object.keys(bridge)).toHaveLength(IPC_CHANNELS.length + IPC_EVENTS.length);
    expect(Object.values(bridge).every((value) => typeof value === 'function')).toBe(true);
  });
});
