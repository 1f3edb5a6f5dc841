/**
 * Raw IndexedDB write rates of storage layouts for pulled tickets (bench/sync/idb-layout.ts): rows
 * written with Dexie exactly as RxDB's Dexie storage lays them out (its own store schema from the
 * tickets' schema), with and without a replication meta row beside each, in one transaction per batch
 * as a replication write is. No RxDB code runs: what is measured is IndexedDB's own cost per layout.
 */
import Dexie from 'dexie';
import { fillWithDefaultSettings, getRxReplicationMetaInstanceSchema, type RxJsonSchema } from 'rxdb';
import { getDexieStoreSchema } from 'rxdb/plugins/storage-dexie';
import { COLLECTIONS } from '../../../src/shared/sync/collections';
import { IDB_LAYOUT_GLOBAL, type IdbLayout, type IdbLayoutApi } from '../page-api';

type Row = Record<string, unknown>;

const ticketSchema = fillWithDefaultSettings(structuredClone(COLLECTIONS.tickets.schema) as unknown as RxJsonSchema<Row>);
const TICKET_STORE = getDexieStoreSchema(ticketSchema);
/** The tickets' indexes a replica that answers its queue views from memory would keep in IndexedDB. */
const LEAN_STORE = getDexieStoreSchema({ ...ticketSchema, indexes: ['updatedAt', ['customerId', 'updatedAt']] });
const META_STORE = getDexieStoreSchema(getRxReplicationMetaInstanceSchema(ticketSchema, false));

/** The meta row RxDB's replication writes for a pulled document (`docData`: the assumed master), or a small one naming it. */
function metaRow(document: Row, copy: boolean): Row {
  return {
    id: `${String(document['id'])}|0`,
    itemId: document['id'],
    isCheckpoint: '0',
    ...(copy ? { docData: document } : { docRev: document['_rev'] }),
    _deleted: '0',
    _rev: '1-bench',
    _meta: document['_meta'],
    _attachments: {},
  };
}

const api: IdbLayoutApi = {
  async write(layout: IdbLayout, documents: readonly Row[], batch: number): Promise<number> {
    const name = `idb-layout-${layout}-${String(Date.now())}`;
    const db = new Dexie(name);
    const withMeta = layout === 'rxdb+meta' || layout === 'rxdb+ref';
    const docsStore = layout === 'key' ? 'id' : layout === 'pages' ? 'page' : layout === 'lean' ? LEAN_STORE : TICKET_STORE;
    db.version(1).stores({ docs: docsStore, ...(withMeta ? { meta: META_STORE } : {}) });
    await db.open();
    const rows = documents.map((document) => ({ ...document, _deleted: '0' }));
    const started = performance.now();
    for (let at = 0; at < rows.length; at += batch) {
      const page = rows.slice(at, at + batch);
      if (layout === 'pages') {
        await db.table('docs').add({ page: at, documents: page });
      } else if (withMeta) {
        await db.transaction('rw', db.table('docs'), db.table('meta'), async () => {
          await db.table('docs').bulkAdd(page);
          await db.table('meta').bulkAdd(page.map((row) => metaRow(row, layout === 'rxdb+meta')));
        });
      } else {
        await db.table('docs').bulkAdd(page);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    db.close();
    await Dexie.delete(name);
    return Math.round(rows.length / seconds);
  },
};

(globalThis as unknown as Record<string, IdbLayoutApi>)[IDB_LAYOUT_GLOBAL] = api;
