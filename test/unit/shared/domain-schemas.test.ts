/**
 * The domain model: every schema compiles, accepts realistic documents, rejects malformed ones,
 * obeys RxDB's schema rules (checked generically here, and by RxDB's own dev-mode checker), fits the
 * collection budget, and the write policy says who may change what.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { checkSchema, ensureCollectionNameValid } from 'rxdb/plugins/dev-mode';
import { describe, expect, it } from 'vitest';
import { articleVersionId } from '../../../src/shared/domain/article';
import { callDurations } from '../../../src/shared/domain/call';
import { customerSchema, customerSchemaV1, customerSchemaV2 } from '../../../src/shared/domain/customer';
import { draftId } from '../../../src/shared/domain/draft';
import type { Role } from '../../../src/shared/domain/roles';
import { SETTINGS_KINDS, settingsSchema, settingsSchemaV1 } from '../../../src/shared/domain/settings';
import { businessCalendarProblems, selectSlaPolicy, unknownPlaceholders } from '../../../src/shared/domain/settings-rules';
import { summarizeSurveys } from '../../../src/shared/domain/survey';
import { ticketSchema, ticketSchemaV1, ticketSchemaV2 } from '../../../src/shared/domain/ticket';
import { conflictRecord, SERVER_TIMELINE_KINDS } from '../../../src/shared/domain/timeline';
import {
  canReadCollection,
  collectionsForRole,
  isSyncCollectionName,
  LOCAL_ONLY_COLLECTIONS,
  COLLECTIONS,
  MIGRATION_STRATEGIES,
  SYNC_COLLECTIONS,
  REPLICATED_COLLECTION_TARGET,
  RXDB_COLLECTION_BUDGET,
  type LocalOnlyCollectionName,
  type SyncCollectionName,
} from '../../../src/shared/sync/collections';
import { RXDB_SCHEMA_KEYWORDS, type EntitySchema, type JsonSchemaProperty } from '../../../src/shared/sync/entity-schema';
import { canWriteDocument, canWriteField, type WriteAttempt } from '../../../src/shared/sync/write-policy';
import { callFull, customerV0, SAMPLES, SETTINGS_SAMPLES, ticketV0, type Sample } from './domain-samples';
import { validatorFor } from './helpers/schema-validator';

// ajv-formats is CommonJS with `exports.default` (same dance as the server's document validator).
const addFormats = (addFormatsPlugin as unknown as { default?: typeof addFormatsPlugin }).default ?? addFormatsPlugin;

type AnyCollection = SyncCollectionName | LocalOnlyCollectionName;
const ALL_SCHEMAS: readonly (readonly [AnyCollection, EntitySchema])[] = [
  ...SYNC_COLLECTIONS.map((name) => [name, COLLECTIONS[name].schema] as const),
  ...(Object.keys(LOCAL_ONLY_COLLECTIONS) as LocalOnlyCollectionName[]).map((name) => [name, LOCAL_ONLY_COLLECTIONS[name].schema] as const),
];

/** As the brief asks (lenient), and as the server compiles them (strict, RxDB keys declared). */
function compileAll(strict: boolean): ReadonlyMap<AnyCollection, ValidateFunction> {
  const ajv = strict ? new Ajv({ allErrors: true, strict: true, keywords: [...RXDB_SCHEMA_KEYWORDS] }) : new Ajv({ allErrors: true, strict: false });
  addFormats(ajv, ['date-time', 'email', 'uri']);
  return new Map(ALL_SCHEMAS.map(([name, schema]) => [name, ajv.compile(schema)]));
}
const lenient = compileAll(false);
const strict = compileAll(true);

function errorsOf(collection: AnyCollection, doc: unknown): ErrorObject[] {
  const validate = strict.get(collection);
  if (validate === undefined) throw new Error(`no validator for ${collection}`);
  const valid = validate(doc);
  const lenientValid = lenient.get(collection)?.(doc);
  // Both validators must always agree, or the server and the tests would judge differently.
  expect(lenientValid).toBe(valid);
  return valid ? [] : [...(validate.errors ?? [])];
}
const isValid = (collection: AnyCollection, doc: unknown) => errorsOf(collection, doc).length === 0;
const keywordsAt = (errors: readonly ErrorObject[], path: string) => errors.filter((e) => e.instancePath === path).map((e) => e.keyword);
const first = (collection: AnyCollection): Sample => {
  const sample = SAMPLES[collection][0];
  if (sample === undefined) throw new Error(`no sample for ${collection}`);
  return sample;
};
const without = (doc: object, field: string): Sample => Object.fromEntries(Object.entries(doc).filter(([key]) => key !== field));

// ---- the generic RxDB rule check ------------------------------------------------------------------

/** Field names RxDB reserves on documents (RxDocument members), from rxdb/src/plugins/dev-mode/entity-properties.ts. */
const RESERVED_FIELD_NAMES = ['collection', 'primary', 'primaryPath', 'revision', 'deleted', 'synced', 'get', 'populate', 'update', 'remove', 'patch', 'modify', 'toJSON', 'close'];
const FIELD_NAME = /^[a-zA-Z](?:[a-zA-Z0-9_]*[a-zA-Z0-9])?$/;
/** RxDB 17 rejects longer indexed strings; we keep well under it. */
const INDEX_STRING_MAX = 1000;

/**
 * What RxDB (with the Dexie storage) enforces on a schema, plus our own conventions: every string
 * bounded, every object closed, ids ≤ 64, timestamps ISO, every indexed field required and bounded.
 */
function schemaRuleViolations(schema: EntitySchema): string[] {
  const problems: string[] = [];
  const props = schema.properties;
  if (schema.primaryKey !== 'id') problems.push('primaryKey must be "id"');
  if (!Number.isInteger(schema.version) || schema.version < 0) problems.push('version must be a non-negative integer');
  if (props['id']?.type !== 'string' || props['id'].maxLength !== 64) problems.push('id must be a string with maxLength 64');

  for (const field of schema.required) if (!Object.hasOwn(props, field)) problems.push(`required field ${field} is not a property`);

  for (const index of schema.indexes ?? []) {
    for (const field of typeof index === 'string' ? [index] : index) {
      const prop = props[field];
      const where = `index [${String(index)}] field ${field}`;
      if (field === schema.primaryKey && typeof index === 'string') problems.push(`${where}: the primary key is indexed already`);
      if (prop === undefined) {
        problems.push(`${where}: not a property`);
        continue;
      }
      if (!schema.required.includes(field)) problems.push(`${where}: indexed fields must be required (Dexie)`);
      if (prop.type === 'string') {
        if (prop.maxLength === undefined) problems.push(`${where}: indexed strings need maxLength`);
        else if (prop.maxLength > INDEX_STRING_MAX) problems.push(`${where}: maxLength above ${INDEX_STRING_MAX}`);
      } else if (prop.type === 'integer' || prop.type === 'number') {
        if (prop.multipleOf === undefined || prop.minimum === undefined || prop.maximum === undefined) {
          problems.push(`${where}: indexed numbers need multipleOf, minimum and maximum`);
        }
      } else if (prop.type !== 'boolean') {
        problems.push(`${where}: type ${prop.type} cannot be indexed`);
      }
    }
  }

  const visit = (path: string, name: string, prop: JsonSchemaProperty): void => {
    if (!FIELD_NAME.test(name)) problems.push(`${path}: field name does not match ${String(FIELD_NAME)}`);
    if (prop.type === 'string') {
      if (prop.maxLength === undefined) problems.push(`${path}: string without maxLength`);
      if (prop.enum !== undefined && Math.max(...prop.enum.map((value) => value.length)) > (prop.maxLength ?? 0)) {
        problems.push(`${path}: maxLength shorter than an enum value`);
      }
      if ((/Id$/.test(name) || name === 'id') && prop.maxLength !== 64) problems.push(`${path}: ids have maxLength 64`);
      if (/At$/.test(name) && (prop.format !== 'date-time' || prop.maxLength !== 32)) problems.push(`${path}: timestamps are date-time, maxLength 32`);
    }
    if (prop.type === 'array') {
      if (prop.maxItems === undefined) problems.push(`${path}: array without maxItems`);
      if (prop.items === undefined) problems.push(`${path}: array without items`);
      else visit(`${path}[]`, name, prop.items);
      if (/Ids$/.test(name) && prop.items?.maxLength !== 64) problems.push(`${path}: id lists hold ids of maxLength 64`);
    }
    if (prop.type === 'object') {
      if (prop.properties === undefined) problems.push(`${path}: object without properties`);
      if (prop.additionalProperties !== false) problems.push(`${path}: object must set additionalProperties: false`);
      for (const field of prop.required ?? []) if (!Object.hasOwn(prop.properties ?? {}, field)) problems.push(`${path}: required ${field} is not a property`);
      for (const [child, childProp] of Object.entries(prop.properties ?? {})) visit(`${path}.${child}`, child, childProp);
      for (const condition of prop.allOf ?? []) checkConditionNames(path, prop.properties ?? {}, condition);
    }
  };
  const checkConditionNames = (path: string, scope: Readonly<Record<string, JsonSchemaProperty>>, condition: NonNullable<EntitySchema['allOf']>[number]) => {
    for (const part of [condition.if, condition.then]) {
      for (const field of [...Object.keys(part.properties ?? {}), ...(part.required ?? [])]) {
        if (!Object.hasOwn(scope, field)) problems.push(`${path}: condition names unknown field ${field}`);
      }
    }
  };

  for (const [name, prop] of Object.entries(props)) {
    if (name.startsWith('_')) problems.push(`${name}: top-level fields cannot start with _`);
    if (RESERVED_FIELD_NAMES.includes(name)) problems.push(`${name}: reserved by RxDB documents`);
    visit(name, name, prop);
  }
  for (const condition of schema.allOf ?? []) checkConditionNames('(root)', props, condition);
  return problems;
}

describe('every schema follows the RxDB rules', () => {
  it.each(ALL_SCHEMAS)('%s: no violations of the generic rule check', (_name, schema) => {
    expect(schemaRuleViolations(schema)).toEqual([]);
  });

  it.each(ALL_SCHEMAS)("%s: passes RxDB's own dev-mode schema check", (_name, schema) => {
    expect(() => {
      checkSchema(structuredClone(schema) as unknown as Parameters<typeof checkSchema>[0]);
    }).not.toThrow();
  });

  it('the rule check catches what RxDB would refuse', () => {
    const broken: EntitySchema = {
      ...ticketSchemaV1,
      properties: {
        ...ticketSchemaV1.properties,
        score: { type: 'integer', minimum: 0 },
        notes: { type: 'string' },
        meta: { type: 'object' },
        list: { type: 'array', items: { type: 'string', maxLength: 4 } },
        _private: { type: 'string', maxLength: 4 },
        'bad-name': { type: 'string', maxLength: 4 },
        deleted: { type: 'boolean' },
      },
      required: [...ticketSchemaV1.required, 'missing'],
      indexes: ['assigneeId', 'score', ['status', 'notes'], 'nowhere', 'meta'],
    };
    const problems = schemaRuleViolations(broken).join('\n');
    expect(problems).toContain('index [assigneeId] field assigneeId: indexed fields must be required');
    expect(problems).toContain('index [score] field score: indexed numbers need multipleOf, minimum and maximum');
    expect(problems).toContain('field notes: indexed strings need maxLength');
    expect(problems).toContain('index [nowhere] field nowhere: not a property');
    expect(problems).toContain('index [meta] field meta: type object cannot be indexed');
    expect(problems).toContain('notes: string without maxLength');
    expect(problems).toContain('meta: object without properties');
    expect(problems).toContain('list: array without maxItems');
    expect(problems).toContain('_private: top-level fields cannot start with _');
    expect(problems).toContain('bad-name: field name does not match');
    expect(problems).toContain('deleted: reserved by RxDB documents');
    expect(problems).toContain('required field missing is not a property');
  });

  it('new collections start at version 0; settings moved to version 1, tickets and customers to 2, each step with a migration', () => {
    const versions: Partial<Record<string, number>> = { tickets: 2, customers: 2, settings: 1 };
    for (const [name, schema] of ALL_SCHEMAS) {
      const expected = versions[name] ?? 0;
      expect(schema.version, name).toBe(expected);
      for (let version = 1; version <= schema.version; version++) {
        expect(MIGRATION_STRATEGIES[name as SyncCollectionName]?.[version], `${name} v${version} migration`).toBeTypeOf('function');
      }
    }
  });
});

// ---- validation ---------------------------------------------------------------------------------

describe('schemas accept realistic documents', () => {
  it.each(ALL_SCHEMAS)('%s: every sample is valid (lenient and strict Ajv agree)', (name) => {
    for (const sample of SAMPLES[name]) expect(errorsOf(name, sample), JSON.stringify(sample)).toEqual([]);
  });

  it('has a sample of every settings kind', () => {
    expect(SAMPLES.settings.map((doc) => doc['kind'])).toEqual([...SETTINGS_KINDS]);
  });

  it.each(ALL_SCHEMAS)('%s: every optional field can be left out', (name, schema) => {
    const conditional = new Set((schema.allOf ?? []).flatMap((condition) => condition.then.required ?? []));
    const sample = first(name);
    for (const field of Object.keys(sample)) {
      if (schema.required.includes(field) || conditional.has(field)) continue;
      expect(errorsOf(name, without(sample, field)), `${name} without ${field}`).toEqual([]);
    }
  });
});

describe('schemas reject malformed documents', () => {
  it.each(ALL_SCHEMAS)('%s: a missing required field', (name, schema) => {
    for (const field of schema.required) {
      expect(keywordsAt(errorsOf(name, without(first(name), field)), ''), field).toContain('required');
    }
  });

  it.each(ALL_SCHEMAS)('%s: an extra property', (name) => {
    expect(keywordsAt(errorsOf(name, { ...first(name), extra: 'x' }), '')).toContain('additionalProperties');
  });

  it.each(ALL_SCHEMAS)('%s: an overlong string in any top-level string field', (name, schema) => {
    for (const [field, prop] of Object.entries(schema.properties)) {
      if (prop.type !== 'string' || prop.maxLength === undefined) continue;
      const doc = { ...first(name), [field]: 'a'.repeat(prop.maxLength + 1) };
      expect(keywordsAt(errorsOf(name, doc), `/${field}`), field).toContain('maxLength');
    }
  });

  it.each(ALL_SCHEMAS)('%s: a value outside an enum', (name, schema) => {
    for (const [field, prop] of Object.entries(schema.properties)) {
      if (prop.enum === undefined) continue;
      expect(keywordsAt(errorsOf(name, { ...first(name), [field]: 'bogus' }), `/${field}`), field).toContain('enum');
    }
  });

  it.each(ALL_SCHEMAS)('%s: a number where a string belongs, a date that is not ISO', (name, schema) => {
    expect(keywordsAt(errorsOf(name, { ...first(name), id: 42 }), '/id')).toContain('type');
    const stamp = Object.keys(schema.properties).find((field) => schema.properties[field]?.format === 'date-time');
    if (stamp !== undefined) expect(keywordsAt(errorsOf(name, { ...first(name), [stamp]: '02/03/2026 12:00' }), `/${stamp}`)).toContain('format');
  });

  const BAD_E164 = ['11987654321', '+0511987654321', '+55 11 98765-4321', '+5511', '+551198765432100000', 'tel:+5511987654321'];

  it('rejects phone numbers that are not E.164, wherever a number is stored', () => {
    const cases: readonly (readonly [AnyCollection, (bad: string) => Sample])[] = [
      ['customers', (bad) => ({ ...first('customers'), phone: bad })],
      ['customers', (bad) => ({ ...first('customers'), contactPoints: [{ kind: 'phone', value: bad }] })],
      ['customers', (bad) => ({ ...first('customers'), contactPoints: [{ kind: 'whatsapp', value: bad }] })],
      ['calls', (bad) => ({ ...callFull, fromNumber: bad })],
      ['calls', (bad) => ({ ...callFull, toNumber: bad })],
      ['callbacks', (bad) => ({ ...first('callbacks'), phoneNumber: bad })],
      ['settings', (bad) => ({ ...SETTINGS_SAMPLES.queue, queue: { ...SETTINGS_SAMPLES.queue.queue, phoneNumbers: [bad] } })],
    ];
    for (const [collection, build] of cases) {
      for (const bad of BAD_E164) expect(isValid(collection, build(bad)), `${collection} ${JSON.stringify(build(bad))}`).toBe(false);
      expect(isValid(collection, build('+5511987654321')), collection).toBe(true);
    }
  });

  it('checks a contact point by its kind', () => {
    const customer = first('customers');
    expect(isValid('customers', { ...customer, contactPoints: [{ kind: 'email', value: 'maria@example.com' }] })).toBe(true);
    expect(isValid('customers', { ...customer, contactPoints: [{ kind: 'email', value: '+5511987654321' }] })).toBe(false);
    expect(isValid('customers', { ...customer, contactPoints: [{ kind: 'phone', value: 'maria@example.com' }] })).toBe(false);
    expect(isValid('customers', { ...customer, contactPoints: [{ kind: 'fax', value: '+5511987654321' }] })).toBe(false);
  });

  it('keeps survey scores on the scale of their kind', () => {
    const survey = first('surveys');
    const valid = (kind: string, score: number) => isValid('surveys', { ...survey, kind, score });
    expect([valid('csat', 1), valid('csat', 5), valid('csat', 0), valid('csat', 6)]).toEqual([true, true, false, false]);
    expect([valid('nps', 0), valid('nps', 10), valid('nps', 11), valid('nps', -1)]).toEqual([true, true, false, false]);
    expect([valid('ces', 1), valid('ces', 7), valid('ces', 0), valid('ces', 8)]).toEqual([true, true, false, false]);
    expect(valid('nps', 7.5)).toBe(false);
  });

  it('a settings document carries exactly the payload of its kind', () => {
    const queue = SETTINGS_SAMPLES.queue;
    expect(isValid('settings', queue)).toBe(true);
    expect(isValid('settings', { ...queue, kind: 'group' })).toBe(false);
    expect(isValid('settings', { ...queue, group: SETTINGS_SAMPLES.group.group })).toBe(false);
    expect(isValid('settings', without(queue, 'queue'))).toBe(false);
    expect(isValid('settings', { ...queue, queue: { ...queue.queue, ringTimeoutSeconds: 2 } })).toBe(false);
  });

  it('checks the nested settings payloads', () => {
    const sla = SETTINGS_SAMPLES.slaPolicy;
    const targetsWithoutUrgent = without(sla.slaPolicy.targets, 'urgent');
    expect(isValid('settings', { ...sla, slaPolicy: { ...sla.slaPolicy, targets: targetsWithoutUrgent } })).toBe(false);
    expect(isValid('settings', { ...sla, slaPolicy: { ...sla.slaPolicy, atRiskPercent: 100 } })).toBe(false);
    expect(isValid('settings', { ...sla, slaPolicy: { ...sla.slaPolicy, match: { segments: ['gold'] } } })).toBe(false);
    const calendar = SETTINGS_SAMPLES.businessCalendar;
    const hours = calendar.businessCalendar.weeklyHours;
    expect(isValid('settings', { ...calendar, businessCalendar: { ...calendar.businessCalendar, weeklyHours: { ...hours, mon: [{ start: '9:00', end: '18:00' }] } } })).toBe(false);
    expect(isValid('settings', { ...calendar, businessCalendar: { ...calendar.businessCalendar, weeklyHours: { ...hours, sun: [{ start: '00:00', end: '24:00' }] } } })).toBe(true);
    expect(isValid('settings', { ...calendar, businessCalendar: { ...calendar.businessCalendar, holidays: [{ date: '2026-13-01', name: 'x' }] } })).toBe(false);
    expect(isValid('settings', { ...calendar, businessCalendar: { ...calendar.businessCalendar, timeZone: 'Sao Paulo' } })).toBe(false);
    const canned = SETTINGS_SAMPLES.cannedResponse;
    expect(isValid('settings', { ...canned, cannedResponse: { ...canned.cannedResponse, shortcut: 'estorno' } })).toBe(false);
  });

  it('requires the fields each kind of timeline entry needs', () => {
    const reply = first('timeline');
    expect(isValid('timeline', without(reply, 'body'))).toBe(false);
    expect(isValid('timeline', without(reply, 'channel'))).toBe(false);
    expect(isValid('timeline', { ...reply, authorType: 'customer' })).toBe(false);
    expect(isValid('timeline', { ...reply, kind: 'call', authorType: 'system' })).toBe(false);
    expect(isValid('timeline', { ...reply, kind: 'call', authorType: 'system', callId: 'call_9a1' })).toBe(true);
    expect(isValid('timeline', { ...reply, kind: 'status_change', authorType: 'system', toValue: 'solved', fromValue: 'open' })).toBe(true);
    expect(isValid('timeline', { ...reply, kind: 'status_change', authorType: 'system' })).toBe(false);
    expect(isValid('timeline', { ...reply, kind: 'tier_change', authorType: 'system' })).toBe(false);
    expect(isValid('timeline', { ...reply, kind: 'tier_change', authorType: 'agent', fromValue: 'L1', toValue: 'L2' })).toBe(true);
    expect(isValid('timeline', { ...reply, kind: 'sync_conflict', authorType: 'system' })).toBe(false);
    // Only conflict records may be about something other than a ticket.
    expect(isValid('timeline', { ...reply, subjectType: 'customer' })).toBe(false);
  });

  it('a call answered has an answer time; an outbound call has a number to dial', () => {
    expect(isValid('calls', without(callFull, 'answeredAt'))).toBe(false);
    expect(isValid('calls', { ...without(callFull, 'answeredAt'), outcome: 'abandoned' })).toBe(true);
    expect(isValid('calls', { ...without(callFull, 'toNumber'), direction: 'outbound' })).toBe(false);
    expect(isValid('calls', { ...callFull, direction: 'internal' })).toBe(false);
    expect(isValid('calls', { ...callFull, holdSeconds: -1 })).toBe(false);
  });

  it('a merged ticket is closed; a completed callback names its call', () => {
    expect(isValid('tickets', { ...ticketV0, mergedIntoId: 'tkt_1' })).toBe(false);
    expect(isValid('tickets', { ...ticketV0, mergedIntoId: 'tkt_1', status: 'closed' })).toBe(true);
    expect(isValid('callbacks', { ...first('callbacks'), status: 'completed' })).toBe(false);
    expect(isValid('callbacks', { ...first('callbacks'), status: 'completed', resultCallId: 'call_1' })).toBe(true);
  });
});

// ---- compatibility with what is replicated today -----------------------------------------------

describe('tickets and customers v1 extend the live v0 schemas', () => {
  it.each([
    ['tickets', ticketSchema, ticketSchemaV1, ticketV0],
    ['customers', customerSchema, customerSchemaV1, customerV0],
  ] as const)('%s: same v0 fields and required list, only optional additions, v0 documents stay valid', (name, v0, v1, sample) => {
    for (const [field, prop] of Object.entries(v0.properties)) expect(v1.properties[field], field).toEqual(prop);
    expect([...v1.required].sort()).toEqual([...v0.required].sort());
    expect(v1.version).toBe(v0.version + 1);
    expect(isValid(name, sample)).toBe(true);
    const migrate = MIGRATION_STRATEGIES[name]?.[1];
    expect(migrate?.({ ...sample })).toEqual(sample);
  });

  it('tickets v2 adds only the optional, server-owned slaAtRiskAt; v1 documents migrate unchanged', () => {
    for (const [field, prop] of Object.entries(ticketSchemaV1.properties)) expect(ticketSchemaV2.properties[field], field).toEqual(prop);
    expect(Object.keys(ticketSchemaV2.properties).filter((field) => !(field in ticketSchemaV1.properties))).toEqual(['slaAtRiskAt']);
    expect(ticketSchemaV2.required).toEqual(ticketSchemaV1.required);
    expect(ticketSchemaV2.indexes).toEqual(ticketSchemaV1.indexes);
    expect(ticketSchemaV2.version).toBe(ticketSchemaV1.version + 1);
    expect(COLLECTIONS.tickets.serverOwnedFields).toContain('slaAtRiskAt');
    expect(isValid('tickets', { ...ticketV0, slaAtRiskAt: '2026-03-10T11:00:00.000Z' })).toBe(true);
    expect(isValid('tickets', { ...ticketV0, slaAtRiskAt: 'soon' })).toBe(false);
    expect(MIGRATION_STRATEGIES.tickets?.[2]?.({ ...ticketV0 })).toEqual(ticketV0);
  });

  it('customers v2 adds only the optional mergedIntoId; v1 documents migrate unchanged', () => {
    for (const [field, prop] of Object.entries(customerSchemaV1.properties)) expect(customerSchemaV2.properties[field], field).toEqual(prop);
    expect(Object.keys(customerSchemaV2.properties).filter((field) => !(field in customerSchemaV1.properties))).toEqual(['mergedIntoId']);
    expect(customerSchemaV2.required).toEqual(customerSchemaV1.required);
    expect(customerSchemaV2.version).toBe(customerSchemaV1.version + 1);
    expect(isValid('customers', { ...customerV0, mergedIntoId: 'cus_2' })).toBe(true);
    expect(MIGRATION_STRATEGIES.customers?.[2]?.({ ...customerV0 })).toEqual(customerV0);
  });

  it('settings v1 adds only the saved views’ assigneeIds and customerIds filters; v0 documents stay valid and migrate unchanged', () => {
    const filtersOf = (schema: typeof settingsSchema) => schema.properties['savedView']?.properties?.['filters']?.properties ?? {};
    for (const [field, prop] of Object.entries(settingsSchema.properties)) {
      if (field !== 'savedView') expect(settingsSchemaV1.properties[field], field).toEqual(prop);
    }
    for (const [field, prop] of Object.entries(filtersOf(settingsSchema))) expect(filtersOf(settingsSchemaV1)[field], field).toEqual(prop);
    expect(Object.keys(filtersOf(settingsSchemaV1)).filter((field) => !(field in filtersOf(settingsSchema)))).toEqual(['assigneeIds', 'customerIds']);
    expect(settingsSchemaV1.required).toEqual(settingsSchema.required);
    expect(settingsSchemaV1.version).toBe(settingsSchema.version + 1);
    const v0View = {
      id: 'set_view_v0',
      kind: 'savedView',
      name: 'Old view',
      enabled: true,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      savedView: { filters: { statuses: ['open'], assignee: 'me' }, sort: { field: 'updatedAt', direction: 'desc' } },
    };
    expect(validatorFor(settingsSchema)(v0View)).toEqual([]);
    expect(isValid('settings', v0View)).toBe(true);
    expect(MIGRATION_STRATEGIES.settings?.[1]?.({ ...v0View })).toEqual(v0View);
    const picked = { ...v0View, savedView: { ...v0View.savedView, filters: { customerIds: ['cus_1'], assigneeIds: ['usr_ana'] } } };
    expect(validatorFor(settingsSchema)(picked)).not.toEqual([]);
    expect(isValid('settings', picked)).toBe(true);
    expect(isValid('settings', { ...picked, savedView: { ...picked.savedView, filters: { customerIds: Array.from({ length: 51 }, (_, index) => `cus_${String(index)}`) } } })).toBe(false);
  });

  it('the live registry replicates the latest schemas', () => {
    expect(COLLECTIONS.tickets.schema).toBe(ticketSchemaV2);
    expect(COLLECTIONS.customers.schema).toBe(customerSchemaV2);
    expect(COLLECTIONS.settings.schema).toBe(settingsSchemaV1);
    // What the v0 server stamped, the v1 server still stamps.
    for (const field of ['number', 'createdAt', 'updatedAt']) expect(COLLECTIONS.tickets.serverOwnedFields).toContain(field);
    for (const field of ['createdAt', 'updatedAt']) expect(COLLECTIONS.customers.serverOwnedFields).toContain(field);
  });
});

// ---- the collection budget and the registry -----------------------------------------------------

describe('the collection registry', () => {
  it('is the full set, in one registry', () => {
    expect(SYNC_COLLECTIONS).toEqual(['tickets', 'timeline', 'customers', 'calls', 'callbacks', 'articles', 'articleVersions', 'surveys', 'users', 'settings']);
    for (const name of SYNC_COLLECTIONS) expect(isSyncCollectionName(name)).toBe(true);
    expect(isSyncCollectionName('drafts')).toBe(false);
  });

  it(`replicate at most ${REPLICATED_COLLECTION_TARGET} collections and stay within RxDB's ${RXDB_COLLECTION_BUDGET}`, () => {
    const local = Object.keys(LOCAL_ONLY_COLLECTIONS).length;
    expect(SYNC_COLLECTIONS.length).toBeLessThanOrEqual(REPLICATED_COLLECTION_TARGET);
    expect(SYNC_COLLECTIONS.length + local).toBeLessThanOrEqual(RXDB_COLLECTION_BUDGET);
    expect(REPLICATED_COLLECTION_TARGET).toBe(10);
    expect(RXDB_COLLECTION_BUDGET).toBe(13);
  });

  it('opens only what a role may read: agents do not replicate article history', () => {
    expect(collectionsForRole('agent').replicated).not.toContain('articleVersions');
    expect(collectionsForRole('supervisor').replicated).toContain('articleVersions');
    expect(collectionsForRole('admin').replicated).toEqual([...SYNC_COLLECTIONS]);
    expect(collectionsForRole('agent').localOnly).toEqual(['drafts']);
    expect(collectionsForRole('agent').replicated).toHaveLength(9);
    expect(canReadCollection('agent', 'articleVersions')).toBe(false);
    expect(canReadCollection('agent', 'tickets')).toBe(true);
  });

  it('uses names RxDB accepts as collection names', () => {
    for (const [name] of ALL_SCHEMAS) {
      expect(() => {
        ensureCollectionNameValid({ name } as Parameters<typeof ensureCollectionNameValid>[0]);
      }, name).not.toThrow();
    }
    expect(new Set(ALL_SCHEMAS.map(([name]) => name)).size).toBe(ALL_SCHEMAS.length);
  });

  it.each(SYNC_COLLECTIONS.map((name) => [name, COLLECTIONS[name]] as const))('%s: the policy names only real fields and roles', (name, definition) => {
    const props = definition.schema.properties;
    expect(definition.name).toBe(name);
    expect(definition.readRoles.length).toBeGreaterThan(0);
    for (const field of definition.serverOwnedFields) expect(Object.hasOwn(props, field), `server-owned ${field}`).toBe(true);
    for (const field of Object.keys(definition.restrictedFields ?? {})) {
      expect(Object.hasOwn(props, field), `restricted ${field}`).toBe(true);
      expect(definition.serverOwnedFields).not.toContain(field);
    }
    for (const role of [...definition.deleteRoles]) expect(definition.writeRoles).toContain(role);
    const byKind = definition.writeRolesByKind;
    if (byKind !== undefined) expect(Object.keys(byKind.roles).sort()).toEqual([...(props[byKind.field]?.enum ?? [])].sort());
    const seal = definition.sealedWhenSet;
    if (seal !== undefined) for (const field of [seal.field, ...seal.exceptFields]) expect(Object.hasOwn(props, field), field).toBe(true);
    const owner = definition.ownDocumentsOnly;
    if (owner !== undefined) {
      const [parent = '', child = ''] = owner.ownerPath.split('.');
      expect(props[parent]?.properties?.[child]?.maxLength).toBe(64);
    }
  });

  it('marks exactly the immutable collections append-only', () => {
    const appendOnly = SYNC_COLLECTIONS.filter((name) => COLLECTIONS[name].appendOnly);
    // Calls are written by the provider webhooks and by the agent at wrap-up, so they field-merge.
    expect(appendOnly).toEqual(['timeline', 'articleVersions', 'surveys']);
    for (const name of appendOnly) expect(COLLECTIONS[name].deleteRoles).toEqual([]);
  });
});

// ---- the write policy ---------------------------------------------------------------------------

describe('canWriteField', () => {
  it.each([
    ['agent', 'tickets', 'subject', true],
    ['agent', 'tickets', 'firstResponseDueAt', false],
    ['supervisor', 'tickets', 'resolutionDueAt', false],
    ['admin', 'tickets', 'number', false],
    ['agent', 'tickets', 'slaPolicyId', false],
    ['supervisor', 'tickets', 'slaPolicyId', true],
    ['agent', 'tickets', 'noSuchField', false],
    ['agent', 'customers', 'notes', true],
    ['agent', 'customers', 'segment', false],
    ['supervisor', 'customers', 'segment', true],
    ['agent', 'articles', 'title', false],
    ['supervisor', 'articles', 'title', true],
    ['supervisor', 'articles', 'versionNumber', false],
    ['admin', 'articleVersions', 'body', false],
    ['agent', 'users', 'avatarColor', false],
    ['supervisor', 'users', 'role', false],
    ['admin', 'users', 'role', true],
    ['agent', 'surveys', 'score', false],
    ['supervisor', 'surveys', 'score', true],
    ['agent', 'calls', 'dispositionCode', true],
    ['agent', 'calls', 'talkSeconds', false],
    ['agent', 'timeline', 'recordedById', false],
  ] as const)('%s → %s.%s: %s', (role, collection, field, expected) => {
    expect(canWriteField(role, collection, field)).toBe(expected);
  });
});

describe('canWriteDocument', () => {
  // Typed entities (interfaces) have no index signature: pass them as plain objects.
  const attempt = (role: Role, collection: SyncCollectionName, after: object, before?: object, userId = 'usr_ana'): WriteAttempt =>
    before === undefined ? { role, userId, collection, after: after as Sample } : { role, userId, collection, after: after as Sample, before: before as Sample };
  const decide = (...args: Parameters<typeof attempt>) => canWriteDocument(attempt(...args));
  const ticket = { ...ticketV0, _deleted: false };

  it('lets agents work tickets but not move SLA targets or delete', () => {
    expect(decide('agent', 'tickets', { ...ticket, status: 'pending', tags: ['billing'] }, ticket)).toEqual({ allowed: true });
    // Server-owned fields are not refused: the server ignores them and stamps its own values.
    expect(decide('agent', 'tickets', { ...ticket, resolutionDueAt: '2030-01-01T00:00:00.000Z' }, ticket).allowed).toBe(true);
    expect(decide('agent', 'tickets', { ...ticket, slaPolicyId: 'set_sla_vip' }, ticket)).toEqual({ allowed: false, reason: 'field', fields: ['slaPolicyId'] });
    expect(decide('agent', 'tickets', { ...ticket, slaPolicyId: 'set_sla_vip' })).toMatchObject({ allowed: false, reason: 'field' });
    expect(decide('supervisor', 'tickets', { ...ticket, slaPolicyId: 'set_sla_vip' }, ticket).allowed).toBe(true);
    expect(decide('agent', 'tickets', { ...ticket, _deleted: true }, ticket)).toMatchObject({ allowed: false, reason: 'delete' });
    expect(decide('supervisor', 'tickets', { ...ticket, _deleted: true }, ticket).allowed).toBe(true);
  });

  it('keeps the customer segment for supervisors', () => {
    const customer = { ...customerV0, _deleted: false };
    expect(decide('agent', 'customers', { ...customer, notes: 'Prefere WhatsApp' }, customer).allowed).toBe(true);
    expect(decide('agent', 'customers', { ...customer, segment: 'vip' }, customer)).toMatchObject({ reason: 'field', fields: ['segment'] });
    expect(decide('agent', 'customers', { ...customer, id: 'cus_new', segment: 'vip' })).toMatchObject({ reason: 'field' });
    expect(decide('supervisor', 'customers', { ...customer, segment: 'vip' }, customer).allowed).toBe(true);
  });

  it('lets agents write only their own saved views among settings', () => {
    const view = { ...SETTINGS_SAMPLES.savedView, _deleted: false };
    const othersView = { ...view, savedView: { ...view.savedView, ownerId: 'usr_bruno' } };
    const sharedView = { ...view, savedView: { filters: {}, sort: view.savedView.sort } };
    expect(decide('agent', 'settings', view).allowed).toBe(true);
    expect(decide('agent', 'settings', { ...view, name: 'Urgentes' }, view).allowed).toBe(true);
    expect(decide('agent', 'settings', { ...view, _deleted: true }, view).allowed).toBe(true);
    expect(decide('agent', 'settings', othersView)).toMatchObject({ allowed: false, reason: 'not_owner' });
    expect(decide('agent', 'settings', sharedView)).toMatchObject({ allowed: false, reason: 'not_owner' });
    // Taking over someone else's view by rewriting its owner.
    expect(decide('agent', 'settings', view, othersView)).toMatchObject({ allowed: false, reason: 'not_owner' });
    expect(decide('supervisor', 'settings', sharedView).allowed).toBe(true);
    expect(decide('supervisor', 'settings', othersView, othersView).allowed).toBe(true);
  });

  it('leaves SLA, calendars, queues and groups to admins, canned responses and dispositions to supervisors', () => {
    for (const kind of ['slaPolicy', 'businessCalendar', 'queue', 'group'] as const) {
      const doc = SETTINGS_SAMPLES[kind];
      expect(decide('agent', 'settings', doc), kind).toMatchObject({ allowed: false, reason: 'kind' });
      expect(decide('supervisor', 'settings', doc), kind).toMatchObject({ allowed: false, reason: 'kind' });
      expect(decide('admin', 'settings', doc).allowed, kind).toBe(true);
    }
    for (const kind of ['cannedResponse', 'dispositionCode'] as const) {
      const doc = SETTINGS_SAMPLES[kind];
      expect(decide('agent', 'settings', doc), kind).toMatchObject({ allowed: false, reason: 'kind' });
      expect(decide('supervisor', 'settings', doc).allowed, kind).toBe(true);
    }
    const canned = SETTINGS_SAMPLES.cannedResponse;
    expect(decide('admin', 'settings', { ...canned, kind: 'group' }, canned)).toMatchObject({ allowed: false, reason: 'kind_changed' });
    expect(decide('agent', 'settings', { ...canned, kind: 'whatever' })).toMatchObject({ allowed: false, reason: 'kind' });
  });

  it('keeps the timeline append-only and server events to the server', () => {
    const note = { ...first('timeline'), kind: 'internal_note', _deleted: false };
    expect(decide('agent', 'timeline', note).allowed).toBe(true);
    expect(decide('agent', 'timeline', note, note).allowed).toBe(true);
    // A retry after the server stamped its own fields is still the same entry.
    expect(decide('agent', 'timeline', note, { ...note, recordedById: 'usr_ana', createdAt: '2026-03-02T12:05:00.000Z' }).allowed).toBe(true);
    expect(decide('agent', 'timeline', { ...note, body: 'edited' }, note)).toEqual({ allowed: false, reason: 'append_only', fields: ['body'] });
    expect(decide('admin', 'timeline', { ...note, _deleted: true }, note)).toMatchObject({ allowed: false, reason: 'append_only' });
    for (const kind of SERVER_TIMELINE_KINDS) {
      expect(decide('admin', 'timeline', { ...note, kind }), kind).toMatchObject({ allowed: false, reason: 'kind' });
    }
  });

  it('lets agents finish a call, then seals it except notes and links', () => {
    const open = { ...without(callFull, 'wrapUpEndedAt'), dispositionCode: 'callback_scheduled', _deleted: false };
    const wrapped = { ...callFull, _deleted: false };
    expect(decide('agent', 'calls', { ...open, dispositionCode: 'resolved_first_contact', wrapUpEndedAt: callFull.wrapUpEndedAt }, open).allowed).toBe(true);
    expect(decide('agent', 'calls', { ...wrapped, dispositionCode: 'callback_scheduled' }, wrapped)).toEqual({ allowed: false, reason: 'sealed', fields: ['dispositionCode'] });
    expect(decide('agent', 'calls', { ...wrapped, notes: 'Cliente ligou de novo.', ticketId: 'tkt_9' }, wrapped).allowed).toBe(true);
    expect(decide('supervisor', 'calls', { ...wrapped, dispositionCode: 'callback_scheduled' }, wrapped).allowed).toBe(true);
    expect(decide('admin', 'calls', { ...wrapped, _deleted: true }, wrapped)).toMatchObject({ allowed: false, reason: 'delete' });
  });

  it('keeps articles to editors, their history to the server, surveys and users to their owners', () => {
    const article = { ...first('articles'), _deleted: false };
    expect(decide('agent', 'articles', { ...article, title: 'Novo título' }, article)).toMatchObject({ allowed: false, reason: 'role' });
    expect(decide('supervisor', 'articles', { ...article, title: 'Novo título' }, article).allowed).toBe(true);
    expect(decide('supervisor', 'articles', { ...article, _deleted: true }, article)).toMatchObject({ reason: 'delete' });
    expect(decide('admin', 'articleVersions', first('articleVersions'))).toMatchObject({ allowed: false, reason: 'role' });
    expect(decide('agent', 'surveys', first('surveys'))).toMatchObject({ allowed: false, reason: 'role' });
    expect(decide('supervisor', 'surveys', first('surveys')).allowed).toBe(true);
    expect(decide('supervisor', 'surveys', { ...first('surveys'), score: 10 }, first('surveys'))).toMatchObject({ reason: 'append_only' });
    expect(decide('supervisor', 'users', { ...first('users'), role: 'admin' }, first('users'))).toMatchObject({ reason: 'role' });
    expect(decide('admin', 'users', { ...first('users'), role: 'supervisor' }, first('users')).allowed).toBe(true);
  });
});

// ---- pure domain rules --------------------------------------------------------------------------

describe('domain rules', () => {
  it('computes call durations the way the server stores them', () => {
    expect(callDurations(callFull)).toEqual({ ringSeconds: 12, talkSeconds: 283, wrapUpSeconds: 50, handleSeconds: 378 });
    expect(callDurations({ offeredAt: '2026-03-02T12:00:00Z', endedAt: '2026-03-02T12:00:40Z' })).toEqual({ ringSeconds: 40 });
    expect(callDurations({ offeredAt: '2026-03-02T12:00:00Z', answeredAt: '2026-03-02T12:00:05Z', endedAt: '2026-03-02T12:00:10Z', holdSeconds: 99 })).toEqual({
      ringSeconds: 5,
      talkSeconds: 0,
    });
    const { ringSeconds, talkSeconds, wrapUpSeconds, handleSeconds } = callDurations(callFull);
    expect({ ...callFull, ringSeconds, talkSeconds, wrapUpSeconds, handleSeconds }).toEqual(callFull);
  });

  it('finds calendar mistakes the schema cannot see', () => {
    const calendar = SETTINGS_SAMPLES.businessCalendar.businessCalendar;
    expect(businessCalendarProblems(calendar)).toEqual([]);
    const broken = {
      ...calendar,
      weeklyHours: { ...calendar.weeklyHours, mon: [{ start: '13:00', end: '18:00' }, { start: '09:00', end: '14:00' }], tue: [{ start: '18:00', end: '09:00' }] },
      holidays: [...calendar.holidays, { date: '2026-02-30', name: 'x' }, { date: '2026-04-21', name: 'again' }],
    };
    expect(businessCalendarProblems(broken)).toEqual([
      'mon[1]: overlaps or precedes the previous shift',
      'tue[0]: starts at or after it ends',
      'holiday 2026-02-30: no such date',
      'holiday 2026-04-21: listed twice',
    ]);
  });

  it('accepts only placeholders the reply box can fill', () => {
    expect(unknownPlaceholders(SETTINGS_SAMPLES.cannedResponse.cannedResponse.body)).toEqual([]);
    expect(unknownPlaceholders('Oi {{ customer.firstName }}, {{customer.cpf}} {{ticket.numero}} {{customer.cpf}}')).toEqual(['customer.cpf', 'ticket.numero']);
  });

  it('selects the SLA policy: pinned first, then lowest rank that matches', () => {
    const vip = SETTINGS_SAMPLES.slaPolicy;
    const fallback = { ...vip, id: 'set_sla_default', name: 'Default', slaPolicy: { ...vip.slaPolicy, rank: 100, match: {} } };
    const off = { ...vip, id: 'set_sla_off', enabled: false, slaPolicy: { ...vip.slaPolicy, rank: 0, match: {} } };
    const policies = [fallback, off, vip];
    expect(selectSlaPolicy(policies, { channel: 'phone', tier: 'L1', segment: 'vip' })?.id).toBe('set_sla_vip');
    expect(selectSlaPolicy(policies, { channel: 'email', tier: 'L1', segment: 'vip' })?.id).toBe('set_sla_default');
    expect(selectSlaPolicy(policies, { channel: 'phone', tier: 'L1' })?.id).toBe('set_sla_default');
    expect(selectSlaPolicy(policies, { channel: 'phone', tier: 'L1', segment: 'vip', slaPolicyId: 'set_sla_default' })?.id).toBe('set_sla_default');
    expect(selectSlaPolicy([off], { channel: 'phone', tier: 'L1' })).toBeUndefined();
  });

  it('summarises CSAT, NPS and CES', () => {
    const answers = [
      { kind: 'nps', score: 10 },
      { kind: 'nps', score: 9 },
      { kind: 'nps', score: 7 },
      { kind: 'nps', score: 3 },
      { kind: 'csat', score: 5 },
      { kind: 'csat', score: 2 },
      { kind: 'ces', score: 2 },
      { kind: 'ces', score: 5 },
    ] as const;
    expect(summarizeSurveys(answers, 'nps')).toEqual({ responses: 4, nps: 25 });
    expect(summarizeSurveys(answers, 'csat')).toEqual({ responses: 2, csatPercent: 50 });
    expect(summarizeSurveys(answers, 'ces')).toEqual({ responses: 2, cesAverage: 3.5 });
    expect(summarizeSurveys([], 'nps')).toEqual({ responses: 0 });
  });

  it('derives bounded, deterministic ids', () => {
    expect(articleVersionId('kb_1', 3)).toBe('kb_1@v3');
    expect(draftId('tkt_7f3a', 'reply')).toBe('tkt_7f3a:reply');
    const long = 'x'.repeat(64);
    expect(articleVersionId(long, 12).length).toBeLessThanOrEqual(64);
    expect(articleVersionId(long, 12)).not.toBe(articleVersionId(`${'x'.repeat(63)}y`, 12));
    expect(draftId(long, 'note').length).toBeLessThanOrEqual(64);
  });

  it('encodes overwritten values for a conflict entry', () => {
    expect(conflictRecord('tags', ['a'], undefined)).toEqual({ field: 'tags', localValue: '["a"]' });
    expect(conflictRecord('notes', 'x'.repeat(30000), 'y').localValue?.length).toBe(20000);
    expect(isValid('timeline', { ...first('timeline'), kind: 'sync_conflict', authorType: 'system', conflict: conflictRecord('notes', 'x'.repeat(30000), 'y') })).toBe(true);
  });
});
