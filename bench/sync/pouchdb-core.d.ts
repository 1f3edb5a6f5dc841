// The little of PouchDB's API the sync benchmark uses (the packages ship no types): Node's PouchDB
// (pouchdb-core with plugins) and the browser build the PouchDB page bundles (pouchdb-browser, same API).
// No Node types here: the page's DOM-only typecheck (tsconfig.web.json) includes this file.

declare module 'pouchdb-core' {
  export interface PouchDoc {
    _id: string;
    _rev?: string;
    [field: string]: unknown;
  }
  export interface PouchBulkResult {
    ok?: boolean;
    id: string;
    rev?: string;
    error?: string;
  }
  export interface PouchReplication extends PromiseLike<unknown> {
    on(event: 'change', listener: (info: { docs: PouchDoc[] }) => void): PouchReplication;
    on(event: 'error' | 'denied', listener: (error: unknown) => void): PouchReplication;
    on(event: 'paused' | 'active' | 'complete', listener: (info?: unknown) => void): PouchReplication;
    cancel(): void;
  }
  export interface PouchChanges {
    on(event: 'change', listener: (change: { id: string; seq: number | string; doc?: PouchDoc }) => void): PouchChanges;
    on(event: 'error', listener: (error: unknown) => void): PouchChanges;
    cancel(): void;
  }
  export interface PouchDatabase {
    bulkDocs(docs: readonly object[], options?: object): Promise<PouchBulkResult[]>;
    get(id: string): Promise<PouchDoc>;
    put(doc: PouchDoc): Promise<{ ok: boolean; id: string; rev: string }>;
    info(): Promise<{ doc_count: number; update_seq: number | string }>;
    allDocs(options: object): Promise<{ rows: { id: string; key: string; value?: { rev: string }; doc?: PouchDoc }[] }>;
    changes(options: object): PouchChanges;
    /** A two-way replication (a PouchDB `Sync`: its events and a promise of its end). */
    sync(remote: PouchDatabase | string, options?: object): PromiseLike<unknown>;
    replicate: {
      from(source: PouchDatabase | string, options?: object): PouchReplication;
      to(target: PouchDatabase | string, options?: object): PouchReplication;
    };
    close(): Promise<void>;
    destroy(): Promise<void>;
  }
  export interface PouchStatic {
    new (name: string, options?: object): PouchDatabase;
    plugin(plugin: unknown): PouchStatic;
    defaults(options: object): PouchStatic;
  }
  const PouchDB: PouchStatic;
  export default PouchDB;
}

declare module 'pouchdb-browser' {
  import PouchDB from 'pouchdb-core';
  export type { PouchDatabase, PouchDoc } from 'pouchdb-core';
  export default PouchDB;
}
