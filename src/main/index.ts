/**
 * Composition root of the desktop app: lifecycle, single-instance lock and wiring. Behaviour lives
 * in the modules imported below, each unit-tested with fake Electron objects.
 */
import { app, BrowserWindow, globalShortcut, ipcMain, Notification, protocol, safeStorage, session, shell } from 'electron';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { handleAppProtocol, registerAppScheme } from './app-protocol';
import { createCallShortcuts } from './call-shortcuts';
import { resolveDefaultServerUrl } from './config';
import { createEventSender } from './ipc/events';
import { createIpcHandlers } from './ipc/handlers';
import { registerIpcHandlers } from './ipc/register';
import { createStderrLogger } from './logger';
import { createNotifier } from './notifier';
import { createDialForwarder, registerPhoneLinkClient } from './phone-links';
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
  const sendEvent = createEventSender(() => mainWindow);
  const dial = createDialForwarder({
    send: (request) => sendEvent('voice:dial', request),
    defaultCountry: () => (app.isReady() ? app.getLocaleCountryCode() : undefined),
    logger,
  });

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
      dial.rendererGone();
    });
    // A reload drops the renderer's listeners; it says it is ready again once it listens.
    window.webContents.on('did-start-loading', () => {
      dial.rendererGone();
    });
    mainWindow = window;
  };

  // tel:/callto: links: Windows and Linux start the app with the link in argv (a second instance
  // hands its argv here); macOS sends open-url, possibly before ready, so it is listened to now.
  app.on('second-instance', (_event, argv) => {
    focusWindow(mainWindow);
    dial.handleArgv(argv);
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    focusWindow(mainWindow);
    dial.handleLink(url);
  });
  dial.handleArgv(process.argv);
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
      registerPhoneLinkClient(
        app,
        { defaultApp: process.defaultApp, execPath: process.execPath, appPath: process.argv[1] === undefined ? undefined : resolve(process.argv[1]) },
        logger,
      );
      const callShortcuts = createCallShortcuts({
        globalShortcut,
        onAction: (action) => {
          sendEvent('voice:shortcut', { action });
        },
        logger,
      });
      app.on('will-quit', () => {
        callShortcuts.dispose();
      });
      const handlers = createIpcHandlers({
        getVersion: () => app.getVersion(),
        defaultServerUrl: resolveDefaultServerUrl(process.env, logger),
        notifier: createNotifier({
          Notification,
          onClick: () => {
            focusWindow(mainWindow);
          },
          onAnswerRequested: (callId) => {
            sendEvent('voice:answerRequested', { callId });
          },
          logger,
        }),
        sessionStore,
        callShortcuts,
        dialReady: () => {
          dial.rendererReady();
        },
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
