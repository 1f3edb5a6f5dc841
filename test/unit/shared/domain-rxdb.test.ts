/**
 * The registered collections opened for real: RxDB in dev mode (its schema checks), Ajv validation on
 * every write, Dexie over fake-indexeddb (which refuses indexes on optional fields), all collections of
 * the budget at once. Then the product's main queries must be served by the indexes we declared.
 */
import * as fakeIndexedDb from 'fake-indexeddb';
import { addRxPlugin, createRxDatabase, type MangoQuery, type MigrationStrategies, type RxCollection, type RxDatabase, type RxJsonSchema } from 'rxdb';
import { disableWarnings, RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LOCAL_ONLY_COLLECTIONS,
  COLLECTIONS,
  MIGRATION_STRATEGIES,
  SYNC_COLLECTIONS,
  type LocalOnlyCollectionName,
  type SyncCollectionName,
} from '../../../src/shared/sync/collections';
import type { EntitySchema } from '../../../src/shared/sync/entity-schema';
import { SAMPLES } from './domain-samples';

type Name = SyncCollectionName | LocalOnlyCollectionName;
type Doc = Record<string, unknown>;

disableWarnings();
addRxPlugin(RxDBDevModePlugin);
addRxPlugin(RxDBMigrationSchemaPlugin);

const fakeDexieSettings = fakeIndexedDb as unknown as Parameters<typeof getRxStorageDexie>[0];
const schemas: readonly (readonly [Name, EntitySchema])[] = [
  ...SYNC_COLLECTIONS.map((name) => [name, COLLECTIONS[name].schema] as const),
  ...(Object.keys(LOCAL_ONLY_COLLECTIONS) as LocalOnlyCollectionName[]).map((name) => [name, LOCAL_ONLY_COLLECTIONS[name].schema] as const),
];

let db: RxDatabase;
const collection = (name: Name): RxCollection<Doc> => db.collections[name] as RxCollection<Doc>;

beforeAll(async () => {
  db = await createRxDatabase({
    name: 'atende_domain_model_test',
    storage: wrappedValidateAjvStorage({ storage: getRxStorageDexie(fakeDexieSettings) }),
    multiInstance: false,
    eventReduce: true,
  });
  await db.addCollections(
    Object.fromEntries(
      schemas.map(([name, schema]) => {
        const migrationStrategies = (MIGRATION_STRATEGIES as Partial<Record<Name, MigrationStrategies>>)[name];
        return [name, { schema: structuredClone(schema) as unknown as RxJsonSchema<Doc>, ...(migrationStrategies === undefined ? {} : { migrationStrategies }) }];
      }),
    ),
  );
  for (const [name] of schemas) await collection(name).bulkInsert(SAMPLES[name].map((doc) => ({ ...doc })));
});

afterAll(async () => {
  await db.close();
});

describe('the registered collections in RxDB with Dexie', () => {
  it('opens every registered collection at once and stores every sample', async () => {
    expect(Object.keys(db.collections).sort()).toEqual(schemas.map(([name]) => name).sort());
    for (const [name] of schemas) expect(await collection(name).count().exec(), name).toBe(SAMPLES[name].length);
  });

  it('validates writes with the same schema (a CSAT of 9 is refused)', async () => {
    const survey = SAMPLES.surveys[0];
    await expect(collection('surveys').insert({ ...survey, id: 'srv_bad', kind: 'csat', score: 9 })).rejects.toThrow();
  });

  /** The product's main queries and the index the query planner must pick for each. */
  const QUERIES: readonly (readonly [string, Name, MangoQuery<Doc>, readonly string[], number])[] = [
    ['ticket queue by status, newest first', 'tickets', { selector: { status: 'open' }, sort: [{ updatedAt: 'desc' }] }, ['status', 'updatedAt'], 2],
    ["a customer's tickets", 'tickets', { selector: { customerId: 'cus_000123' }, sort: [{ updatedAt: 'desc' }] }, ['customerId', 'updatedAt'], 3],
    ['tier queue', 'tickets', { selector: { tier: 'L1', status: 'open' }, sort: [{ updatedAt: 'desc' }] }, ['tier', 'status', 'updatedAt'], 2],
    [
      "a ticket's timeline in order",
      'timeline',
      { selector: { subjectType: 'ticket', subjectId: 'tkt_7f3a' }, sort: [{ occurredAt: 'asc' }] },
      ['subjectType', 'subjectId', 'occurredAt'],
      1,
    ],
    ['calls of one outcome (missed ones to return), newest first', 'calls', { selector: { outcome: 'answered' }, sort: [{ offeredAt: 'desc' }] }, ['outcome', 'offeredAt'], 1],
    ['pending callbacks, most overdue first', 'callbacks', { selector: { status: 'pending' }, sort: [{ dueAt: 'asc' }] }, ['status', 'dueAt'], 1],
    [
      'published articles in a language',
      'articles',
      { selector: { language: 'pt-BR', status: 'published' }, sort: [{ title: 'asc' }] },
      ['language', 'status', 'title'],
      1,
    ],
    ['the other-language variant', 'articles', { selector: { translationGroupId: 'kb_dup_charge_en' } }, ['translationGroupId', 'language'], 1],
    ["an article's history", 'articleVersions', { selector: { articleId: 'kb_dup_charge_pt' }, sort: [{ versionNumber: 'desc' }] }, ['articleId', 'versionNumber'], 1],
    ['NPS answers of a period', 'surveys', { selector: { kind: 'nps', respondedAt: { $gte: '2026-03-01T00:00:00.000Z' } } }, ['kind', 'respondedAt'], 1],
    ['active users by name', 'users', { selector: { active: true }, sort: [{ name: 'asc' }] }, ['active', 'name'], 1],
    ['canned responses by name', 'settings', { selector: { kind: 'cannedResponse' }, sort: [{ name: 'asc' }] }, ['kind', 'name'], 1],
  ];

  it.each(QUERIES)('%s: uses its index', async (_label, name, query, index, count) => {
    const rxQuery = collection(name).find(query);
    expect(rxQuery.getPreparedQuery().queryPlan.index.filter((field) => field !== 'id' && field !== '_deleted')).toEqual(index);
    expect(await rxQuery.exec()).toHaveLength(count);
  });
});
