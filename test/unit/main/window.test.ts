import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildWindowOptions, createMainWindow, focusWindow, TrustedWebContents } from '../../../src/main/window';

class FakeWindow {
  static created: FakeWindow[] = [];
  readonly listeners = new Map<string, () => void>();
  readonly webContents: { id: number };
  readonly loadURL = vi.fn((url: string) => (url === 'broken' ? Promise.reject(new Error('x')) : Promise.resolve()));
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  minimized = false;
  destroyed = false;

  constructor(readonly options: BrowserWindowConstructorOptions) {
    this.webContents = { id: FakeWindow.created.length + 1 };
    FakeWindow.created.push(this);
  }
  once(event: string, listener: () => void) {
    this.listeners.set(event, listener);
    return this;
  }
  on(event: string, listener: () => void) {
    this.listeners.set(event, listener);
    return this;
  }
  isMinimized() {
    return this.minimized;
  }
  isDestroyed() {
    return this.destroyed;
  }
  emit(event: string) {
    this.listeners.get(event)?.();
  }
}

describe('createMainWindow', () => {
  const make = () => {
    const onLoadError = vi.fn();
    const window = createMainWindow(FakeWindow, { preloadPath: '/app/out/preload/index.cjs', devTools: false, onLoadError });
    return { window, onLoadError };
  };

  it('passes a sandboxed, isolated, node-free configuration to BrowserWindow', () => {
    const { window } = make();
    const prefs = window.options.webPreferences;
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
      devTools: false,
      preload: '/app/out/preload/index.cjs',
    });
    // Nothing that would weaken the sandbox may sneak in.
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('additionalArguments');
    expect(prefs?.experimentalFeatures).not.toBe(true);
  });

  it('stays hidden until ready-to-show, then shows', () => {
    const { window } = make();
    expect(window.options.show).toBe(false);
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalledTimes(1);
  });

  it('loads our own origin', () => {
    const { window } = make();
    expect(window.loadURL).toHaveBeenCalledWith('app://atende/index.html');
  });

  it('has a usable size', () => {
    const options = buildWindowOptions({ preloadPath: '/p', devTools: true });
    expect(options.width).toBeGreaterThanOrEqual(options.minWidth ?? 0);
    expect(options.height).toBeGreaterThanOrEqual(options.minHeight ?? 0);
    expect(options.webPreferences?.devTools).toBe(true);
  });

  it('reports a failed load', async () => {
    const onLoadError = vi.fn();
    class Broken extends FakeWindow {
      override readonly loadURL = vi.fn(() => Promise.reject(new Error('ERR_FILE_NOT_FOUND')));
    }
    createMainWindow(Broken, { preloadPath: '/p', devTools: false, onLoadError });
    await vi.waitFor(() => {
      expect(onLoadError).toHaveBeenCalledWith(expect.any(Error));
    });
  });
});

describe('focusWindow', () => {
  it('restores a minimized window and focuses it', () => {
    const window = new FakeWindow({});
    window.minimized = true;
    focusWindow(window);
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
  });

  it('ignores a missing or destroyed window', () => {
    expect(() => {
      focusWindow(null);
    }).not.toThrow();
    const window = new FakeWindow({});
    window.destroyed = true;
    focusWindow(window);
    expect(window.focus).not.toHaveBeenCalled();
  });
});

describe('TrustedWebContents', () => {
  it('trusts the contents of added windows until they close', () => {
    const trusted = new TrustedWebContents();
    const window = new FakeWindow({});
    const other = new FakeWindow({});
    trusted.add(window);
    expect(trusted.has({ id: window.webContents.id })).toBe(true);
    expect(trusted.has({ id: other.webContents.id })).toBe(false);
    window.emit('closed');
    expect(trusted.has({ id: window.webContents.id })).toBe(false);
  });
});
