/**
 * The whole domain model over the sync API, on PGlite and Postgres: every collection replicates,
 * server-owned fields cannot be forged, the write policy holds per collection and field (refused
 * inserts → 422 forbidden, refused updates → the master as a conflict), append-only collections stay
 * immutable, the server's own writes (timeline events, article versions, accounts) happen with the
 * accepted write and go out on the pull and the stream, and reads are filtered by role.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { stamperProblems, STAMPERS } from '../../src/server/sync/server-owned-fields';
import { createUserIfAbsent } from '../../src/server/auth/users';
import { articleVersionId, type Article } from '../../src/shared/domain/article';
import type { Role } from '../../src/shared/domain/roles';
import type { Ticket } from '../../src/shared/domain/ticket';
import { COLLECTIONS, SYNC_COLLECTIONS, type SyncCollectionName } from '../../src/shared/sync/collections';
import type { LoginResponse } from '../../src/shared/sync/auth';
import type { PullResponse, PushRow, StreamServerMessage, WireDocument } from '../../src/shared/sync/protocol';
import { openTestDatabase, TARGETS, type TestDatabase } from './helpers/databases';
import {
  article,
  call,
  callback,
  cannedResponse,
  customer,
  insertRow,
  savedView,
  slaPolicy,
  survey,
  ticket,
  timelineEntry,
  updateRow,
  userProfile,
} from './helpers/fixtures';
import { ADMIN, AGENT, startTestServer, SUPERVISOR, type TestServer } from './helpers/server';
import { connectStream, type StreamClient } from './helpers/stream-client';
import { TestClock } from './helpers/test-clock';

type Doc = WireDocument;
type ChangeMessage = Extract<StreamServerMessage, { type: 'change' }>;
interface Rejection {
  readonly index: number;
  readonly id: string;
  readonly reason?: string;
  readonly fields?: readonly string[];
  readonly errors: readonly { readonly path: string; readonly message: string }[];
}
interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details: readonly Rejection[] };
}

describe('server-owned field stampers', () => {
  it('cover every server-owned field of the registry, and nothing else', () => {
    expect(stamperProblems(COLLECTIONS, STAMPERS)).toEqual([]);
  });

  it('are checked: a server-owned field without a stamper (or a stray stamper) is reported', () => {
    const registry = { ...COLLECTIONS, tickets: { ...COLLECTIONS.tickets, serverOwnedFields: [...COLLECTIONS.tickets.serverOwnedFields, 'closedAt'] } };
    expect(stamperProblems(registry, STAMPERS)).toEqual(['tickets.closedAt is server-owned but has no stamper']);
    const stray = { ...STAMPERS, customers: { ...STAMPERS.customers, segment: () => 'vip' } };
    expect(stamperProblems(COLLECTIONS, stray)).toEqual(['customers.segment has a stamper but is not server-owned']);
    expect(stamperProblems({ things: { serverOwnedFields: ['number'] } }, { things: { number: () => 1 } }, {})).toEqual([
      'things owns a number but has no sequence (see NUMBER_SEQUENCES and the migrations)',
    ]);
  });
});

describe.each(TARGETS)('whole domain model on %s', (target) => {
  let testDb: TestDatabase;
  let server: TestServer;
  let baseUrl: string;
  const tokens = {} as Record<Role | 'agent2', string>;
  const users = {} as Record<Role, LoginResponse['user']>;
  const clock = new TestClock(new Date('2030-05-01T12:00:00.000Z'));

  beforeAll(async () => {
    testDb = await openTestDatabase(target);
    server = await startTestServer(testDb.database, { clock, listen: true });
    baseUrl = server.baseUrl ?? '';
    for (const [role, email] of [['agent', AGENT], ['supervisor', SUPERVISOR], ['admin', ADMIN]] as const) {
      const login = await server.login(email);
      tokens[role] = login.token;
      users[role] = login.user;
    }
    tokens.agent2 = (await server.login('agent2@example.com')).token;
  });

  afterAll(async () => {
    await server.close();
    await testDb.dispose();
  });

  const push = async (role: keyof typeof tokens, collection: SyncCollectionName, rows: readonly PushRow<object>[]) => {
    const response = await server.request(tokens[role], 'POST', `/api/v1/sync/${collection}/push`, rows);
    return { status: response.statusCode, body: response.json<unknown>() };
  };
  const pushOk = async (role: keyof typeof tokens, collection: SyncCollectionName, rows: readonly PushRow<object>[]): Promise<Doc[]> => {
    const { status, body } = await push(role, collection, rows);
    expect({ status, body: status === 200 ? 'ok' : body }).toEqual({ status: 200, body: 'ok' });
    return body as Doc[];
  };
  const pushRejected = async (role: keyof typeof tokens, collection: SyncCollectionName, rows: readonly PushRow<object>[]): Promise<ErrorBody['error']> => {
    const { status, body } = await push(role, collection, rows);
    expect(status).toBe(422);
    return (body as ErrorBody).error;
  };
  /** Everything of `collection` after `afterSeq` the role may pull, following checkpoints. */
  const pullAll = async (role: keyof typeof tokens, collection: SyncCollectionName, afterSeq = 0): Promise<Doc[]> => {
    const documents: Doc[] = [];
    let checkpoint = { seq: afterSeq };
    for (;;) {
      const response = await server.request(tokens[role], 'GET', `/api/v1/sync/${collection}/pull?limit=1000&checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}`);
      expect(response.statusCode).toBe(200);
      const body = response.json<PullResponse>();
      if (body.documents.length === 0) return documents;
      documents.push(...body.documents);
      checkpoint = body.checkpoint ?? checkpoint;
    }
  };
  /** The checkpoint after the newest change of `collection`. */
  const latest = async (collection: SyncCollectionName): Promise<number> => {
    let seq = 0;
    for (;;) {
      const response = await server.request(tokens.admin, 'GET', `/api/v1/sync/${collection}/pull?limit=1000&checkpoint=${encodeURIComponent(JSON.stringify({ seq }))}`);
      const body = response.json<PullResponse>();
      if (body.documents.length === 0) return seq;
      seq = body.checkpoint?.seq ?? seq;
    }
  };
  const master = async <T = Record<string, unknown>>(collection: SyncCollectionName, id: string): Promise<WireDocument<T>> => {
    const found = (await pullAll('admin', collection)).filter((document) => document.id === id).at(-1);
    if (found === undefined) throw new Error(`${collection}/${id} not found`);
    return found as unknown as WireDocument<T>;
  };
  const openStream = async (role: keyof typeof tokens): Promise<StreamClient> => {
    const client = connectStream(baseUrl, { token: tokens[role] });
    onTestFinished(() => {
      client.close();
    });
    await client.waitFor((message) => message.type === 'RESYNC');
    return client;
  };
  const changeIn = (collection: SyncCollectionName, predicate: (document: Doc) => boolean) => (message: StreamServerMessage): message is ChangeMessage =>
    message.type === 'change' && message.collection === collection && message.documents.some(predicate);

  // ---- every collection replicates ----------------------------------------------------------------

  it('pulls every collection of the registry, and each accepts a first document from a role that may write it', async () => {
    const writes: [SyncCollectionName, keyof typeof tokens, object][] = [
      ['tickets', 'agent', ticket('all-ticket')],
      ['timeline', 'agent', timelineEntry('all-note')],
      ['customers', 'agent', customer('all-customer')],
      ['calls', 'agent', call('all-call')],
      ['callbacks', 'agent', callback('all-callback')],
      ['articles', 'supervisor', article('all-article')],
      ['surveys', 'supervisor', survey('all-survey')],
      ['users', 'admin', userProfile('all-user')],
      ['settings', 'admin', slaPolicy('all-policy')],
    ];
    for (const [collection, role, document] of writes) expect(await pushOk(role, collection, [insertRow(document)]), collection).toEqual([]);
    for (const name of SYNC_COLLECTIONS) {
      const pulled = await pullAll('admin', name);
      expect(pulled.length, name).toBeGreaterThan(0);
    }
    expect((await master('articleVersions', articleVersionId('all-article', 1))).title).toBe('Artigo all-article');
    // The demo accounts have profile documents, created with the accounts.
    const profiles = await pullAll('agent', 'users');
    expect(profiles.map((profile) => profile.id)).toEqual(expect.arrayContaining(['usr_ana', 'usr_bruno', 'usr_carla', 'usr_diego', 'all-user']));
    expect(profiles.find((profile) => profile.id === 'usr_carla')).toMatchObject({ name: 'Carla Mendes', role: 'supervisor', email: SUPERVISOR, active: true });
  });

  // ---- server-owned fields --------------------------------------------------------------------------

  it('stamps server-owned fields whatever the client sends: recordedById, call durations, recordingRef, SLA dates, versionNumber', async () => {
    const now = clock.now().toISOString();
    await pushOk('agent', 'timeline', [insertRow(timelineEntry('forge-note', { recordedById: 'usr_diego', createdAt: '1999-01-01T00:00:00.000Z' }))]);
    expect(await master('timeline', 'forge-note')).toMatchObject({ recordedById: users.agent.id, createdAt: now });

    await pushOk('agent', 'calls', [
      insertRow(call('forge-call', { ringSeconds: 1, talkSeconds: 99999, handleSeconds: 5, recordingRef: 'https://evil.example/rec.mp3' })),
    ]);
    const storedCall = await master('calls', 'forge-call');
    expect(storedCall).toMatchObject({ ringSeconds: 12, talkSeconds: 280 });
    expect(storedCall).not.toHaveProperty('recordingRef');
    expect(storedCall).not.toHaveProperty('handleSeconds'); // no wrap-up yet
    clock.advance(1000);
    await pushOk('agent', 'calls', [updateRow(storedCall, { wrapUpEndedAt: '2030-05-01T11:06:00.000Z', handleSeconds: 1 })]);
    expect(await master('calls', 'forge-call')).toMatchObject({ wrapUpSeconds: 48, handleSeconds: 348 });

    await pushOk('agent', 'tickets', [insertRow(ticket('forge-sla', { resolutionDueAt: '2099-01-01T00:00:00.000Z', solvedAt: '2000-01-01T00:00:00.000Z' }))]);
    const storedTicket = await master<Ticket>('tickets', 'forge-sla');
    // The SLA engine's due date (policy all-policy: 480 minutes, 24/7), not the pushed one.
    expect(storedTicket.resolutionDueAt).toBe(new Date(Date.parse(storedTicket.createdAt) + 480 * 60_000).toISOString());
    expect(storedTicket).not.toHaveProperty('solvedAt');

    await pushOk('supervisor', 'articles', [insertRow(article('forge-article', { versionNumber: 77 }))]);
    expect((await master<Article>('articles', 'forge-article')).versionNumber).toBe(1);
  });

  // ---- field-level and document-level policy -------------------------------------------------------

  it("answers an agent's change to a supervisor-only field with the master; a supervisor may make it", async () => {
    await pushOk('agent', 'tickets', [insertRow(ticket('pin-sla'))]);
    const stored = await master<Ticket>('tickets', 'pin-sla');
    const before = await latest('tickets');
    // slaPolicyId moves the SLA targets: supervisors only.
    expect(await pushOk('agent', 'tickets', [updateRow(stored, { slaPolicyId: 'set_sla_vip', status: 'open' })])).toEqual([stored]);
    expect(await latest('tickets')).toBe(before);
    // Forged SLA dates alongside a permitted change are ignored, the change is applied.
    clock.advance(1000);
    expect(await pushOk('agent', 'tickets', [updateRow(stored, { resolutionDueAt: '2099-01-01T00:00:00.000Z', status: 'open' })])).toEqual([]);
    const opened = await master<Ticket>('tickets', 'pin-sla');
    expect(opened.status).toBe('open');
    expect(opened.resolutionDueAt).toBe(stored.resolutionDueAt);
    expect(await pushOk('supervisor', 'tickets', [updateRow(opened, { slaPolicyId: 'set_sla_vip' })])).toEqual([]);
    expect((await master<Ticket>('tickets', 'pin-sla')).slaPolicyId).toBe('set_sla_vip');

    // Customers: the segment is a supervisor's; agents may edit notes.
    await pushOk('agent', 'customers', [insertRow(customer('seg-1'))]);
    const storedCustomer = await master('customers', 'seg-1');
    expect(await pushOk('agent', 'customers', [updateRow(storedCustomer, { segment: 'vip' })])).toEqual([storedCustomer]);
    expect(await pushOk('agent', 'customers', [updateRow(storedCustomer, { notes: 'Prefere WhatsApp' })])).toEqual([]);
  });

  it('refuses inserts the policy forbids with 422 forbidden, applying nothing, and reports each row', async () => {
    const before = await latest('settings');
    const rows = [
      insertRow(savedView('view-own', users.agent.id)),
      insertRow(slaPolicy('agent-policy')),
      insertRow(savedView('view-other', 'usr_bruno')),
      insertRow(cannedResponse('agent-canned', 'Hi {{customer.firstName}}')),
    ];
    const error = await pushRejected('agent', 'settings', rows);
    expect(error.code).toBe('forbidden');
    expect(error.message).toMatch(/nothing was applied/);
    expect(error.details).toEqual([
      { index: 1, id: 'agent-policy', reason: 'kind', fields: ['kind'], errors: [{ path: '/kind', message: expect.any(String) as string }] },
      { index: 2, id: 'view-other', reason: 'not_owner', fields: ['savedView.ownerId'], errors: [{ path: '/savedView/ownerId', message: expect.any(String) as string }] },
      { index: 3, id: 'agent-canned', reason: 'kind', fields: ['kind'], errors: [{ path: '/kind', message: expect.any(String) as string }] },
    ]);
    expect(await latest('settings')).toBe(before);

    // The client drops the refused rows and pushes the rest.
    expect(await pushOk('agent', 'settings', [rows[0] as PushRow<object>])).toEqual([]);
    const ownView = await master('settings', 'view-own');
    expect(await pushOk('agent', 'settings', [updateRow(ownView, { name: 'Minha fila' })])).toEqual([]);

    // Admins write SLA policies; agents' updates to them come back as conflicts.
    expect(await pushOk('admin', 'settings', [insertRow(slaPolicy('admin-policy'))])).toEqual([]);
    const policy = await master('settings', 'admin-policy');
    expect(await pushOk('agent', 'settings', [updateRow(policy, { name: 'Faster' })])).toEqual([policy]);
    expect(await pushOk('supervisor', 'settings', [updateRow(policy, { name: 'Faster' })])).toEqual([policy]);
    expect(await pushOk('admin', 'settings', [updateRow(policy, { name: 'Faster' })])).toEqual([]);

    // Agents never write articles or surveys; an insert of either is refused with reason "role".
    expect((await pushRejected('agent', 'articles', [insertRow(article('agent-article'))])).details[0]).toMatchObject({ reason: 'role', errors: [{ path: '' }] });
    expect((await pushRejected('agent', 'surveys', [insertRow(survey('agent-survey'))])).code).toBe('forbidden');
    // Validation still comes first and keeps its code.
    const invalid = await pushRejected('supervisor', 'settings', [insertRow(cannedResponse('bad-canned', 'Hi {{customer.cpf}}'))]);
    expect(invalid).toMatchObject({ code: 'validation_failed', details: [{ index: 0, id: 'bad-canned', errors: [{ path: '/cannedResponse/body' }] }] });
  });

  it('refuses pushes to a collection the role may not read, and server-only timeline kinds', async () => {
    expect((await push('agent', 'articleVersions', [])).status).toBe(403);
    expect((await push('supervisor', 'articleVersions', [insertRow({ id: 'x' })])).status).toBe(422);
    const error = await pushRejected('agent', 'timeline', [insertRow(timelineEntry('forged-event', { kind: 'status_change', toValue: 'closed' }))]);
    expect(error.details).toMatchObject([{ index: 0, id: 'forged-event', reason: 'kind' }]);
  });

  // ---- append-only ---------------------------------------------------------------------------------

  it('keeps append-only documents immutable: updates come back as conflicts, retries are no-ops', async () => {
    const note = timelineEntry('immutable-note');
    expect(await pushOk('agent', 'timeline', [insertRow(note)])).toEqual([]);
    const stored = await master('timeline', 'immutable-note');
    const before = await latest('timeline');
    expect(await pushOk('agent', 'timeline', [updateRow(stored, { body: 'rewritten history' })])).toEqual([stored]);
    expect(await pushOk('admin', 'timeline', [updateRow(stored, {}, true)])).toEqual([stored]);
    // The same insert again (a lost response) is not a write; the answer hands back the stamped entry.
    expect(await pushOk('agent', 'timeline', [insertRow(note)])).toEqual([stored]);
    expect(await latest('timeline')).toBe(before);

    await pushOk('supervisor', 'surveys', [insertRow(survey('immutable-survey'))]);
    const answer = await master('surveys', 'immutable-survey');
    expect(await pushOk('supervisor', 'surveys', [updateRow(answer, { score: 1 })])).toEqual([answer]);
  });

  // ---- server-side writers -------------------------------------------------------------------------

  it('appends timeline events for accepted ticket changes, on the pull and on the stream', async () => {
    const stream = await openStream('agent');
    await pushOk('agent', 'tickets', [insertRow(ticket('events-1', { customerId: 'cus_000042' }))]);
    const created = await master<Ticket>('tickets', 'events-1');
    const before = await latest('timeline');
    expect(await pullAll('agent', 'timeline', before)).toEqual([]);

    clock.advance(60_000);
    const at = clock.now().toISOString();
    expect(await pushOk('agent', 'tickets', [updateRow(created, { status: 'open', priority: 'high', assigneeId: users.agent.id, tier: 'L2', groupId: 'set_group_technical' })])).toEqual([]);
    const events = await pullAll('agent', 'timeline', before);
    expect(events.map((event) => [event.kind, event.fromValue, event.toValue])).toEqual([
      ['status_change', 'new', 'open'],
      ['priority_change', 'normal', 'high'],
      ['assignment_change', undefined, users.agent.id],
      ['group_change', undefined, 'set_group_technical'],
      ['tier_change', 'L1', 'L2'],
    ]);
    for (const event of events) {
      expect(event).toMatchObject({ subjectType: 'ticket', subjectId: 'events-1', customerId: 'cus_000042', authorId: users.agent.id, recordedById: users.agent.id, occurredAt: at, createdAt: at, _deleted: false });
    }
    // Live clients get the events too, right after the ticket change.
    const ticketChange = await stream.waitFor(changeIn('tickets', (document) => document.id === 'events-1' && document.status === 'open'));
    const timelineChange = await stream.waitFor(changeIn('timeline', (document) => document.subjectId === 'events-1'));
    expect(timelineChange.documents.filter((document) => document.subjectId === 'events-1')).toEqual(events);
    expect(timelineChange.checkpoint.seq).toBeGreaterThan(ticketChange.checkpoint.seq);

    // A stale write (conflict), a refused one and a retry record nothing.
    const opened = await master<Ticket>('tickets', 'events-1');
    const afterEvents = await latest('timeline');
    expect(await pushOk('agent', 'tickets', [updateRow(created, { status: 'pending' })])).toEqual([opened]);
    expect(await pushOk('agent', 'tickets', [updateRow(opened, { slaPolicyId: 'set_sla_vip', status: 'solved' })])).toEqual([opened]);
    expect(await pushOk('agent', 'tickets', [updateRow(created, { status: 'open', priority: 'high', assigneeId: users.agent.id, tier: 'L2', groupId: 'set_group_technical' })])).toEqual([opened]);
    expect(await latest('timeline')).toBe(afterEvents);

    // Unassigning and merging are recorded as well; a subject edit is not an event.
    clock.advance(1000);
    await pushOk('supervisor', 'tickets', [updateRow(opened, { assigneeId: undefined, subject: 'Renamed', status: 'closed', mergedIntoId: 'events-0' })]);
    expect((await pullAll('agent', 'timeline', afterEvents)).map((event) => [event.kind, event.fromValue, event.toValue, event.authorId])).toEqual([
      ['status_change', 'open', 'closed', users.supervisor.id],
      ['assignment_change', users.agent.id, undefined, users.supervisor.id],
      ['merge', undefined, 'events-0', users.supervisor.id],
      // The target's side of the merge (see ticket-merge.test.ts).
      ['merge', 'events-1', 'events-0', users.supervisor.id],
    ]);
  });

  it('snapshots each new article version into articleVersions, in the same change', async () => {
    const stream = await openStream('supervisor');
    await pushOk('supervisor', 'articles', [insertRow(article('kb-1', { title: 'Cobrança duplicada' }))]);
    const v1 = await master<Article>('articles', 'kb-1');
    expect(v1.versionNumber).toBe(1);
    expect(await master('articleVersions', articleVersionId('kb-1', 1))).toMatchObject({
      articleId: 'kb-1',
      versionNumber: 1,
      title: 'Cobrança duplicada',
      body: v1.body,
      editedById: users.supervisor.id,
      editedAt: v1.updatedAt,
      _deleted: false,
    });

    clock.advance(1000);
    await pushOk('supervisor', 'articles', [updateRow(v1, { title: 'Cobrança em dobro', body: 'Novo texto.' })]);
    const v2 = await master<Article>('articles', 'kb-1');
    expect(v2.versionNumber).toBe(2);
    expect(await master('articleVersions', articleVersionId('kb-1', 2))).toMatchObject({ versionNumber: 2, title: 'Cobrança em dobro', body: 'Novo texto.' });
    await stream.waitFor(changeIn('articleVersions', (document) => document.id === articleVersionId('kb-1', 2)));

    // Curation (featured, related links) is not a new version; a retry writes nothing.
    const versionsBefore = await latest('articleVersions');
    clock.advance(1000);
    await pushOk('admin', 'articles', [updateRow(v2, { featured: true })]);
    const featured = await master<Article>('articles', 'kb-1');
    expect(featured).toMatchObject({ featured: true, versionNumber: 2 });
    expect(await pushOk('admin', 'articles', [updateRow(v2, { featured: true })])).toEqual([featured]);
    expect(await latest('articleVersions')).toBe(versionsBefore);
    // Nobody pushes versions; a forged one is refused.
    expect((await pushRejected('admin', 'articleVersions', [insertRow({ ...(await master('articleVersions', articleVersionId('kb-1', 2))), id: 'kb-1@v9', versionNumber: 9 })])).code).toBe(
      'forbidden',
    );
  });

  it('keeps accounts in step with user profiles', async () => {
    await createUserIfAbsent(testDb.database.db, { id: 'usr_new', email: 'New.Agent@example.com', name: 'Nova Agente', role: 'agent', password: 'secret-123' });
    const profile = await master('users', 'usr_new');
    expect(profile).toMatchObject({ name: 'Nova Agente', email: 'new.agent@example.com', role: 'agent', tier: 'L1', active: true });

    // An admin promotes and renames her: the account follows, so sign-in and refresh see it.
    clock.advance(1000);
    expect(await pushOk('admin', 'users', [updateRow(profile, { role: 'supervisor', name: 'Nova Supervisora' })])).toEqual([]);
    const signedIn = await server.login('new.agent@example.com', 'secret-123');
    expect(signedIn.user).toMatchObject({ id: 'usr_new', role: 'supervisor', name: 'Nova Supervisora' });

    // An email that belongs to another account: the admin gets the master back, nothing changes.
    const promoted = await master('users', 'usr_new');
    expect(await pushOk('admin', 'users', [updateRow(promoted, { email: AGENT })])).toEqual([promoted]);
    expect((await server.login('new.agent@example.com', 'secret-123')).user.email).toBe('new.agent@example.com');
    // Only admins edit profiles.
    expect(await pushOk('agent', 'users', [updateRow(promoted, { avatarColor: '#000000' })])).toEqual([promoted]);
  });

  // ---- reads by role -------------------------------------------------------------------------------

  it('filters pulls and the stream by role: agents never receive article history', async () => {
    expect((await server.request(tokens.agent, 'GET', '/api/v1/sync/articleVersions/pull')).statusCode).toBe(403);
    expect((await server.request(tokens.supervisor, 'GET', '/api/v1/sync/articleVersions/pull')).statusCode).toBe(200);

    const agentStream = await openStream('agent');
    const supervisorStream = await openStream('supervisor');
    await pushOk('supervisor', 'articles', [insertRow(article('kb-roles'))]);
    await supervisorStream.waitFor(changeIn('articleVersions', (document) => document.articleId === 'kb-roles'));
    await agentStream.waitFor(changeIn('articles', (document) => document.id === 'kb-roles'));
    // Something after it, so everything before has been delivered to the agent.
    await pushOk('agent', 'tickets', [insertRow(ticket('after-kb-roles'))]);
    await agentStream.waitFor(changeIn('tickets', (document) => document.id === 'after-kb-roles'));
    await supervisorStream.waitFor(changeIn('tickets', (document) => document.id === 'after-kb-roles'));
    expect(agentStream.messages.filter((message) => message.type === 'change' && message.collection === 'articleVersions')).toEqual([]);
  });

  it('still makes a retried push a no-op across collections', async () => {
    await pushOk('agent', 'tickets', [insertRow(ticket('retry-all'))]);
    const stored = await master<Ticket>('tickets', 'retry-all');
    const row = updateRow(stored, { status: 'pending' });
    await pushOk('agent', 'tickets', [row]);
    const seqs = async () => Promise.all(SYNC_COLLECTIONS.map((name) => latest(name)));
    const before = await seqs();
    clock.advance(5000);
    expect(await pushOk('agent', 'tickets', [row])).toEqual([await master('tickets', 'retry-all')]);
    expect(await pushOk('agent', 'timeline', [insertRow(timelineEntry('immutable-note'))])).toEqual([await master('timeline', 'immutable-note')]);
    expect(await pushOk('agent', 'calls', [insertRow(call('all-call'))])).toEqual([await master('calls', 'all-call')]);
    expect(await seqs()).toEqual(before);
  });
});
