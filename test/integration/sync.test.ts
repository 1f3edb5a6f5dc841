/** The pull/push replication protocol (API v1), on PGlite and Postgres. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../src/shared/domain/ticket';
import type { PullResponse, PushRow, WireDocument } from '../../src/shared/sync/protocol';
import { openTestDatabase, TARGETS, type TestDatabase } from './helpers/databases';
import { customer, insertRow, ticket, updateRow, wire } from './helpers/fixtures';
import { startTestServer, SUPERVISOR, type TestServer } from './helpers/server';
import { TestClock } from './helpers/test-clock';

const PULL = '/api/v1/sync/tickets/pull';
const PUSH = '/api/v1/sync/tickets/push';

/** A clock tests can move: server-stamped timestamps become predictable. */
describe.each(TARGETS)('sync API on %s', (target) => {
  let testDb: TestDatabase;
  let server: TestServer;
  let token: string;
  const clock = new TestClock(new Date('2030-05-01T12:00:00.000Z'));

  beforeAll(async () => {
    testDb = await openTestDatabase(target);
    server = await startTestServer(testDb.database, { clock });
    token = (await server.login()).token;
  });

  afterAll(async () => {
    await server.close();
    await testDb.dispose();
  });

  const push = async (rows: readonly PushRow<object>[] | readonly unknown[], collection = 'tickets') => {
    const response = await server.request(token, 'POST', `/api/v1/sync/${collection}/push`, rows);
    return { status: response.statusCode, body: response.json<unknown>() };
  };
  const pushOk = async (rows: readonly PushRow<object>[]): Promise<WireDocument[]> => {
    const { status, body } = await push(rows);
    expect(status).toBe(200);
    return body as WireDocument[];
  };
  const pull = async (query = '', collection = 'tickets') => {
    const response = await server.request(token, 'GET', `/api/v1/sync/${collection}/pull${query}`);
    return { status: response.statusCode, body: response.json<PullResponse>() };
  };
  /** Everything after `seq`, following checkpoints page by page. */
  const pullAll = async (afterSeq?: number): Promise<WireDocument[]> => {
    const documents: WireDocument[] = [];
    let checkpoint = afterSeq === undefined ? null : { seq: afterSeq };
    for (;;) {
      const query = checkpoint === null ? '?limit=1000' : `?limit=1000&checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}`;
      const { body } = await pull(query);
      documents.push(...body.documents);
      if (body.documents.length === 0) return documents;
      checkpoint = body.checkpoint;
    }
  };
  const master = async (id: string): Promise<WireDocument<Ticket>> => {
    const found = (await pullAll()).filter((document) => document.id === id).at(-1);
    if (found === undefined) throw new Error(`${id} not found`);
    return found as unknown as WireDocument<Ticket>;
  };
  const latestCheckpoint = async (): Promise<number> => {
    let seq = 0;
    for (;;) {
      const { body } = await pull(`?limit=1000&checkpoint=${encodeURIComponent(JSON.stringify({ seq }))}`);
      if (body.checkpoint === null || body.checkpoint.seq === seq) return seq;
      seq = body.checkpoint.seq;
    }
  };

  it('pulls nothing from an empty collection and echoes a null checkpoint', async () => {
    const { status, body } = await pull('', 'customers');
    expect(status).toBe(200);
    expect(body).toEqual({ documents: [], checkpoint: null });
  });

  it('pages by checkpoint in change order, echoing the checkpoint at the end', async () => {
    const ids = Array.from({ length: 7 }, (_, index) => `page-${String(index)}`);
    const before = await latestCheckpoint();
    for (const id of ids) expect(await pushOk([insertRow(ticket(id))])).toEqual([]);

    const seen: string[] = [];
    const seqs: number[] = [];
    let checkpoint = { seq: before };
    for (;;) {
      const { status, body } = await pull(`?limit=3&checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}`);
      expect(status).toBe(200);
      expect(body.documents.length).toBeLessThanOrEqual(3);
      if (body.documents.length === 0) {
        expect(body.checkpoint).toEqual(checkpoint); // nothing new: the given checkpoint comes back
        break;
      }
      seen.push(...body.documents.map((document) => String(document.id)));
      expect(body.checkpoint).not.toBeNull();
      seqs.push(body.checkpoint?.seq ?? -1);
      checkpoint = body.checkpoint ?? checkpoint;
    }
    expect(seen).toEqual(ids);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('defaults to a limit of 100 and accepts up to 1000', async () => {
    const rows = Array.from({ length: 120 }, (_, index) => insertRow(customer(`bulk-${String(index)}`)));
    expect((await push(rows, 'customers')).status).toBe(200);
    expect((await pull('', 'customers')).body.documents).toHaveLength(100);
    expect((await pull('?limit=1000', 'customers')).body.documents).toHaveLength(120);
  });

  it.each([
    ['limit=0', 'limit=0'],
    ['limit=1001', 'limit=1001'],
    ['limit=abc', 'limit=abc'],
    ['checkpoint not JSON', `checkpoint=${encodeURIComponent('{seq:1')}`],
    ['negative seq', `checkpoint=${encodeURIComponent('{"seq":-1}')}`],
    ['seq not a number', `checkpoint=${encodeURIComponent('{"seq":"5"}')}`],
  ])('rejects a bad pull (%s) with 400', async (_name, query) => {
    const { status, body } = await pull(`?${query}`);
    expect(status).toBe(400);
    expect(body).toEqual({ error: { code: 'bad_request', message: expect.any(String) as string } });
  });

  it('inserts and updates, stamping server-owned fields', async () => {
    expect(await pushOk([insertRow(ticket('life-1', { subject: 'Printer on fire' }))])).toEqual([]);
    const inserted = await master('life-1');
    expect(inserted).toMatchObject({ id: 'life-1', subject: 'Printer on fire', _deleted: false });
    expect(inserted.number).toEqual(expect.any(Number));
    expect(inserted.createdAt).toBe(clock.now().toISOString());
    expect(inserted.updatedAt).toBe(clock.now().toISOString());

    clock.advance(60_000);
    expect(await pushOk([updateRow(inserted, { status: 'open', assigneeId: 'usr_ana' })])).toEqual([]);
    const updated = await master('life-1');
    expect(updated).toMatchObject({ status: 'open', assigneeId: 'usr_ana', number: inserted.number, createdAt: inserted.createdAt });
    expect(updated.updatedAt).toBe(clock.now().toISOString());
  });

  it('numbers new tickets from one sequence', async () => {
    await pushOk([insertRow(ticket('num-1')), insertRow(ticket('num-2'))]);
    const first = await master('num-1');
    const second = await master('num-2');
    expect(second.number).toBe((first.number ?? 0) + 1);
  });

  it('never lets a client forge server-owned fields', async () => {
    const forged = ticket('forge-1', { number: 999_999, createdAt: '1999-01-01T00:00:00.000Z', updatedAt: '2999-01-01T00:00:00.000Z' });
    await pushOk([insertRow(forged)]);
    const stored = await master('forge-1');
    expect(stored.number).not.toBe(999_999);
    expect(stored.createdAt).toBe(clock.now().toISOString());
    expect(stored.updatedAt).toBe(clock.now().toISOString());

    clock.advance(1000);
    await pushOk([updateRow(stored, { number: 1, createdAt: '1999-01-01T00:00:00.000Z', subject: 'changed' })]);
    const updated = await master('forge-1');
    expect(updated).toMatchObject({ subject: 'changed', number: stored.number, createdAt: stored.createdAt, updatedAt: clock.now().toISOString() });
  });

  it('detects conflicts: a stale assumed master gets the current master back and writes nothing', async () => {
    await pushOk([insertRow(ticket('conflict-1'))]);
    const original = await master('conflict-1');
    clock.advance(1000);
    await pushOk([updateRow(original, { status: 'open' })]); // another agent's edit
    const current = await master('conflict-1');
    const checkpoint = await latestCheckpoint();

    const conflicts = await pushOk([updateRow(original, { priority: 'urgent' })]);
    expect(conflicts).toEqual([current]);
    expect(await pullAll(checkpoint)).toEqual([]); // nothing was written
    expect((await master('conflict-1')).priority).toBe('normal');

    // Inserting over an existing document without an assumed state is a conflict too.
    expect(await pushOk([insertRow(ticket('conflict-1', { subject: 'other' }))])).toEqual([current]);
  });

  it('compares the assumed master structurally (key order does not matter)', async () => {
    await pushOk([insertRow(ticket('order-1'))]);
    const stored = await master('order-1');
    const reordered = Object.fromEntries(Object.entries(stored).reverse()) as WireDocument<Ticket>;
    expect(await pushOk([updateRow(reordered, { status: 'pending' })])).toEqual([]);
    expect((await master('order-1')).status).toBe('pending');
  });

  it('treats an assumed master for a document the server never had as an insert', async () => {
    const ghost = wire(ticket('ghost-1'));
    const row: PushRow<Ticket> = { assumedMasterState: ghost, newDocumentState: { ...ghost, status: 'open' } };
    expect(await pushOk([row])).toEqual([]);
    expect((await master('ghost-1')).status).toBe('open');
  });

  it('makes a retried push a no-op that hands back the stamped master, never a second write', async () => {
    await pushOk([insertRow(ticket('retry-1'))]);
    const original = await master('retry-1');
    const row = updateRow(original, { status: 'solved' });
    expect(await pushOk([row])).toEqual([]);
    const afterFirst = await master('retry-1');
    const checkpoint = await latestCheckpoint();

    // The response was lost; the client sends it again. Nothing is applied (no new sequence, same
    // master) and the answer carries the master, whose stamps the client's copy lacks.
    clock.advance(5000);
    expect(await pushOk([row])).toEqual([afterFirst]);
    expect(await pullAll(checkpoint)).toEqual([]);
    expect(await master('retry-1')).toEqual(afterFirst);
    // A client that already holds the stamped master gets an empty answer.
    expect(await pushOk([{ assumedMasterState: afterFirst, newDocumentState: afterFirst }])).toEqual([]);

    // An insert retried after a lost response is a no-op as well.
    const insert = insertRow(ticket('retry-2'));
    await pushOk([insert]);
    const afterInsert = await latestCheckpoint();
    expect(await pushOk([insert])).toEqual([await master('retry-2')]);
    expect(await latestCheckpoint()).toBe(afterInsert);
  });

  it('rejects the whole push with 422 when any row is invalid, applying nothing', async () => {
    const checkpoint = await latestCheckpoint();
    const rows: PushRow<object>[] = [
      insertRow(ticket('valid-but-not-applied')),
      insertRow({ ...ticket('bad-1'), status: 'exploded' } as unknown as Ticket),
      insertRow({ ...ticket('bad-2'), subject: '', unknownField: 1 } as unknown as Ticket),
      { newDocumentState: { ...ticket('bad-3') } as unknown as WireDocument },
    ];
    const { status, body } = await push(rows);
    expect(status).toBe(422);
    const error = (body as { error: { code: string; message: string; details: { index: number; id: string; errors: { path: string }[] }[] } }).error;
    expect(error.code).toBe('validation_failed');
    expect(error.details.map((detail) => [detail.index, detail.id])).toEqual([
      [1, 'bad-1'],
      [2, 'bad-2'],
      [3, 'bad-3'],
    ]);
    expect(error.details[0]?.errors.map((problem) => problem.path)).toEqual(['/status']);
    expect(error.details[1]?.errors.map((problem) => problem.path).sort()).toEqual(['/subject', '/unknownField']);
    expect(error.details[2]?.errors.map((problem) => problem.path)).toEqual(['/_deleted']);
    expect(await pullAll(checkpoint)).toEqual([]);
  });

  it.each([
    ['not an array', { newDocumentState: {} }],
    ['row without newDocumentState', [{}]],
    ['newDocumentState not an object', [{ newDocumentState: 'x' }]],
  ])('rejects a malformed push envelope (%s) with 400', async (_name, payload) => {
    const response = await server.request(token, 'POST', PUSH, payload);
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('bad_request');
  });

  it('replicates deletes: a deleted document pulls back with _deleted true', async () => {
    // Agents close tickets; deleting one is a supervisor's call (COLLECTIONS.tickets.deleteRoles).
    const supervisor = (await server.login(SUPERVISOR)).token;
    await pushOk([insertRow(ticket('delete-1'))]);
    const stored = await master('delete-1');
    const checkpoint = await latestCheckpoint();
    const response = await server.request(supervisor, 'POST', PUSH, [updateRow(stored, {}, true)]);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([]);
    const changes = await pullAll(checkpoint);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ id: 'delete-1', _deleted: true, number: stored.number });
  });

  it("answers an agent's delete with the master, as a conflict", async () => {
    await pushOk([insertRow(ticket('delete-2'))]);
    const stored = await master('delete-2');
    const checkpoint = await latestCheckpoint();
    expect(await pushOk([updateRow(stored, {}, true)])).toEqual([stored]);
    expect(await pullAll(checkpoint)).toEqual([]);
  });

  it('accepts an empty push', async () => {
    expect(await pushOk([])).toEqual([]);
  });

  it('keeps collections apart', async () => {
    await push([insertRow(customer('apart-1'))], 'customers');
    const tickets = await pullAll();
    expect(tickets.some((document) => document.id === 'apart-1')).toBe(false);
    const pulled = await server.request(token, 'GET', `${PULL}?limit=1000`);
    expect(pulled.statusCode).toBe(200);
  });
});
