import { describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS, IPC_VALIDATORS, type IpcChannel, type StoredSession } from '../../../src/shared/ipc/contract';
import { registerIpcHandlers, type IpcHandlers } from '../../../src/main/ipc/register';
import type { InvokeEvent, SenderFrame } from '../../../src/main/ipc/sender';
import { silentLogger } from '../../../src/main/logger';

type Listener = (event: InvokeEvent, ...args: unknown[]) => unknown;

const OUR_CONTENTS_ID = 7;
const MAIN_FRAME_NODE = 100;

function frame(overrides: Partial<SenderFrame> = {}): SenderFrame {
  return { url: 'app://atende/index.html', parent: null, detached: false, frameTreeNodeId: MAIN_FRAME_NODE, ...overrides };
}

function event(senderFrame: SenderFrame | null, contentsId = OUR_CONTENTS_ID): InvokeEvent {
  return { senderFrame, sender: { id: contentsId, mainFrame: { frameTreeNodeId: MAIN_FRAME_NODE } } };
}

const session: StoredSession = {
  serverUrl: 'http://localhost:8787',
  token: 'tok',
  user: { id: 'u1', name: 'Ana', email: 'ana@example.com', role: 'agent' },
};

function setup() {
  const registered = new Map<string, Listener>();
  const ipcMain = {
    handle: vi.fn((channel: string, listener: Listener) => {
      if (registered.has(channel)) throw new Error(`second handler for ${channel}`);
      registered.set(channel, listener);
    }),
  };
  const handlers = {
    'app:getVersion': vi.fn(() => '1.2.3'),
    'app:getDefaultServerUrl': vi.fn(() => 'http://localhost:8787'),
    'app:notify': vi.fn(() => undefined),
    'session:load': vi.fn(() => Promise.resolve(session)),
    'session:save': vi.fn(() => Promise.resolve(undefined)),
    'session:clear': vi.fn(() => Promise.resolve(undefined)),
    'voice:notifyIncoming': vi.fn(() => undefined),
    'voice:dismissIncoming': vi.fn(() => undefined),
    'voice:setShortcuts': vi.fn(() => ({ answer: 'registered', hangup: 'off' }) as const),
    'voice:dialReady': vi.fn(() => undefined),
  } satisfies IpcHandlers;
  const warn = vi.fn();
  const error = vi.fn();
  registerIpcHandlers(ipcMain, handlers, {
    isTrustedWebContents: (contents) => contents.id === OUR_CONTENTS_ID,
    logger: { ...silentLogger, warn, error },
  });
  const call = (channel: IpcChannel, ev: InvokeEvent, ...args: unknown[]) => {
    const listener = registered.get(channel);
    if (listener === undefined) throw new Error(`not registered: ${channel}`);
    return Promise.resolve(listener(ev, ...args));
  };
  return { ipcMain, handlers, call, registered, warn, error };
}

describe('registerIpcHandlers', () => {
  it('registers exactly the channels of the contract', () => {
    const { registered } = setup();
    expect([...registered.keys()].sort()).toEqual([...IPC_CHANNELS].sort());
    // The contract's channel list covers every validator, so no channel can be left unchecked.
    expect([...IPC_CHANNELS].sort()).toEqual(Object.keys(IPC_VALIDATORS).sort());
  });

  it('runs the handler for a good call from our main frame', async () => {
    const { call, handlers } = setup();
    await expect(call('app:getVersion', event(frame()))).resolves.toBe('1.2.3');
    await expect(call('session:save', event(frame()), session)).resolves.toBeUndefined();
    expect(handlers['session:save']).toHaveBeenCalledWith(session);
    await expect(call('app:notify', event(frame()), { title: 'New ticket', body: '#42' })).resolves.toBeUndefined();
    expect(handlers['app:notify']).toHaveBeenCalledWith({ title: 'New ticket', body: '#42' });
  });

  it.each([
    ['no sender frame', event(null), /no sender frame/],
    ['a foreign origin', event(frame({ url: 'https://evil.example/' })), /origin https:\/\/evil\.example is not app:\/\/atende/],
    ['a file: page', event(frame({ url: 'file:///tmp/x.html' })), /origin unknown/],
    ['a look-alike host', event(frame({ url: 'app://atende.evil/index.html' })), /not app:\/\/atende/],
    ['a subframe', event(frame({ parent: frame(), frameTreeNodeId: 101 })), /not the main frame/],
    ['a frame with a parent, whatever its id', event(frame({ parent: frame() })), /not the main frame/],
    ['a top-level frame that is not the main frame (prerender)', event(frame({ frameTreeNodeId: 555 })), /not the main frame/],
    ['a detached frame', event(frame({ detached: true })), /detached/],
    ['a WebContents that is not one of our windows', event(frame(), 99), /not an Atende window/],
  ])('refuses %s without running the handler', async (_name, ev, message) => {
    const { call, handlers, warn } = setup();
    await expect(call('session:load', ev)).rejects.toThrow(message);
    expect(handlers['session:load']).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalled();
  });

  it.each([
    ['app:getVersion', ['unexpected']],
    ['app:notify', [{ title: '', body: 'x' }]],
    ['app:notify', [{ title: 'x'.repeat(121), body: '' }]],
    ['app:notify', ['just a string']],
    ['app:notify', [{ title: 'ok', body: 'ok' }, 'extra argument']],
    ['session:save', [{ ...session, serverUrl: 'file:///etc/passwd' }]],
    ['session:save', [{ ...session, token: '' }]],
    ['session:save', [{ ...session, user: { ...session.user, role: 'root' } }]],
    ['session:save', [null]],
    ['session:clear', [{}]],
    ['voice:notifyIncoming', [{ title: 'Incoming call', body: 'Ana' }]],
    ['voice:notifyIncoming', [{ callId: '', title: 'Incoming call', body: 'Ana' }]],
    ['voice:notifyIncoming', [{ callId: '../../etc', title: 'Incoming call', body: 'Ana' }]],
    ['voice:notifyIncoming', [{ callId: 'c1', title: '', body: 'Ana' }]],
    ['voice:notifyIncoming', [{ callId: 'c1', title: 'Incoming call', body: 'x'.repeat(501) }]],
    ['voice:dismissIncoming', [{ callId: 42 }]],
    ['voice:dismissIncoming', ['c1']],
    ['voice:setShortcuts', [{ answer: 'A', hangup: null }]],
    ['voice:setShortcuts', [{ answer: 'Ctrl+Shift+Nope', hangup: null }]],
    ['voice:setShortcuts', [{ answer: 'Ctrl+Shift+A', hangup: 'shift+ctrl+a' }]],
    ['voice:setShortcuts', [{ answer: 'Ctrl+Shift+A' }]],
    ['voice:setShortcuts', [{ answer: 'VolumeMute', hangup: null }]],
    ['voice:setShortcuts', [{ answer: null, hangup: null }, { answer: null, hangup: null }]],
    ['voice:dialReady', [{ number: '+5511987654321' }]],
  ] as const)('refuses a bad payload on %s', async (channel, args) => {
    const { call, handlers } = setup();
    await expect(call(channel, event(frame()), ...args)).rejects.toThrow(`IPC ${channel} refused: invalid payload`);
    expect(handlers[channel]).not.toHaveBeenCalled();
  });

  it('runs the voice handlers for good calls from our main frame', async () => {
    const { call, handlers } = setup();
    const notice = { callId: 'CA0123456789abcdef', title: 'Incoming call', body: 'Call from Ana' };
    await expect(call('voice:notifyIncoming', event(frame()), notice)).resolves.toBeUndefined();
    expect(handlers['voice:notifyIncoming']).toHaveBeenCalledWith(notice);
    await expect(call('voice:setShortcuts', event(frame()), { answer: 'CmdOrCtrl+Shift+A', hangup: null })).resolves.toEqual({ answer: 'registered', hangup: 'off' });
    expect(handlers['voice:setShortcuts']).toHaveBeenCalledWith({ answer: 'CmdOrCtrl+Shift+A', hangup: null });
    await expect(call('voice:dialReady', event(frame()))).resolves.toBeUndefined();
  });

  it.each([
    ['voice:notifyIncoming', [{ callId: 'c1', title: 'Incoming call', body: 'Ana' }]],
    ['voice:dismissIncoming', [{ callId: 'c1' }]],
    ['voice:setShortcuts', [{ answer: 'Ctrl+Shift+A', hangup: null }]],
    ['voice:dialReady', []],
  ] as const)('refuses %s from a foreign page or window with a good payload', async (channel, args) => {
    const { call, handlers } = setup();
    await expect(call(channel, event(frame({ url: 'https://evil.example/' })), ...args)).rejects.toThrow(/origin/);
    await expect(call(channel, event(frame(), 99), ...args)).rejects.toThrow(/not an Atende window/);
    await expect(call(channel, event(frame({ parent: frame(), frameTreeNodeId: 101 })), ...args)).rejects.toThrow(/not the main frame/);
    expect(handlers[channel]).not.toHaveBeenCalled();
  });

  it('checks the sender before the payload', async () => {
    const { call } = setup();
    await expect(call('session:save', event(frame({ url: 'https://evil.example/' })), 'bad')).rejects.toThrow(/origin/);
  });

  it('hides handler failures behind a plain message and logs the cause', async () => {
    const { call, handlers, error } = setup();
    handlers['session:load'].mockRejectedValueOnce(new Error('EACCES /home/ana/.config/Atende/session.bin'));
    const rejection = call('session:load', event(frame()));
    await expect(rejection).rejects.toThrow('IPC session:load failed');
    await expect(rejection).rejects.not.toThrow(/EACCES/);
    expect(error).toHaveBeenCalledWith('IPC session:load failed', expect.any(Error));
  });
});
