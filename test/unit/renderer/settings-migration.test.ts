/**
 * Settings v0 → v1 (saved views gain customer and assignee filters) on a real replica: a database
 * written by the previous release opens under v1 with its saved views intact and readable by the
 * queue, a view renamed offline before the upgrade is pushed after it, and views with the new filters
 * then replicate. Like the tickets/customers migration test in database.test.ts.
 */
import * as fakeIndexedDb from 'fake-indexeddb';
import { addRxPlugin, createRxDatabase, type RxJsonSchema } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { savedViewOf, type SavedViewDocument } from '../../../src/shared/domain/queue-views';
import { settingsSchema } from '../../../src/shared/domain/settings';
import { collectionCreators, databaseNameFor, openUserDatabase, type AtendeDatabase } from '../../../src/renderer/data/database';
import { rxdbHash } from '../../../src/renderer/data/hash';
import { startDatabaseReplication } from '../../../src/renderer/data/replication';
import { PendingTracker } from '../../../src/renderer/data/sync-status';
import { FakeSyncServer, waitFor } from './helpers/fake-sync-server';

// The previous release's tickets and customers were already above version 0.
addRxPlugin(RxDBMigrationSchemaPlugin);

const SERVER_URL = 'http://sync.test:8787';
const storage = getRxStorageDexie(fakeIndexedDb);
const open: AtendeDatabase[] = [];

afterEach(async () => {
  for (const db of open.splice(0)) if (!db.closed) await db.remove();
});

const AT = '2026-01-05T10:00:00.000Z';
const oldView = {
  id: 'set_view_old',
  kind: 'savedView',
  name: 'Urgent open',
  enabled: true,
  createdAt: AT,
  updatedAt: AT,
  savedView: { ownerId: 'usr_ana', filters: { statuses: ['open'], priorities: ['urgent'], assignee: 'me' }, sort: { field: 'updatedAt', direction: 'desc' } },
};

describe('schema migration to settings v1', () => {
  it('keeps saved views (and a change made offline under v0), and replicates views with the new filters', async () => {
    const server = new FakeSyncServer();
    server.put('settings', { ...oldView, _deleted: false });
    const userId = 'usr_ana';
    // The previous release: settings v0 (tickets and customers as today), same database name and replication.
    const creators = collectionCreators(['tickets', 'customers']);
    const v0 = await createRxDatabase({ name: databaseNameFor(SERVER_URL, userId), storage, multiInstance: false, eventReduce: true, hashFunction: rxdbHash });
    await v0.addCollections({ ...creators, settings: { schema: structuredClone(settingsSchema) as unknown as RxJsonSchema<{ id: string }> } });
    const v0Db = v0 as unknown as AtendeDatabase;
    const tracker = new PendingTracker();
    const deps = { serverUrl: SERVER_URL, getToken: () => 'tok', fetch: server.fetch, tracker, retryTimeMs: 30 };
    const before = startDatabaseReplication(v0Db, { ...deps, collections: ['tickets', 'customers', 'settings'] });
    await before.awaitInSync();
    expect(await v0Db.settings?.findOne('set_view_old').exec()).not.toBeNull();
    server.down = true;
    await (await v0Db.settings?.findOne('set_view_old').exec())?.incrementalPatch({ name: 'Urgent open (renamed offline)' });
    await waitFor(() => tracker.count === 1);
    await before.stop();
    await v0.close();

    // The new release opens the same database with settings v1 (migration) and replicates.
    server.down = false;
    const v1 = await openUserDatabase({ serverUrl: SERVER_URL, userId, collections: ['tickets', 'customers', 'settings'], storage, multiInstance: false });
    open.push(v1);
    expect(v1.settings?.schema.version).toBe(1);
    const migrated = (await v1.settings?.findOne('set_view_old').exec())?.toJSON() as unknown as SavedViewDocument;
    // The (fake) server stamped its own times; everything else is as written.
    expect({ ...migrated, createdAt: AT, updatedAt: AT }).toEqual({ ...oldView, name: 'Urgent open (renamed offline)' });
    expect(savedViewOf(migrated)).toEqual({ filters: { statuses: ['open'], priorities: ['urgent'], assignee: 'me' }, sort: { field: 'updatedAt', direction: 'desc' } });

    const after = startDatabaseReplication(v1, { ...deps, tracker: new PendingTracker() });
    await waitFor(() => server.get('settings', 'set_view_old')?.['name'] === 'Urgent open (renamed offline)');
    await v1.settings?.insert({
      ...oldView,
      id: 'set_view_new',
      name: 'My customers',
      savedView: { ownerId: userId, filters: { customerIds: ['cus_1'], assigneeIds: ['usr_bruno'] }, sort: { field: 'number', direction: 'asc' } },
    });
    await waitFor(() => server.get('settings', 'set_view_new') !== undefined);
    expect(server.get('settings', 'set_view_new')?.['savedView']).toEqual({
      ownerId: userId,
      filters: { customerIds: ['cus_1'], assigneeIds: ['usr_bruno'] },
      sort: { field: 'number', direction: 'asc' },
    });
    await after.stop();
  });
});
