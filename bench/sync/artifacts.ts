/**
 * What the sync benchmark serves: the built app (out/, rebuilt when stale) copied into a private
 * snapshot so a rebuild by someone else during the run cannot swap files under the running server,
 * plus two bench-only browser bundles made with Vite: the engine harness (the renderer's own database
 * and sync engine, driven by the benchmark) and the PouchDB page.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
const OUT = join(REPO_ROOT, 'out');
/** Under node_modules so the copied server bundle still resolves its external packages from the repo. */
const CACHE = join(REPO_ROOT, 'node_modules', '.cache', 'atende-bench');

export interface Artifacts {
  /** The copied server bundle (`node <serverEntry>`). */
  readonly serverEntry: string;
  /** ATENDE_WEB_DIR: the built renderer plus `bench/harness.html`. */
  readonly webDir: string;
  /** `index.html` and `pouch-page.js` for the PouchDB side. */
  readonly pouchPageDir: string;
  /** Whether out/ was rebuilt for this run. */
  readonly rebuilt: boolean;
  dispose(): void;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function outIsStale(): boolean {
  const server = join(OUT, 'server', 'index.js');
  const renderer = join(OUT, 'renderer', 'index.html');
  if (!existsSync(server) || !existsSync(renderer)) return true;
  const built = Math.min(statSync(server).mtimeMs, statSync(renderer).mtimeMs);
  return newestMtime(join(REPO_ROOT, 'src')) > built;
}

export async function prepareArtifacts(mode: 'auto' | 'always' | 'never', log: (line: string) => void): Promise<Artifacts> {
  let rebuilt = false;
  if (mode === 'always' || (mode === 'auto' && outIsStale())) {
    log('building the app (npm run build) ...');
    const result = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0) throw new Error('npm run build failed');
    rebuilt = true;
  } else if (!existsSync(join(OUT, 'server', 'index.js'))) {
    throw new Error('out/ is missing: run npm run build (or drop --no-build)');
  }

  const runDir = join(CACHE, `run-${String(process.pid)}`);
  rmSync(runDir, { recursive: true, force: true });
  const serverDir = join(runDir, 'server');
  const webDir = join(runDir, 'web');
  const pouchPageDir = join(runDir, 'pouch');
  cpSync(join(OUT, 'server'), serverDir, { recursive: true });
  cpSync(join(OUT, 'renderer'), webDir, { recursive: true });
  mkdirSync(pouchPageDir, { recursive: true });

  log('bundling the bench pages ...');
  await bundle(join(import.meta.dirname, 'browser', 'harness.ts'), join(webDir, 'bench'), 'harness.js', 'AtendeBenchHarness');
  writeFileSync(
    join(webDir, 'bench', 'harness.html'),
    '<!doctype html>\n<html><head><meta charset="utf-8"><title>Atende engine harness</title><script src="harness.js"></script></head><body></body></html>\n',
  );
  await bundle(join(import.meta.dirname, 'browser', 'pouch-page.ts'), pouchPageDir, 'pouch-page.js', 'AtendeBenchPouch');
  writeFileSync(
    join(pouchPageDir, 'index.html'),
    '<!doctype html>\n<html><head><meta charset="utf-8"><title>PouchDB bench</title><script src="pouch-page.js"></script></head><body></body></html>\n',
  );

  return {
    serverEntry: join(serverDir, 'index.js'),
    webDir,
    pouchPageDir,
    rebuilt,
    dispose: () => {
      rmSync(runDir, { recursive: true, force: true });
    },
  };
}

async function bundle(entry: string, outDir: string, fileName: string, name: string): Promise<void> {
  await build({
    configFile: false,
    root: REPO_ROOT,
    publicDir: false,
    logLevel: 'warn',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    // PouchDB's browser build expects a bundler to provide Node's `events`.
    resolve: { alias: { events: createRequire(import.meta.url).resolve('events/') } },
    build: {
      outDir,
      emptyOutDir: false,
      write: true,
      minify: process.env.BENCH_SYNC_MINIFY !== '0',
      sourcemap: false,
      target: 'es2022',
      reportCompressedSize: false,
      lib: { entry, formats: ['iife'], name, fileName: () => fileName },
    },
  });
}
