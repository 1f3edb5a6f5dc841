/**
 * The replication against RxDB's reported failure modes and the server's refusals, with the real RxDB
 * on Dexie + fake-indexeddb and the in-memory v1 server of helpers/fake-sync-server.ts:
 *
 * - #5571: change notices that arrive while a push is in flight lose neither the local write nor the
 *   remote change;
 * - #5843: a checkpoint never moves past a document that was not stored (notices never carry one, and
 *   a master skipped because of unpushed local changes is still adopted when the push is "unchanged");
 * - #7259: pushes resume after a failed push (network error, 500, 401 and a new token), no reload;
 * - refused rows (422/403) are recorded, persisted, reverted (updates) or kept (inserts), the rest of
 *   the batch is pushed in the same call, and Retry/Discard work;
 * - same-field clashes write a `sync_conflict` timeline entry that replicates.
 */
import * as fakeIndexedDb from 'fake-indexeddb';
import type { RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { conflictLog } from '../../../src/renderer/data/conflict';
import type { IdbFactory, IdbKeyRangeFactory } from '../../../src/renderer/data/block-storage/block-log';
import { getRxStorageBlocks } from '../../../src/renderer/data/block-storage/block-storage';
import { openUserDatabase, type AtendeCollectionName, type AtendeDatabase } from '../../../src/renderer/data/database';
import { RejectionStore, localDocumentBackend } from '../../../src/renderer/data/rejections';
import { discardRejection, retryRejection, startDatabaseReplication, type DatabaseReplication } from '../../../src/renderer/data/replication';
import { PendingTracker } from '../../../src/renderer/data/sync-status';
import { jsonEqual, omitKeys } from '../../../src/shared/util/deep-equal';
import { FakeSyncServer, Gate, sleep, ticket, waitFor, type Doc } from './helpers/fake-sync-server';

const SERVER_URL = 'http://sync.test:8787';
const fakeDexieSettings = fakeIndexedDb as unknown as Parameters<typeof getRxStorageDexie>[0];
const { IDBFactory, IDBKeyRange } = fakeIndexedDb as unknown as { IDBFactory: new () => IdbFactory; IDBKeyRange: IdbKeyRangeFactory };
/** The replica's storages: the block storage the app runs on, and RxDB's Dexie storage. */
const STORAGES = [
  { name: 'block', make: () => getRxStorageBlocks({ indexedDB: new IDBFactory(), IDBKeyRange }) as RxStorage<unknown, unknown> },
  { name: 'Dexie', make: () => getRxStorageDexie(fakeDexieSettings) as RxStorage<unknown, unknown> },
];
let storage: RxStorage<unknown, unknown>;

let counter = 0;
const cleanups: (() => Promise<void>)[] = [];

beforeEach(() => {
  conflictLog.setState({ entries: [] });
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface ClientOptions {
  readonly userId?: string;
  readonly collections?: readonly AtendeCollectionName[];
  readonly getToken?: () => string | null;
  readonly onUnauthorized?: () => void;
}

class Client {
  replication!: DatabaseReplication;
  readonly tracker = new PendingTracker();
  readonly failures: unknown[] = [];
  rejections!: RejectionStore;

  constructor(
    readonly server: FakeSyncServer,
    readonly db: AtendeDatabase,
    readonly userId: string,
    private readonly options: ClientOptions,
  ) {}

  start(): void {
    this.rejections = new RejectionStore(localDocumentBackend(this.db));
    this.replication = startDatabaseReplication(this.db, {
      serverUrl: SERVER_URL,
      getToken: this.options.getToken ?? (() => 'tok'),
      fetch: this.server.fetch,
      tracker: this.tracker,
      streamFor: this.server.streamFor,
      retryTimeMs: 30,
      rejections: this.rejections,
      userId: this.userId,
      role: 'agent',
      reporter: {
        requestSucceeded: () => undefined,
        requestFailed: (error) => this.failures.push(error),
        setActive: () => undefined,
      },
      ...(this.options.onUnauthorized === undefined ? {} : { onUnauthorized: this.options.onUnauthorized }),
    });
  }

  async stop(): Promise<void> {
    await this.replication.stop();
    await this.rejections.whenIdle();
    this.rejections.close();
  }

  inSync(): Promise<void> {
    return this.replication.awaitInSync();
  }

  async ticket(id: string) {
    const doc = await this.db.tickets.findOne(id).exec();
    if (doc === null) throw new Error(`no local ticket ${id}`);
    return doc;
  }

  async local(id: string): Promise<Record<string, unknown> | undefined> {
    const doc = await this.db.tickets.findOne(id).exec();
    return doc === null ? undefined : omitKeys(doc.toJSON(), ['_meta', '_rev', '_attachments', '_deleted']);
  }
}

async function startClient(server: FakeSyncServer, options: ClientOptions = {}): Promise<Client> {
  const userId = options.userId ?? `robust-${++counter}`;
  const db = await openUserDatabase({
    serverUrl: SERVER_URL,
    userId,
    collections: options.collections ?? ['tickets', 'customers', 'timeline'],
    storage,
    multiInstance: false,
  });
  const client = new Client(server, db, userId, options);
  client.start();
  cleanups.push(async () => {
    await client.stop();
    if (!db.closed) await db.remove();
  });
  return client;
}

const entity = (doc: Doc | undefined) => (doc === undefined ? undefined : omitKeys(doc, ['_deleted']));

async function converged(client: Client, server: FakeSyncServer, id: string): Promise<void> {
  await waitFor(async () => jsonEqual(await client.local(id), entity(server.get('tickets', id))));
}

describe.each(STORAGES)('on the $name storage', ({ make }) => {
  beforeAll(() => {
    storage = make();
  });

  describe('RxDB #5571: change notices while a push is in flight', () => {
    it('keeps the server-stamped copy when its notice arrives before the push answer', async () => {
      const server = new FakeSyncServer();
      server.put('tickets', ticket('t1'));
      const client = await startClient(server);
      await client.inSync();

      const answer = new Gate();
      server.answerGate = answer;
      await (await client.ticket('t1')).incrementalPatch({ subject: 'Mine', updatedAt: '2026-03-01T10:00:00.000Z' });
      await answer.reached;
      // The server applied the push and sent its notice; the answer is still on its way.
      expect(server.get('tickets', 't1')?.subject).toBe('Mine');
      await sleep(50);
      answer.open();

      await waitFor(() => client.tracker.count === 0);
      await client.inSync();
      await converged(client, server, 't1');
      expect((await client.local('t1'))?.updatedAt).toBe(server.get('tickets', 't1')?.updatedAt);
    });

    it('loses neither a local write made during the push nor a remote change announced meanwhile', async () => {
      const server = new FakeSyncServer();
      server.put('tickets', ticket('t1'));
      const client = await startClient(server);
      await client.inSync();

      const held = new Gate();
      server.pushGate = held;
      await (await client.ticket('t1')).incrementalPatch({ subject: 'Mine' });
      await held.reached;
      // Bruno raises the priority while our push waits at the server; the server announces it.
      server.put('tickets', { ...(server.get('tickets', 't1') as Doc), priority: 'urgent' });
      server.notify('tickets');
      // And we keep typing: another local write while the first push is in flight.
      await (await client.ticket('t1')).incrementalPatch({ tags: ['vip'] });
      held.open();

      await waitFor(() => {
        const master = server.get('tickets', 't1');
        return master?.subject === 'Mine' && master.priority === 'urgent' && jsonEqual(master.tags, ['vip']);
      });
      await waitFor(() => client.tracker.count === 0);
      await client.inSync();
      await converged(client, server, 't1');
    });
  });

  describe('RxDB #5843: the checkpoint never moves past a document that was not stored', () => {
    it('treats a change notice as "pull from your checkpoint", never storing the checkpoint it carries', async () => {
      const server = new FakeSyncServer();
      server.put('tickets', ticket('t1'));
      const client = await startClient(server);
      await client.inSync();

      // A notice whose checkpoint is far ahead of what was stored (a server bug, a reordered frame…).
      server.notify('tickets', { documents: [server.get('tickets', 't1') as never], checkpoint: { seq: 9_999 } });
      await client.inSync();
      // A change with a lower sequence must still arrive with the next pull from the stored checkpoint
      // (a reconnect's RESYNC, "Sync now").
      server.put('tickets', ticket('t2', { subject: 'After the bogus notice' }));
      client.replication.reSync();
      await waitFor(async () => (await client.local('t2'))?.subject === 'After the bogus notice');
    });

    it('adopts the server copy of a document the pull skipped when the push finds it "unchanged"', async () => {
      const server = new FakeSyncServer();
      server.put('tickets', ticket('t1'));
      const client = await startClient(server);
      await client.inSync();
      await client.stop();

      // Offline: we solve the ticket (the form stamps updatedAt locally)…
      await (await client.ticket('t1')).incrementalPatch({ status: 'solved', updatedAt: '2026-02-02T09:00:00.000Z' });
      // …and so does Bruno, whose write reaches the server first.
      server.put('tickets', { ...(server.get('tickets', 't1') as Doc), status: 'solved' });

      // Back online: the pull runs first (and cannot store t1: it has unpushed changes), then the push.
      const held = new Gate();
      server.pushGate = held;
      const pullsBefore = server.requests.filter((request) => request.includes('/tickets/pull')).length;
      client.start();
      await held.reached;
      await waitFor(() => server.requests.filter((request) => request.includes('/tickets/pull')).length > pullsBefore);
      await sleep(100);
      held.open();

      await waitFor(() => client.tracker.count === 0);
      await client.inSync();
      await converged(client, server, 't1');
    });

    it('stores what a pull brought while our push of the same ticket was unanswered, also after a reload', async () => {
      const server = new FakeSyncServer();
      server.put('tickets', ticket('t1'));
      const client = await startClient(server);
      await client.inSync();
      await client.stop();

      // An edit made while the app was closed is pushed by the start-up sync while the start-up pull
      // runs. The server applies the push, Bruno raises the priority, and the pull is answered with
      // Bruno's version before our push's answer arrives.
      await (await client.ticket('t1')).incrementalPatch({ subject: 'Written before the restart', updatedAt: '2026-02-02T09:00:00.000Z' });
      const answer = new Gate();
      const pull = new Gate();
      server.answerGate = answer;
      server.pullGate = pull;
      client.start();
      await answer.reached;
      server.put('tickets', { ...(server.get('tickets', 't1') as Doc), priority: 'urgent' });
      await pull.reached;
      pull.open();
      await sleep(200);
      answer.open();
      await waitFor(() => client.tracker.count === 0);
      await client.inSync();

      const stamped = server.get('tickets', 't1');
      expect(stamped).toMatchObject({ subject: 'Written before the restart', priority: 'urgent' });
      await converged(client, server, 't1');
      // The next start pulls from the stored checkpoint and still agrees with the server.
      await client.stop();
      client.start();
      await client.inSync();
      expect(await client.local('t1')).toEqual(entity(stamped));
    });

    it('merges offline edits of different fields when the pull ran before the push', async () => {
      const server = new FakeSyncServer();
      server.put('tickets', ticket('t1'));
      const client = await startClient(server);
      await client.inSync();
      await client.stop();

      await (await client.ticket('t1')).incrementalPatch({ priority: 'high' });
      server.put('tickets', { ...(server.get('tickets', 't1') as Doc), subject: 'Renamed by Bruno' });

      const held = new Gate();
      server.pushGate = held;
      client.start();
      await held.reached;
      await sleep(100);
      held.open();

      await waitFor(() => server.get('tickets', 't1')?.priority === 'high');
      expect(server.get('tickets', 't1')?.subject).toBe('Renamed by Bruno');
      await client.inSync();
      await converged(client, server, 't1');
    });
  });

  describe('a push the server applied but whose answer was lost', () => {
    it('keeps counting it when its retry conflicts, so a newer edit of the same field is not lost to it', async () => {
      const server = new FakeSyncServer();
      server.put('tickets', ticket('t1'));
      const client = await startClient(server);
      await client.inSync();

      server.pushFailures.push('lost-answer');
      await (await client.ticket('t1')).incrementalPatch({ subject: 'Mine, first' });
      await waitFor(() => server.get('tickets', 't1')?.subject === 'Mine, first');
      // The retry waits at the server while Bruno raises the priority and the agent renames again.
      const retry = new Gate();
      server.pushGate = retry;
      await retry.reached;
      server.put('tickets', { ...(server.get('tickets', 't1') as Doc), priority: 'urgent' });
      await (await client.ticket('t1')).incrementalPatch({ subject: 'Mine, second' });
      retry.open();

      await waitFor(() => server.get('tickets', 't1')?.subject === 'Mine, second');
      await waitFor(() => client.tracker.count === 0);
      await client.inSync();
      expect(server.get('tickets', 't1')).toMatchObject({ subject: 'Mine, second', priority: 'urgent' });
      expect(conflictLog.getState().entries).toEqual([]);
      await converged(client, server, 't1');
    });

    it('lets a later edit of a ticket created offline win over its own lost insert, with no conflict', async () => {
      const server = new FakeSyncServer();
      const client = await startClient(server);
      await client.inSync();

      server.pushFailures.push('lost-answer');
      await client.db.tickets.insert(omitKeys(ticket('t9', { subject: 'New ticket' }), ['_deleted']) as never);
      await waitFor(() => server.get('tickets', 't9') !== undefined);
      // The retry of the insert waits at the server while the agent edits the ticket.
      const retry = new Gate();
      server.pushGate = retry;
      await retry.reached;
      await (await client.ticket('t9')).incrementalPatch({ subject: 'Edited', status: 'pending' });
      retry.open();

      await waitFor(() => server.get('tickets', 't9')?.subject === 'Edited');
      await waitFor(() => client.tracker.count === 0);
      await client.inSync();
      expect(server.get('tickets', 't9')).toMatchObject({ subject: 'Edited', status: 'pending' });
      expect(conflictLog.getState().entries).toEqual([]);
      await converged(client, server, 't9');
    });
  });

  describe('RxDB #7259: pushes resume after a failed push', () => {
    it.each([
      ['a network error', 'network' as const],
      ['an HTTP 500', 500 as const],
    ])('after %s, earlier and later writes all reach the server without a restart', async (_name, failure) => {
      const server = new FakeSyncServer();
      server.put('tickets', ticket('t1'));
      server.put('tickets', ticket('t2'));
      const client = await startClient(server);
      await client.inSync();

      server.pushFailures.push(failure, failure);
      await (await client.ticket('t1')).incrementalPatch({ subject: 'During the failure' });
      await waitFor(() => client.failures.length >= 1);
      await waitFor(() => server.pushFailures.length === 0);
      await (await client.ticket('t2')).incrementalPatch({ subject: 'After the failure' });

      await waitFor(() => server.get('tickets', 't1')?.subject === 'During the failure' && server.get('tickets', 't2')?.subject === 'After the failure');
      await waitFor(() => client.tracker.count === 0);
      // And the replication keeps going.
      await (await client.ticket('t1')).incrementalPatch({ subject: 'Much later' });
      await waitFor(() => server.get('tickets', 't1')?.subject === 'Much later');
    });

    it('after a 401, pushes resume with the refreshed token', async () => {
      const server = new FakeSyncServer();
      server.put('tickets', ticket('t1'));
      server.put('tickets', ticket('t2'));
      let token: string | null = 'tok';
      let unauthorized = 0;
      const client = await startClient(server, {
        getToken: () => token,
        onUnauthorized: () => {
          unauthorized += 1;
          token = null; // the session is marked expired until the user signs in again
        },
      });
      await client.inSync();

      server.accounts.delete('tok');
      await (await client.ticket('t1')).incrementalPatch({ subject: 'While expired' });
      await waitFor(() => unauthorized > 0);
      await (await client.ticket('t2')).incrementalPatch({ subject: 'Also while expired' });
      await sleep(100);
      expect(client.tracker.count).toBe(2);

      server.accounts.set('tok-2', { userId: 'usr_ana', role: 'agent' });
      token = 'tok-2';
      await waitFor(() => server.get('tickets', 't1')?.subject === 'While expired' && server.get('tickets', 't2')?.subject === 'Also while expired');
      await waitFor(() => client.tracker.count === 0);
    });
  });

  describe('changes the server refuses', () => {
    it('records a refused update, reverts it, pushes the valid rest in the same call, and keeps the record across a reload', async () => {
      const server = new FakeSyncServer();
      server.put('tickets', ticket('t1'));
      server.put('tickets', ticket('t2'));
      const client = await startClient(server);
      await client.inSync();
      // Two edits made while not replicating go up in one batch when it starts again.
      await client.stop();
      await (await client.ticket('t1')).incrementalPatch({ subject: 'A valid change' });
      await (await client.ticket('t2')).incrementalPatch({ subject: '' });
      const pushesBefore = server.pushes.length;
      client.start();

      await waitFor(() => server.get('tickets', 't1')?.subject === 'A valid change');
      await waitFor(() => client.rejections.records.length === 1);
      // One refused request, then the valid row again, in the same handler call.
      const pushes = server.pushes.slice(pushesBefore);
      expect(pushes[0]?.rows.map((row) => row.newDocumentState.id).sort()).toEqual(['t1', 't2']);
      expect(pushes[1]?.rows.map((row) => row.newDocumentState.id)).toEqual(['t1']);

      const [record] = client.rejections.records;
      expect(record).toMatchObject({ collection: 'tickets', documentId: 't2', operation: 'update', code: 'validation_failed' });
      expect(record?.rejected.subject).toBe('');
      expect(record?.errors.some((error) => error.path === '/subject')).toBe(true);
      // The local copy is back to the server's version; nothing stays pending.
      await waitFor(async () => (await client.local('t2'))?.subject === 'Ticket t2');
      await waitFor(() => client.tracker.count === 0);
      expect(server.get('tickets', 't2')?.subject).toBe('Ticket t2');

      // A reload: same user, same database, a new store reads the record back.
      await client.stop();
      const name = client.db.name;
      await client.db.close();
      const reopened = await openUserDatabase({ serverUrl: SERVER_URL, userId: client.userId, collections: ['tickets', 'customers', 'timeline'], storage, multiInstance: false });
      expect(reopened.name).toBe(name);
      const store = new RejectionStore(localDocumentBackend(reopened));
      await store.whenIdle();
      expect(store.records).toHaveLength(1);
      expect(store.records[0]?.documentId).toBe('t2');
      store.close();
      await reopened.remove();
    });

    it('keeps a refused insert local and listed; Discard removes it without telling the server', async () => {
      const server = new FakeSyncServer();
      server.put('tickets', ticket('t1'));
      const client = await startClient(server);
      await client.inSync();
      const timeline = client.db.timeline;
      if (timeline === undefined) throw new Error('no timeline');

      // Agents may not write server-only kinds: the server refuses the whole push (422 forbidden, per-row details).
      await timeline.insert({
        id: 'tle_forged',
        subjectType: 'ticket',
        subjectId: 't1',
        kind: 'status_change',
        occurredAt: '2026-03-01T10:00:00.000Z',
        authorType: 'system',
        toValue: 'solved',
        recordedById: 'usr_ana',
        createdAt: '2026-03-01T10:00:00.000Z',
      });
      await waitFor(() => client.rejections.records.length === 1);
      const [record] = client.rejections.records;
      expect(record).toMatchObject({
        collection: 'timeline',
        documentId: 'tle_forged',
        operation: 'insert',
        code: 'forbidden',
        denial: { reason: 'kind', fields: ['kind'] },
      });
      expect(await timeline.findOne('tle_forged').exec()).not.toBeNull();
      expect(server.get('timeline', 'tle_forged')).toBeUndefined();
      await waitFor(() => client.tracker.count === 0);

      if (record === undefined) throw new Error('no record');
      const pushesBefore = server.pushes.length;
      await discardRejection(client.db, client.rejections, record, client.tracker);
      await waitFor(() => client.rejections.records.length === 0);
      expect(await timeline.findOne('tle_forged').exec()).toBeNull();
      await client.inSync();
      expect(server.pushes.slice(pushesBefore).flatMap((push) => push.rows).some((row) => row.newDocumentState.id === 'tle_forged')).toBe(false);
      expect(client.tracker.count).toBe(0);
    });

    it('clears a refused insert once it is fixed and accepted', async () => {
      const server = new FakeSyncServer();
      server.put('tickets', ticket('t1'));
      const client = await startClient(server);
      await client.inSync();
      const timeline = client.db.timeline;
      if (timeline === undefined) throw new Error('no timeline');

      // An internal note needs a body: refused (422).
      await timeline.insert({
        id: 'tle_note',
        subjectType: 'ticket',
        subjectId: 't1',
        kind: 'internal_note',
        occurredAt: '2026-03-01T10:00:00.000Z',
        authorType: 'agent',
        authorId: 'usr_ana',
        recordedById: 'usr_ana',
        createdAt: '2026-03-01T10:00:00.000Z',
      });
      await waitFor(() => client.rejections.records.length === 1);
      expect(client.rejections.records[0]).toMatchObject({ operation: 'insert', code: 'validation_failed' });

      await (await timeline.findOne('tle_note').exec())?.incrementalPatch({ body: 'Called back, no answer' });
      await waitFor(() => server.get('timeline', 'tle_note')?.body === 'Called back, no answer');
      await waitFor(() => client.rejections.records.length === 0);
    });

    it('Retry pushes a refused update again (here after the user was given the right)', async () => {
      const server = new FakeSyncServer();
      server.put('tickets', ticket('t1'));
      const client = await startClient(server);
      await client.inSync();

      // Pinning an SLA policy is for supervisors; the server answers the refused update with its master.
      await (await client.ticket('t1')).incrementalPatch({ slaPolicyId: 'sla_gold', subject: 'Pinned gold' });
      await waitFor(() => client.rejections.records.length === 1);
      expect(client.rejections.records[0]).toMatchObject({
        operation: 'update',
        code: 'forbidden',
        denial: { reason: 'field', fields: ['slaPolicyId'] },
      });
      await waitFor(async () => (await client.local('t1'))?.slaPolicyId === undefined);
      expect((await client.local('t1'))?.subject).toBe('Ticket t1');

      const account = server.accounts.get('tok');
      if (account === undefined || client.rejections.records[0] === undefined) throw new Error('setup');
      account.role = 'supervisor';
      await retryRejection(client.db, client.rejections, client.rejections.records[0]);
      await waitFor(() => server.get('tickets', 't1')?.slaPolicyId === 'sla_gold');
      expect(server.get('tickets', 't1')?.subject).toBe('Pinned gold');
      expect(client.rejections.records).toHaveLength(0);
      await client.inSync();
      await converged(client, server, 't1');
    });

    it('reverts an update refused with per-row details (403), like one answered as a conflict', async () => {
      const server = new FakeSyncServer();
      server.refusedUpdates = 'reject';
      server.put('tickets', ticket('t1'));
      const client = await startClient(server);
      await client.inSync();

      await (await client.ticket('t1')).incrementalPatch({ slaPolicyId: 'sla_gold' });
      await waitFor(() => client.rejections.records.length === 1);
      expect(client.rejections.records[0]).toMatchObject({ operation: 'update', code: 'forbidden', rejected: { slaPolicyId: 'sla_gold' } });
      await waitFor(async () => (await client.local('t1'))?.slaPolicyId === undefined);
      await waitFor(() => client.tracker.count === 0);
    });

    it('records a refusal disguised as a conflict instead of merging and pushing it forever', async () => {
      const server = new FakeSyncServer();
      server.put('tickets', ticket('t1'));
      const client = await startClient(server);
      await client.inSync();

      server.refuseAsConflict = true;
      const pushesBefore = server.pushes.length;
      await (await client.ticket('t1')).incrementalPatch({ subject: 'Never accepted' });
      await waitFor(() => client.rejections.records.length === 1);
      expect(client.rejections.records[0]).toMatchObject({ code: 'refused', operation: 'update' });
      await waitFor(async () => (await client.local('t1'))?.subject === 'Ticket t1');
      await sleep(200);
      expect(server.pushes.length - pushesBefore).toBeLessThanOrEqual(2);
    });
  });

  describe('conflict records on the timeline', () => {
    it('writes a sync_conflict entry for a same-field clash and replicates it', async () => {
      const server = new FakeSyncServer();
      server.put('tickets', ticket('t1'));
      const client = await startClient(server);
      await client.inSync();

      server.put('tickets', { ...(server.get('tickets', 't1') as Doc), priority: 'urgent' });
      await (await client.ticket('t1')).incrementalPatch({ priority: 'low' });

      await waitFor(() => server.all('timeline').some((entry) => entry.kind === 'sync_conflict'));
      const entry = server.all('timeline').find((candidate) => candidate.kind === 'sync_conflict');
      expect(entry).toMatchObject({
        subjectType: 'ticket',
        subjectId: 't1',
        customerId: 'c1',
        authorType: 'system',
        conflict: { field: 'priority', localValue: '"low"', masterValue: '"urgent"' },
      });
      expect(conflictLog.getState().entries).toHaveLength(1);
      expect(server.get('tickets', 't1')?.priority).toBe('urgent');
    });
  });
});
