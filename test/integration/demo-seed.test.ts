/** Demo data: deterministic, valid against the shared schemas, and seeded through the document store. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateArticleBundles, generateArticles, generateCustomers, generateTicketBundles, generateTickets } from '../../src/server/demo/generate';
import { demoSettings } from '../../src/server/demo/demo-settings';
import { DEMO_USERS } from '../../src/server/demo/demo-users';
import { SUBJECT_TEMPLATES } from '../../src/server/demo/ticket-templates';
import { seedDemoData, isDatabaseEmpty, type SeedProgress } from '../../src/server/demo/seed';
import { createDocumentValidators } from '../../src/server/sync/document-validator';
import { CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES, TIERS, type Ticket } from '../../src/shared/domain/ticket';
import { unknownPlaceholders } from '../../src/shared/domain/settings-rules';
import type { SettingsDocument } from '../../src/shared/domain/settings';
import type { SyncCollectionName } from '../../src/shared/sync/collections';
import type { Customer } from '../../src/shared/domain/customer';
import type { PullResponse, WireDocument } from '../../src/shared/sync/protocol';
import { createNotifyChangeFeed } from '../../src/server/changes/notify-change-feed';
import { inChangeTransaction } from '../../src/server/documents/document-store';
import { queueSlaRecompute } from '../../src/server/sla/recompute-jobs';
import { SlaWorker } from '../../src/server/sla/sla-worker';
import { openTestDatabase, TARGETS, type TestDatabase } from './helpers/databases';
import { testLogger } from './helpers/logger';
import { startTestServer } from './helpers/server';

const REFERENCE_TIME = new Date('2030-01-15T00:00:00.000Z');
const options = (seed: number, batchSize?: number) => ({ seed, referenceTime: REFERENCE_TIME, ...(batchSize === undefined ? {} : { batchSize }) });

const customersOf = (count: number, seed: number, batchSize?: number): Customer[] => [...generateCustomers(count, options(seed, batchSize))].flat();
const ticketsOf = (count: number, seed: number, customers: number, batchSize?: number): Ticket[] =>
  [...generateTickets(count, { ...options(seed, batchSize), customers })].flat();
const bundlesOf = (count: number, seed: number, customers: number, batchSize?: number) =>
  [...generateTicketBundles(count, { ...options(seed, batchSize), customers })].flat();

describe('demo data generator', () => {
  it('is deterministic: same seed → same documents, whatever the batch size', () => {
    expect(customersOf(150, 42)).toEqual(customersOf(150, 42, 7));
    expect(ticketsOf(400, 42, 150)).toEqual(ticketsOf(400, 42, 150, 33));
    expect([...generateArticles(50, options(42))].flat()).toEqual([...generateArticles(50, options(42, 9))].flat());
    expect(bundlesOf(200, 42, 50)).toEqual(bundlesOf(200, 42, 50, 7));
    expect(demoSettings(REFERENCE_TIME)).toEqual(demoSettings(REFERENCE_TIME));
  });

  it('differs for another seed', () => {
    const a = ticketsOf(50, 1, 20);
    const b = ticketsOf(50, 2, 20);
    expect(a.map((document) => document.id)).toEqual(b.map((document) => document.id)); // ids are stable…
    expect(a.filter((document, index) => document.subject === b[index]?.subject).length).toBeLessThan(25); // …content is not
  });

  it('produces documents the server accepts (shared schemas) with stable ids', () => {
    const validators = createDocumentValidators();
    const customers = customersOf(300, 5);
    const tickets = ticketsOf(1000, 5, 300);
    for (const document of customers) expect({ id: document.id, errors: validators.customers(document) }).toEqual({ id: document.id, errors: [] });
    for (const document of tickets) expect({ id: document.id, errors: validators.tickets(document) }).toEqual({ id: document.id, errors: [] });
    const bundles = bundlesOf(1000, 5, 300);
    const articleBundles = [...generateArticleBundles(60, options(5))].flat();
    const others: [SyncCollectionName, readonly { id: string }[]][] = [
      ['timeline', bundles.flatMap((bundle) => bundle.timeline)],
      ['calls', bundles.flatMap((bundle) => bundle.calls)],
      ['surveys', bundles.flatMap((bundle) => bundle.surveys)],
      ['callbacks', bundles.flatMap((bundle) => bundle.callbacks)],
      ['articles', articleBundles.map((bundle) => bundle.article)],
      ['articleVersions', articleBundles.flatMap((bundle) => bundle.versions)],
      ['settings', demoSettings(REFERENCE_TIME)],
    ];
    for (const [collection, documents] of others) {
      expect(documents.length, collection).toBeGreaterThan(0);
      for (const document of documents) expect({ collection, id: document.id, errors: validators[collection](document) }).toEqual({ collection, id: document.id, errors: [] });
      expect(new Set(documents.map((document) => document.id)).size, `${collection} ids are unique`).toBe(documents.length);
    }
    expect(customers[0]?.id).toBe('cus_000001');
    expect(tickets[999]?.id).toBe('tkt_001000');
  });

  it('looks like a real contact centre', () => {
    const customers = customersOf(300, 9);
    const tickets = ticketsOf(2000, 9, 300);
    const languageOf = new Map(customers.map((document) => [document.id, document.language]));
    // Both languages, with plausible contact data.
    expect(new Set(customers.map((document) => document.language))).toEqual(new Set(['en', 'pt-BR']));
    for (const document of customers.filter((candidate) => candidate.language === 'pt-BR' && candidate.phone !== undefined)) {
      expect(document.phone).toMatch(/^\+55\d{2}9\d{8}$/);
    }
    // Every channel and status occurs; some tickets are assigned to each demo agent, some to nobody.
    expect(new Set(tickets.map((document) => document.channel))).toEqual(new Set(CHANNELS));
    expect(new Set(tickets.map((document) => document.status))).toEqual(new Set(TICKET_STATUSES));
    const assignees = new Set(tickets.map((document) => document.assigneeId));
    for (const id of ['usr_ana', 'usr_bruno', undefined]) expect(assignees.has(id)).toBe(true);
    for (const id of assignees) if (id !== undefined) expect(DEMO_USERS.map((user) => user.id)).toContain(id);
    // Subjects are in the customer's language, from the templates, with placeholders filled.
    for (const document of tickets.slice(0, 300)) {
      const language = languageOf.get(document.customerId);
      expect(language).toBeDefined();
      const patterns = SUBJECT_TEMPLATES[language ?? 'en'].map(
        (template) => new RegExp(`^${template.text.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '.+')}$`),
      );
      expect(patterns.some((pattern) => pattern.test(document.subject))).toBe(true);
      expect(document.subject).not.toMatch(/[{}]/);
    }
    expect(new Set(tickets.map((document) => document.subject)).size).toBeGreaterThan(200);
    // Timestamps are consistent and before the reference time.
    for (const document of tickets) {
      expect(document.createdAt <= document.updatedAt).toBe(true);
      expect(new Date(document.updatedAt).getTime()).toBeLessThanOrEqual(REFERENCE_TIME.getTime());
    }
  });

  it('gives every ticket a timeline that starts with the customer, and links calls and surveys', () => {
    const bundles = bundlesOf(1500, 13, 200);
    for (const { ticket, timeline, calls, surveys, callbacks } of bundles) {
      expect(timeline[0]).toMatchObject({ kind: 'customer_message', subjectType: 'ticket', subjectId: ticket.id, authorType: 'customer', channel: ticket.channel });
      const times = timeline.map((entry) => entry.occurredAt);
      expect(times).toEqual([...times].sort());
      for (const entry of timeline) expect(entry.occurredAt <= REFERENCE_TIME.toISOString()).toBe(true);
      expect(ticket.lastCustomerMessageAt).toBe(timeline.filter((entry) => entry.kind === 'customer_message').at(-1)?.occurredAt);
      expect(ticket.firstRespondedAt).toBe(timeline.find((entry) => entry.kind === 'agent_reply')?.occurredAt);
      expect(ticket.groupId).toMatch(/^set_group_/);
      for (const call of calls) expect(call).toMatchObject({ customerId: ticket.customerId });
      const answered = calls.filter((call) => call.outcome === 'answered');
      if (ticket.channel === 'phone') {
        expect(answered).toHaveLength(1);
        expect(answered[0]?.ticketId).toBe(ticket.id);
        expect(timeline.some((entry) => entry.kind === 'call' && entry.callId === answered[0]?.id)).toBe(true);
      } else {
        expect(calls).toEqual([]);
      }
      for (const survey of surveys) expect(survey).toMatchObject({ ticketId: ticket.id, customerId: ticket.customerId, agentId: ticket.assigneeId });
      if (surveys.length > 0) expect(['solved', 'closed']).toContain(ticket.status);
      for (const callback of callbacks) expect(calls.map((call) => call.id)).toContain(callback.originCallId);
    }
    const all = (pick: (bundle: (typeof bundles)[number]) => readonly unknown[]) => bundles.flatMap(pick).length;
    expect(all((bundle) => bundle.calls)).toBeGreaterThan(300);
    expect(all((bundle) => bundle.surveys)).toBeGreaterThan(100);
    expect(all((bundle) => bundle.callbacks)).toBeGreaterThan(10);
    const kinds = new Set(bundles.flatMap((bundle) => bundle.timeline.map((entry) => entry.kind)));
    for (const kind of ['customer_message', 'agent_reply', 'internal_note', 'call', 'status_change']) expect(kinds).toContain(kind);
  });

  it('generates knowledge articles in both languages, paired, linked, each with its first version', () => {
    const bundles = [...generateArticleBundles(60, options(3))].flat();
    const articles = bundles.map((bundle) => bundle.article);
    expect(articles).toHaveLength(60);
    const byId = new Map(articles.map((article) => [article.id, article]));
    expect(byId.size).toBe(60);
    expect(new Set(articles.map((article) => article.language))).toEqual(new Set(['en', 'pt-BR']));
    for (const { article, versions } of bundles) {
      expect(article.title.length).toBeGreaterThan(5);
      expect(article.body.length).toBeGreaterThan(50);
      expect(article.versionNumber).toBe(1);
      // The other variant of the translation group has the other language and the same category.
      const variants = articles.filter((other) => other.translationGroupId === article.translationGroupId);
      expect(variants.map((variant) => variant.language).sort()).toEqual(['en', 'pt-BR']);
      expect(new Set(variants.map((variant) => variant.category)).size).toBe(1);
      for (const related of article.relatedArticleIds) {
        expect(byId.get(related)).toMatchObject({ language: article.language, category: article.category });
      }
      expect(versions).toEqual([
        expect.objectContaining({ id: `${article.id}@v1`, articleId: article.id, versionNumber: 1, title: article.title, body: article.body, status: article.status }),
      ]);
    }
    expect(articles.filter((article) => article.featured).length).toBeGreaterThan(0);
    expect(articles.filter((article) => article.relatedArticleIds.length > 0).length).toBeGreaterThan(40);
    expect(new Set(articles.map((article) => article.status))).toContain('published');
  });

  it('stamps the SLA fields with the engine: due dates on open tickets, some still counting down at the reference time', () => {
    const tickets = bundlesOf(1500, 17, 200).map((bundle) => bundle.ticket);
    const dues = (ticket: Ticket) => [ticket.firstResponseDueAt, ticket.nextResponseDueAt, ticket.resolutionDueAt].filter((due) => due !== undefined);
    const now = REFERENCE_TIME.toISOString();
    for (const ticket of tickets) {
      // Every ticket falls under a demo policy ("Standard" matches anything), so an open one is counting.
      if (ticket.status === 'new' || ticket.status === 'open') expect(ticket.resolutionDueAt, ticket.id).toBeDefined();
      if (ticket.status === 'solved' || ticket.status === 'closed') {
        expect(dues(ticket), ticket.id).toEqual([]);
        expect(ticket.solvedAt, ticket.id).toBeDefined();
      }
      // Waiting on the customer, every clock stopped when the ticket was set aside (on hold, resolution's
      // did); only a target already missed keeps its date.
      const stopped = ticket.status === 'pending' ? dues(ticket) : ticket.status === 'on-hold' ? [ticket.resolutionDueAt] : [];
      for (const due of stopped) if (due !== undefined) expect(due <= ticket.updatedAt, ticket.id).toBe(true);
    }
    const open = tickets.filter((ticket) => ticket.status === 'new' || ticket.status === 'open');
    expect(open.filter((ticket) => dues(ticket).some((due) => due > now)).length).toBeGreaterThan(5);
    expect(open.filter((ticket) => dues(ticket).some((due) => due < now)).length).toBeGreaterThan(5);
  });

  it('configures the call centre: calendar, SLA per priority, canned responses, dispositions, queues, groups', () => {
    const settings = demoSettings(REFERENCE_TIME);
    const ofKind = <K extends SettingsDocument['kind']>(kind: K) => settings.filter((document): document is Extract<SettingsDocument, { kind: K }> => document.kind === kind);
    const [calendar] = ofKind('businessCalendar');
    expect(calendar?.businessCalendar.timeZone).toBe('America/Sao_Paulo');
    expect(calendar?.businessCalendar.weeklyHours.mon).toEqual([{ start: '08:00', end: '18:00' }]);
    expect(calendar?.businessCalendar.weeklyHours.sat).toEqual([]);
    expect(calendar?.businessCalendar.holidays).toContainEqual({ date: '2030-09-07', name: 'Independência do Brasil' });
    for (const policy of ofKind('slaPolicy')) expect(Object.keys(policy.slaPolicy.targets).sort()).toEqual([...TICKET_PRIORITIES].sort());
    const canned = ofKind('cannedResponse');
    expect(new Set(canned.map((document) => document.cannedResponse.language))).toEqual(new Set(['en', 'pt-BR']));
    for (const document of canned) {
      expect(document.cannedResponse.body).toMatch(/\{\{/);
      expect(unknownPlaceholders(document.cannedResponse.body)).toEqual([]);
    }
    expect(ofKind('dispositionCode').length).toBeGreaterThanOrEqual(5);
    expect(ofKind('queue').map((document) => document.name)).toEqual(['General L1', 'Billing', 'Technical L2', 'Specialists L3']);
    expect(new Set(ofKind('group').map((document) => document.group.tier))).toEqual(new Set(TIERS));
  });
});

describe.each(TARGETS)('demo seeder on %s', (target) => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await openTestDatabase(target);
  });

  afterAll(async () => {
    await testDb.dispose();
  });

  it('writes generated documents that pull back unchanged, numbered and in order', async () => {
    const { db } = testDb.database;
    expect(await isDatabaseEmpty(db)).toBe(true);
    const progress: SeedProgress[] = [];
    const summary = await seedDemoData(db, {
      tickets: 2500,
      customers: 200,
      articles: 10,
      seed: 11,
      referenceTime: REFERENCE_TIME,
      onProgress: (update) => progress.push(update),
    });
    const bundles = bundlesOf(2500, 11, 200);
    const count = (pick: (bundle: (typeof bundles)[number]) => readonly unknown[]) => bundles.flatMap(pick).length;
    expect(summary).toEqual({
      usersCreated: 4,
      users: 4,
      settings: demoSettings(REFERENCE_TIME).length,
      customers: 200,
      articles: 10,
      articleVersions: 10,
      tickets: 2500,
      timeline: count((bundle) => bundle.timeline),
      calls: count((bundle) => bundle.calls),
      surveys: count((bundle) => bundle.surveys),
      callbacks: count((bundle) => bundle.callbacks),
    });
    expect(progress.filter((update) => update.phase === 'tickets').map((update) => update.done)).toEqual([1000, 2000, 2500]);
    expect(await isDatabaseEmpty(db)).toBe(false);

    const server = await startTestServer(testDb.database);
    try {
      const { token } = await server.login();
      const pullAll = async (collection: string): Promise<WireDocument[]> => {
        const documents: WireDocument[] = [];
        let checkpoint: PullResponse['checkpoint'] = null;
        for (;;) {
          const query: string = checkpoint === null ? '' : `&checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}`;
          const body: PullResponse = (await server.request(token, 'GET', `/api/v1/sync/${collection}/pull?limit=1000${query}`)).json<PullResponse>();
          if (body.documents.length === 0) return documents;
          documents.push(...body.documents);
          checkpoint = body.checkpoint;
        }
      };
      const tickets = await pullAll('tickets');
      const expected = ticketsOf(2500, 11, 200).map((document, index) => ({ ...document, number: index + 1, _deleted: false }));
      expect(tickets).toEqual(expected);
      const customers = await pullAll('customers');
      expect(customers).toEqual(customersOf(200, 11).map((document) => ({ ...document, _deleted: false })));
      const wire = (documents: readonly object[]) => documents.map((document) => ({ ...document, _deleted: false }));
      expect(await pullAll('timeline')).toEqual(wire(bundles.flatMap((bundle) => bundle.timeline)));
      expect(await pullAll('calls')).toEqual(wire(bundles.flatMap((bundle) => bundle.calls)));
      expect(await pullAll('surveys')).toEqual(wire(bundles.flatMap((bundle) => bundle.surveys)));
      const articles = [...generateArticleBundles(10, options(11))].flat();
      expect(await pullAll('articles')).toEqual(wire(articles.map((bundle) => bundle.article)));
      expect(await pullAll('settings')).toEqual(wire(demoSettings(REFERENCE_TIME)));
      const users = await pullAll('users');
      expect(users.map((user) => user.id).sort()).toEqual(DEMO_USERS.map((user) => user.id).sort());
      expect(users.find((user) => user.id === 'usr_ana')).toMatchObject({ role: 'agent', tier: 'L1', email: 'agent@example.com', active: true });
      // Article history is for editors: the agent's pull is refused, the supervisor's has the first versions.
      expect((await server.request(token, 'GET', '/api/v1/sync/articleVersions/pull')).statusCode).toBe(403);
      const supervisor = (await server.login('supervisor@example.com')).token;
      const versions = (await server.request(supervisor, 'GET', '/api/v1/sync/articleVersions/pull?limit=1000')).json<PullResponse>().documents;
      expect(versions).toEqual(wire(articles.flatMap((bundle) => bundle.versions)));
    } finally {
      await server.close();
    }

    // The seeded SLA fields are what the server computes from the stored documents: recomputing every
    // open ticket changes nothing. The targets already missed get their breach events.
    const feed = await createNotifyChangeFeed(testDb.database, testLogger);
    try {
      await inChangeTransaction(db, (trx) => queueSlaRecompute(trx, 'demo-seed test', REFERENCE_TIME));
      const report = await new SlaWorker({ db, feed, clock: { now: () => REFERENCE_TIME }, logger: testLogger }).runOnce();
      expect(report).toMatchObject({ jobsFinished: 1, updated: 0 });
      expect(report.breaches).toBeGreaterThan(100);
    } finally {
      await feed.close();
    }

    await expect(seedDemoData(db, { tickets: 1, customers: 1, articles: 0, seed: 1 })).rejects.toThrow(/already contains documents/);
  });
});
