import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../../../src/shared/ipc/contract';

/** A fake `electron` module recording what the composition root does, and in which order. */
const fake = vi.hoisted(() => {
  const state = {
    calls: [] as string[],
    lock: true,
    appListeners: new Map<string, (...args: unknown[]) => void>(),
    ready: null as null | (() => void),
    windows: [] as { options: Record<string, unknown>; loadURL: (url: string) => Promise<void>; sent: unknown[][] }[],
    ipcHandlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
    shortcuts: new Map<string, () => void>(),
    notifications: [] as { options: Record<string, unknown>; listeners: Map<string, () => void> }[],
  };
  const record = (name: string) => (...args: unknown[]) => {
    state.calls.push(args.length > 0 && typeof args[0] === 'string' ? `${name}:${args[0]}` : name);
  };
  class BrowserWindow {
    readonly sent: unknown[][] = [];
    readonly webContents = {
      id: 1,
      on: () => this.webContents,
      isDestroyed: () => false,
      send: (...args: unknown[]) => {
        this.sent.push(args);
      },
    };
    readonly loadURL = vi.fn(() => Promise.resolve());
    constructor(readonly options: Record<string, unknown>) {
      state.calls.push('new BrowserWindow');
      state.windows.push(this);
    }
    once() {
      return this;
    }
    on() {
      return this;
    }
    show() {}
    focus() {}
    restore() {}
    isMinimized() {
      return false;
    }
    isDestroyed() {
      return false;
    }
  }
  const electron = {
    app: {
      enableSandbox: vi.fn(record('app.enableSandbox')),
      requestSingleInstanceLock: vi.fn(() => {
        state.calls.push('app.requestSingleInstanceLock');
        return state.lock;
      }),
      quit: vi.fn(record('app.quit')),
      exit: vi.fn(record('app.exit')),
      on: vi.fn((event: string, listener: (...args: unknown[]) => void) => {
        state.appListeners.set(event, listener);
      }),
      whenReady: vi.fn(
        () =>
          new Promise<void>((resolve) => {
            state.ready = () => {
              state.calls.push('ready');
              resolve();
            };
          }),
      ),
      isReady: () => state.ready !== null,
      isPackaged: true,
      getPath: () => '/user-data',
      getVersion: () => '0.1.0',
      setAppUserModelId: vi.fn(record('app.setAppUserModelId')),
      setAsDefaultProtocolClient: vi.fn((scheme: string) => {
        state.calls.push(`app.setAsDefaultProtocolClient:${scheme}`);
        return true;
      }),
      getLocaleCountryCode: () => 'BR',
    },
    globalShortcut: {
      register: vi.fn((accelerator: string, callback: () => void) => {
        state.shortcuts.set(accelerator, callback);
        return true;
      }),
      unregister: vi.fn((accelerator: string) => {
        state.shortcuts.delete(accelerator);
      }),
    },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(record('protocol.registerSchemesAsPrivileged')),
      handle: vi.fn(record('protocol.handle')),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(record('session.setPermissionRequestHandler')),
        setPermissionCheckHandler: vi.fn(record('session.setPermissionCheckHandler')),
        setDevicePermissionHandler: vi.fn(record('session.setDevicePermissionHandler')),
      },
    },
    ipcMain: {
      handle: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) => {
        state.calls.push(`ipcMain.handle:${channel}`);
        state.ipcHandlers.set(channel, listener);
      }),
    },
    BrowserWindow,
    Notification: class {
      static isSupported = () => true;
      readonly listeners = new Map<string, () => void>();
      constructor(readonly options: Record<string, unknown>) {
        state.notifications.push(this);
      }
      on(event: string, listener: () => void) {
        this.listeners.set(event, listener);
        return this;
      }
      show() {}
      close() {}
    },
    safeStorage: {},
    shell: { openExternal: vi.fn(() => Promise.resolve()) },
  };
  return { state, electron };
});

vi.mock('electron', () => fake.electron);

async function boot(lock: boolean) {
  fake.state.calls.length = 0;
  fake.state.appListeners.clear();
  fake.state.windows.length = 0;
  fake.state.ipcHandlers.clear();
  fake.state.shortcuts.clear();
  fake.state.notifications.length = 0;
  fake.state.ready = null;
  fake.state.lock = lock;
  vi.resetModules();
  await import('../../../src/main/index');
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** An IPC call as the app window's main frame makes it. */
function invoke(channel: string, ...args: unknown[]): Promise<unknown> {
  const listener = fake.state.ipcHandlers.get(channel);
  if (listener === undefined) throw new Error(`no handler for ${channel}`);
  const frame = { url: 'app://atende/index.html', parent: null, detached: false, frameTreeNodeId: 1 };
  return Promise.resolve(listener({ senderFrame: frame, sender: { id: 1, mainFrame: { frameTreeNodeId: 1 } } }, ...args));
}

function emitApp(event: string, ...args: unknown[]): void {
  const listener = fake.state.appListeners.get(event);
  if (listener === undefined) throw new Error(`no app listener for ${event}`);
  listener(...args);
}

async function bootReady() {
  await boot(true);
  fake.state.ready?.();
  await flush();
  const window = fake.state.windows[0];
  if (window === undefined) throw new Error('no window');
  return window;
}

describe('main composition root', () => {
  beforeEach(() => {
    vi.clearAllMocks();
  });

  it('sandboxes every renderer and registers the app scheme before ready', async () => {
    await boot(true);
    expect(fake.state.calls.slice(0, 3)).toEqual(['app.enableSandbox', 'protocol.registerSchemesAsPrivileged', 'app.requestSingleInstanceLock']);
    expect(fake.state.calls).not.toContain('ready');
    expect(fake.state.calls).not.toContain('new BrowserWindow');
  });

  it('guards every web contents and focuses the window for a second instance', async () => {
    await boot(true);
    expect([...fake.state.appListeners.keys()]).toEqual(
      expect.arrayContaining(['web-contents-created', 'second-instance', 'open-url', 'window-all-closed', 'activate']),
    );
  });

  it('once ready: permissions, app protocol, every IPC channel, then the sandboxed window', async () => {
    await boot(true);
    fake.state.ready?.();
    await flush();
    const after = fake.state.calls.slice(fake.state.calls.indexOf('ready'));
    expect(after).toEqual([
      'ready',
      'session.setPermissionRequestHandler',
      'session.setPermissionCheckHandler',
      'session.setDevicePermissionHandler',
      'protocol.handle:app',
      'app.setAsDefaultProtocolClient:tel',
      'app.setAsDefaultProtocolClient:callto',
      ...IPC_CHANNELS.map((channel) => `ipcMain.handle:${channel}`),
      'new BrowserWindow',
    ]);
    const window = fake.state.windows[0];
    expect(window?.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: false });
    expect((window?.options.webPreferences as { preload: string }).preload).toMatch(/preload[/\\]index\.cjs$/);
    expect(window?.loadURL).toHaveBeenCalledWith('app://atende/index.html');
  });

  it('forwards a tel: link opened before ready (macOS open-url) once the renderer listens', async () => {
    await boot(true);
    const preventDefault = vi.fn();
    emitApp('open-url', { preventDefault }, 'tel:+55 11 98765-4321');
    expect(preventDefault).toHaveBeenCalledTimes(1);
    fake.state.ready?.();
    await flush();
    const window = fake.state.windows[0];
    expect(window?.sent).toEqual([]);
    await invoke('voice:dialReady');
    expect(window?.sent).toEqual([['voice:dial', { number: '+5511987654321' }]]);
  });

  it("forwards a second instance's callto: link (Windows/Linux) in the OS country, and not an invalid one", async () => {
    const window = await bootReady();
    await invoke('voice:dialReady');
    emitApp('second-instance', {}, ['C:\\Atende.exe', 'callto:(21) 98765-4321'], 'C:\\', {});
    emitApp('second-instance', {}, ['C:\\Atende.exe', 'tel:+999'], 'C:\\', {});
    expect(window.sent).toEqual([['voice:dial', { number: '+5521987654321' }]]);
  });

  it('registers the shortcuts the renderer sets, forwards presses, and releases them on quit', async () => {
    const window = await bootReady();
    await expect(invoke('voice:setShortcuts', { answer: 'CmdOrCtrl+Shift+A', hangup: 'F10' })).resolves.toEqual({ answer: 'registered', hangup: 'registered' });
    fake.state.shortcuts.get('F10')?.();
    fake.state.shortcuts.get('CommandOrControl+Shift+A')?.();
    expect(window.sent).toEqual([
      ['voice:shortcut', { action: 'hangup' }],
      ['voice:shortcut', { action: 'answer' }],
    ]);
    await expect(invoke('voice:setShortcuts', { answer: 'A', hangup: null })).rejects.toThrow('invalid payload');
    emitApp('will-quit');
    expect(fake.state.shortcuts.size).toBe(0);
  });

  it('asks the renderer to answer when the incoming-call notification is clicked', async () => {
    const window = await bootReady();
    await invoke('voice:notifyIncoming', { callId: 'call-7', title: 'Incoming call', body: 'Call from Ana' });
    expect(fake.state.notifications[0]?.options).toMatchObject({ title: 'Incoming call', body: 'Call from Ana', silent: true });
    fake.state.notifications[0]?.listeners.get('click')?.();
    expect(window.sent).toEqual([['voice:answerRequested', { callId: 'call-7' }]]);
  });

  it('quits at once when another instance holds the lock', async () => {
    await boot(false);
    expect(fake.state.calls).toContain('app.quit');
    expect(fake.state.appListeners.size).toBe(0);
    expect(fake.electron.app.whenReady).not.toHaveBeenCalled();
  });
});
