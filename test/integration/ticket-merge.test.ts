/**
 * Merging tickets over the sync API, on PGlite and Postgres, the way the renderer does it (the target's
 * update, then the source closed with mergedIntoId): the server records a `merge` event on both
 * tickets in the source's transaction, keeps the source's own entries on the source (append-only), refuses
 * a ticket merged into itself (422 validation_failed) and a merge that would close a loop (the master
 * comes back as a conflict, nothing recorded), and lets chains of merges through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/shared/domain/roles';
import type { Ticket } from '../../src/shared/domain/ticket';
import type { TimelineEntry } from '../../src/shared/domain/timeline';
import type { SyncCollectionName } from '../../src/shared/sync/collections';
import type { PullResponse, PushRow, WireDocument } from '../../src/shared/sync/protocol';
import { openTestDatabase, TARGETS, type TestDatabase } from './helpers/databases';
import { insertRow, ticket, timelineEntry, updateRow } from './helpers/fixtures';
import { AGENT, startTestServer, SUPERVISOR, type TestServer } from './helpers/server';

describe.each(TARGETS)('ticket merge on %s', (target) => {
  let testDb: TestDatabase;
  let server: TestServer;
  const tokens = {} as Record<Exclude<Role, 'admin'>, string>;
  let agentId = '';

  beforeAll(async () => {
    testDb = await openTestDatabase(target);
    server = await startTestServer(testDb.database);
    const agent = await server.login(AGENT);
    tokens.agent = agent.token;
    agentId = agent.user.id;
    tokens.supervisor = (await server.login(SUPERVISOR)).token;
  });

  afterAll(async () => {
    await server.close();
    await testDb.dispose();
  });

  const push = async (collection: SyncCollectionName, rows: readonly PushRow<object>[]) => {
    const response = await server.request(tokens.agent, 'POST', `/api/v1/sync/${collection}/push`, rows);
    return { status: response.statusCode, body: response.json<unknown>() };
  };
  const pushOk = async (collection: SyncCollectionName, rows: readonly PushRow<object>[]): Promise<WireDocument[]> => {
    const { status, body } = await push(collection, rows);
    expect({ status, body: status === 200 ? 'ok' : body }).toEqual({ status: 200, body: 'ok' });
    return body as WireDocument[];
  };
  const pullAll = async <T,>(collection: SyncCollectionName): Promise<WireDocument<T>[]> => {
    const documents: WireDocument<T>[] = [];
    let checkpoint = { seq: 0 };
    for (;;) {
      const response = await server.request(tokens.supervisor, 'GET', `/api/v1/sync/${collection}/pull?limit=1000&checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}`);
      const body = response.json<PullResponse>();
      if (body.documents.length === 0) return documents;
      documents.push(...(body.documents as WireDocument<T>[]));
      checkpoint = body.checkpoint ?? checkpoint;
    }
  };
  const master = async (id: string): Promise<WireDocument<Ticket>> => {
    const found = (await pullAll<Ticket>('tickets')).filter((document) => document.id === id).at(-1);
    if (found === undefined) throw new Error(`ticket ${id} not found`);
    return found;
  };
  const entriesOf = async (subjectId: string) => (await pullAll<TimelineEntry>('timeline')).filter((entry) => entry.subjectId === subjectId);

  it('records the merge on both tickets, keeps the source’s entries on the source, and closes it', async () => {
    await pushOk('tickets', [
      insertRow(ticket('mrg-source', { customerId: 'cus_src', tags: ['billing'], status: 'open' })),
      insertRow(ticket('mrg-target', { customerId: 'cus_tgt', tags: ['vip'], status: 'open' })),
    ]);
    await pushOk('timeline', [
      insertRow(timelineEntry('mrg-message', { subjectId: 'mrg-source', kind: 'customer_message', authorType: 'customer', authorId: 'cus_src', channel: 'email', body: 'My invoice is wrong' })),
    ]);

    const targetMaster = await master('mrg-target');
    expect(await pushOk('tickets', [updateRow(targetMaster, { tags: ['vip', 'billing'], customerId: 'cus_src' })])).toEqual([]);
    const sourceMaster = await master('mrg-source');
    expect(await pushOk('tickets', [updateRow(sourceMaster, { status: 'closed', mergedIntoId: 'mrg-target' })])).toEqual([]);

    expect(await master('mrg-source')).toMatchObject({ status: 'closed', mergedIntoId: 'mrg-target' });
    expect(await master('mrg-target')).toMatchObject({ status: 'open', tags: ['vip', 'billing'], customerId: 'cus_src' });

    const onSource = await entriesOf('mrg-source');
    expect(onSource.map((entry) => [entry.kind, entry.fromValue, entry.toValue])).toEqual([
      ['customer_message', undefined, undefined],
      ['status_change', 'open', 'closed'],
      ['merge', undefined, 'mrg-target'],
    ]);
    const onTarget = (await entriesOf('mrg-target')).filter((entry) => entry.kind === 'merge');
    expect(onTarget).toHaveLength(1);
    expect(onTarget[0]).toMatchObject({
      subjectType: 'ticket',
      fromValue: 'mrg-source',
      toValue: 'mrg-target',
      authorType: 'agent',
      authorId: agentId,
      recordedById: agentId,
      customerId: 'cus_src',
    });
    // Same transaction, same change: both events carry the source write's sequence in their ids.
    const sourceEvent = onSource.find((entry) => entry.kind === 'merge');
    expect(sourceEvent?.id.replace(/_mergedIntoId$/, '')).toBe(onTarget[0]?.id.replace(/_mergeTarget$/, ''));

    // A retry of the same write records nothing more.
    const merged = await master('mrg-source');
    expect(await pushOk('tickets', [updateRow(merged, {})])).toEqual([]);
    expect((await entriesOf('mrg-target')).filter((entry) => entry.kind === 'merge')).toHaveLength(1);
  });

  it('refuses a ticket merged into itself, and a merge of a ticket that is not closed', async () => {
    await pushOk('tickets', [insertRow(ticket('mrg-self', { status: 'open' }))]);
    const stored = await master('mrg-self');
    const self = await push('tickets', [updateRow(stored, { status: 'closed', mergedIntoId: 'mrg-self' })]);
    expect(self.status).toBe(422);
    expect(self.body).toMatchObject({
      error: { code: 'validation_failed', details: [{ id: 'mrg-self', errors: [{ path: '/mergedIntoId', message: 'a ticket cannot be merged into itself' }] }] },
    });
    const open = await push('tickets', [updateRow(stored, { mergedIntoId: 'mrg-target' })]);
    expect(open.status).toBe(422);
    expect(await master('mrg-self')).not.toHaveProperty('mergedIntoId');
  });

  it('lets a chain of merges through but refuses the merge that would close a loop (offline merges in opposite directions)', async () => {
    await pushOk('tickets', [insertRow(ticket('loop-a', { status: 'open' })), insertRow(ticket('loop-b', { status: 'open' })), insertRow(ticket('loop-c', { status: 'open' }))]);
    // Device 1 merged a into b, device 2 merged b into c: a chain, each accepted.
    const a = await master('loop-a');
    const b = await master('loop-b');
    expect(await pushOk('tickets', [updateRow(a, { status: 'closed', mergedIntoId: 'loop-b' })])).toEqual([]);
    expect(await pushOk('tickets', [updateRow(b, { status: 'closed', mergedIntoId: 'loop-c' })])).toEqual([]);

    // Device 3, offline, had merged c into a: that would hide all three in one another.
    const c = await master('loop-c');
    const eventsBefore = (await pullAll('timeline')).length;
    const answer = await pushOk('tickets', [updateRow(c, { status: 'closed', mergedIntoId: 'loop-a' })]);
    expect(answer).toEqual([c]);
    expect(await master('loop-c')).toEqual(c);
    expect((await pullAll('timeline')).length).toBe(eventsBefore);
  });
});
