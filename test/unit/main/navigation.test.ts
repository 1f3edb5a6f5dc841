import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../src/main/logger';
import { guardWebContents, isNavigationAllowed, type GuardedWebContents } from '../../../src/main/security/navigation';

type Listener = (event: { url?: string; preventDefault(): void }) => void;

function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  const contents = {
    on: (event: string, listener: Listener) => {
      listeners.set(event, listener);
      return contents;
    },
    setWindowOpenHandler: (handler: (details: { url: string }) => { action: 'deny' }) => {
      openHandler = handler;
    },
  };
  const emit = (event: string, url = '') => {
    const preventDefault = vi.fn();
    const listener = listeners.get(event);
    if (listener === undefined) throw new Error(`no listener for ${event}`);
    listener({ url, preventDefault });
    return preventDefault;
  };
  const open = (url: string) => {
    if (openHandler === null) throw new Error('no window open handler');
    return openHandler({ url });
  };
  return { contents: contents as unknown as GuardedWebContents, emit, open };
}

function setup() {
  const shell = { openExternal: vi.fn(() => Promise.resolve()) };
  const fake = fakeContents();
  guardWebContents(fake.contents, { shell, logger: silentLogger });
  return { ...fake, shell };
}

describe('isNavigationAllowed', () => {
  it('allows our origin only', () => {
    expect(isNavigationAllowed('app://atende/index.html#/tickets')).toBe(true);
    expect(isNavigationAllowed('https://atende.example/')).toBe(false);
    expect(isNavigationAllowed('http://localhost:8787/')).toBe(false);
    expect(isNavigationAllowed('file:///etc/passwd')).toBe(false);
    expect(isNavigationAllowed('app://elsewhere/index.html')).toBe(false);
  });
});

describe('guardWebContents', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s: allows our origin, blocks others', (event) => {
    const { emit } = setup();
    expect(emit(event, 'app://atende/index.html')).not.toHaveBeenCalled();
    expect(emit(event, 'https://evil.example/')).toHaveBeenCalledTimes(1);
    expect(emit(event, 'file:///etc/passwd')).toHaveBeenCalledTimes(1);
    expect(emit(event, 'javascript:alert(1)')).toHaveBeenCalledTimes(1);
  });

  it('never opens a blocked navigation externally', () => {
    const { emit, shell } = setup();
    emit('will-navigate', 'https://evil.example/');
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('prevents every <webview> attach', () => {
    const { emit } = setup();
    expect(emit('will-attach-webview')).toHaveBeenCalledTimes(1);
  });

  it('denies every new window and opens http(s) links in the system browser', () => {
    const { open, shell } = setup();
    expect(open('https://example.com/help')).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledWith('https://example.com/help');
    expect(open('http://example.com')).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenLastCalledWith('http://example.com/');
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'app://atende/index.html', 'smb://host/share', 'ms-settings:', 'about:blank'])(
    'denies window.open(%s) without opening anything',
    (url) => {
      const { open, shell } = setup();
      expect(open(url)).toEqual({ action: 'deny' });
      expect(shell.openExternal).not.toHaveBeenCalled();
    },
  );

  it('logs, not throws, when the OS cannot open a link', async () => {
    const error = vi.fn();
    const shell = { openExternal: vi.fn(() => Promise.reject(new Error('no browser'))) };
    const fake = fakeContents();
    guardWebContents(fake.contents, { shell, logger: { ...silentLogger, error } });
    expect(fake.open('https://example.com/')).toEqual({ action: 'deny' });
    await vi.waitFor(() => {
      expect(error).toHaveBeenCalledWith(expect.stringContaining('https://example.com/'), expect.any(Error));
    });
  });
});
