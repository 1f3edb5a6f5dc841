/**
 * Diagnostic for the bootstrap numbers of `npm run bench:sync`: where the page's main thread spends a
 * cold bootstrap. Samples the page with the DevTools CPU profiler and prints the top functions by self
 * time (bundles unminified, so names are readable).
 *
 *   npx tsx bench/sync/profile-bootstrap.ts [harness|app] [tickets]
 *
 * `harness` is the renderer's database and sync engine without React, `app` the whole web app.
 */
import { collectionsForRole } from '../../src/shared/sync/collections';
import { prepareArtifacts } from './artifacts';
import { login, pullAll, removeDir, seedAtendeDir, startAtendeServer } from './atende';
import { idbCounts, launchBrowser, newContext, poll } from './browser';
import { sum } from './scenarios/bootstrap';
import { harness } from './scenarios/catchup';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const mode = process.argv[2] === 'app' ? 'app' : 'harness';
const tickets = Number(process.argv[3] ?? 20_000);
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
  if (mode === 'harness') {
    await page.goto(`${server.url}/bench/harness.html`);
    await api.ready();
  } else {
    await page.goto(`${server.url}/`);
    await page.getByLabel(/email/i).fill('agent@example.com');
    await page.getByLabel(/password/i).fill('demo1234');
  }
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  const started = Date.now();
  if (mode === 'harness') await api.call('open', { serverUrl: server.url, token: session.token, userId: session.userId, role: session.role });
  else await page.getByRole('button', { name: /sign in/i }).click();
  await poll(() => idbCounts(page, collections), (counts) => sum(counts) >= total, { timeoutMs: 600_000, intervalMs: 200, what: 'the bootstrap' });
  const elapsed = Date.now() - started;
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfTime = new Map<string, number>();
  let sampled = 0;
  profile.samples.forEach((id, index) => {
    const frame = nodes.get(id)?.callFrame;
    const key = frame === undefined ? '?' : `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop() ?? ''}:${String(frame.lineNumber)}`;
    const delta = profile.timeDeltas[index] ?? 0;
    selfTime.set(key, (selfTime.get(key) ?? 0) + delta);
    sampled += delta;
  });
  console.log(`${mode}: ${String(total)} docs in ${String(elapsed)} ms (${String(Math.round(total / (elapsed / 1000)))} docs/s); self time of the page's main thread:`);
  for (const [key, micros] of [...selfTime].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`${(micros / 1000).toFixed(0).padStart(7)} ms ${((100 * micros) / sampled).toFixed(1).padStart(5)} %  ${key}`);
  }
} finally {
  await browser.close();
  await server.stop();
  removeDir(seeded.dir);
  artifacts.dispose();
}
