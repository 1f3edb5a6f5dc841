/**
 * Scenario 2, live propagation from one writer to many observers, against small data sets of their own
 * (`--live-tickets`) so every full replica can bootstrap first. All observers run in worker threads of
 * this process on the same 2 cores as the servers, so contention is part of the numbers.
 *
 * Atende: the writer is a full replica (renderer replication on fake-indexeddb) editing a ticket
 * locally; observers are `rxdbObservers` full replicas (arrival = the edit is in their local collection)
 * plus raw stream clients for the rest (arrival = the change message is parsed). Latency = arrival minus
 * the moment the writer started its local write.
 *
 * PouchDB: the writer is a PouchDB replica with a live push replication; every observer is a live PouchDB
 * pull replication into its own in-memory database (arrival = its local change event).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Session } from '../atende';
import type { LiveWorkerInit, LiveWorkerReply, LiveWorkerRequest } from '../live-worker';
import { NodePouch } from '../pouch-node';
import type { BenchContext } from './context';

const WORKER_MODULE = join(import.meta.dirname, '..', 'live-worker.ts');

function tsxApiUrl(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { exports: Record<string, { import?: { default?: string } } | undefined> };
  const entry = manifest.exports['./esm/api']?.import?.default;
  if (entry === undefined) throw new Error('tsx/esm/api has no ESM entry');
  return pathToFileURL(join(dirname(manifestPath), entry)).href;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

class LiveWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private nextId = 1;

  constructor() {
    const bootstrap = `import(${JSON.stringify(tsxApiUrl())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(WORKER_MODULE).href)}); });`;
    this.worker = new Worker(bootstrap, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 1024 } });
    this.worker.on('message', (reply: LiveWorkerReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.ok) waiting?.resolve(reply.result);
      else waiting?.reject(new Error(reply.error));
    });
    this.worker.on('error', (error) => {
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    });
  }

  request<T>(request: DistributiveOmit<LiveWorkerRequest, 'id'>): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve, reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  init(init: LiveWorkerInit): Promise<unknown> {
    return this.request({ type: 'init', init });
  }

  async stop(): Promise<void> {
    await this.request({ type: 'stop' }).catch(() => undefined);
    await this.worker.terminate();
  }
}

export interface LiveResult {
  readonly edits: number;
  /** Latency samples (ms) per kind of observer; NaN = not arrived within the time limit. */
  readonly samples: Readonly<Record<string, number[]>>;
  readonly observers: Readonly<Record<string, number>>;
  readonly missed: number;
}

const WAIT_PER_EDIT_MS = 10_000;
const GAP_MS = 100;

async function runEdits(
  ctx: BenchContext,
  writer: LiveWorker,
  groups: readonly { readonly kind: string; readonly worker: LiveWorker }[],
  ticketIds: readonly string[],
  label: string,
): Promise<{ samples: Record<string, number[]>; missed: number }> {
  const samples: Record<string, number[]> = {};
  let missed = 0;
  for (let edit = 0; edit < ctx.options.liveEdits; edit += 1) {
    const docId = ticketIds[edit % ticketIds.length] ?? 'tkt_000001';
    const value = `live-${label}-${String(edit)}`;
    const writtenAt = await writer.request<number>({ type: 'write', docId, value });
    const results = await Promise.all(groups.map((group) => group.worker.request<number[]>({ type: 'collect', key: `${docId}|${value}`, timeoutMs: WAIT_PER_EDIT_MS })));
    for (const [index, times] of results.entries()) {
      const kind = groups[index]?.kind ?? 'unknown';
      const list = (samples[kind] ??= []);
      for (const at of times) {
        if (Number.isNaN(at)) missed += 1;
        list.push(at - writtenAt);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, GAP_MS));
  }
  return { samples, missed };
}

function liveTicketIds(count: number): string[] {
  // Spread over the data set; each edit hits a different ticket until they run out.
  return Array.from({ length: Math.min(count, 500) }, (_, index) => `tkt_${String(index * Math.max(1, Math.floor(count / 500)) + 1).padStart(6, '0')}`);
}

export async function liveAtende(ctx: BenchContext, server: { url: string }, session: Session, expectedTickets: number): Promise<LiveResult> {
  const { options } = ctx;
  const rawCount = options.observers - options.rxdbObservers;
  const workers: LiveWorker[] = [];
  try {
    const writer = new LiveWorker();
    workers.push(writer);
    const rxdbInit = { url: server.url, token: session.token, userId: session.userId, userRole: session.role, expectedTickets };
    await writer.init({ role: 'rxdb-writer', ...rxdbInit });
    const groups: { kind: string; worker: LiveWorker }[] = [];
    // Full replicas bootstrap one at a time (they share 2 cores with the server).
    for (let index = 0; index < options.rxdbObservers; index += 1) {
      const worker = new LiveWorker();
      workers.push(worker);
      await worker.init({ role: 'rxdb', ...rxdbInit });
      groups.push({ kind: 'rxdb', worker });
    }
    const rawWorkers = rawCount === 0 ? 0 : Math.min(2, rawCount);
    for (let index = 0; index < rawWorkers; index += 1) {
      const count = Math.floor(rawCount / rawWorkers) + (index < rawCount % rawWorkers ? 1 : 0);
      const worker = new LiveWorker();
      workers.push(worker);
      await worker.init({ role: 'raw', url: server.url, token: session.token, count });
      groups.push({ kind: 'raw', worker });
    }
    ctx.log(`  atende: writer + ${String(options.rxdbObservers)} full replicas + ${String(rawCount)} stream clients ready`);
    const { samples, missed } = await runEdits(ctx, writer, groups, liveTicketIds(expectedTickets), 'atende');
    return { edits: options.liveEdits, samples, observers: { rxdb: options.rxdbObservers, raw: rawCount }, missed };
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}

export async function livePouch(ctx: BenchContext, pouchUrl: string, dbName: string, expectedTickets: number): Promise<LiveResult> {
  const { options } = ctx;
  const workers: LiveWorker[] = [];
  try {
    const writer = new LiveWorker();
    workers.push(writer);
    await writer.init({ role: 'pouch-writer', base: pouchUrl, db: dbName });
    const since = (await new NodePouch(`${pouchUrl}${dbName}`).info()).update_seq;
    const groups: { kind: string; worker: LiveWorker }[] = [];
    const workerCount = Math.min(2, options.observers);
    for (let index = 0; index < workerCount; index += 1) {
      const count = Math.floor(options.observers / workerCount) + (index < options.observers % workerCount ? 1 : 0);
      const worker = new LiveWorker();
      workers.push(worker);
      await worker.init({ role: 'pouch', base: pouchUrl, db: dbName, count, since, name: `observer-${String(index)}` });
      groups.push({ kind: 'pouch', worker });
    }
    ctx.log(`  pouchdb: writer + ${String(options.observers)} live replications ready`);
    const { samples, missed } = await runEdits(ctx, writer, groups, liveTicketIds(expectedTickets), 'pouch');
    return { edits: options.liveEdits, samples, observers: { pouch: options.observers }, missed };
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}
