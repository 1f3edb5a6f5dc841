/**
 * One chaos trial: the built server as a child process behind a fault-injecting TCP proxy, several
 * clients (worker threads running the renderer's replication on RxDB + fake-indexeddb) editing and
 * creating at random while going offline and reloading, the proxy dropping/stalling/refusing
 * connections and the server SIGKILLed (often while a push is in flight) and restarted on the same
 * data. Then everything heals, the clients must converge on their own, and verify.ts judges the result.
 */
import { DEMO_PASSWORD, DEMO_USERS } from '../../src/server/demo/demo-users';
import { COLLECTIONS, SYNC_COLLECTIONS } from '../../src/shared/sync/collections';
import { ClientHost } from './client-host';
import { deriveSeed, Prng } from './prng';
import type { ClientBehaviour, ClientSnapshot, ClientStats, ClientStatus, CollectionName } from './protocol';
import { ChaosProxy, type ProxyStats } from './proxy';
import { login, snapshotServer, type ServerSnapshot } from './server-api';
import { createDataTarget, freePort, ServerProcess, sleep, type ChaosDatabaseKind } from './server-process';
import { verifyTrial, type VerifySummary, type Violation } from './verify';

export interface TrialOptions {
  readonly seed: number;
  readonly db: ChaosDatabaseKind;
  readonly clients?: number;
  /** How long the chaos lasts before everything heals. */
  readonly chaosMs?: number;
  readonly convergeTimeoutMs?: number;
  /** Server kills: pause between two, and how long the server stays down. */
  readonly killEveryMs?: readonly [number, number];
  readonly downMs?: readonly [number, number];
  /** Share of kills timed to land while a push is in flight. */
  readonly killDuringPush?: number;
  readonly proxyFaultEveryMs?: readonly [number, number];
  readonly behaviour?: Partial<Omit<ClientBehaviour, 'hotTickets' | 'hotCustomers'>>;
  /** Progress lines (the timeline is also returned). */
  readonly log?: (line: string) => void;
}

export interface TrialTimings {
  setupMs: number;
  warmupMs: number;
  chaosMs: number;
  convergeMs: number;
  verifyMs: number;
  totalMs: number;
}

export interface TrialResult {
  readonly seed: number;
  readonly db: ChaosDatabaseKind;
  readonly clientCount: number;
  /** Planned length of the chaos phase. */
  readonly chaosPlannedMs: number;
  readonly ok: boolean;
  readonly violations: readonly Violation[];
  readonly summary: VerifySummary | null;
  readonly timings: TrialTimings;
  readonly server: { readonly kills: number; readonly killsDuringPush: number; readonly starts: number; readonly unexpectedExits: readonly string[] };
  readonly proxy: ProxyStats;
  readonly clients: readonly ClientStats[];
  readonly converged: 'on its own' | 'after a manual reSync' | 'never';
  readonly timeline: readonly string[];
  readonly serverOutput: readonly string[];
}

const DEFAULT_BEHAVIOUR: Omit<ClientBehaviour, 'hotTickets' | 'hotCustomers'> = {
  opIntervalMs: [80, 400],
  onlineMs: [2_000, 7_000],
  offlineMs: [400, 5_000],
  reloadEveryMs: [8_000, 20_000],
  focusEveryMs: [5_000, 15_000],
};

export async function runTrial(options: TrialOptions): Promise<TrialResult> {
  const started = Date.now();
  const seed = options.seed >>> 0;
  const clientCount = options.clients ?? 4;
  const chaosMs = options.chaosMs ?? 25_000;
  const timeline: string[] = [];
  const log = (line: string) => {
    const entry = `${((Date.now() - started) / 1000).toFixed(2).padStart(7)}s ${line}`;
    timeline.push(entry);
    options.log?.(entry);
  };
  const timings: TrialTimings = { setupMs: 0, warmupMs: 0, chaosMs: 0, convergeMs: 0, verifyMs: 0, totalMs: 0 };
  const violations: Violation[] = [];
  let summary: VerifySummary | null = null;
  let converged: TrialResult['converged'] = 'never';
  let killsDuringPush = 0;

  const target = await createDataTarget(options.db);
  const server = new ServerProcess(await freePort(), target);
  const proxy = new ChaosProxy(server.port);
  // Workers boot (load RxDB and the renderer) while the server starts.
  const hosts: ClientHost[] = Array.from({ length: clientCount }, (_unused, index) => new ClientHost(index, log));
  let clientSnapshots: ClientSnapshot[] = [];
  try {
    // ---- setup -------------------------------------------------------------------------------------------
    log(`trial seed=${seed} db=${options.db} (${target.description}) clients=${clientCount}`);
    await server.start();
    log('server started');
    const proxyPort = await proxy.listen();
    const proxyUrl = `http://127.0.0.1:${proxyPort}`;
    const observer = await login(server.url, 'supervisor@example.com', DEMO_PASSWORD);
    const initial = await snapshotServer(server.url, observer.token);
    const plan = new Prng(deriveSeed(seed, 'plan'));
    const hotTickets = plan.sample(
      initial.docs.tickets.map((doc) => doc.id),
      8,
    );
    const hotCustomers = plan.sample(
      initial.docs.customers.map((doc) => doc.id),
      3,
    );
    const behaviour: ClientBehaviour = { ...DEFAULT_BEHAVIOUR, ...options.behaviour, hotTickets, hotCustomers };
    const ready: Promise<void>[] = [];
    for (const host of hosts) {
      const user = DEMO_USERS[host.index % DEMO_USERS.length];
      if (user === undefined) throw new Error('no demo users');
      const session = await login(server.url, user.email, DEMO_PASSWORD);
      ready.push(
        host.initialize({
          index: host.index,
          seed: deriveSeed(seed, `client-${host.index}`),
          serverUrl: proxyUrl,
          userId: session.user.id,
          role: session.user.role,
          token: session.token,
          idPrefix: `chaos-${seed.toString(36)}-c${host.index}`,
          behaviour,
        }),
      );
    }
    await Promise.all(ready);
    log('clients started');
    timings.setupMs = Date.now() - started;

    // ---- warm-up: every client holds the initial data ------------------------------------------------------
    let phase = Date.now();
    const warm = await waitForConvergence(hosts, server.url, observer.token, 60_000);
    if (!warm.ok) throw new Error(`clients did not load the initial data: ${warm.detail}`);
    timings.warmupMs = Date.now() - phase;
    log(`warm-up done in ${timings.warmupMs} ms`);

    // ---- chaos ---------------------------------------------------------------------------------------------
    phase = Date.now();
    const deadline = phase + chaosMs;
    await Promise.all(hosts.map((host) => host.start()));
    const serverPrng = new Prng(deriveSeed(seed, 'server'));
    const proxyPrng = new Prng(deriveSeed(seed, 'proxy'));
    const killEvery = options.killEveryMs ?? [3_000, 7_000];
    const downMs = options.downMs ?? [200, 2_000];
    const killDuringPush = options.killDuringPush ?? 0.6;
    const proxyEvery = options.proxyFaultEveryMs ?? [1_000, 3_500];

    const serverChaos = async () => {
      for (;;) {
        await sleep(serverPrng.int(killEvery[0], killEvery[1]));
        if (Date.now() >= deadline) return;
        let note = 'at a random moment';
        if (serverPrng.chance(killDuringPush)) {
          const delay = serverPrng.int(0, 40);
          if (await nextPush(proxy, 3_000)) {
            await sleep(delay);
            killsDuringPush += 1;
            note = `${delay} ms after a push started`;
          } else note = 'no push came within 3 s';
        }
        await server.kill();
        log(`server SIGKILLed (${note})`);
        await sleep(serverPrng.int(downMs[0], downMs[1]));
        const restartStarted = Date.now();
        try {
          await server.start();
          log(`server restarted in ${Date.now() - restartStarted} ms`);
        } catch (error) {
          // A start that is only slow (a loaded machine: PGlite compiles its WebAssembly on every start)
          // is tried once more; a server that cannot start twice, or exits, is a violation.
          log(`server restart failed (${String(error)}); trying once more`);
          try {
            await server.start(180_000);
            log(`server restarted on the second try after ${Date.now() - restartStarted} ms`);
          } catch (second) {
            violations.push({ rule: 'server-restart', message: second instanceof Error ? second.message : String(second) });
            log(`server restart FAILED: ${String(second)}`);
            return;
          }
        }
      }
    };
    const proxyChaos = async () => {
      for (;;) {
        await sleep(proxyPrng.int(proxyEvery[0], proxyEvery[1]));
        if (Date.now() >= deadline) return;
        const roll = proxyPrng.next();
        if (roll < 0.35) {
          const open = proxy.openConnections;
          proxy.dropAll();
          log(`proxy dropped ${open} connections`);
        } else if (roll < 0.7) {
          const ms = proxyPrng.int(300, 5_000);
          proxy.stall(ms);
          log(`proxy stalls for ${ms} ms`);
        } else {
          const ms = proxyPrng.int(300, 3_000);
          proxy.refuse(ms);
          log(`proxy refuses new connections for ${ms} ms`);
        }
      }
    };
    await Promise.all([serverChaos(), proxyChaos()]);
    timings.chaosMs = Date.now() - phase;

    // ---- heal and converge ---------------------------------------------------------------------------------
    phase = Date.now();
    log('healing: clients stop editing and come online, proxy passes, server up');
    await Promise.all(hosts.map((host) => host.quiesce()));
    proxy.heal();
    if (!server.running) await server.start();
    const settle = await waitForConvergence(hosts, server.url, observer.token, options.convergeTimeoutMs ?? 30_000);
    if (settle.ok) converged = 'on its own';
    else {
      violations.push({ rule: 'convergence', message: `clients did not converge on their own: ${settle.detail}` });
      log(`no convergence: ${settle.detail}; trying a manual reSync`);
      await Promise.all(hosts.map((host) => host.resync()));
      const retry = await waitForConvergence(hosts, server.url, observer.token, 10_000);
      if (retry.ok) converged = 'after a manual reSync';
    }
    timings.convergeMs = Date.now() - phase;
    log(`converged ${converged} after ${timings.convergeMs} ms`);

    // ---- verify --------------------------------------------------------------------------------------------
    phase = Date.now();
    const final = await snapshotServer(server.url, observer.token);
    clientSnapshots = await Promise.all(hosts.map((host) => host.snapshot()));
    const verdict = verifyTrial({
      initial,
      final,
      clients: clientSnapshots,
      serverOwnedFields: Object.fromEntries(SYNC_COLLECTIONS.map((name) => [name, COLLECTIONS[name].serverOwnedFields])) as Record<
        CollectionName,
        readonly string[]
      >,
      editedCollections: ['tickets', 'customers'],
    });
    violations.push(...verdict.violations);
    summary = verdict.summary;
    for (const exit of server.unexpectedExits) violations.push({ rule: 'server-crash', message: exit });
    timings.verifyMs = Date.now() - phase;
  } catch (error) {
    violations.push({ rule: 'harness', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  } finally {
    await Promise.allSettled(hosts.map((host) => host.dispose()));
    await server.kill();
    await proxy.close();
    await target.dispose().catch((error: unknown) => {
      log(`could not remove the data target: ${String(error)}`);
    });
  }
  timings.totalMs = Date.now() - started;
  return {
    seed,
    db: options.db,
    clientCount,
    chaosPlannedMs: chaosMs,
    ok: violations.length === 0,
    violations,
    summary,
    timings,
    server: { kills: server.kills, killsDuringPush, starts: server.starts, unexpectedExits: server.unexpectedExits },
    proxy: proxy.stats,
    clients: clientSnapshots.map((snapshot) => snapshot.stats),
    converged,
    timeline,
    serverOutput: server.output,
  };
}

function nextPush(proxy: ChaosProxy, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const onPush = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      proxy.off('push', onPush);
      resolve(false);
    }, timeoutMs);
    proxy.once('push', onPush);
  });
}

/**
 * Polls until every client reports nothing pending, its replications in sync, and exactly the
 * server's data (same digest as a fresh pull of everything), all at once.
 */
async function waitForConvergence(
  hosts: readonly ClientHost[],
  serverUrl: string,
  token: string,
  timeoutMs: number,
): Promise<{ ok: boolean; detail: string }> {
  const deadline = Date.now() + timeoutMs;
  let detail = '';
  for (;;) {
    let server: ServerSnapshot | null = null;
    let statuses: ClientStatus[] = [];
    try {
      server = await snapshotServer(serverUrl, token);
      statuses = await Promise.all(hosts.map((host) => host.status()));
    } catch (error) {
      detail = `poll failed: ${String(error)}`;
    }
    if (server !== null && statuses.length === hosts.length) {
      const serverDigests: Readonly<Record<string, string>> = server.digests;
      const differing = (status: ClientStatus) => Object.keys(status.digests).filter((name) => status.digests[name] !== serverDigests[name]);
      const lagging = statuses
        .map((status, index) => ({ status, index, differs: differing(status) }))
        .filter(({ status, differs }) => status.pending > 0 || !status.inSync || differs.length > 0 || !('tickets' in status.digests));
      if (lagging.length === 0) return { ok: true, detail: '' };
      detail = lagging
        .map(
          ({ status, index, differs }) =>
            `client ${index}: pending=${status.pending} inSync=${status.inSync} differs=[${differs.join(',')}] stream=${status.streamState} online=${status.online} ${status.detail}`,
        )
        .join('; ');
    }
    if (Date.now() > deadline) return { ok: false, detail };
    await sleep(500);
  }
}

export function formatTrial(result: TrialResult): string {
  const sum = (pick: (stats: ClientStats) => number) => result.clients.reduce((total, stats) => total + pick(stats), 0);
  const s = result.summary;
  return [
    `[chaos] ${result.db.padEnd(8)} seed=${result.seed} ${result.ok ? 'OK  ' : 'FAIL'} ${(result.timings.totalMs / 1000).toFixed(1)}s`,
    `kills=${result.server.kills} (${result.server.killsDuringPush} mid-push)`,
    `drops=${result.proxy.drops} stalls=${result.proxy.stalls} refusals=${result.proxy.refusals}`,
    `offline=${sum((stats) => stats.offlineWindows)} reloads=${sum((stats) => stats.reloads)}`,
    s === null ? 'no verdict' : `writes=${s.writes} acked=${s.ackedWrites} creates=${s.creates} contested=${s.contestedFields} conflicts=${s.conflicts}`,
    `converged ${result.converged} in ${(result.timings.convergeMs / 1000).toFixed(1)}s`,
  ].join(' ');
}

/** Everything needed to understand a failed trial. */
export function formatFailure(result: TrialResult): string {
  return [
    formatTrial(result),
    `Reproduce: npm run chaos -- --seed ${result.seed} --db ${result.db} --clients ${result.clientCount} --seconds ${Math.round(result.chaosPlannedMs / 1000)}`,
    'Violations:',
    ...result.violations.map((violation) => `  [${violation.rule}] ${violation.message}`),
    'Timeline (last 60):',
    ...result.timeline.slice(-60).map((line) => `  ${line}`),
    'Server output (last 30):',
    ...result.serverOutput.slice(-30).map((line) => `  ${line}`),
  ].join('\n');
}
