import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parsePort, planStart, resolveElectronBinary, waitForHealthy } from '../../../scripts/start-plan';

describe('planStart', () => {
  it('without Electron: runs the demo server and prints one web-mode line', () => {
    const plan = planStart({ env: { HOME: '/home/ana' }, nodePath: '/usr/bin/node', electronBinary: null });
    expect(plan.server).toEqual({
      command: '/usr/bin/node',
      args: ['out/server/index.js'],
      env: { HOME: '/home/ana', ATENDE_DEMO: '1', PORT: '8787', ATENDE_DATA_DIR: '.data' },
    });
    expect(plan.healthUrl).toBe('http://localhost:8787/healthz');
    expect(plan.desktop).toEqual({
      kind: 'web',
      message: 'Electron is not available on this machine; Atende is running in web mode at http://localhost:8787',
    });
  });

  it('with Electron: launches it on the project with the server URL', () => {
    const plan = planStart({ env: { PATH: '/bin' }, nodePath: 'node', electronBinary: '/x/electron' });
    expect(plan.desktop.kind).toBe('electron');
    if (plan.desktop.kind !== 'electron') return;
    expect(plan.desktop.child).toEqual({
      command: '/x/electron',
      args: ['.'],
      env: { PATH: '/bin', ATENDE_SERVER_URL: 'http://localhost:8787' },
    });
  });

  it('honours PORT and ATENDE_DATA_DIR from the environment, and always forces demo mode', () => {
    const plan = planStart({
      env: { PORT: '9100', ATENDE_DATA_DIR: '/var/atende', ATENDE_DEMO: '0' },
      nodePath: 'node',
      electronBinary: '/x/electron',
    });
    expect(plan.server.env).toMatchObject({ PORT: '9100', ATENDE_DATA_DIR: '/var/atende', ATENDE_DEMO: '1' });
    expect(plan.serverUrl).toBe('http://localhost:9100');
    expect(plan.desktop.kind === 'electron' && plan.desktop.child.env.ATENDE_SERVER_URL).toBe('http://localhost:9100');
  });

  it.each(['0', '65536', 'abc', '80.5', '-1'])('rejects PORT=%s clearly', (port) => {
    expect(() => parsePort(port)).toThrow(/PORT must be an integer between 1 and 65535/);
  });
});

describe('resolveElectronBinary', () => {
  const pkg = '/proj/node_modules/electron';
  const lookup = (files: Record<string, string>, env: Record<string, string> = {}) =>
    resolveElectronBinary({
      env,
      packageDir: pkg,
      exists: (path) => path in files,
      readText: (path) => files[path] ?? '',
    });

  it('is null when the package is not installed', () => {
    expect(resolveElectronBinary({ env: {}, packageDir: null, exists: () => true, readText: () => 'electron' })).toBeNull();
  });

  it('is null when the binary was never downloaded (no path.txt), without trying to download it', () => {
    expect(lookup({})).toBeNull();
  });

  it('is null when path.txt names a binary that is not there', () => {
    expect(lookup({ [join(pkg, 'path.txt')]: 'electron' })).toBeNull();
  });

  it('finds the downloaded binary', () => {
    const binary = join(pkg, 'dist', 'electron');
    expect(lookup({ [join(pkg, 'path.txt')]: 'electron\n', [binary]: '' })).toBe(binary);
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like the electron package does', () => {
    expect(lookup({ '/opt/electron/electron': '' }, { ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' })).toBe('/opt/electron/electron');
    expect(lookup({}, { ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' })).toBeNull();
  });
});

describe('waitForHealthy', () => {
  const clock = () => {
    let now = 0;
    return { now: () => now, sleep: (ms: number) => ((now += ms), Promise.resolve()) };
  };

  it('resolves once /healthz answers 2xx', async () => {
    const { now, sleep } = clock();
    const fetch = vi
      .fn()
      .mockRejectedValueOnce(new Error('ECONNREFUSED'))
      .mockResolvedValueOnce({ ok: false })
      .mockResolvedValueOnce({ ok: true });
    await waitForHealthy({ url: 'http://localhost:8787/healthz', timeoutMs: 10_000, intervalMs: 100, fetch, sleep, now });
    expect(fetch).toHaveBeenCalledTimes(3);
    const [url, init] = fetch.mock.calls[0] as [string, { signal: unknown }];
    expect(url).toBe('http://localhost:8787/healthz');
    expect(init.signal).toBeInstanceOf(AbortSignal);
  });

  it('gives up with a clear error after the timeout', async () => {
    const { now, sleep } = clock();
    const fetch = vi.fn().mockRejectedValue(new Error('ECONNREFUSED'));
    await expect(
      waitForHealthy({ url: 'http://localhost:8787/healthz', timeoutMs: 5_000, intervalMs: 250, fetch, sleep, now }),
    ).rejects.toThrow('The Atende server did not answer http://localhost:8787/healthz within 5 s');
  });

  it('stops waiting as soon as the server exits', async () => {
    const { now, sleep } = clock();
    const fetch = vi.fn().mockRejectedValue(new Error('ECONNREFUSED'));
    let exited: string | null = null;
    const waiting = waitForHealthy({
      url: 'http://localhost:8787/healthz',
      timeoutMs: 60_000,
      intervalMs: 250,
      fetch,
      sleep: async (ms) => {
        await sleep(ms);
        exited = 'exit code 1';
      },
      now,
      serverExited: () => exited,
    });
    await expect(waiting).rejects.toThrow('The Atende server stopped before it was ready (exit code 1)');
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
