/**
 * Sync API v1 on the embedded default (PGlite): how fast a client can bootstrap by pulling, how long a
 * single-row push takes, and how fast a write reaches live observers over the stream. Everything runs on
 * loopback against the real server; sizes are bounded so the run finishes in about a minute.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { buildServer } from '../src/server/app';
import { openDatabase } from '../src/server/db/database';
import { migrateToLatest } from '../src/server/db/migrate';
import { DEMO_PASSWORD } from '../src/server/demo/demo-users';
import { seedDemoData } from '../src/server/demo/seed';
import { createLogger } from '../src/server/logger';
import type { LoginResponse } from '../src/shared/sync/auth';
import type { PullResponse, StreamServerMessage } from '../src/shared/sync/protocol';
import type { BenchRow } from './lib/report';
import { percentile, round } from './lib/stats';

const TICKETS = 20_000;
const CUSTOMERS = 4_000;
const PUSHES = 200;
const OBSERVERS = 50;
const PROPAGATIONS = 100;

export async function runSyncApiBench(): Promise<{ rows: BenchRow[]; notes: string[] }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'atende-bench-'));
  const logger = createLogger({ level: 'warn' });
  const database = await openDatabase({ kind: 'pglite', dataDir }, logger);
  await migrateToLatest(database.db, logger);
  const seedStart = performance.now();
  await seedDemoData(database.db, { tickets: TICKETS, customers: CUSTOMERS, articles: 0, seed: 1 });
  const seedSeconds = (performance.now() - seedStart) / 1000;

  const app = await buildServer({ database, config: { jwtSecret: 'x'.repeat(48), webDir: dataDir }, logger });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const token = await login(base);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    // Bootstrap: page through every ticket as a fresh client would.
    const pullStart = performance.now();
    let checkpoint: unknown = null;
    let pulled = 0;
    for (;;) {
      const query = checkpoint === null ? '' : `&checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}`;
      const response = await fetch(`${base}/api/v1/sync/tickets/pull?limit=1000${query}`, { headers });
      const page = (await response.json()) as PullResponse<{ id: string; subject: string }>;
      if (page.documents.length === 0) break;
      pulled += page.documents.length;
      checkpoint = page.checkpoint;
    }
    const pullDocsPerSecond = pulled / ((performance.now() - pullStart) / 1000);

    // Observers for live propagation.
    const observers = await Promise.all(Array.from({ length: OBSERVERS }, () => connectObserver(base, token)));
    const firstPage = (await (await fetch(`${base}/api/v1/sync/tickets/pull?limit=${PUSHES}`, { headers })).json()) as PullResponse<{
      id: string;
      subject: string;
    }>;
    const pushLatencies: number[] = [];
    const propagation: number[] = [];
    let round_ = 0;
    for (const doc of firstPage.documents) {
      round_ += 1;
      const next = { ...doc, subject: `Bench edit ${String(round_)}` };
      const measureLive = round_ <= PROPAGATIONS;
      const arrivals = measureLive ? observers.map((observer) => observer.waitFor(doc.id, next.subject)) : [];
      const start = performance.now();
      const response = await fetch(`${base}/api/v1/sync/tickets/push`, {
        method: 'POST',
        headers,
        body: JSON.stringify([{ assumedMasterState: doc, newDocumentState: next }]),
      });
      pushLatencies.push(performance.now() - start);
      const conflicts = (await response.json()) as unknown[];
      if (conflicts.length > 0) throw new Error('benchmark push conflicted');
      if (measureLive) for (const at of await Promise.all(arrivals)) propagation.push(at - start);
    }
    for (const observer of observers) observer.close();

    return {
      rows: [
        { metric: `seed ${String(TICKETS)} tickets + ${String(CUSTOMERS)} customers (PGlite)`, value: `${String(round(seedSeconds, 2))} s` },
        { metric: 'bootstrap pull, limit 1000 (docs/s)', value: String(Math.round(pullDocsPerSecond)) },
        { metric: 'single-row push p50 / p95', value: `${String(round(percentile(pushLatencies, 50)))} / ${String(round(percentile(pushLatencies, 95)))} ms` },
        {
          metric: `live propagation to ${String(OBSERVERS)} observers p50 / p99`,
          value: `${String(round(percentile(propagation, 50)))} / ${String(round(percentile(propagation, 99)))} ms`,
        },
      ],
      notes: [
        'Server and clients share the same 2 cores; observers are raw WebSocket clients, not browsers.',
        'Propagation is measured from the start of the push request to the change message at each observer.',
      ],
    };
  } finally {
    await app.close();
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function login(base: string): Promise<string> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'agent@example.com', password: DEMO_PASSWORD }),
  });
  if (!response.ok) throw new Error(`login failed: ${String(response.status)}`);
  return ((await response.json()) as LoginResponse).token;
}

interface Observer {
  waitFor(id: string, subject: string): Promise<number>;
  close(): void;
}

async function connectObserver(base: string, token: string): Promise<Observer> {
  const socket = new WebSocket(`${base.replace('http', 'ws')}/api/v1/sync/stream?token=${encodeURIComponent(token)}`);
  const waiters = new Map<string, (at: number) => void>();
  socket.on('message', (raw: Buffer) => {
    const at = performance.now();
    const message = JSON.parse(raw.toString()) as StreamServerMessage;
    if (message.type !== 'change') return;
    for (const doc of message.documents) {
      const key = `${String(doc['id'])}|${String(doc['subject'])}`;
      const resolve = waiters.get(key);
      if (resolve) {
        waiters.delete(key);
        resolve(at);
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => {
      resolve();
    });
    socket.once('error', reject);
  });
  return {
    waitFor: (id, subject) =>
      new Promise<number>((resolve) => {
        waiters.set(`${id}|${subject}`, resolve);
      }),
    close: () => {
      socket.close();
    },
  };
}
