/**
 * The user's local database: which collections a role opens (within RxDB's budget), one database per
 * user, wiping removes everything including the rejected-changes store, and the schema migration to
 * tickets/customers v1 keeps changes that were never pushed.
 */
import * as fakeIndexedDb from 'fake-indexeddb';
import { createRxDatabase, type RxJsonSchema } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { customerSchema } from '../../../src/shared/domain/customer';
import { ticketSchema } from '../../../src/shared/domain/ticket';
import { RXDB_COLLECTION_BUDGET, collectionsForRole } from '../../../src/shared/sync/collections';
import {
  collectionNamesFor,
  databaseNameFor,
  openUserDatabase,
  removeUserDatabase,
  replicatedCollectionsOf,
  type AtendeDatabase,
} from '../../../src/renderer/data/database';
import { rxdbHash } from '../../../src/renderer/data/hash';
import { RejectionStore, localDocumentBackend } from '../../../src/renderer/data/rejections';
import { startDatabaseReplication } from '../../../src/renderer/data/replication';
import { PendingTracker } from '../../../src/renderer/data/sync-status';
import { FakeSyncServer, ticket, waitFor } from './helpers/fake-sync-server';

const SERVER_URL = 'http://sync.test:8787';
const fakeDexieSettings = fakeIndexedDb as unknown as Parameters<typeof getRxStorageDexie>[0];
const storage = getRxStorageDexie(fakeDexieSettings);
const open: AtendeDatabase[] = [];
let counter = 0;

afterEach(async () => {
  for (const db of open.splice(0)) if (!db.closed) await db.remove();
});

async function openFor(userId: string, role: 'agent' | 'supervisor' = 'agent'): Promise<AtendeDatabase> {
  const db = await openUserDatabase({ serverUrl: SERVER_URL, userId, role, storage, multiInstance: false });
  open.push(db);
  return db;
}

const rejection = (documentId: string) => ({
  collection: 'tickets' as const,
  documentId,
  operation: 'update' as const,
  code: 'validation_failed' as const,
  message: 'invalid',
  errors: [{ path: '/subject', message: 'must NOT have fewer than 1 characters' }],
  rejected: { id: documentId, subject: '' },
  at: 1,
});

describe('the collections of a replica', () => {
  it('opens what the role may read plus the local-only drafts, within the budget', async () => {
    expect(collectionNamesFor('agent')).toEqual([...collectionsForRole('agent').replicated, 'drafts']);
    expect(collectionNamesFor('agent')).not.toContain('articleVersions');
    expect(collectionNamesFor('supervisor')).toContain('articleVersions');
    for (const role of ['agent', 'supervisor', 'admin'] as const) {
      expect(collectionNamesFor(role).length).toBeLessThanOrEqual(RXDB_COLLECTION_BUDGET);
    }

    const agent = await openFor(`agent-${++counter}`);
    expect(Object.keys(agent.collections).sort()).toEqual([...collectionNamesFor('agent')].sort());
    expect(replicatedCollectionsOf(agent)).toEqual(collectionsForRole('agent').replicated);
    await agent.close();
    // One user's database closes before the next opens: a supervisor's 11 collections fit then.
    const supervisor = await openFor(`supervisor-${++counter}`, 'supervisor');
    expect(Object.keys(supervisor.collections)).toHaveLength(collectionNamesFor('supervisor').length);
  });

  it('refuses a replica without tickets and customers', async () => {
    await expect(
      openUserDatabase({ serverUrl: SERVER_URL, userId: 'nobody', collections: ['timeline'], storage, multiInstance: false }),
    ).rejects.toThrow(/tickets and customers/);
  });
});

describe('one database per user', () => {
  it('keeps each user’s documents and rejected changes apart, and a wipe removes all of one user’s', async () => {
    const ana = `ana-${++counter}`;
    const bruno = `bruno-${++counter}`;
    expect(databaseNameFor(SERVER_URL, ana)).not.toBe(databaseNameFor(SERVER_URL, bruno));

    const anaDb = await openFor(ana);
    await anaDb.tickets.insert({ ...ticket('t-ana'), _deleted: undefined } as never);
    const anaStore = new RejectionStore(localDocumentBackend(anaDb));
    await anaStore.add([rejection('t-ana')]);
    await anaDb.close();

    const brunoDb = await openFor(bruno);
    expect(await brunoDb.tickets.count().exec()).toBe(0);
    const brunoStore = new RejectionStore(localDocumentBackend(brunoDb));
    await brunoStore.whenIdle();
    expect(brunoStore.records).toEqual([]);
    await brunoDb.close();

    // Ana signs in again: her data is there.
    const anaAgain = await openFor(ana);
    expect(await anaAgain.tickets.count().exec()).toBe(1);
    const anaStoreAgain = new RejectionStore(localDocumentBackend(anaAgain));
    await anaStoreAgain.whenIdle();
    expect(anaStoreAgain.records.map((record) => record.documentId)).toEqual(['t-ana']);
    await anaAgain.close();

    // "Sign out and remove my data": the replica and the rejection store go.
    await removeUserDatabase(SERVER_URL, ana, storage);
    const anaAfterWipe = await openFor(ana);
    expect(await anaAfterWipe.tickets.count().exec()).toBe(0);
    const wipedStore = new RejectionStore(localDocumentBackend(anaAfterWipe));
    await wipedStore.whenIdle();
    expect(wipedStore.records).toEqual([]);
  });

  it('db.remove() (the open-database wipe the workspace uses) removes the rejection store too', async () => {
    const userId = `carla-${++counter}`;
    const db = await openFor(userId);
    await new RejectionStore(localDocumentBackend(db)).add([rejection('t1')]);
    await db.remove();
    const reopened = await openFor(userId);
    const store = new RejectionStore(localDocumentBackend(reopened));
    await store.whenIdle();
    expect(store.records).toEqual([]);
  });
});

describe('the rejection store in the user database', () => {
  it('follows records another tab saved and never overwrites them', async () => {
    const db = await openFor(`tabs-${++counter}`);
    const tabA = new RejectionStore(localDocumentBackend(db));
    const tabB = new RejectionStore(localDocumentBackend(db));
    await Promise.all([tabA.whenIdle(), tabB.whenIdle()]);
    await tabA.add([rejection('t1')]);
    await waitFor(() => tabB.records.length === 1);
    await tabB.add([rejection('t2')]);
    await waitFor(() => tabA.records.length === 2);
    expect(tabA.records.map((record) => record.documentId)).toEqual(['t1', 't2']);
    tabA.close();
    tabB.close();
  });
});

describe('schema migration to tickets/customers v1', () => {
  it('keeps a change made offline under v0 and pushes it after the upgrade', async () => {
    const server = new FakeSyncServer();
    server.put('tickets', ticket('t1'));
    const userId = `migrating-${++counter}`;
    // The previous release: v0 schemas, same database name and replication.
    const v0 = await createRxDatabase({
      name: databaseNameFor(SERVER_URL, userId),
      storage,
      multiInstance: false,
      eventReduce: true,
      hashFunction: rxdbHash,
    });
    await v0.addCollections({
      tickets: { schema: structuredClone(ticketSchema) as unknown as RxJsonSchema<{ id: string }> },
      customers: { schema: structuredClone(customerSchema) as unknown as RxJsonSchema<{ id: string }> },
    });
    const v0Db = v0 as unknown as AtendeDatabase;
    const tracker = new PendingTracker();
    const deps = { serverUrl: SERVER_URL, getToken: () => 'tok', fetch: server.fetch, tracker, retryTimeMs: 30 };
    const before = startDatabaseReplication(v0Db, { ...deps, collections: ['tickets', 'customers'] });
    await before.awaitInSync();
    server.down = true;
    await (await v0Db.tickets.findOne('t1').exec())?.incrementalPatch({ subject: 'Typed before the upgrade' });
    await waitFor(() => tracker.count === 1);
    await before.stop();
    await v0.close();

    // The new release opens the same database with v1 schemas (migration) and replicates.
    server.down = false;
    const v1 = await openUserDatabase({ serverUrl: SERVER_URL, userId, collections: ['tickets', 'customers'], storage, multiInstance: false });
    open.push(v1);
    expect((await v1.tickets.findOne('t1').exec())?.subject).toBe('Typed before the upgrade');
    const after = startDatabaseReplication(v1, { ...deps, tracker: new PendingTracker() });
    await waitFor(() => server.get('tickets', 't1')?.subject === 'Typed before the upgrade');
    // Straight through: the state it was based on still matches the server's (no conflict round).
    const rows = server.pushes.flatMap((push) => push.rows);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.assumedMasterState).not.toHaveProperty('_attachments');
    await after.stop();
  });
});
