// The PouchDB plugins and express-pouchdb as the sync benchmark uses them (the packages ship no types;
// PouchDB itself is in pouchdb-core.d.ts, which the browser page shares).

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
