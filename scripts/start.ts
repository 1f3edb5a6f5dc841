/**
 * `npm start`: runs the built server in demo mode, waits until it is healthy, then opens the
 * desktop app, or says in one line that Atende runs in web mode when Electron is not available.
 * Ctrl+C (or the desktop app closing) stops both children.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { locateElectron, planStart, SERVER_ENTRY, waitForHealthy, type ChildCommand } from './start-plan';

const HEALTH_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;

function run(child: ChildCommand): ChildProcess {
  return spawn(child.command, [...child.args], { env: child.env, stdio: 'inherit' });
}

function stop(child: ChildProcess | null): Promise<void> {
  if (child === null || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function main(): Promise<void> {
  if (!existsSync(SERVER_ENTRY)) {
    throw new Error(`${SERVER_ENTRY} is missing: run \`npm run build\` first (npm start does it for you)`);
  }
  const plan = planStart({
    env: process.env,
    nodePath: process.execPath,
    electronBinary: locateElectron(process.env, import.meta.url),
  });

  const server = run(plan.server);
  let desktop: ChildProcess | null = null;
  let serverExit: string | null = null;
  let stopping = false;

  const shutdown = async (code: number): Promise<never> => {
    stopping = true;
    await Promise.all([stop(desktop), stop(server)]);
    process.exit(code);
  };

  server.once('error', (error) => {
    serverExit = error.message;
  });
  server.once('exit', (code, signal) => {
    serverExit = signal === null ? `exit code ${code ?? 'unknown'}` : `signal ${signal}`;
    if (stopping) return;
    console.error(`The Atende server stopped (${serverExit})`);
    void shutdown(1);
  });
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  try {
    await waitForHealthy({
      url: plan.healthUrl,
      timeoutMs: HEALTH_TIMEOUT_MS,
      intervalMs: 250,
      fetch: (url, init) => fetch(url, init),
      sleep: (ms) => sleep(ms),
      now: () => Date.now(),
      serverExited: () => serverExit,
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await shutdown(1);
  }

  console.log(plan.desktop.message);
  if (plan.desktop.kind === 'electron') {
    const electron = run(plan.desktop.child);
    desktop = electron;
    let failedToSpawn = false;
    electron.once('error', (error) => {
      failedToSpawn = true;
      desktop = null;
      console.error(`Could not start Electron (${error.message}); Atende keeps running in web mode at ${plan.serverUrl}`);
    });
    // Closing the desktop app ends `npm start`.
    electron.once('exit', () => {
      desktop = null;
      if (!stopping && !failedToSpawn) void shutdown(0);
    });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
