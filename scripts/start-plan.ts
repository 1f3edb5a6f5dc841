/**
 * The decisions of `npm start`, kept apart from the process handling in start.ts so they can be
 * unit-tested: how to run the server, whether the desktop app can run, and what to print.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const DEFAULT_PORT = 8787;
export const DEFAULT_DATA_DIR = '.data';
export const SERVER_ENTRY = 'out/server/index.js';

export interface ChildCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
}

export type DesktopPlan =
  | { readonly kind: 'electron'; readonly child: ChildCommand; readonly message: string }
  | { readonly kind: 'web'; readonly message: string };

export interface StartPlan {
  readonly serverUrl: string;
  readonly healthUrl: string;
  readonly server: ChildCommand;
  readonly desktop: DesktopPlan;
}

export interface StartInputs {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The node binary that runs the server (process.execPath). */
  readonly nodePath: string;
  /** The Electron executable, or null when it is not on this machine. */
  readonly electronBinary: string | null;
}

export function parsePort(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`PORT must be an integer between 1 and 65535, got "${value}"`);
  }
  return port;
}

export function planStart(inputs: StartInputs): StartPlan {
  const port = parsePort(inputs.env.PORT);
  const serverUrl = `http://localhost:${port}`;
  const server: ChildCommand = {
    command: inputs.nodePath,
    args: [SERVER_ENTRY],
    env: {
      ...inputs.env,
      ATENDE_DEMO: '1',
      PORT: String(port),
      ATENDE_DATA_DIR: inputs.env.ATENDE_DATA_DIR?.trim() ? inputs.env.ATENDE_DATA_DIR : DEFAULT_DATA_DIR,
    },
  };
  const desktop: DesktopPlan =
    inputs.electronBinary === null
      ? {
          kind: 'web',
          message: `Electron is not available on this machine; Atende is running in web mode at ${serverUrl}`,
        }
      : {
          kind: 'electron',
          child: {
            command: inputs.electronBinary,
            args: ['.'],
            env: { ...inputs.env, ATENDE_SERVER_URL: serverUrl },
          },
          message: `Starting the Atende desktop app (server at ${serverUrl})`,
        };
  return { serverUrl, healthUrl: `${serverUrl}/healthz`, server, desktop };
}

export interface ElectronLookup {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory of the installed `electron` package, or null when it is not installed. */
  readonly packageDir: string | null;
  readonly exists: (path: string) => boolean;
  readonly readText: (path: string) => string;
}

/**
 * The Electron executable, resolved the way the `electron` package does it but WITHOUT its side
 * effect: importing 'electron' in Node downloads the binary when it is missing (a network call and
 * a long wait on a machine that cannot download it). Here a missing binary just means null.
 */
export function resolveElectronBinary(lookup: ElectronLookup): string | null {
  if (lookup.packageDir === null) return null;
  const pathFile = join(lookup.packageDir, 'path.txt');
  const executable = lookup.exists(pathFile) ? lookup.readText(pathFile).trim() : '';
  const override = lookup.env.ELECTRON_OVERRIDE_DIST_PATH;
  let binary: string;
  if (override !== undefined && override !== '') {
    binary = join(override, executable === '' ? 'electron' : executable);
  } else {
    if (executable === '') return null;
    binary = join(lookup.packageDir, 'dist', executable);
  }
  return lookup.exists(binary) ? binary : null;
}

/** Where the `electron` package is installed, from this project's point of view. */
export function findElectronPackageDir(fromUrl: string): string | null {
  try {
    return dirname(createRequire(fromUrl).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

export function locateElectron(env: Readonly<Record<string, string | undefined>>, fromUrl: string): string | null {
  return resolveElectronBinary({
    env,
    packageDir: findElectronPackageDir(fromUrl),
    exists: existsSync,
    readText: (path) => readFileSync(path, 'utf8'),
  });
}

export interface HealthWaitOptions {
  readonly url: string;
  readonly timeoutMs: number;
  readonly intervalMs: number;
  readonly fetch: (url: string, init: { signal: AbortSignal }) => Promise<{ readonly ok: boolean }>;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  /** Resolves to a reason when the server gave up (exited) before it became healthy. */
  readonly serverExited?: () => string | null;
}

/** Polls GET /healthz until it answers 2xx; throws a clear error on timeout or server exit. */
export async function waitForHealthy(options: HealthWaitOptions): Promise<void> {
  const deadline = options.now() + options.timeoutMs;
  for (;;) {
    const exited = options.serverExited?.() ?? null;
    if (exited !== null) throw new Error(`The Atende server stopped before it was ready (${exited})`);
    try {
      const response = await options.fetch(options.url, { signal: AbortSignal.timeout(Math.max(options.intervalMs, 1000)) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (options.now() >= deadline) {
      throw new Error(`The Atende server did not answer ${options.url} within ${Math.round(options.timeoutMs / 1000)} s`);
    }
    await options.sleep(options.intervalMs);
  }
}
