/**
 * Diagnostic for the numbers of `npm run bench:sync`: where the page's main thread spends its time.
 * Samples the page with the DevTools CPU profiler and prints the top functions by self and by inclusive
 * time (bundles unminified, so names are readable).
 *
 *   npx tsx bench/sync/profile-bootstrap.ts [harness|harness-dexie|harness-memory|app|catchup] [tickets] [server changes, catchup only]
 *
 * `harness`: cold bootstrap of the renderer's database (on the app's block storage) and sync engine
 * without React; `harness-dexie`: the same on RxDB's Dexie storage (the app's before); `harness-memory`:
 * the same on RxDB's memory storage (what RxDB's replication and the page cost without IndexedDB); `app`: cold
 * bootstrap of the whole web app; `catchup`: the harness, bootstrapped, goes offline, edits 200
 * tickets while the server changes N tickets (default 100; the first 100 edited ones among them), and is
 * profiled from going online until it is idle.
 */
import { collectionsForRole } from '../../src/shared/sync/collections';
import { prepareArtifacts } from './artifacts';
import { login, pullAll, push, removeDir, seedAtendeDir, startAtendeServer, type WireDoc } from './atende';
import { idbCounts, launchBrowser, newContext, poll } from './browser';
import { sum } from './scenarios/bootstrap';
import { harness } from './scenarios/catchup';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

function printProfile(profile: CpuProfile): void {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const name = (id: number) => {
    const frame = nodes.get(id)?.callFrame;
    return frame === undefined ? '?' : `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop() ?? ''}:${String(frame.lineNumber)}`;
  };
  const selfTime = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let sampled = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    sampled += delta;
    selfTime.set(name(id), (selfTime.get(name(id)) ?? 0) + delta);
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parents.get(current)) {
      const key = name(current);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + delta);
    }
  });
  const print = (title: string, times: Map<string, number>, count: number) => {
    console.log(title);
    for (const [key, micros] of [...times].sort((a, b) => b[1] - a[1]).slice(0, count)) {
      console.log(`${(micros / 1000).toFixed(0).padStart(7)} ms ${((100 * micros) / sampled).toFixed(1).padStart(5)} %  ${key}`);
    }
  };
  print('self time:', selfTime, 20);
  print('inclusive time:', inclusive, Number(process.env.PROFILE_TOP ?? 40));
}

const MODES = ['harness', 'harness-dexie', 'harness-memory', 'app', 'catchup'] as const;
const mode = MODES.find((name) => name === (process.argv[2] ?? 'harness'));
if (mode === undefined) {
  console.error(`usage: npx tsx bench/sync/profile-bootstrap.ts [${MODES.join('|')}] [tickets] [server changes]`);
  process.exit(1);
}
const tickets = Number(process.argv[3] ?? 20_000);
const serverChanges = Math.max(100, Number(process.argv[4] ?? 100));
process.env.BENCH_SYNC_MINIFY = '0';
const artifacts = await prepareArtifacts('never', console.log);
const seeded = await seedAtendeDir({ tickets, customers: Math.round(tickets / 5), articles: Math.round(tickets / 10) });
const server = await startAtendeServer({ entry: artifacts.serverEntry, dataDir: seeded.dir, webDir: artifacts.webDir, log: console.log });
const browser = await launchBrowser(false);
try {
  const session = await login(server.url, 'agent@example.com');
  const collections = collectionsForRole(session.role).replicated;
  let total = 0;
  for (const name of collections) total += (await pullAll(server.url, session.token, name, 1000)).count;
  const context = await newContext(browser, { serviceWorkers: 'block' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const api = harness(page);
  const storage = mode === 'harness-memory' ? 'memory' : mode === 'harness-dexie' ? 'dexie' : 'app';
  const open = () => api.call('open', { serverUrl: server.url, token: session.token, userId: session.userId, role: session.role, storage });
  // Counted in IndexedDB where the replica is stored there (browser/idb-count.ts), by RxDB in memory.
  const localCounts = () => (storage === 'memory' ? api.call('counts', collections) : idbCounts(page, collections));
  const startProfiler = async () => {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  };
  if (mode === 'app') {
    await page.goto(`${server.url}/`);
    await page.getByLabel(/email/i).fill('agent@example.com');
    await page.getByLabel(/password/i).fill('demo1234');
  } else {
    await page.goto(`${server.url}/bench/harness.html`);
    await api.ready();
  }
  if (mode !== 'catchup') {
    await startProfiler();
    const started = Date.now();
    if (mode === 'app') await page.getByRole('button', { name: /sign in/i }).click();
    else await open();
    await poll(localCounts, (counts) => sum(counts) >= total, { timeoutMs: 600_000, intervalMs: 200, what: 'the bootstrap' });
    const elapsed = Date.now() - started;
    console.log(`${mode}: ${String(total)} docs in ${String(elapsed)} ms (${String(Math.round(total / (elapsed / 1000)))} docs/s)`);
  } else {
    await open();
    await poll(
      async () => ({ counts: await idbCounts(page, collections), status: await api.call('status') }),
      ({ counts, status }) => sum(counts) >= total && status.state === 'online',
      { timeoutMs: 600_000, intervalMs: 200, what: 'the bootstrap' },
    );
    const ids = Array.from({ length: 200 }, (_, index) => `tkt_${String(index + 1).padStart(6, '0')}`);
    const changed = new Set(Array.from({ length: serverChanges }, (_, index) => `tkt_${String(index + 1).padStart(6, '0')}`));
    const masters: WireDoc[] = [];
    await pullAll(server.url, session.token, 'tickets', 1000, (doc) => {
      if (changed.has(doc.id)) masters.push(doc);
    });
    await context.setOffline(true);
    await poll(() => api.call('status'), (status) => status.state === 'offline', { timeoutMs: 30_000, what: 'offline' });
    await api.call('editTickets', ids, 'Offline edit');
    for (let start = 0; start < masters.length; start += 500) {
      const rows = masters.slice(start, start + 500).map((master) => ({ assumedMasterState: master, newDocumentState: { ...master, description: 'Server change' } }));
      await push(server.url, session.token, 'tickets', rows);
    }
    await startProfiler();
    const since = await api.call('now');
    const started = Date.now();
    await context.setOffline(false);
    await poll(() => api.call('status'), (status) => status.state === 'online' && status.pending === 0, { timeoutMs: 600_000, intervalMs: 50, what: 'idle' });
    console.log(`catchup: idle after ${String(Date.now() - started)} ms; requests: ${JSON.stringify(await api.call('requests', since))}`);
  }
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  printProfile(profile);
} finally {
  await browser.close();
  await server.stop();
  removeDir(seeded.dir);
  artifacts.dispose();
}
