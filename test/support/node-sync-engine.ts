/**
 * Loads the renderer's sync engine (`src/renderer/data/sync-engine.ts`) at run time. It is browser
 * code: it reads `window`, `document`, `navigator` and DOM event types, which the Node type program
 * (tsconfig.node.json) does not have, so it is imported by URL (not type-checked here) and described
 * by the small interface below. The worker installs the globals it needs first (browser-env.ts).
 */
import type { AtendeDatabase } from '../../src/renderer/data/database';
import type { SyncStatusStore } from '../../src/renderer/data/sync-status';

/** The part of `SyncEngineOptions` the Node harnesses pass. */
export interface SyncEngineStartOptions {
  readonly db: AtendeDatabase;
  readonly serverUrl: string;
  readonly getToken: () => string | null;
  readonly onUnauthorized: () => void;
  readonly userId?: string;
  readonly role?: string;
  readonly store?: SyncStatusStore;
}

/** The part of `SyncEngine` the Node harnesses use. */
export interface SyncEngineHandle {
  reSync(): void;
  stop(): Promise<void>;
  /** Per collection, what its replication is doing (diagnostics). */
  describeReplication(): Readonly<Record<string, string>>;
  /** Changes the server refused (renderers that keep them). */
  readonly rejections?: { readonly records: readonly unknown[] };
}

export type StartSyncEngine = (options: SyncEngineStartOptions) => SyncEngineHandle;

const SYNC_ENGINE_URL = new URL('../../src/renderer/data/sync-engine.ts', import.meta.url).href;

export async function loadSyncEngine(): Promise<StartSyncEngine> {
  const module = (await import(SYNC_ENGINE_URL)) as { startSyncEngine?: unknown };
  if (typeof module.startSyncEngine !== 'function') throw new Error('src/renderer/data/sync-engine.ts has no startSyncEngine');
  return module.startSyncEngine as StartSyncEngine;
}
