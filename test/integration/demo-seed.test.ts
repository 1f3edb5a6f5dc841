/** Demo data: deterministic, valid against the shared schemas, and seeded through the document store. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateArticles, generateCustomers, generateTickets } from '../../src/server/demo/generate';
import { DEMO_USERS } from '../../src/server/demo/demo-users';
import { SUBJECT_TEMPLATES } from '../../src/server/demo/ticket-templates';
import { seedDemoData, isDatabaseEmpty, type SeedProgress } from '../../src/server/demo/seed';
import { createDocumentValidators } from '../../src/server/sync/document-validator';
import { CHANNELS, TICKET_STATUSES, type Ticket } from '../../src/shared/domain/ticket';
import type { Customer } from '../../src/shared/domain/customer';
import type { PullResponse, WireDocument } from '../../src/shared/sync/protocol';
import { openTestDatabase, TARGETS, type TestDatabase } from './helpers/databases';
import { startTestServer } from './helpers/server';

const REFERENCE_TIME = new Date('2030-01-15T00:00:00.000Z');
const options = (seed: number, batchSize?: number) => ({ seed, referenceTime: REFERENCE_TIME, ...(batchSize === undefined ? {} : { batchSize }) });

const customersOf = (count: number, seed: number, batchSize?: number): Customer[] => [...generateCustomers(count, options(seed, batchSize))].flat();
const ticketsOf = (count: number, seed: number, customers: number, batchSize?: number): Ticket[] =>
  [...generateTickets(count, { ...options(seed, batchSize), customers })].flat();

describe('demo data generator', () => {
  it('is deterministic: same seed → same documents, whatever the batch size', () => {
    expect(customersOf(150, 42)).toEqual(customersOf(150, 42, 7));
    expect(ticketsOf(400, 42, 150)).toEqual(ticketsOf(400, 42, 150, 33));
    expect([...generateArticles(50, options(42))].flat()).toEqual([...generateArticles(50, options(42, 9))].flat());
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

  it('generates knowledge articles in both languages', () => {
    const articles = [...generateArticles(60, options(3))].flat();
    expect(articles).toHaveLength(60);
    expect(new Set(articles.map((article) => article.id)).size).toBe(60);
    expect(new Set(articles.map((article) => article.language))).toEqual(new Set(['en', 'pt-BR']));
    for (const article of articles) {
      expect(article.title.length).toBeGreaterThan(5);
      expect(article.body.length).toBeGreaterThan(50);
      expect(Object.keys(article).sort()).toEqual(['body', 'category', 'id', 'language', 'tags', 'title']);
    }
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
    expect(summary).toEqual({ usersCreated: 4, customers: 200, tickets: 2500, articles: 0 });
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
    } finally {
      await server.close();
    }

    await expect(seedDemoData(db, { tickets: 1, customers: 1, articles: 0, seed: 1 })).rejects.toThrow(/already contains documents/);
  });
});
