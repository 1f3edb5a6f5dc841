/**
 * Scenario 1, cold bootstrap in Chromium.
 *
 * Atende: the real web app served by the real server, a fresh browser profile, sign-in through the
 * form. Timed from the click on "Sign in" to (a) `<html data-db-ready>`, (b) the first visible queue row,
 * (c) every document in the replica's IndexedDB stores (counted in the page) with the header's sync
 * indicator at `online`.
 *
 * PouchDB: PouchDB's browser build (IndexedDB adapter) on a bench page served by the PouchDB server,
 * one-shot pull replication of the three databases in parallel with the same page size as the app.
 * Timed inside the page from the start of the replication to its end (page load and no sign-in are
 * not counted, which favours PouchDB slightly).
 */
import type { Browser, Page } from '@playwright/test';
import { pageClient, type PageClient } from '../../lib/page-api';
import { idbCounts, launchBrowser, newContext, poll } from '../browser';
import { POUCH_PAGE_GLOBAL, POUCH_PAGE_READY, type PouchPageApi } from '../page-api';
import type { BenchContext } from './context';

export interface AtendeBootstrapResult {
  readonly docs: number;
  readonly dbReadyMs: number;
  readonly firstRowMs: number;
  /** Every document in the replica's IndexedDB stores. */
  readonly allLocalMs: number;
  /** … and the header's sync indicator says `online`. */
  readonly indicatorOnlineMs: number;
  readonly docsPerSecond: number;
}

export async function bootstrapAtende(ctx: BenchContext, browser: Browser): Promise<AtendeBootstrapResult> {
  const { atende } = ctx;
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(`${atende.url}/`);
    await page.getByLabel(/email/i).fill('agent@example.com');
    await page.getByLabel(/password/i).fill('demo1234');
    const button = page.getByRole('button', { name: /sign in/i });
    await button.waitFor();
    const started = Date.now();
    await button.click();
    await page.locator('html[data-db-ready="true"]').waitFor({ state: 'attached', timeout: ctx.options.timeoutMs });
    const dbReadyMs = Date.now() - started;
    await page.getByTestId('ticket-row').first().waitFor({ state: 'visible', timeout: ctx.options.timeoutMs });
    const firstRowMs = Date.now() - started;
    ctx.log(`  atende: db ready ${String(dbReadyMs)} ms, first queue row ${String(firstRowMs)} ms`);
    let lastLog = Date.now();
    let allLocalMs: number | undefined;
    await poll(
      async () => {
        const counts = await idbCounts(page, atende.collections);
        const state = await page.getByTestId('sync-indicator').getAttribute('data-state');
        if (Date.now() - lastLog > 10_000) {
          lastLog = Date.now();
          ctx.log(`  atende: ${String(sum(counts))}/${String(atende.total)} docs local, indicator ${String(state)}`);
        }
        return { counts, state };
      },
      ({ counts, state }) => {
        if (allLocalMs === undefined && atende.collections.every((name) => (counts[name] ?? 0) >= (atende.expected[name] ?? 0))) allLocalMs = Date.now() - started;
        return allLocalMs !== undefined && state === 'online';
      },
      { timeoutMs: ctx.options.timeoutMs, intervalMs: 200, what: 'all documents in the replica' },
    );
    const indicatorOnlineMs = Date.now() - started;
    const localMs = allLocalMs ?? indicatorOnlineMs;
    return { docs: atende.total, dbReadyMs, firstRowMs, allLocalMs: localMs, indicatorOnlineMs, docsPerSecond: atende.total / (localMs / 1000) };
  } finally {
    await context.close();
  }
}

export interface PouchBootstrapResult {
  readonly docs: number;
  readonly firstDocsMs: number;
  readonly allLocalMs: number;
  readonly docsPerSecond: number;
}

/** The PouchDB page (browser/pouch-page.ts), once `ready()`. */
export function pouchPage(page: Page): PageClient<PouchPageApi> {
  return pageClient<PouchPageApi>(page, POUCH_PAGE_GLOBAL, POUCH_PAGE_READY);
}

/** Runs the PouchDB bootstrap in `page` (left open for the catch-up scenario) and waits for its end. */
export async function bootstrapPouch(ctx: BenchContext, page: Page): Promise<PouchBootstrapResult> {
  const pouch = ctx.pouch;
  if (pouch === undefined) throw new Error('PouchDB side not started');
  await page.goto(`${pouch.url}__bench/index.html`);
  const api = pouchPage(page);
  await api.ready();
  await api.call('startBootstrap', { base: pouch.url, collections: pouch.collections, batchSize: ctx.batchSize });
  let lastLog = Date.now();
  const progress = await poll(
    () => api.call('progress'),
    (value) => {
      if (value.error !== null) throw new Error(`PouchDB replication failed: ${value.error}`);
      if (Date.now() - lastLog > 10_000) {
        lastLog = Date.now();
        ctx.log(`  pouchdb: ${String(value.written)}/${String(pouch.total)} docs written`);
      }
      return value.doneMs !== null;
    },
    { timeoutMs: ctx.options.timeoutMs, intervalMs: 200, what: 'the PouchDB replication' },
  );
  const counts = await api.call('counts', pouch.collections);
  for (const name of pouch.collections) {
    if (counts[name] !== pouch.expected[name]) throw new Error(`PouchDB ${name}: ${String(counts[name])} local, expected ${String(pouch.expected[name])}`);
  }
  const allLocalMs = progress.doneMs ?? Number.NaN;
  return { docs: pouch.total, firstDocsMs: progress.firstDocMs ?? Number.NaN, allLocalMs, docsPerSecond: pouch.total / (allLocalMs / 1000) };
}

export function sum(counts: Readonly<Record<string, number>>): number {
  return Object.values(counts).reduce((total, value) => total + value, 0);
}

export { launchBrowser };
