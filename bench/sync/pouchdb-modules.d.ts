// The little of PouchDB's and express-pouchdb's APIs the sync benchmark uses (the packages ship no types).

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

declare module 'pouchdb-adapter-memory' {
  const plugin: unknown;
  export default plugin;
}

declare module 'pouchdb-adapter-http' {
  const plugin: unknown;
  export default plugin;
}

declare module 'pouchdb-replication' {
  const plugin: unknown;
  export default plugin;
}

declare module 'pouchdb-mapreduce' {
  const plugin: unknown;
  export default plugin;
}

declare module 'express-pouchdb' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  import type { PouchStatic } from 'pouchdb-core';
  type Handler = (request: IncomingMessage, response: ServerResponse) => void;
  function expressPouchdb(pouch: PouchStatic, options?: object): Handler;
  export default expressPouchdb;
}
