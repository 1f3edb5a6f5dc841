import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SERVER_URL, resolveDefaultServerUrl } from '../../../src/main/config';
import { createIpcHandlers } from '../../../src/main/ipc/handlers';
import { silentLogger } from '../../../src/main/logger';
import { createNotifier, type NotificationLike } from '../../../src/main/notifier';
import type { SessionStore } from '../../../src/main/session-store';
import type { StoredSession } from '../../../src/shared/ipc/contract';

const session: StoredSession = {
  serverUrl: 'http://localhost:8787',
  token: 't',
  user: { id: 'u', name: 'N', email: 'n@example.com', role: 'admin' },
};

function fakeNotificationClass(supported: boolean) {
  const instances: { options: { title: string; body: string }; listeners: Map<string, () => void>; show: ReturnType<typeof vi.fn> }[] = [];
  class FakeNotification implements NotificationLike {
    static isSupported = vi.fn(() => supported);
    readonly listeners = new Map<string, () => void>();
    readonly show = vi.fn();
    constructor(readonly options: { title: string; body: string }) {
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
    const notifier = { notify: vi.fn() };
    const handlers = createIpcHandlers({ getVersion: () => '0.1.0', defaultServerUrl: 'http://sync:8787', notifier, sessionStore });
    return { handlers, save, clear, notifier };
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
    createNotifier({ Notification: FakeNotification, onClick, logger: silentLogger }).notify({ title: 'Call', body: 'Ana' });
    expect(instances).toHaveLength(1);
    expect(instances[0]?.options).toEqual({ title: 'Call', body: 'Ana' });
    expect(instances[0]?.show).toHaveBeenCalledTimes(1);
    instances[0]?.listeners.get('click')?.();
    expect(onClick).toHaveBeenCalledTimes(1);
  });

  it('skips notifications where the OS does not support them, warning once', () => {
    const { FakeNotification, instances } = fakeNotificationClass(false);
    const warn = vi.fn();
    const notifier = createNotifier({ Notification: FakeNotification, onClick: vi.fn(), logger: { ...silentLogger, warn } });
    notifier.notify({ title: 'a', body: '' });
    notifier.notify({ title: 'b', body: '' });
    expect(instances).toHaveLength(0);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
