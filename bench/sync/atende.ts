/**
 * The Atende side's server: a PGlite directory seeded with the bench data set, then the built server
 * (`node out/server/index.js`, from the run's snapshot) as a child process on loopback, serving the
 * web app and the bench harness. Plus the few API calls the benchmark makes itself (login, pull, push).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/server/db/database';
import { migrateToLatest } from '../../src/server/db/migrate';
import { DEMO_PASSWORD } from '../../src/server/demo/demo-users';
import { createDemoUsers } from '../../src/server/demo/seed';
import { ensureUserProfiles } from '../../src/server/auth/user-profiles';
import { createLogger } from '../../src/server/logger';
import type { Role } from '../../src/shared/domain/roles';
import { HEALTH_PATH, LOGIN_PATH, type LoginResponse } from '../../src/shared/sync/auth';
import type { SyncCollectionName } from '../../src/shared/sync/collections';
import { syncPullPath, syncPushPath, type PullResponse, type SyncCheckpoint } from '../../src/shared/sync/protocol';
import { writeAtendeDataset, type DatasetSize } from './dataset';

export const BENCH_JWT_SECRET = 'atende-sync-bench-secret-0123456789abcdefghijklmnop';

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve();
    });
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => { resolve(); }));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A PGlite directory with the demo users and their profiles plus the data set. */
export async function seedAtendeDir(size: DatasetSize): Promise<{ dir: string; seconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'atende-syncbench-'));
  const logger = createLogger({ level: 'warn' });
  const database = await openDatabase({ kind: 'pglite', dataDir: dir }, logger);
  const started = performance.now();
  try {
    await migrateToLatest(database.db, logger);
    // The demo accounts and their profile documents; the bench writes its own data set.
    await createDemoUsers(database.db);
    await ensureUserProfiles(database.db);
    await writeAtendeDataset(database.db, size);
  } finally {
    await database.close();
  }
  return { dir, seconds: (performance.now() - started) / 1000 };
}

export interface AtendeServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function waitForHttp(url: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child?.exitCode !== null && child?.exitCode !== undefined) throw new Error(`server exited with code ${String(child.exitCode)}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${String(timeoutMs)} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function startAtendeServer(options: { entry: string; dataDir: string; webDir: string; log: (line: string) => void }): Promise<AtendeServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [options.entry], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ATENDE_DATA_DIR: options.dataDir,
      ATENDE_WEB_DIR: options.webDir,
      ATENDE_JWT_SECRET: BENCH_JWT_SECRET,
      ATENDE_DEMO: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim() !== '') options.log(`[atende server] ${line}`);
  });
  const url = `http://127.0.0.1:${String(port)}`;
  await waitForHttp(`${url}${HEALTH_PATH}`, 60_000, child);
  return {
    url,
    port,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => { resolve(); }));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface Session {
  readonly token: string;
  readonly userId: string;
  readonly role: Role;
}

export async function login(url: string, email: string): Promise<Session> {
  const response = await fetch(`${url}${LOGIN_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (!response.ok) throw new Error(`login as ${email} failed: HTTP ${String(response.status)}`);
  const body = (await response.json()) as LoginResponse;
  return { token: body.token, userId: body.user.id, role: body.user.role };
}

export type WireDoc = { readonly id: string; readonly _deleted: boolean } & Readonly<Record<string, unknown>>;

export interface PullAllResult {
  readonly count: number;
  /** Response body bytes: what a client that is never interrupted downloads with this page size. */
  readonly bytes: number;
  readonly requests: number;
  readonly seconds: number;
}

/**
 * Pulls a whole collection page by page as a fresh client does (same page size and query shape as the
 * renderer's replication); `keep` sees every document.
 */
export async function pullAll(
  url: string,
  token: string,
  collection: SyncCollectionName,
  limit: number,
  keep?: (doc: WireDoc) => void,
): Promise<PullAllResult> {
  const started = performance.now();
  let checkpoint: SyncCheckpoint | null = null;
  let count = 0;
  let bytes = 0;
  let requests = 0;
  for (;;) {
    const query = new URLSearchParams({ limit: String(limit) });
    if (checkpoint !== null) query.set('checkpoint', JSON.stringify(checkpoint));
    const response = await fetch(`${url}${syncPullPath(collection)}?${query.toString()}`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`pull ${collection}: HTTP ${String(response.status)}`);
    const text = await response.text();
    bytes += Buffer.byteLength(text);
    requests += 1;
    const page = JSON.parse(text) as PullResponse;
    for (const doc of page.documents) keep?.(doc as unknown as WireDoc);
    count += page.documents.length;
    if (page.documents.length < limit || page.checkpoint === null) break;
    checkpoint = page.checkpoint;
  }
  return { count, bytes, requests, seconds: (performance.now() - started) / 1000 };
}

/** Pushes rows; returns the number of conflicts the server answered with. */
export async function push(url: string, token: string, collection: SyncCollectionName, rows: readonly { assumedMasterState: WireDoc | null; newDocumentState: WireDoc }[]): Promise<number> {
  const response = await fetch(`${url}${syncPushPath(collection)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(rows),
  });
  if (!response.ok) throw new Error(`push ${collection}: HTTP ${String(response.status)} ${(await response.text()).slice(0, 300)}`);
  return ((await response.json()) as unknown[]).length;
}
