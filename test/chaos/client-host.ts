/**
 * The orchestrator's handle on one chaos client worker: starts the worker (TypeScript through tsx's
 * loader, registered inside the worker before the client module loads), sends commands, awaits replies.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ClientCommand, ClientInit, ClientSnapshot, ClientStatus, FromWorker, ToWorker } from './protocol';

const WORKER_MODULE = join(dirname(fileURLToPath(import.meta.url)), 'client-worker.ts');

/** The ESM entry of tsx's register API, found through its package exports. */
function tsxApiUrl(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    exports: Record<string, { import?: { default?: string } } | undefined>;
  };
  const entry = manifest.exports['./esm/api']?.import?.default;
  if (entry === undefined) throw new Error('tsx/esm/api has no ESM entry');
  return pathToFileURL(join(dirname(manifestPath), entry)).href;
}

const BOOTSTRAP = `import(${JSON.stringify(tsxApiUrl())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(WORKER_MODULE).href)}); });`;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class ClientHost {
  readonly index: number;
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly ready: Promise<void>;
  private exited = false;

  /** Starts the worker now (loading RxDB and the renderer takes seconds); `initialize` opens the client. */
  constructor(index: number, log: (line: string) => void) {
    this.index = index;
    // Enough heap for RxDB on fake-indexeddb with a few hundred documents.
    this.worker = new Worker(BOOTSTRAP, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 512 } });
    this.ready = new Promise<void>((resolve, reject) => {
      this.worker.on('message', (message: FromWorker) => {
        switch (message.kind) {
          case 'ready':
            resolve();
            break;
          case 'fatal':
            reject(new Error(`client ${index} failed to start: ${message.message}`));
            break;
          case 'log':
            log(message.line);
            break;
          case 'reply': {
            const waiting = this.pending.get(message.id);
            this.pending.delete(message.id);
            if (message.ok) waiting?.resolve(message.result);
            else waiting?.reject(new Error(`client ${index}: ${message.message}`));
            break;
          }
        }
      });
      this.worker.on('error', (error) => {
        reject(error);
        this.failAll(error);
      });
      this.worker.on('exit', (code) => {
        this.exited = true;
        const error = new Error(`client ${index} worker exited with code ${code}`);
        reject(error);
        this.failAll(error);
      });
    });
    // Until initialize() is awaited, a failure is reported there.
    this.ready.catch(() => undefined);
  }

  /** Opens the client's database and starts its sync engine. */
  initialize(init: ClientInit): Promise<void> {
    const message: ToWorker = { kind: 'init', init };
    this.worker.postMessage(message);
    return this.ready;
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  private call(command: ClientCommand, timeoutMs = 60_000): Promise<unknown> {
    if (this.exited) return Promise.reject(new Error(`client ${this.index} worker is gone`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`client ${this.index}: ${command.type} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      const message: ToWorker = { kind: 'command', id, command };
      this.worker.postMessage(message);
    });
  }

  async start(): Promise<void> {
    await this.call({ type: 'start' });
  }

  async quiesce(): Promise<void> {
    await this.call({ type: 'quiesce' });
  }

  async status(): Promise<ClientStatus> {
    return (await this.call({ type: 'status' })) as ClientStatus;
  }

  async resync(): Promise<void> {
    await this.call({ type: 'resync' });
  }

  async snapshot(): Promise<ClientSnapshot> {
    return (await this.call({ type: 'snapshot' })) as ClientSnapshot;
  }

  /** Closes the client's database, then ends the worker (also when the client does not answer). */
  async dispose(): Promise<void> {
    if (!this.exited) {
      try {
        await this.call({ type: 'shutdown' }, 15_000);
      } catch {
        // Terminated below either way.
      }
    }
    await this.worker.terminate();
  }
}
