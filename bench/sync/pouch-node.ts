/** PouchDB for Node in the benchmark: pouchdb-core with the in-memory, HTTP and replication plugins. */
import PouchDB, { type PouchStatic } from 'pouchdb-core';
import adapterHttp from 'pouchdb-adapter-http';
import adapterMemory from 'pouchdb-adapter-memory';
import mapreduce from 'pouchdb-mapreduce';
import replication from 'pouchdb-replication';

export const NodePouch: PouchStatic = PouchDB.plugin(adapterMemory).plugin(adapterHttp).plugin(mapreduce).plugin(replication);

/** Local databases live in memory. */
export const MemoryPouch: PouchStatic = NodePouch.defaults({ adapter: 'memory' });
