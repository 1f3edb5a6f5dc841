/**
 * The real, built sync server (`node out/server/index.js`) as a child process that the chaos test
 * SIGKILLs and starts again on the same data: a PGlite directory or a scratch Postgres database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export type ChaosDatabaseKind = 'pglite' | 'postgres';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SERVER_ENTRY = join(REPO_ROOT, 'out', 'server', 'index.js');
export const TEST_POSTGRES_URL =
  process.env.ATENDE_TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Fixed so tokens issued before a restart stay valid after it. */
export const CHAOS_JWT_SECRET = 'chaos-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
export const DEMO_SIZES = { tickets: 40, customers: 10, articles: 0 } as const;

/** Where the server keeps its data for one trial; `dispose` removes it. */
export interface DataTarget {
  readonly kind: ChaosDatabaseKind;
  readonly env: Readonly<Record<string, string>>;
  readonly description: string;
  dispose(): Promise<void>;
}

export async function createDataTarget(kind: ChaosDatabaseKind): Promise<DataTarget> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'atende-chaos-'));
    return {
      kind,
      env: { ATENDE_DATA_DIR: dir },
      description: dir,
      dispose: () => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  }
  const name = `atende_chaos_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    kind,
    env: { DATABASE_URL: url.toString() },
    description: name,
    dispose: () => withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`)),
  };
}

async function withAdminClient(task: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await task(client);
  } finally {
    await client.end();
  }
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolvePromise();
    });
  });
  const address = server.address();
  await new Promise<void>((resolvePromise) => {
    server.close(() => {
      resolvePromise();
    });
  });
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const OUTPUT_LINES_KEPT = 200;

export class ServerProcess {
  readonly port: number;
  private readonly target: DataTarget;
  private child: ChildProcess | null = null;
  private expectingExit = false;
  /** Exits we did not cause (crash on start, crash while running). */
  readonly unexpectedExits: string[] = [];
  readonly output: string[] = [];
  starts = 0;
  kills = 0;

  constructor(port: number, target: DataTarget) {
    this.port = port;
    this.target = target;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Starts the server and resolves once /healthz answers (rejects if it exits or takes too long). */
  async start(timeoutMs = 90_000): Promise<void> {
    if (this.child !== null) return;
    if (!existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run \`npm run build\` first`);
    this.starts += 1;
    const generation = this.starts;
    this.expectingExit = false;
    const child = spawn(process.execPath, [SERVER_ENTRY], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? tmpdir(),
        PORT: String(this.port),
        HOST: '127.0.0.1',
        ATENDE_DEMO: '1',
        ATENDE_DEMO_TICKETS: String(DEMO_SIZES.tickets),
        ATENDE_DEMO_CUSTOMERS: String(DEMO_SIZES.customers),
        ATENDE_DEMO_ARTICLES: String(DEMO_SIZES.articles),
        ATENDE_JWT_SECRET: CHAOS_JWT_SECRET,
        LOG_LEVEL: 'warn',
        ...this.target.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        this.output.push(`[start ${generation}] ${line.slice(0, 2000)}`);
        if (this.output.length > OUTPUT_LINES_KEPT) this.output.shift();
      }
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const state = { exited: false };
    const exitPromise = new Promise<void>((resolvePromise) => {
      child.once('exit', (code, signal) => {
        state.exited = true;
        if (this.child === child) this.child = null;
        if (!this.expectingExit) this.unexpectedExits.push(`start ${generation}: exited with code ${String(code)} signal ${String(signal)}`);
        resolvePromise();
      });
    });
    this.exitPromise = exitPromise;

    const deadline = Date.now() + timeoutMs;
    while (!(await this.healthy())) {
      if (state.exited) throw new Error(`server exited during start ${generation}:\n${this.output.slice(-20).join('\n')}`);
      if (Date.now() > deadline) {
        await this.kill();
        throw new Error(`server did not become healthy within ${timeoutMs} ms`);
      }
      await sleep(50);
    }
  }

  private exitPromise: Promise<void> = Promise.resolve();

  /** SIGKILL: no graceful shutdown, no flush, open requests die with it. */
  async kill(): Promise<void> {
    const child = this.child;
    if (child === null) return;
    this.expectingExit = true;
    this.kills += 1;
    child.kill('SIGKILL');
    await this.exitPromise;
  }

  private async healthy(): Promise<boolean> {
    try {
      const response = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(1_000) });
      await response.body?.cancel();
      return response.ok;
    } catch {
      return false;
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolvePromise) => setTimeout(resolvePromise, ms));
}
