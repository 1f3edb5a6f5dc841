import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../../../src/shared/ipc/contract';

/** A fake `electron` module recording what the composition root does, and in which order. */
const fake = vi.hoisted(() => {
  const state = {
    calls: [] as string[],
    lock: true,
    appListeners: new Map<string, (...args: unknown[]) => void>(),
    ready: null as null | (() => void),
    windows: [] as { options: Record<string, unknown>; loadURL: (url: string) => Promise<void> }[],
  };
  const record = (name: string) => (...args: unknown[]) => {
    state.calls.push(args.length > 0 && typeof args[0] === 'string' ? `${name}:${args[0]}` : name);
  };
  class BrowserWindow {
    readonly webContents = { id: 1 };
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
    ipcMain: { handle: vi.fn(record('ipcMain.handle')) },
    BrowserWindow,
    Notification: class {
      static isSupported = () => true;
      show() {}
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
  fake.state.ready = null;
  fake.state.lock = lock;
  vi.resetModules();
  await import('../../../src/main/index');
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

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
      expect.arrayContaining(['web-contents-created', 'second-instance', 'window-all-closed', 'activate']),
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
      ...IPC_CHANNELS.map((channel) => `ipcMain.handle:${channel}`),
      'new BrowserWindow',
    ]);
    const window = fake.state.windows[0];
    expect(window?.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: false });
    expect((window?.options.webPreferences as { preload: string }).preload).toMatch(/preload[/\\]index\.cjs$/);
    expect(window?.loadURL).toHaveBeenCalledWith('app://atende/index.html');
  });

  it('quits at once when another instance holds the lock', async () => {
    await boot(false);
    expect(fake.state.calls).toContain('app.quit');
    expect(fake.state.appListeners.size).toBe(0);
    expect(fake.electron.app.whenReady).not.toHaveBeenCalled();
  });
});
