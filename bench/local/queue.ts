/**
 * Local queue benchmark, in Chromium: 100k tickets, 20k customers and 10k articles (queue-dataset.ts)
 * written into the replica the renderer opens (its own `openUserDatabase`, the block storage on
 * IndexedDB, bundled with Vite into a page without React or server: browser/local-page.ts), then
 * - every built-in queue view read as the queue page reads it (`queuePlan` + `queueRows`, first 200
 *   rows, RxDB's query cache cleared before each sample) beside a plain scan in memory returning the
 *   same rows;
 * - knowledge-base typeahead through the renderer's search worker (round trip from the page);
 * - the renderer's JS heap with everything loaded (page and search worker, after a forced GC, CDP).
 *
 * Sizes: LOCAL_BENCH_TICKETS / LOCAL_BENCH_CUSTOMERS / LOCAL_BENCH_ARTICLES; samples per view:
 * QUEUE_BENCH_SAMPLES. `npx tsx bench/local/queue.ts` runs this suite alone and prints it (no report);
 * there QUEUE_BENCH_VIEWS=mine,my_tier reads only those views (and skips the KB), and
 * QUEUE_BENCH_PROFILE=1 records a CPU profile of each view's samples and prints where their time went.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { extname, join, resolve } from 'node:path';
import type { BrowserContext, CDPSession } from '@playwright/test';
import { build } from 'vite';
import type { Article } from '../../src/shared/domain/article';
import type { BuiltInViewId } from '../../src/shared/domain/queue-views';
import { BUILT_IN_VIEWS } from '../../src/shared/domain/queue-views';
import { remotePage } from '../lib/page-api';
import type { BenchRow } from '../lib/report';
import { percentile, round } from '../lib/stats';
import { launchBrowser } from '../sync/browser';
import { typedQueries } from './kb';
import { LOCAL_PAGE_GLOBAL, type ContextInput, type LocalPageApi, type ViewResult } from './page-api';
import { localDataset, REFERENCE_TIME, type LocalDatasetSize } from './queue-dataset';

const SIZE: LocalDatasetSize = {
  tickets: Number(process.env.LOCAL_BENCH_TICKETS ?? 100_000),
  customers: Number(process.env.LOCAL_BENCH_CUSTOMERS ?? 20_000),
  articles: Number(process.env.LOCAL_BENCH_ARTICLES ?? 10_000),
};
const SAMPLES = Number(process.env.QUEUE_BENCH_SAMPLES ?? 40);
const ONLY_VIEWS = process.env.QUEUE_BENCH_VIEWS?.split(',').filter((view): view is BuiltInViewId => (BUILT_IN_VIEWS as readonly string[]).includes(view));
const PROFILE = process.env.QUEUE_BENCH_PROFILE === '1';
const PAGE_ROWS = 200;
const TARGETS = { viewP95Ms: 16, heapMB: 300, typeaheadP95Ms: 10, typeaheadP99Ms: 25 } as const;
const ORIGIN = 'http://atende.bench';
/** The signed-in agent: Ana (L1), as in the demo. */
const USER = { userId: 'usr_ana', role: 'agent', tier: 'L1' } as const;
const INSERT_BATCH = 1000;
const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

const VIEW_NAMES: Readonly<Record<BuiltInViewId, string>> = {
  mine: 'Mine',
  unassigned: 'Unassigned',
  my_tier: 'My tier (L1)',
  sla_at_risk: 'SLA at risk',
  breached: 'Breached',
  pending_customer: 'Pending customer',
  all: 'All',
};

/** How the storage answers each view (src/renderer/data/ordered-reads.ts, memory-index.ts), what limits it, and what it did before. */
const LIMITS = [
  'How the views are read: the replica keeps its tickets in memory (one background scan when it opens, then the storage\'s change stream: src/renderer/data/memory-index.ts), with memory indexes on the optional SLA fields and order indexes (assignee and status, tier and status, status, all; newest activity first). "My tickets", "Unassigned", "My tier", "Pending customer" and "All" walk an order index and stop at the page; "Breached" walks the resolution due dates in order; "SLA at risk" reads its candidates (due soon, slaAtRiskAt passed, nothing breached: each test asked of the ticket\'s own fields) in one query and checks each against its policy. The replica itself is in memory (the block storage, src/renderer/data/block-storage), so no read touches IndexedDB; before the memory indexes are built, queries run RxDB\'s own plan on the storage\'s sorted indexes.',
  'What remains per read: RxDB builds its documents and the rows are serialized (toJSON), about 1–2 ms for 200 rows; "SLA at risk" also computes each candidate\'s SLA state on its policy\'s calendar and reads the candidates\' customers (segments). The cost is memory: the kept tickets are most of the page\'s heap below.',
  'Before the tickets were kept in memory (2026-11-23 05:22 UTC, quiet machine): pages read by id from IndexedDB (one get per ticket, 0.05–0.08 ms each) or merged several index ranges: My tier 19.2, Mine 23.0, Unassigned 20.3, SLA at risk 23.4, Breached 23.3 ms p95, All 9.3 and Pending customer 9.1 ms p95; page heap 57.9 MB. Before ordered reads, RxDB\'s Dexie storage read every matching ticket and sorted them in memory (All 156 ms, Mine 380 ms p50 at 5k tickets).',
  'Counts: the view list counts every view with RxDB\'s count, followed live through the change stream once counted (src/renderer/data/live-counts.ts); the first count of a view no index answers matches every kept ticket in memory. Not measured here.',
];

const log = (line: string) => {
  console.log(`[bench:local queue] ${line}`);
};

/** The page as an app build (not a library), so the search worker is bundled as the app bundles it. */
async function bundlePage(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: join(import.meta.dirname, 'browser'),
    base: './',
    publicDir: false,
    logLevel: 'warn',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    worker: { format: 'es' },
    build: { outDir, emptyOutDir: true, minify: !PROFILE, sourcemap: false, target: 'es2022', reportCompressedSize: false },
  });
}

const CONTENT_TYPES: Readonly<Record<string, string>> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

/** Serves the bundle on a private origin (IndexedDB needs a real origin; no server process needed). */
async function servePage(context: BrowserContext, dir: string): Promise<void> {
  await context.route(`${ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    const file = join(dir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(dir) || !existsSync(file)) {
      await route.fulfill({ status: 404, body: 'not found' });
      return;
    }
    await route.fulfill({ status: 200, contentType: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', body: readFileSync(file) });
  });
}

/**
 * JS heap in use after a full GC, of the page and of each worker it runs (CDP: HeapProfiler.collectGarbage,
 * then Runtime.getHeapUsage). Workers are reached through a second, non-flattened auto-attach of the
 * page's CDP session (Playwright keeps its own flattened one).
 */
async function heapUsage(session: CDPSession): Promise<{ pageMB: number; workers: { url: string; mb: number }[] }> {
  await session.send('HeapProfiler.collectGarbage');
  await session.send('HeapProfiler.collectGarbage');
  const page = await session.send('Runtime.getHeapUsage');
  const workers: { url: string; mb: number }[] = [];
  const attached: { sessionId: string; url: string }[] = [];
  session.on('Target.attachedToTarget', (event) => {
    if (event.targetInfo.type === 'worker') attached.push({ sessionId: event.sessionId, url: event.targetInfo.url });
  });
  const pending = new Map<number, (result: unknown) => void>();
  session.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  await session.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  await new Promise((resolve) => setTimeout(resolve, 500));
  let nextId = 1;
  const sendTo = (sessionId: string, method: string) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId;
      nextId += 1;
      const timer = setTimeout(() => {
        reject(new Error(`no answer to ${method} from worker`));
      }, 30_000);
      pending.set(id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      void session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
    });
  for (const worker of attached) {
    await sendTo(worker.sessionId, 'HeapProfiler.collectGarbage');
    await sendTo(worker.sessionId, 'HeapProfiler.collectGarbage');
    const usage = (await sendTo(worker.sessionId, 'Runtime.getHeapUsage')) as { usedSize: number };
    workers.push({ url: worker.url, mb: usage.usedSize / 2 ** 20 });
  }
  await session.send('Target.setAutoAttach', { autoAttach: false, waitForDebuggerOnStart: false, flatten: false });
  return { pageMB: page.usedSize / 2 ** 20, workers };
}

async function startProfile(session: CDPSession): Promise<void> {
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 100 });
  await session.send('Profiler.start');
}

/** The profile's self time by function (top 25) and the idle share: where a view's samples spent the page's time. */
async function stopProfile(session: CDPSession): Promise<string> {
  const { profile } = await session.send('Profiler.stop');
  const deltas = profile.timeDeltas ?? [];
  const selfUs = new Map<number, number>();
  (profile.samples ?? []).forEach((nodeId, at) => selfUs.set(nodeId, (selfUs.get(nodeId) ?? 0) + (deltas[at] ?? 0)));
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    total += us;
    const frame = node.callFrame;
    const name = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').at(-1) ?? ''}:${String(frame.lineNumber + 1)}:${String(frame.columnNumber + 1)}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  }
  return [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([name, us]) => `  ${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${name}`)
    .join('\n');
}

const ms = (value: number) => `${String(round(value, value < 10 ? 2 : 1))} ms`;
const load = () => loadavg().map((value) => value.toFixed(1)).join(' / ');

export async function runQueueBench(): Promise<{ rows: BenchRow[]; notes: string[] }> {
  const loadAtStart = load();
  log(`generating ${String(SIZE.tickets)} tickets, ${String(SIZE.customers)} customers, ${String(SIZE.articles)} articles ...`);
  const dataset = localDataset(SIZE);
  const outDir = join(REPO_ROOT, 'node_modules', '.cache', 'atende-bench', `local-page-${String(process.pid)}`);
  log('bundling the page ...');
  await bundlePage(outDir);
  const browser = await launchBrowser(false);
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await servePage(context, outDir);
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      log(`page error: ${error.message}`);
    });
    await page.goto(`${ORIGIN}/index.html`);
    await page.waitForFunction((name) => name in globalThis, LOCAL_PAGE_GLOBAL);
    const bench = remotePage<LocalPageApi>(page, LOCAL_PAGE_GLOBAL);
    const opened = await bench.open({ serverUrl: ORIGIN, userId: USER.userId, role: USER.role });
    log(`replica open (${opened.collections.join(', ')})`);

    // Settings first (the SLA views read them), then what replication brings in bulk.
    const loadStarted = performance.now();
    const collections = [
      ['settings', dataset.settings],
      ['customers', dataset.customers],
      ['articles', dataset.articles],
      ['tickets', dataset.tickets],
    ] as const;
    for (const [name, documents] of collections) {
      for (let at = 0; at < documents.length; at += INSERT_BATCH) {
        await bench.insert(name, documents.slice(at, at + INSERT_BATCH));
        if ((at / INSERT_BATCH) % 20 === 19) log(`  ${name}: ${String(at + INSERT_BATCH)} / ${String(documents.length)}`);
      }
    }
    const loadMs = performance.now() - loadStarted;
    const counts = await bench.counts(['tickets', 'customers', 'articles']);
    log(`loaded in ${String(Math.round(loadMs / 1000))} s: ${JSON.stringify(counts)}`);
    if (counts['tickets'] !== SIZE.tickets || counts['customers'] !== SIZE.customers || counts['articles'] !== SIZE.articles) {
      throw new Error(`the replica holds ${JSON.stringify(counts)}, expected ${JSON.stringify(SIZE)}`);
    }
    const indexes = await bench.openRaw();

    const contextInput: ContextInput = { userId: USER.userId, tier: USER.tier, now: REFERENCE_TIME.getTime() };
    const sizes = await bench.viewSizes(BUILT_IN_VIEWS, contextInput);
    log(`view sizes: ${JSON.stringify(sizes)}`);
    const views: Partial<Record<BuiltInViewId, ViewResult>> = {};
    const profiler = PROFILE ? await context.newCDPSession(page) : null;
    for (const viewId of ONLY_VIEWS ?? BUILT_IN_VIEWS) {
      if (profiler !== null) await startProfile(profiler);
      views[viewId] = await bench.measureView(viewId, contextInput, { samples: SAMPLES, minSamples: 8, warmup: 3, limit: PAGE_ROWS, budgetMs: 60_000, skipRaw: PROFILE });
      log(`${viewId}: ${JSON.stringify(views[viewId])}`);
      if (profiler !== null) log(`${viewId} profile:\n${await stopProfile(profiler)}`);
    }
    if (ONLY_VIEWS !== undefined) {
      await context.close();
      return { rows: [], notes: [] };
    }
    await bench.closeRaw();

    // Knowledge base in the same renderer: the search worker indexes every article of the replica.
    const buildMs = await bench.startSearch('pix', 120_000);
    const queries = typedQueries(dataset.articles as unknown as Article[], 60);
    const latencies = await bench.typeahead(queries, { filter: { status: 'published' }, prefer: { language: 'pt-BR' }, limit: 20 });
    log(`typeahead: ${String(queries.length)} queries, p95 ${ms(percentile(latencies, 95))}`);

    const session = await context.newCDPSession(page);
    const heap = await heapUsage(session);
    const workerMB = heap.workers.reduce((sum, worker) => sum + worker.mb, 0);
    log(`heap: page ${heap.pageMB.toFixed(1)} MB, workers ${JSON.stringify(heap.workers)}`);

    const rows: BenchRow[] = [];
    for (const viewId of BUILT_IN_VIEWS) {
      const result = views[viewId];
      if (result === undefined) continue;
      const name = `queue "${VIEW_NAMES[viewId]}" (${String(sizes[viewId] ?? '?')} tickets, first ${String(PAGE_ROWS)})`;
      rows.push({ metric: `${name}: Atende query p95 (p50)`, value: `${ms(result.ours.p95)} (${ms(result.ours.p50)})`, target: `≤ ${String(TARGETS.viewP95Ms)} ms`, met: result.ours.p95 <= TARGETS.viewP95Ms });
      rows.push({ metric: `${name}: plain scan p95 (p50)`, value: `${ms(result.raw.p95)} (${ms(result.raw.p50)})${result.sameRows ? '' : ' — rows differ'}` });
      rows.push({ metric: `${name}: Atende first read after opening (cold)`, value: result.firstMs === null ? 'not read' : ms(result.firstMs) });
    }
    rows.push(
      { metric: `load ${String(SIZE.tickets + SIZE.customers + SIZE.articles)} documents into the replica (RxDB bulkInsert, ${String(INSERT_BATCH)} per call)`, value: `${String(round(loadMs / 1000, 1))} s (${String(Math.round((SIZE.tickets + SIZE.customers + SIZE.articles) / (loadMs / 1000)))} docs/s)` },
      { metric: `KB: search worker indexes ${String(SIZE.articles)} articles (from the replica, Chromium)`, value: ms(buildMs), target: '≤ 2000 ms', met: buildMs <= 2000 },
      { metric: 'KB: typeahead through the search worker (Chromium, round trip) p50', value: ms(percentile(latencies, 50)) },
      { metric: 'KB: typeahead through the search worker (Chromium, round trip) p95', value: ms(percentile(latencies, 95)), target: `≤ ${String(TARGETS.typeaheadP95Ms)} ms`, met: percentile(latencies, 95) <= TARGETS.typeaheadP95Ms },
      { metric: 'KB: typeahead through the search worker (Chromium, round trip) p99', value: ms(percentile(latencies, 99)), target: `≤ ${String(TARGETS.typeaheadP99Ms)} ms`, met: percentile(latencies, 99) <= TARGETS.typeaheadP99Ms },
      { metric: 'renderer JS heap with all data loaded: page (replica open, views read)', value: `${heap.pageMB.toFixed(1)} MB` },
      { metric: 'renderer JS heap with all data loaded: search worker (KB index)', value: heap.workers.length === 0 ? 'not reached' : `${workerMB.toFixed(1)} MB` },
      { metric: 'renderer JS heap with all data loaded: page + search worker', value: `${(heap.pageMB + workerMB).toFixed(1)} MB`, target: `≤ ${String(TARGETS.heapMB)} MB`, met: heap.pageMB + workerMB <= TARGETS.heapMB },
    );
    const differing = BUILT_IN_VIEWS.filter((viewId) => views[viewId]?.sameRows === false);
    const notes = [
      `Load average (1/5/15 min) at start ${loadAtStart}, at end ${load()} (2 cores, shared with other work: absolute times vary with it).`,
      `Data: bench:sync's documents (the demo generator, seed 1, reference time ${REFERENCE_TIME.toISOString()}; tickets numbered and stamped with the SLA fields the server computes) and the demo settings. Signed-in agent: Ana (L1); "now" = the reference time. ${String(sizes['withDueDate'] ?? '?')} active tickets carry a due date.`,
      `Atende query: what the queue page does on opening a view: queuePlan, then queueRows (RxDB queries on the renderer's block storage, first ${String(PAGE_ROWS)} rows, toJSON), until the first emission; RxDB's query cache is cleared before each sample so every sample reaches the storage (documents RxDB already holds stay cached, as in the app). ${String(SAMPLES)} samples per view after 3 warm-ups (fewer for views slower than a minute in total).`,
      `Plain scan: the same rows without any index: every ticket (plain objects, read once) tested against the view and the matches sorted, in memory, what the memory indexes must beat. Ticket indexes in the schema: ${indexes.join(', ')}.`,
      differing.length === 0 ? 'Both queries returned the same rows in the same order for every view.' : `Rows differ between the two queries for: ${differing.map((viewId) => `${viewId} (${JSON.stringify(views[viewId]?.firstDifference)})`).join('; ')}.`,
      `KB in Chromium: the renderer's KnowledgeSearch fed from the replica (build = from starting the search until it answers), then ${String(queries.length)} keystrokes (every 2+ character prefix of 60 words of the articles), each awaited, with the article picker's options (published only, pt-BR preferred). The corpus here is the plain demo articles (the Node KB bench adds faker paragraphs).`,
      'Heap: CDP HeapProfiler.collectGarbage, then Runtime.getHeapUsage, of the page and of its search worker, after everything above. The page has no React UI (the data layer only); the app adds its components on top.',
      ...LIMITS,
    ];
    await context.close();
    return { rows, notes };
  } finally {
    await browser.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const { rows, notes } = await runQueueBench();
  console.table(rows);
  for (const note of notes) console.log(`- ${note}`);
}
