/** Starts and stops the PouchDB side's server process (bench/sync/pouch-server.ts). */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './atende';
import type { DatasetSize } from './dataset';

export interface PouchServer {
  /** Base URL with a trailing slash: databases are `${url}tickets` etc., the bench page `${url}__bench/`. */
  readonly url: string;
  readonly port: number;
  readonly loadSeconds: number;
  stop(): Promise<void>;
}

export async function startPouchServer(options: {
  readonly pageDir: string;
  readonly datasets: readonly (DatasetSize & { readonly prefix: string })[];
  readonly log: (line: string) => void;
}): Promise<PouchServer> {
  const port = await freePort();
  const started = performance.now();
  const config = JSON.stringify({ port, pageDir: options.pageDir, datasets: options.datasets });
  const child = spawn(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', join(import.meta.dirname, 'pouch-server.ts'), config], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim() !== '') options.log(`[pouch server] ${line}`);
  });
  await new Promise<void>((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      if (buffered.includes('READY')) resolve();
    });
    child.once('exit', (code) => {
      reject(new Error(`PouchDB server exited with code ${String(code)}`));
    });
  });
  return {
    url: `http://127.0.0.1:${String(port)}/`,
    port,
    loadSeconds: (performance.now() - started) / 1000,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => { resolve(); }));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
