import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SERVER_URL, resolveDefaultServerUrl } from '../../../src/main/config';
import { createIpcHandlers } from '../../../src/main/ipc/handlers';
import { silentLogger } from '../../../src/main/logger';
import { createNotifier, type NotificationLike, type NotificationOptions } from '../../../src/main/notifier';
import type { SessionStore } from '../../../src/main/session-store';
import type { StoredSession } from '../../../src/shared/ipc/contract';

const session: StoredSession = {
  serverUrl: 'http://localhost:8787',
  token: 't',
  user: { id: 'u', name: 'N', email: 'n@example.com', role: 'admin' },
};

function fakeNotificationClass(supported: boolean) {
  const instances: {
    options: NotificationOptions;
    listeners: Map<string, () => void>;
    show: ReturnType<typeof vi.fn>;
    close: ReturnType<typeof vi.fn>;
  }[] = [];
  class FakeNotification implements NotificationLike {
    static isSupported = vi.fn(() => supported);
    readonly listeners = new Map<string, () => void>();
    readonly show = vi.fn();
    // Like Electron: closing a shown notification emits 'close'.
    readonly close = vi.fn(() => {
      this.listeners.get('close')?.();
    });
    constructor(readonly options: NotificationOptions) {
      instances.push(this);
    }
    on(event: string, listener: () => void) {
      this.listeners.set(event, listener);
      return this;
    }
  }
  return { FakeNotification, instances };
}

describe('createIpcHandlers', () => {
  const setup = () => {
    const save = vi.fn<SessionStore['save']>(() => Promise.resolve());
    const clear = vi.fn(() => Promise.resolve());
    const sessionStore: SessionStore = { load: vi.fn(() => Promise.resolve(session)), save, clear };
    const notifier = { notify: vi.fn(), notifyIncomingCall: vi.fn(), dismissIncomingCall: vi.fn() };
    const callShortcuts = { apply: vi.fn(() => ({ answer: 'registered', hangup: 'unavailable' }) as const), dispose: vi.fn() };
    const dialReady = vi.fn();
    const handlers = createIpcHandlers({
      getVersion: () => '0.1.0',
      defaultServerUrl: 'http://sync:8787',
      notifier,
      sessionStore,
      callShortcuts,
      dialReady,
    });
    return { handlers, save, clear, notifier, callShortcuts, dialReady };
  };

  it('answers each channel from its dependency', async () => {
    const { handlers, save, clear, notifier } = setup();
    expect(handlers['app:getVersion'](undefined)).toBe('0.1.0');
    expect(handlers['app:getDefaultServerUrl'](undefined)).toBe('http://sync:8787');
    expect(handlers['app:notify']({ title: 'a', body: 'b' })).toBeUndefined();
    expect(notifier.notify).toHaveBeenCalledWith({ title: 'a', body: 'b' });
    await expect(handlers['session:load'](undefined)).resolves.toEqual(session);
    await expect(handlers['session:save'](session)).resolves.toBeUndefined();
    expect(save).toHaveBeenCalledWith(session);
    await expect(handlers['session:clear'](undefined)).resolves.toBeUndefined();
    expect(clear).toHaveBeenCalledTimes(1);
  });

  it('answers the voice channels from the notifier, the shortcut registry and the dial forwarder', () => {
    const { handlers, notifier, callShortcuts, dialReady } = setup();
    const notice = { callId: 'c1', title: 'Incoming call', body: 'Ana' };
    expect(handlers['voice:notifyIncoming'](notice)).toBeUndefined();
    expect(notifier.notifyIncomingCall).toHaveBeenCalledWith(notice);
    expect(handlers['voice:dismissIncoming']({ callId: 'c1' })).toBeUndefined();
    expect(notifier.dismissIncomingCall).toHaveBeenCalledWith('c1');
    expect(handlers['voice:setShortcuts']({ answer: 'Ctrl+Shift+A', hangup: 'Ctrl+Shift+H' })).toEqual({ answer: 'registered', hangup: 'unavailable' });
    expect(callShortcuts.apply).toHaveBeenCalledWith({ answer: 'Ctrl+Shift+A', hangup: 'Ctrl+Shift+H' });
    expect(handlers['voice:dialReady'](undefined)).toBeUndefined();
    expect(dialReady).toHaveBeenCalledTimes(1);
  });
});

describe('resolveDefaultServerUrl', () => {
  it.each([
    [undefined, DEFAULT_SERVER_URL, false],
    ['', DEFAULT_SERVER_URL, false],
    ['https://sync.example.com/', 'https://sync.example.com', false],
    ['http://10.0.0.5:9000', 'http://10.0.0.5:9000', false],
    ['  http://host:1/base/ ', 'http://host:1/base', false],
    ['file:///etc/passwd', DEFAULT_SERVER_URL, true],
    ['javascript:alert(1)', DEFAULT_SERVER_URL, true],
    ['not a url', DEFAULT_SERVER_URL, true],
    ['https://user:pw@sync.example.com', DEFAULT_SERVER_URL, true],
  ])('ATENDE_SERVER_URL=%s → %s', (value, expected, warns) => {
    const warn = vi.fn();
    expect(resolveDefaultServerUrl({ ATENDE_SERVER_URL: value }, { ...silentLogger, warn })).toBe(expected);
    expect(warn).toHaveBeenCalledTimes(warns ? 1 : 0);
  });
});

describe('createNotifier', () => {
  it('shows a notification and focuses the window on click', () => {
    const { FakeNotification, instances } = fakeNotificationClass(true);
    const onClick = vi.fn();
    const onAnswerRequested = vi.fn();
    createNotifier({ Notification: FakeNotification, onClick, onAnswerRequested, logger: silentLogger }).notify({ title: 'Call', body: 'Ana' });
    expect(instances).toHaveLength(1);
    expect(instances[0]?.options).toEqual({ title: 'Call', body: 'Ana' });
    expect(instances[0]?.show).toHaveBeenCalledTimes(1);
    instances[0]?.listeners.get('click')?.();
    expect(onClick).toHaveBeenCalledTimes(1);
    // A plain notification is no call: its click must not answer anything.
    expect(onAnswerRequested).not.toHaveBeenCalled();
  });

  const incomingSetup = () => {
    const { FakeNotification, instances } = fakeNotificationClass(true);
    const onClick = vi.fn();
    const onAnswerRequested = vi.fn();
    const notifier = createNotifier({ Notification: FakeNotification, onClick, onAnswerRequested, logger: silentLogger });
    return { notifier, instances, onClick, onAnswerRequested };
  };

  it('shows an incoming call silently (the renderer rings) and, on click, focuses and asks to answer that call', () => {
    const { notifier, instances, onClick, onAnswerRequested } = incomingSetup();
    notifier.notifyIncomingCall({ callId: 'call-1', title: 'Incoming call', body: 'Call from Ana' });
    expect(instances[0]?.options).toEqual({ title: 'Incoming call', body: 'Call from Ana', silent: true, timeoutType: 'never' });
    expect(instances[0]?.show).toHaveBeenCalledTimes(1);
    instances[0]?.listeners.get('click')?.();
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(onAnswerRequested).toHaveBeenCalledWith('call-1');
  });

  it('replaces the notification of an earlier call, whose click can no longer answer', () => {
    const { notifier, instances, onAnswerRequested } = incomingSetup();
    notifier.notifyIncomingCall({ callId: 'call-1', title: 'Incoming call', body: 'Ana' });
    notifier.notifyIncomingCall({ callId: 'call-2', title: 'Incoming call', body: 'Bruno' });
    expect(instances[0]?.close).toHaveBeenCalledTimes(1);
    expect(instances[1]?.close).not.toHaveBeenCalled();
    instances[1]?.listeners.get('click')?.();
    expect(onAnswerRequested).toHaveBeenCalledWith('call-2');
    expect(onAnswerRequested).toHaveBeenCalledTimes(1);
  });

  it('dismisses only the notification of the call named', () => {
    const { notifier, instances } = incomingSetup();
    notifier.notifyIncomingCall({ callId: 'call-1', title: 'Incoming call', body: 'Ana' });
    notifier.dismissIncomingCall('call-other');
    expect(instances[0]?.close).not.toHaveBeenCalled();
    notifier.dismissIncomingCall('call-1');
    expect(instances[0]?.close).toHaveBeenCalledTimes(1);
    // Already gone: a second dismissal closes nothing.
    notifier.dismissIncomingCall('call-1');
    expect(instances[0]?.close).toHaveBeenCalledTimes(1);
  });

  it('forgets a notification the user closed, so a later dismissal does not close it twice', () => {
    const { notifier, instances } = incomingSetup();
    notifier.notifyIncomingCall({ callId: 'call-1', title: 'Incoming call', body: 'Ana' });
    instances[0]?.listeners.get('close')?.();
    notifier.dismissIncomingCall('call-1');
    expect(instances[0]?.close).not.toHaveBeenCalled();
  });

  it('skips notifications where the OS does not support them, warning once', () => {
    const { FakeNotification, instances } = fakeNotificationClass(false);
    const warn = vi.fn();
    const notifier = createNotifier({ Notification: FakeNotification, onClick: vi.fn(), onAnswerRequested: vi.fn(), logger: { ...silentLogger, warn } });
    notifier.notify({ title: 'a', body: '' });
    notifier.notifyIncomingCall({ callId: 'c', title: 'b', body: '' });
    notifier.dismissIncomingCall('c');
    expect(instances).toHaveLength(0);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
