import i18next from 'i18next';
import { describe, expect, it, vi } from 'vitest';
import { baseI18nOptions } from '../../../../src/renderer/i18n/config';
import { CALL_SHORTCUTS_KEY, DesktopCalls, type DesktopCallAction } from '../../../../src/renderer/voice/desktop-bridge';
import type { CallRef } from '../../../../src/shared/ipc/contract';
import type { CallShortcutAction, CallShortcuts, CallShortcutsResult } from '../../../../src/shared/voice/shortcuts';
import { fakeDesktopBridge } from '../helpers/fake-desktop-bridge';

/** A fake preload bridge: records invokes, and lets the test play main's events. */
function fakeBridge() {
  const listeners = {
    dial: new Set<(number: string) => void>(),
    answer: new Set<(request: CallRef) => void>(),
    shortcut: new Set<(action: CallShortcutAction) => void>(),
  };
  const subscribe =
    <T>(set: Set<(value: T) => void>) =>
    (listener: (value: T) => void) => {
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    };
  const order: string[] = [];
  const bridge = fakeDesktopBridge({
    setCallShortcuts: vi.fn<(shortcuts: CallShortcuts) => Promise<CallShortcutsResult>>(() => Promise.resolve({ answer: 'registered', hangup: 'unavailable' })),
    readyForDialRequests: vi.fn(() => {
      order.push(`ready with ${listeners.dial.size} dial listener(s)`);
      return Promise.resolve();
    }),
    onAnswerRequested: subscribe(listeners.answer),
    onCallShortcut: subscribe(listeners.shortcut),
    onDialRequest: subscribe(listeners.dial),
  });
  return { bridge, listeners, order };
}

async function translator(lng: string) {
  const instance = i18next.createInstance();
  await instance.init({ ...baseI18nOptions, lng });
  return instance.t.bind(instance);
}

async function setup(options: { bridge?: boolean; lng?: string; stored?: Record<string, string> } = {}) {
  const fake = fakeBridge();
  const dialed: { number: string; source: string }[] = [];
  const errors: unknown[] = [];
  const store = new Map<string, string>(Object.entries(options.stored ?? {}));
  const kv = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v), removeItem: (k: string) => store.delete(k) };
  const calls = new DesktopCalls({
    bridge: options.bridge === false ? undefined : fake.bridge,
    dial: (request) => dialed.push({ ...request }),
    translate: await translator(options.lng ?? 'en'),
    store: kv,
    onError: (error) => errors.push(error),
  });
  return { ...fake, calls, dialed, errors, store };
}

describe('DesktopCalls', () => {
  it('turns a link from main into a dial request, after telling main it listens', async () => {
    const { calls, listeners, dialed, order } = await setup();
    calls.connect();
    // Subscribed before saying ready: the link main was holding cannot slip past.
    expect(order).toEqual(['ready with 1 dial listener(s)']);
    for (const listener of listeners.dial) listener('+5511987654321');
    expect(dialed).toEqual([{ number: '+5511987654321', source: 'link' }]);
  });

  it('turns notification clicks and shortcuts into call actions, until disconnected', async () => {
    const { calls, listeners } = await setup();
    const actions: DesktopCallAction[] = [];
    calls.onAction((action) => actions.push(action));
    const disconnect = calls.connect();
    for (const listener of listeners.answer) listener({ callId: 'call-1' });
    for (const listener of listeners.shortcut) listener('hangup');
    for (const listener of listeners.shortcut) listener('answer');
    expect(actions).toEqual([
      { action: 'answer', source: 'notification', callId: 'call-1' },
      { action: 'hangup', source: 'shortcut' },
      { action: 'answer', source: 'shortcut' },
    ]);
    disconnect();
    expect(listeners.answer.size + listeners.shortcut.size + listeners.dial.size).toBe(0);
  });

  it('reports a refused background call to main and a failing action listener', async () => {
    const { calls, bridge, listeners, errors } = await setup({ stored: { [CALL_SHORTCUTS_KEY]: JSON.stringify({ answer: 'F9', hangup: null }) } });
    const refusal = new Error('IPC voice:setShortcuts refused');
    bridge.setCallShortcuts.mockRejectedValueOnce(refusal);
    const failure = new Error('listener failed');
    calls.onAction(() => {
      throw failure;
    });
    calls.connect();
    for (const listener of listeners.shortcut) listener('answer');
    await vi.waitFor(() => {
      expect(errors).toEqual(expect.arrayContaining([refusal, failure]));
    });
  });

  it('applies the remembered shortcuts at connect, and none when there are none', async () => {
    const withStored = await setup({ stored: { [CALL_SHORTCUTS_KEY]: JSON.stringify({ answer: 'ctrl+shift+a', hangup: 'F10' }) } });
    withStored.calls.connect();
    expect(withStored.bridge.setCallShortcuts).toHaveBeenCalledWith({ answer: 'Control+Shift+A', hangup: 'F10' });
    const without = await setup();
    without.calls.connect();
    expect(without.bridge.setCallShortcuts).not.toHaveBeenCalled();
  });

  it.each([
    ['broken JSON', '{', { answer: null, hangup: null }],
    ['an invalid entry next to a good one', JSON.stringify({ answer: 'A', hangup: 'F10' }), { answer: null, hangup: 'F10' }],
    ['the same keys twice', JSON.stringify({ answer: 'F10', hangup: 'f10' }), { answer: null, hangup: null }],
  ])('reads %s in the store safely', async (_name, raw, expected) => {
    const { calls } = await setup({ stored: { [CALL_SHORTCUTS_KEY]: raw } });
    expect(calls.shortcuts()).toEqual(expected);
  });

  it('checks new shortcuts before anything: problems change nothing', async () => {
    const { calls, bridge, store } = await setup();
    await expect(calls.setShortcuts({ answer: 'A', hangup: 'Ctrl+Shift+H' })).resolves.toEqual({ ok: false, problems: { answer: 'needs_modifier' } });
    await expect(calls.setShortcuts({ answer: 'Ctrl+Shift+H', hangup: 'ctrl+shift+h' })).resolves.toEqual({ ok: false, problems: { hangup: 'duplicate' } });
    expect(bridge.setCallShortcuts).not.toHaveBeenCalled();
    expect(store.has(CALL_SHORTCUTS_KEY)).toBe(false);
  });

  it('applies and remembers good shortcuts, and reports what the OS granted', async () => {
    const { calls, bridge } = await setup();
    await expect(calls.setShortcuts({ answer: 'cmdorctrl+shift+a', hangup: 'Ctrl+Shift+H' })).resolves.toEqual({
      ok: true,
      status: { answer: 'registered', hangup: 'unavailable' },
    });
    expect(bridge.setCallShortcuts).toHaveBeenCalledWith({ answer: 'CommandOrControl+Shift+A', hangup: 'Control+Shift+H' });
    expect(calls.shortcuts()).toEqual({ answer: 'CommandOrControl+Shift+A', hangup: 'Control+Shift+H' });
  });

  it('remembers what the OS granted, for the settings to show', async () => {
    const { calls, bridge } = await setup({ stored: { [CALL_SHORTCUTS_KEY]: JSON.stringify({ answer: 'F9', hangup: 'F10' }) } });
    expect(calls.appliedStatus()).toBeNull();
    calls.connect();
    await vi.waitFor(() => {
      expect(calls.appliedStatus()).toEqual({ answer: 'registered', hangup: 'unavailable' });
    });
    bridge.setCallShortcuts.mockResolvedValueOnce({ answer: 'off', hangup: 'registered' });
    await calls.setShortcuts({ answer: null, hangup: 'Ctrl+Shift+H' });
    expect(calls.appliedStatus()).toEqual({ answer: 'off', hangup: 'registered' });
    const none = await setup();
    none.calls.connect();
    expect(none.calls.appliedStatus()).toEqual({ answer: 'off', hangup: 'off' });
    const web = await setup({ bridge: false });
    web.calls.connect();
    expect(web.calls.appliedStatus()).toBeNull();
  });

  it.each([
    ['en', { callId: 'c1', caller: 'Ana Souza' }, { callId: 'c1', title: 'Incoming call', body: 'Call from Ana Souza' }],
    ['pt-BR', { callId: 'c1', caller: 'Ana Souza', queue: 'Suporte' }, { callId: 'c1', title: 'Ligação recebida', body: 'Ligação de Ana Souza · Suporte' }],
    ['pt-BR', { callId: 'c2', caller: null }, { callId: 'c2', title: 'Ligação recebida', body: 'Ligação de Número desconhecido' }],
  ])('notifies an incoming call in %s', async (lng, call, expected) => {
    const { calls, bridge } = await setup({ lng });
    await calls.notifyIncomingCall(call);
    expect(bridge.notifyIncomingCall).toHaveBeenCalledWith(expected);
  });

  it('clips a long caller name to the contract limit', async () => {
    const { calls, bridge } = await setup();
    await calls.notifyIncomingCall({ callId: 'c1', caller: 'A'.repeat(600) });
    const [notice] = bridge.notifyIncomingCall.mock.calls[0] as unknown as [{ body: string }];
    expect(notice.body).toHaveLength(500);
  });

  it('is a no-op in web mode (no preload bridge)', async () => {
    const { calls, dialed } = await setup({ bridge: false });
    expect(calls.available).toBe(false);
    const disconnect = calls.connect();
    disconnect();
    expect(dialed).toEqual([]);
    await expect(calls.notifyIncomingCall({ callId: 'c1', caller: 'Ana' })).resolves.toBeUndefined();
    await expect(calls.dismissIncomingCall('c1')).resolves.toBeUndefined();
    await expect(calls.setShortcuts({ answer: 'F9', hangup: null })).resolves.toEqual({ ok: true, status: { answer: 'off', hangup: 'off' } });
  });
});
