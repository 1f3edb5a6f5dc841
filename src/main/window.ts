/**
 * The agent's main window. SECURITY-SENSITIVE: the webPreferences below are the renderer's sandbox;
 * do not relax them without review. Nothing about the window is persisted.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY_URL } from './security/origin';

export interface WindowOptionsInput {
  /** Absolute path of the bundled preload (out/preload/index.cjs). */
  readonly preloadPath: string;
  /** Whether DevTools may be opened (development builds only). */
  readonly devTools: boolean;
}

export function buildWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title: 'Atende',
    width: 1366,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: {
      preload: input.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
      devTools: input.devTools,
    },
  };
}

/** The part of BrowserWindow the app uses (a real BrowserWindow fits it). */
export interface AppWindow {
  readonly webContents: { readonly id: number };
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
  loadURL(url: string): Promise<void>;
}

export type AppWindowConstructor<W extends AppWindow> = new (options: BrowserWindowConstructorOptions) => W;

/**
 * Creates the window hidden, shows it once the first frame is ready, and loads app://atende.
 * Load failures are reported through `onLoadError` (a broken bundle must not fail silently).
 */
export function createMainWindow<W extends AppWindow>(
  BrowserWindow: AppWindowConstructor<W>,
  input: WindowOptionsInput & { readonly onLoadError: (error: unknown) => void },
): W {
  const window = new BrowserWindow(buildWindowOptions(input));
  window.once('ready-to-show', () => {
    window.show();
  });
  window.loadURL(APP_ENTRY_URL).catch(input.onLoadError);
  return window;
}

/** Brings an existing window to the front (second instance, notification click). */
export function focusWindow(window: AppWindow | null): void {
  if (window === null || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

/** The WebContents ids of our own windows: the only ones whose main frame may use IPC. */
export class TrustedWebContents {
  readonly #ids = new Set<number>();

  add(window: AppWindow): void {
    const { id } = window.webContents;
    this.#ids.add(id);
    window.on('closed', () => {
      this.#ids.delete(id);
    });
  }

  has(contents: { readonly id: number }): boolean {
    return this.#ids.has(contents.id);
  }
}
