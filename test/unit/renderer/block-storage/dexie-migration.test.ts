/**
 * A replica kept on RxDB's Dexie storage (before the block storage) moves into the block storage on
 * its first open there: documents, checkpoints and the replication's assumed masters, so an edit made
 * offline before the move is still pushed after it and nothing is pulled again.
 */
import * as fakeIndexedDb from 'fake-indexeddb';
import type { RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { IdbFactory, IdbKeyRangeFactory } from '../../../../src/renderer/data/block-storage/block-log';
import { getRxStorageBlocks } from '../../../../src/renderer/data/block-storage/block-storage';
import { dexieBooleanIndexesOf, openUserDatabase, type AtendeDatabase } from '../../../../src/renderer/data/database';
import { startDatabaseReplication, type DatabaseReplication } from '../../../../src/renderer/data/replication';
import { PendingTracker } from '../../../../src/renderer/data/sync-status';
import { FakeSyncServer, ticket, waitFor } from '../helpers/fake-sync-server';

const { IDBFactory, IDBKeyRange } = fakeIndexedDb as unknown as { IDBFactory: new () => IdbFactory; IDBKeyRange: IdbKeyRangeFactory };
const SERVER_URL = 'http://sync.test:8787';

const open: { db: AtendeDatabase; replication?: DatabaseReplication }[] = [];
afterEach(async () => {
  for (const { db, replication } of open.splice(0)) {
    await replication?.stop();
    if (!db.closed) await db.close();
  }
});

async function openReplica(storage: RxStorage<unknown, unknown>): Promise<AtendeDatabase> {
  const db = await openUserDatabase({ serverUrl: SERVER_URL, userId: 'usr_ana', collections: ['tickets', 'customers', 'users'], storage, multiInstance: false });
  open.push({ db });
  return db;
}

function replicate(db: AtendeDatabase, server: FakeSyncServer): DatabaseReplication {
  const replication = startDatabaseReplication(db, {
    serverUrl: SERVER_URL,
    getToken: () => 'tok',
    fetch: server.fetch,
    tracker: new PendingTracker(),
    streamFor: server.streamFor,
    retryTimeMs: 30,
    reporter: { requestSucceeded: () => undefined, requestFailed: () => undefined, setActive: () => undefined },
  });
  const entry = open.find((candidate) => candidate.db === db);
  if (entry !== undefined) entry.replication = replication;
  return replication;
}

const pulls = (server: FakeSyncServer) => server.requests.filter((request) => request.includes('/pull'));

describe('moving a Dexie replica into the block storage', () => {
  it('keeps its documents, checkpoints and unpushed edits, and leaves no Dexie database behind', async () => {
    const factory = new IDBFactory();
    const server = new FakeSyncServer();
    for (let i = 0; i < 30; i++) server.put('tickets', ticket(`t${String(i)}`));
    server.put('customers', { id: 'c1', name: 'Maria', language: 'pt-BR', tags: [], createdAt: 'x', updatedAt: 'x', _deleted: false });
    server.put('users', { id: 'usr_ana', name: 'Ana', email: 'ana@example.com', role: 'agent', tier: 'L1', active: true, skills: [], createdAt: 'x', updatedAt: 'x', _deleted: false });

    const before = await openReplica(getRxStorageDexie({ indexedDB: factory, IDBKeyRange } as never));
    const first = replicate(before, server);
    await first.awaitInSync();
    await first.stop();
    // Offline, before the upgrade: an edit the server has not seen.
    await before.tickets.findOne('t3').incrementalPatch({ subject: 'Edited before the move' });
    const stored = (await before.tickets.find({ sort: [{ id: 'asc' }] }).exec()).map((doc) => doc.toJSON());
    await before.close();

    const after = await openReplica(getRxStorageBlocks({ indexedDB: factory, IDBKeyRange, migrateDexie: { booleanIndexesOf: dexieBooleanIndexesOf } }));
    expect((await after.tickets.find({ sort: [{ id: 'asc' }] }).exec()).map((doc) => doc.toJSON())).toEqual(stored);
    // An indexed boolean comes back a boolean (Dexie kept it as '1').
    expect((await after.collections.users?.findOne('usr_ana').exec())?.get('active')).toBe(true);
    const databases = (await factory.databases?.()) ?? [];
    expect(databases.map((info) => info.name).filter((name) => name?.startsWith('rxdb-dexie-'))).toEqual([]);

    const pullsBefore = pulls(server).length;
    const second = replicate(after, server);
    await waitFor(() => server.get('tickets', 't3')?.['subject'] === 'Edited before the move');
    await second.awaitInSync();
    // Every pull resumes from the checkpoint the replica had, none starts over.
    const afterMove = pulls(server).slice(pullsBefore);
    expect(afterMove.length).toBeGreaterThan(0);
    for (const request of afterMove) expect(request).toContain('checkpoint=');
    expect(server.pushes.flatMap((push) => push.rows.map((row) => row.newDocumentState.id))).toEqual(['t3']);
  });
});
