/**
 * Composition root of the desktop app: lifecycle, single-instance lock and wiring. Behaviour lives
 * in the modules imported below, each unit-tested with fake Electron objects.
 */
import { app, BrowserWindow, ipcMain, Notification, protocol, safeStorage, session, shell } from 'electron';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { handleAppProtocol, registerAppScheme } from './app-protocol';
import { resolveDefaultServerUrl } from './config';
import { createIpcHandlers } from './ipc/handlers';
import { registerIpcHandlers } from './ipc/register';
import { createStderrLogger } from './logger';
import { createNotifier } from './notifier';
import { guardWebContents } from './security/navigation';
import { installPermissionHandlers } from './security/permissions';
import { createSessionStore, SESSION_FILE_NAME } from './session-store';
import { createMainWindow, focusWindow, TrustedWebContents } from './window';

/** Must match the appId the installer registers, or Windows drops our notifications. */
const APP_USER_MODEL_ID = 'com.atende.workstation';

const logger = createStderrLogger('main');

// Before `ready`: every renderer sandboxed, and app:// registered as a privileged standard scheme.
app.enableSandbox();
registerAppScheme(protocol);

if (app.requestSingleInstanceLock()) {
  start();
} else {
  app.quit();
}

function start(): void {
  const trusted = new TrustedWebContents();
  let mainWindow: BrowserWindow | null = null;

  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

  // Every WebContents, whoever creates it: same-origin navigation only, no popups, no <webview>.
  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, { shell, logger });
  });

  const openWindow = (): void => {
    const window = createMainWindow(BrowserWindow, {
      preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
      devTools: !app.isPackaged,
      onLoadError: (error) => {
        logger.error('The app window failed to load', error);
      },
    });
    trusted.add(window);
    window.on('closed', () => {
      mainWindow = null;
    });
    mainWindow = window;
  };

  app.on('second-instance', () => {
    focusWindow(mainWindow);
  });
  app.on('activate', () => {
    if (mainWindow === null && app.isReady()) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('render-process-gone', (_event, _contents, details) => {
    logger.error(`Renderer process gone: ${details.reason} (exit code ${details.exitCode})`);
  });

  app
    .whenReady()
    .then(() => {
      installPermissionHandlers(session.defaultSession, logger);
      handleAppProtocol(protocol, { root: join(import.meta.dirname, '../renderer') });

      const sessionStore = createSessionStore({
        filePath: join(app.getPath('userData'), SESSION_FILE_NAME),
        fs: { readFile, writeFile, rename, rm, mkdir },
        safeStorage,
        logger,
      });
      const handlers = createIpcHandlers({
        getVersion: () => app.getVersion(),
        defaultServerUrl: resolveDefaultServerUrl(process.env, logger),
        notifier: createNotifier({
          Notification,
          onClick: () => {
            focusWindow(mainWindow);
          },
          logger,
        }),
        sessionStore,
      });
      registerIpcHandlers(ipcMain, handlers, {
        isTrustedWebContents: (contents) => trusted.has(contents),
        logger,
      });

      openWindow();
    })
    .catch((error: unknown) => {
      logger.error('Atende failed to start', error);
      app.exit(1);
    });
}
