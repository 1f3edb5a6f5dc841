/**
 * Scenario 4, crash-resume: a cold bootstrap through a counting proxy; once `crashAt` of the ideal
 * bytes went through, the page's renderer process is crashed (CDP `Page.crash`: no unload, nothing
 * flushed by the page; what IndexedDB had committed stays in the profile). A new page of the same
 * profile resumes, and the run ends when the replica is complete again. Extra = bytes of replicated data
 * fetched in both attempts minus the bytes of one uninterrupted bootstrap (the ideal).
 *
 * Atende: the real app; counted are the bodies of `/api/v1/sync/{collection}/pull` responses; the ideal
 * is measured by pulling everything from Node with the app's page size. PouchDB: the bench page; counted
 * is every response of the PouchDB server except the page itself; the ideal is an uninterrupted
 * replication with the same page size from Node (in-memory target) through the same proxy.
 */
import type { Browser } from '@playwright/test';
import { crashPage, idbCounts, newContext, poll } from '../browser';
import { MemoryPouch, NodePouch } from '../pouch-node';
import { CountingProxy } from '../proxy';
import { pouchPage, sum } from './bootstrap';
import type { BenchContext } from './context';

export interface CrashResult {
  readonly idealBytes: number;
  readonly firstAttemptBytes: number;
  readonly resumeBytes: number;
  readonly extraBytes: number;
  readonly extraPercent: number;
  /** From the new page's start to a complete replica. */
  readonly resumeMs: number;
}

function waitForBytes(proxy: CountingProxy, threshold: number): Promise<void> {
  return new Promise((resolve) => {
    const stop = proxy.onBytes((bytes) => {
      if (bytes >= threshold) {
        stop();
        resolve();
      }
    });
  });
}

export async function crashAtende(ctx: BenchContext, browser: Browser): Promise<CrashResult> {
  const { atende, options } = ctx;
  const proxy = new CountingProxy(atende.port, (method, path) => method === 'GET' && /^\/api\/v1\/sync\/[A-Za-z]+\/pull$/.test(path));
  const proxyPort = await proxy.listen();
  const origin = `http://127.0.0.1:${String(proxyPort)}`;
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    await page.getByLabel(/email/i).fill('agent@example.com');
    await page.getByLabel(/password/i).fill('demo1234');
    const threshold = waitForBytes(proxy, atende.idealBytes * options.crashAt);
    await page.getByRole('button', { name: /sign in/i }).click();
    await threshold;
    await crashPage(page);
    const firstAttemptBytes = proxy.bytes;
    ctx.log(`  atende: crashed after ${String(firstAttemptBytes)} of ${String(atende.idealBytes)} ideal bytes`);
    proxy.reset();

    const resumed = await context.newPage();
    const started = Date.now();
    // The app opens the stored session on load; block nothing, count what it fetches again.
    await resumed.goto(`${origin}/`);
    await poll(
      async () => ({
        counts: await idbCounts(resumed, atende.collections),
        state: await resumed.getByTestId('sync-indicator').getAttribute('data-state').catch(() => null),
      }),
      ({ counts, state }) => state === 'online' && atende.collections.every((name) => (counts[name] ?? 0) >= (atende.expected[name] ?? 0)),
      { timeoutMs: options.timeoutMs, intervalMs: 200, what: 'the resumed replica' },
    );
    const resumeMs = Date.now() - started;
    const resumeBytes = proxy.bytes;
    const extraBytes = firstAttemptBytes + resumeBytes - atende.idealBytes;
    return { idealBytes: atende.idealBytes, firstAttemptBytes, resumeBytes, extraBytes, extraPercent: (extraBytes / atende.idealBytes) * 100, resumeMs };
  } finally {
    await context.close();
    await proxy.close();
  }
}

export async function crashPouch(ctx: BenchContext, browser: Browser): Promise<CrashResult> {
  const { options } = ctx;
  const pouch = ctx.pouch;
  if (pouch === undefined) throw new Error('PouchDB side not started');
  const proxy = new CountingProxy(pouch.port, (_method, path) => !path.startsWith('/__bench/'));
  const proxyPort = await proxy.listen();
  const base = `http://127.0.0.1:${String(proxyPort)}/`;
  try {
    // The ideal: one uninterrupted replication of every database with the same page size.
    await Promise.all(
      pouch.collections.map(async (name) => {
        const local = new MemoryPouch(`ideal-${name}-${String(Date.now())}`);
        await local.replicate.from(new NodePouch(`${base}${name}`), { batch_size: ctx.batchSize });
        await local.destroy();
      }),
    );
    const idealBytes = proxy.bytes;
    ctx.log(`  pouchdb: uninterrupted replication = ${String(idealBytes)} bytes`);
    proxy.reset();

    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(`${base}__bench/index.html`);
      const api = pouchPage(page);
      await api.ready();
      const threshold = waitForBytes(proxy, idealBytes * options.crashAt);
      await api.call('startBootstrap', { base, collections: pouch.collections, batchSize: ctx.batchSize });
      await threshold;
      await crashPage(page);
      const firstAttemptBytes = proxy.bytes;
      ctx.log(`  pouchdb: crashed after ${String(firstAttemptBytes)} bytes`);
      proxy.reset();

      const resumed = await context.newPage();
      const started = Date.now();
      await resumed.goto(`${base}__bench/index.html`);
      const resumedApi = pouchPage(resumed);
      await resumedApi.ready();
      await resumedApi.call('startBootstrap', { base, collections: pouch.collections, batchSize: ctx.batchSize });
      await poll(
        () => resumedApi.call('progress'),
        (value) => {
          if (value.error !== null) throw new Error(`PouchDB resume failed: ${value.error}`);
          return value.doneMs !== null;
        },
        { timeoutMs: options.timeoutMs, intervalMs: 200, what: 'the resumed PouchDB replication' },
      );
      const counts = await resumedApi.call('counts', pouch.collections);
      if (sum(counts) !== pouch.total) throw new Error(`PouchDB resumed replica has ${String(sum(counts))} docs, expected ${String(pouch.total)}`);
      const resumeMs = Date.now() - started;
      const resumeBytes = proxy.bytes;
      const extraBytes = firstAttemptBytes + resumeBytes - idealBytes;
      return { idealBytes, firstAttemptBytes, resumeBytes, extraBytes, extraPercent: (extraBytes / idealBytes) * 100, resumeMs };
    } finally {
      await context.close();
    }
  } finally {
    await proxy.close();
  }
}
