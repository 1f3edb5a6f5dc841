/**
 * `npm run bench:sync`: the sync engine issue's benchmarks, Atende (RxDB replica in Chromium, Fastify sync
 * server on PGlite) and PouchDB (browser PouchDB, express-pouchdb over in-memory PouchDB) side by side on
 * the same generated documents. Appends one section to docs/benchmarks.md. See bench/README.md.
 */
import { loadavg } from 'node:os';
import { collectionsForRole } from '../../src/shared/sync/collections';
import { PULL_BATCH_SIZE, PUSH_BATCH_SIZE } from '../../src/renderer/data/replication';
import { appendReport, type BenchRow } from '../lib/report';
import { percentile, round } from '../lib/stats';
import { prepareArtifacts } from './artifacts';
import { login, pullAll, removeDir, seedAtendeDir, startAtendeServer, type AtendeServer } from './atende';
import { launchBrowser, newContext } from './browser';
import { DATA_COLLECTIONS, type DatasetSize } from './dataset';
import { parseSyncBenchOptions, SYNC_BENCH_USAGE, type Scenario, type SyncBenchOptions } from './options';
import { startPouchServer, type PouchServer } from './pouch';
import { bootstrapAtende, bootstrapPouch, type AtendeBootstrapResult, type PouchBootstrapResult } from './scenarios/bootstrap';
import { catchupAtende, catchupPouch, type CatchupResult } from './scenarios/catchup';
import type { BenchContext } from './scenarios/context';
import { crashAtende, crashPouch, type CrashResult } from './scenarios/crash';
import { liveAtende, livePouch, type LiveResult } from './scenarios/live';

const started = Date.now();
function log(line: string): void {
  console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);
}

interface Results {
  bootstrap?: { atende?: AtendeBootstrapResult; pouch?: PouchBootstrapResult };
  crash?: { atende?: CrashResult; pouch?: CrashResult };
  catchup?: { atende?: CatchupResult; pouch?: CatchupResult };
  live?: { atende?: LiveResult; pouch?: LiveResult };
  failures: string[];
}

async function attempt<T>(results: Results, label: string, task: () => Promise<T>): Promise<T | undefined> {
  log(`${label} ...`);
  try {
    const value = await task();
    log(`${label}: done`);
    return value;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error);
    log(`${label} FAILED: ${message}`);
    results.failures.push(`${label}: ${message}`);
    return undefined;
  }
}

function liveSizes(options: SyncBenchOptions): DatasetSize {
  return { tickets: options.liveTickets, customers: Math.max(1, Math.round(options.liveTickets / 5)), articles: Math.round(options.liveTickets / 20) };
}

async function main(): Promise<number> {
  let options;
  try {
    const parsed = parseSyncBenchOptions(process.argv.slice(2));
    if (parsed === 'help') {
      console.log(SYNC_BENCH_USAGE);
      return 0;
    }
    options = parsed;
  } catch (error) {
    console.error(`bench:sync: ${error instanceof Error ? error.message : String(error)}\n\n${SYNC_BENCH_USAGE}`);
    return 2;
  }
  const loadAtStart = loadavg()[0] ?? 0;
  const size: DatasetSize = { tickets: options.tickets, customers: options.customers, articles: options.articles };
  const runs = (scenario: Scenario) => options.scenarios.includes(scenario);
  const needsMain = runs('bootstrap') || runs('crash') || runs('catchup');
  const results: Results = { failures: [] };
  const cleanups: (() => Promise<void> | void)[] = [];
  const notes: string[] = [];
  let atende: AtendeServer | undefined;
  let pouch: PouchServer | undefined;
  try {
    const artifacts = await prepareArtifacts(options.build, log);
    cleanups.push(() => {
      artifacts.dispose();
    });
    if (artifacts.rebuilt) notes.push('out/ was rebuilt from the working tree for this run.');

    let ctx: BenchContext | undefined;
    if (needsMain) {
      log(`seeding PGlite: ${String(size.tickets)} tickets, ${String(size.customers)} customers, ${String(size.articles)} articles ...`);
      const seeded = await seedAtendeDir(size);
      cleanups.push(() => {
        removeDir(seeded.dir);
      });
      log(`seeded in ${seeded.seconds.toFixed(1)} s; starting the Atende server`);
      atende = await startAtendeServer({ entry: artifacts.serverEntry, dataDir: seeded.dir, webDir: artifacts.webDir, log });
      const server = atende;
      cleanups.push(() => server.stop());
      const session = await login(server.url, 'agent@example.com');
      const collections = collectionsForRole(session.role).replicated;
      const expected: Record<string, number> = {};
      let idealBytes = 0;
      let pullSeconds = 0;
      for (const name of collections) {
        const pulled = await pullAll(server.url, session.token, name, PULL_BATCH_SIZE);
        expected[name] = pulled.count;
        idealBytes += pulled.bytes;
        pullSeconds += pulled.seconds;
      }
      const total = Object.values(expected).reduce((a, b) => a + b, 0);
      log(`agent replica: ${String(total)} docs (${JSON.stringify(expected)}), ${String(idealBytes)} bytes; Node pull ${String(Math.round(total / pullSeconds))} docs/s`);
      notes.push(
        `Atende data set: ${JSON.stringify(expected)} (the ${String(total - size.tickets - size.customers - size.articles)} extra documents are the demo users' profiles); ` +
          `${(idealBytes / 2 ** 20).toFixed(1)} MiB of pull responses at ${String(PULL_BATCH_SIZE)} per page; the same pages pulled from Node (no browser): ${String(Math.round(total / pullSeconds))} docs/s.`,
      );
      ctx = {
        options,
        log,
        batchSize: PULL_BATCH_SIZE,
        atende: { url: server.url, port: server.port, session, collections, expected, total, idealBytes },
      };
    }

    const live = liveSizes(options);
    if (options.pouch && (needsMain || runs('live'))) {
      log('loading the PouchDB server ...');
      pouch = await startPouchServer({
        pageDir: artifacts.pouchPageDir,
        datasets: [...(needsMain ? [{ prefix: '', ...size }] : []), ...(runs('live') ? [{ prefix: 'live_', ...live }] : [])],
        log,
      });
      const server = pouch;
      cleanups.push(() => server.stop());
      log(`PouchDB server loaded in ${server.loadSeconds.toFixed(1)} s`);
      if (ctx !== undefined) {
        const expected = Object.fromEntries(DATA_COLLECTIONS.map((name) => [name, size[name]]));
        ctx = { ...ctx, pouch: { url: server.url, port: server.port, collections: DATA_COLLECTIONS, expected, total: size.tickets + size.customers + size.articles } };
      }
    }

    const browser = await launchBrowser(options.headed);
    cleanups.push(() => browser.close());

    if (ctx !== undefined) {
      const bench = ctx;
      if (runs('bootstrap') || runs('catchup')) {
        results.bootstrap = {};
        results.catchup = {};
        if (runs('bootstrap')) results.bootstrap.atende = await attempt(results, 'bootstrap: Atende web app', () => bootstrapAtende(bench, browser));
        if (bench.pouch !== undefined) {
          // The PouchDB page that bootstraps is the client of the PouchDB catch-up.
          const pouchContext = await newContext(browser);
          try {
            const page = await pouchContext.newPage();
            const boot = await attempt(results, 'bootstrap: PouchDB', () => bootstrapPouch(bench, page));
            if (runs('bootstrap')) results.bootstrap.pouch = boot;
            if (runs('catchup') && boot !== undefined) results.catchup.pouch = await attempt(results, 'catch-up: PouchDB', () => catchupPouch(bench, page));
          } finally {
            await pouchContext.close();
          }
        }
      }
      if (runs('crash')) {
        results.crash = {};
        results.crash.atende = await attempt(results, 'crash-resume: Atende web app', () => crashAtende(bench, browser));
        if (bench.pouch !== undefined) results.crash.pouch = await attempt(results, 'crash-resume: PouchDB', () => crashPouch(bench, browser));
      }
      if (runs('catchup')) {
        const harnessContext = await newContext(browser, { serviceWorkers: 'block' });
        try {
          (results.catchup ??= {}).atende = await attempt(results, 'catch-up: Atende engine', () => catchupAtende(bench, harnessContext));
        } finally {
          await harnessContext.close();
        }
      }
    }

    if (runs('live')) {
      results.live = {};
      // The big data set is not needed any more: free the cores.
      await atende?.stop();
      await browser.close();
      const liveSeeded = await seedAtendeDir(live);
      cleanups.push(() => {
        removeDir(liveSeeded.dir);
      });
      const liveServer = await startAtendeServer({ entry: artifacts.serverEntry, dataDir: liveSeeded.dir, webDir: artifacts.webDir, log });
      cleanups.push(() => liveServer.stop());
      const session = await login(liveServer.url, 'agent@example.com');
      const liveCtx: BenchContext = ctx ?? {
        options,
        log,
        batchSize: PULL_BATCH_SIZE,
        atende: { url: liveServer.url, port: liveServer.port, session, collections: [], expected: {}, total: 0, idealBytes: 0 },
      };
      results.live.atende = await attempt(results, 'live: Atende', () => liveAtende(liveCtx, liveServer, session, live.tickets));
      await liveServer.stop();
      if (pouch !== undefined) {
        const pouchUrl = pouch.url;
        results.live.pouch = await attempt(results, 'live: PouchDB', () => livePouch(liveCtx, pouchUrl, 'live_tickets', live.tickets));
      }
    }
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch {
        // best effort
      }
    }
  }

  const { rows, notes: resultNotes } = formatResults(options, results);
  notes.push(...resultNotes, ...methodNotes(options, loadAtStart));
  for (const row of rows) console.log(`${row.metric}: ${row.value}${row.target === undefined ? '' : ` (target ${row.target}: ${row.met === true ? 'met' : 'MISSED'})`}`);
  for (const note of notes) console.log(`- ${note}`);
  if (options.report) {
    const title = `Sync engine vs PouchDB${options.quick ? ' (quick)' : ''}: ${String(options.tickets)} tickets + ${String(options.customers)} customers + ${String(options.articles)} articles`;
    await appendReport(title, rows, notes);
    console.log('Results appended to docs/benchmarks.md');
  }
  return results.failures.length > 0 ? 1 : 0;
}

/** What limits the numbers, as far as this run and the diagnostics show it. */
function limitNotes(results: Results): string[] {
  const notes: string[] = [];
  const app = results.bootstrap?.atende;
  const engine = results.catchup?.atende;
  if (app !== undefined) {
    const engineRate = engine?.bootstrapMs !== undefined && engine.bootstrapDocs !== undefined ? engine.bootstrapDocs / (engine.bootstrapMs / 1000) : undefined;
    notes.push(
      `Bootstrap limit: the browser's write path, not the server (see the Node pull rate above)${
        engineRate === undefined
          ? ''
          : `; without React the engine alone reached ${String(Math.round(engineRate))} docs/s (app: ${String(Math.round(app.docsPerSecond))}), so ${
              app.docsPerSecond >= engineRate * 0.9
                ? 'the UI (live queue query and rendering) costs nothing measurable at this size'
                : `the UI (live queue query and rendering) costs ${String(Math.round((1 - app.docsPerSecond / engineRate) * 100))} %`
            }`
      }. ` +
        'The replica is on the block storage (src/renderer/data/block-storage): each collection in memory, each bulk write one IndexedDB row, so a pulled page of 200 ' +
        'documents and its 200 replication meta rows (a full copy of each document) cost two rows instead of 400, where RxDB\'s Dexie storage capped two cores near 3k docs/s. ' +
        'What is left per document (`npx tsx bench/sync/profile-bootstrap.ts harness-blocks 100000`): structured cloning into IndexedDB (about a seventh of the page\'s time), ' +
        'the memory indexes\' binary searches on long index strings (about a seventh), RxDB\'s replication and change events, and waiting for the next page from the server.',
    );
  }
  const crash = results.crash?.atende;
  if (crash !== undefined && crash.extraPercent > 1) {
    notes.push(
      'Crash-resume limit: RxDB\'s initial pull (rxdb/src/replication-protocol/downstream.ts, `downstreamResyncOnce`) requests the next page as soon as the previous one arrived and only queues its write, ' +
        'so when IndexedDB is slower than the network, pages that were received but not yet written pile up in memory and die with the page; the checkpoint itself is exact ' +
        '(the resumed pull starts right after the last written document). Bounding that read-ahead (back-pressure in the pull handler) would bring the extra down to about one page per collection.',
    );
  }
  const catchup = results.catchup?.atende;
  if (catchup !== undefined && catchup.convergeMs > 5000) {
    notes.push(
      'Catch-up limit: the pushes, not the pulls (the server\'s changes are local long before the last push is answered). After reconnecting, RxDB\'s upstream ' +
        '(rxdb/src/replication-protocol/upstream.ts, `upstreamInitialSync`) walks every document written to the replica since its checkpoint, ' +
        `${String(PUSH_BATCH_SIZE)} at a time (the renderer's PUSH_BATCH_SIZE), including all documents the pull has just written, only to skip those that came from the server, ` +
        'and starts over after conflicts; that walk shares IndexedDB with the pull. Diagnostic (`npx tsx bench/sync/profile-bootstrap.ts catchup 50000 N`, 200 offline edits): ' +
        'idle 1.3 s after reconnecting with 100 server changes, 8.7 s with 5000. A bigger push batch (the server takes 1000 rows) would cut the walk\'s rounds.',
    );
  }
  if (catchup?.requests !== undefined) {
    const parts = Object.entries(catchup.requests)
      .filter(([, item]) => item.rows > 0 || item.requests > 1 || item.failed > 0)
      .map(
        ([key, item]) =>
          `${key}: ${String(item.requests)} requests${item.rows > 0 ? ` / ${String(item.rows)} rows` : ''}${item.failed > 0 ? ` (${String(item.failed)} failed)` : ''}, ${seconds(item.firstStartMs)}–${seconds(item.lastEndMs)}`,
      );
    notes.push(`Catch-up, what the engine sent after going online (times from going online): ${parts.join('; ')}.`);
  }
  const pouchCrash = results.crash?.pouch;
  if (pouchCrash !== undefined && pouchCrash.extraPercent < 0) {
    notes.push(
      'PouchDB crash-resume below 0 %: its ideal is measured with a Node PouchDB client, whose requests differ slightly from the browser\'s (checkpoint documents, retries); read it as "no measurable re-fetch".',
    );
  }
  const pouchLive = results.live?.pouch;
  if (pouchLive !== undefined) {
    notes.push(
      'PouchDB live: every observer is its own replication (long-poll `_changes`, then `_bulk_get` and checkpoint writes per change), so one edit costs the single-threaded PouchDB server hundreds of requests; the Atende server sends one stream message per socket.',
    );
  }
  return notes;
}

function methodNotes(options: SyncBenchOptions, loadAtStart: number): string[] {
  const notes = [
    `Run: \`npm run bench:sync${options.quick ? ' -- --quick' : ''}\` (flags in bench/README.md); 1-minute load average ${loadAtStart.toFixed(2)} at the start, ${(loadavg()[0] ?? 0).toFixed(2)} at the end. ` +
      'Servers, Chromium (Debian, headless) and the bench process share the 2 cores.',
    'Same documents on both sides: src/server/demo/generate.ts (seed 1, fixed reference time); PouchDB gets them with `_id` for `id`. ' +
      'Atende: the built server (out/server) on PGlite as a child process, the built web app. PouchDB 9 (browser build, IndexedDB adapter) against express-pouchdb 4.2 ' +
      '(the HTTP layer of pouchdb-server; the pouchdb-server package itself needs sqlite3 compiled at install) over in-memory PouchDB, which favours PouchDB. ' +
      'Both sides pull 200 documents per request (the app\'s page size; PouchDB defaults to 100).',
  ];
  if (options.scenarios.includes('bootstrap')) {
    notes.push(
      'Bootstrap: Atende timed from the click on "Sign in" (login and database open included) to every document in the replica\'s IndexedDB stores (counted in the page, polled every 200 ms), ' +
        'and on to the sync indicator\'s `online`; first queue row = first `[data-testid="ticket-row"]` visible. PouchDB timed from the start of its replication to its end, in the page.',
    );
  }
  if (options.scenarios.includes('live')) {
    notes.push(
      `Live: a small data set of its own (${String(options.liveTickets)} tickets). Atende writer = a full replica (the renderer's database on fake-indexeddb and its real sync engine, ` +
        `run in a Node worker like the chaos harness) editing a ticket locally; latency = until ${String(options.rxdbObservers)} other full replicas have the edit in their local collection, ` +
        `and until ${String(options.observers - options.rxdbObservers)} raw WebSocket clients of the stream have parsed it. PouchDB: a writer replica with live push, ${String(options.observers)} live pull ` +
        'replications into in-memory databases (each with its own long-poll). All observers run in 2–6 worker threads of one process, so they compete for the cores with the servers.',
    );
  }
  if (options.scenarios.includes('catchup')) {
    notes.push(
      'Catch-up: the Atende client is the engine harness page (the renderer\'s openUserDatabase + startSyncEngine in Chromium, no React), offline via the browser context; ' +
        'the server changes come from another client through the push API; half of the offline edits hit tickets the server changed too (another field). ' +
        'Converged = from going online until the last push request is answered (edits, merges after conflicts, conflict records; from a log of the engine\'s requests in the page) and the newest server change is local; "lost" is verified afterwards on the server and in the replica. ' +
        'PouchDB catches up with one two-way `sync` per database; it keeps one winning revision per document, so of each concurrently edited ticket one side\'s edit is hidden in a conflict revision (counted as lost).',
    );
  }
  if (options.scenarios.includes('crash')) {
    notes.push(
      'Crash-resume: the page\'s renderer process is crashed (CDP Page.crash) once the counting proxy has passed the given share of the ideal bytes; a new page of the same profile resumes. ' +
        'Bytes are uncompressed response bodies of replicated data (Atende: pull responses; PouchDB: every database request, checkpoints included); ideal = one uninterrupted bootstrap with the same page size.',
    );
  }
  return notes;
}

const ms = (value: number) => `${String(Math.round(value))} ms`;
const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

function latency(samples: readonly number[]): { p50: number; p99: number; text: string } {
  const arrived = samples.filter((value) => !Number.isNaN(value));
  const p50 = percentile(arrived, 50);
  const p99 = percentile(arrived, 99);
  return { p50, p99, text: `${String(round(p50))} / ${String(round(p99))} ms` };
}

export function formatResults(options: SyncBenchOptions, results: Results): { rows: BenchRow[]; notes: string[] } {
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  const boot = results.bootstrap;
  if (boot?.atende !== undefined) {
    const a = boot.atende;
    const ratio = boot.pouch === undefined ? undefined : a.docsPerSecond / boot.pouch.docsPerSecond;
    rows.push(
      { metric: `bootstrap: Atende, ${String(a.docs)} docs into Chromium (docs/s, sign-in click → all local)`, value: String(Math.round(a.docsPerSecond)), target: '≥ 6700', met: a.docsPerSecond >= 6700 },
      { metric: 'bootstrap: Atende, time to all docs queryable locally (sync indicator online)', value: `${seconds(a.allLocalMs)} (${seconds(a.indicatorOnlineMs)})` },
      { metric: 'bootstrap: Atende, time to first queue row (db ready)', value: `${ms(a.firstRowMs)} (${ms(a.dbReadyMs)})` },
    );
    if (ratio !== undefined) rows.push({ metric: 'bootstrap: Atende ÷ PouchDB docs/s', value: `${ratio.toFixed(2)}×`, target: '≥ 3×', met: ratio >= 3 });
  }
  if (boot?.pouch !== undefined) {
    const p = boot.pouch;
    rows.push(
      { metric: `bootstrap: PouchDB, ${String(p.docs)} docs into Chromium (docs/s)`, value: String(Math.round(p.docsPerSecond)) },
      { metric: 'bootstrap: PouchDB, time to all docs local (first docs local)', value: `${seconds(p.allLocalMs)} (${ms(p.firstDocsMs)})` },
    );
  }
  const live = results.live;
  if (live?.atende !== undefined) {
    const all = Object.values(live.atende.samples).flat();
    const total = latency(all);
    rows.push({
      metric: `live: Atende, 1 writer → ${String(options.observers)} observers, p50 / p99 (${String(live.atende.edits)} edits)`,
      value: total.text,
      target: '≤ 50 / ≤ 150 ms',
      met: total.p50 <= 50 && total.p99 <= 150,
    });
    for (const [kind, samples] of Object.entries(live.atende.samples)) {
      rows.push({ metric: `live: Atende, ${kind === 'rxdb' ? 'full RxDB replicas' : 'raw stream clients'} (${String(live.atende.observers[kind] ?? 0)}) p50 / p99`, value: latency(samples).text });
    }
    if (live.atende.missed > 0) notes.push(`Live (Atende): ${String(live.atende.missed)} arrivals missed the 10 s limit.`);
  }
  if (live?.pouch !== undefined) {
    const total = latency(Object.values(live.pouch.samples).flat());
    rows.push({ metric: `live: PouchDB, 1 writer → ${String(options.observers)} live replications, p50 / p99`, value: total.text });
    if (live.pouch.missed > 0) notes.push(`Live (PouchDB): ${String(live.pouch.missed)} arrivals missed the 10 s limit.`);
  }
  const catchup = results.catchup;
  if (catchup?.atende !== undefined) {
    const c = catchup.atende;
    const lost = c.lostOnServer + c.lostInClient + c.serverChangesMissing;
    rows.push(
      {
        metric: `catch-up: Atende, ${String(c.offlineEdits)} offline edits + ${String(c.serverChanges)} server changes, time to converge (edits pushed / changes pulled)`,
        value: `${seconds(c.convergeMs)} (${c.pushedMs === undefined ? '—' : seconds(c.pushedMs)} / ${c.pulledMs === undefined ? '—' : seconds(c.pulledMs)})`,
        target: '≤ 5 s',
        met: c.convergeMs <= 5000,
      },
      { metric: 'catch-up: Atende, lost (edits on server / edits in client / server changes in client)', value: `${String(c.lostOnServer)} / ${String(c.lostInClient)} / ${String(c.serverChangesMissing)}`, target: '0', met: lost === 0 },
    );
    if (c.indicatorMs !== undefined) rows.push({ metric: 'catch-up: Atende, until the engine is idle (sync indicator online)', value: seconds(c.indicatorMs) });
    if (c.bootstrapMs !== undefined && c.bootstrapDocs !== undefined) {
      rows.push({ metric: `bootstrap: Atende engine without UI (harness page), ${String(c.bootstrapDocs)} docs, docs/s`, value: String(Math.round(c.bootstrapDocs / (c.bootstrapMs / 1000))) });
    }
  }
  if (catchup?.pouch !== undefined) {
    const c = catchup.pouch;
    rows.push(
      { metric: 'catch-up: PouchDB, time to converge (one two-way sync)', value: seconds(c.convergeMs) },
      { metric: 'catch-up: PouchDB, lost (edits on server / edits in client / server changes in client)', value: `${String(c.lostOnServer)} / ${String(c.lostInClient)} / ${String(c.serverChangesMissing)}` },
    );
  }
  const crash = results.crash;
  if (crash?.atende !== undefined) {
    const c = crash.atende;
    rows.push(
      { metric: `crash-resume: Atende, killed at ${String(Math.round(options.crashAt * 100))} %: extra bytes re-fetched`, value: `${c.extraPercent.toFixed(2)} % (${kib(c.extraBytes)} of ${kib(c.idealBytes)})`, target: '≤ 1 %', met: c.extraPercent <= 1 },
      { metric: 'crash-resume: Atende, resume to complete replica', value: seconds(c.resumeMs) },
    );
  }
  if (crash?.pouch !== undefined) {
    const c = crash.pouch;
    rows.push(
      { metric: 'crash-resume: PouchDB, extra bytes re-fetched', value: `${c.extraPercent.toFixed(2)} % (${kib(c.extraBytes)} of ${kib(c.idealBytes)})` },
      { metric: 'crash-resume: PouchDB, resume to complete replica', value: seconds(c.resumeMs) },
    );
  }
  notes.push(...limitNotes(results));
  for (const failure of results.failures) notes.push(`FAILED ${failure}`);
  return { rows, notes };
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('bench:sync failed:', error);
    process.exitCode = 1;
  },
);
