/** Debian's Chromium driven by Playwright, with the flags this machine needs. */
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { build, type Rolldown } from 'vite';
import { IDB_COUNTS_GLOBAL, type IdbCounter } from './page-api';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Hidden or occluded headless pages must not be throttled while they replicate.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];
const IDB_COUNT_ENTRY = join(import.meta.dirname, 'browser', 'idb-count.ts');
let idbCountScript: Promise<string> | undefined;

/** A page script as a classic script (what an init script runs as), bundled in memory. */
export async function classicScript(entry: string, name: string): Promise<string> {
  const result = await build({
    configFile: false,
    root: join(import.meta.dirname, '..', '..'),
    publicDir: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify: false,
      sourcemap: false,
      target: 'es2022',
      reportCompressedSize: false,
      lib: { entry, formats: ['iife'], name, fileName: () => `${name}.js` },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunk = outputs.flatMap((output) => output.output).find((item) => item.type === 'chunk');
  if (chunk === undefined) throw new Error(`bundling ${entry} produced no script`);
  return chunk.code;
}

/** browser/idb-count.ts as a classic script: bundled once per process. */
function idbCountScriptText(): Promise<string> {
  idbCountScript ??= classicScript(IDB_COUNT_ENTRY, 'AtendeBenchIdbCount');
  return idbCountScript;
}

export async function launchBrowser(headed: boolean): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: !headed, args: ARGS });
}

/** A fresh profile (its own IndexedDB), with the IndexedDB counter injected into every page. */
export async function newContext(browser: Browser, options: { serviceWorkers?: 'allow' | 'block' } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ serviceWorkers: options.serviceWorkers ?? 'allow', viewport: { width: 1280, height: 800 } });
  await context.addInitScript({ content: await idbCountScriptText() });
  return context;
}

/** Documents per RxDB collection in this page's IndexedDB (see browser/idb-count.ts). */
export async function idbCounts(page: Page, collections: readonly string[]): Promise<Record<string, number>> {
  return page.evaluate(
    ([global, names]) => (globalThis as unknown as Record<string, IdbCounter>)[global]?.(names) ?? Promise.reject(new Error(`no ${global} in this page`)),
    [IDB_COUNTS_GLOBAL, [...collections]] as const,
  );
}

/** Crashes the page's renderer process (as a killed tab would): no unload handlers, nothing flushed by the page. */
export async function crashPage(page: Page): Promise<void> {
  const session = await page.context().newCDPSession(page);
  await Promise.race([session.send('Page.crash').catch(() => undefined), page.waitForEvent('crash', { timeout: 10_000 }).catch(() => undefined)]);
  await page.close({ runBeforeUnload: false }).catch(() => undefined);
}

export async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, options: { timeoutMs: number; intervalMs?: number; what: string }): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what} (last: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}
