/** Valid documents to push, and helpers to build push rows. */
import type { Article } from '../../../src/shared/domain/article';
import type { Call } from '../../../src/shared/domain/call';
import type { CallbackRequest } from '../../../src/shared/domain/callback';
import type { Customer } from '../../../src/shared/domain/customer';
import type { SettingsOfKind } from '../../../src/shared/domain/settings';
import type { SurveyResponse } from '../../../src/shared/domain/survey';
import type { Ticket } from '../../../src/shared/domain/ticket';
import type { TimelineEntry } from '../../../src/shared/domain/timeline';
import type { UserProfile } from '../../../src/shared/domain/user';
import type { PushRow, WireDocument } from '../../../src/shared/sync/protocol';

const CLIENT_TIME = '2020-01-01T00:00:00.000Z';

export function ticket(id: string, overrides: Partial<Ticket> = {}): Ticket {
  return {
    id,
    subject: `Subject of ${id}`,
    status: 'new',
    priority: 'normal',
    channel: 'phone',
    tier: 'L1',
    customerId: 'cus_000001',
    tags: [],
    createdAt: CLIENT_TIME,
    updatedAt: CLIENT_TIME,
    ...overrides,
  };
}

export function customer(id: string, overrides: Partial<Customer> = {}): Customer {
  return { id, name: `Customer ${id}`, language: 'en', tags: [], createdAt: CLIENT_TIME, updatedAt: CLIENT_TIME, ...overrides };
}

export function wire<T extends object>(document: T, deleted = false): WireDocument<T> {
  return { ...document, _deleted: deleted };
}

export function insertRow<T extends object>(document: T): PushRow<T> {
  return { newDocumentState: wire(document) };
}

export function updateRow<T extends object>(master: WireDocument<T>, changes: Partial<T>, deleted = false): PushRow<T> {
  return { assumedMasterState: master, newDocumentState: { ...master, ...changes, _deleted: deleted } };
}

/** Domain interfaces have no index signature; the store and the API take plain records. */
export function asRecord(document: object): Record<string, unknown> {
  return { ...document };
}

// ---- the other collections ------------------------------------------------------------------------

export function timelineEntry(id: string, overrides: Partial<TimelineEntry> = {}): TimelineEntry {
  return {
    id,
    subjectType: 'ticket',
    subjectId: 'tkt_1',
    kind: 'internal_note',
    occurredAt: CLIENT_TIME,
    authorType: 'agent',
    authorId: 'usr_ana',
    body: `Note ${id}`,
    recordedById: 'usr_ana',
    createdAt: CLIENT_TIME,
    ...overrides,
  };
}

export function call(id: string, overrides: Partial<Call> = {}): Call {
  return {
    id,
    direction: 'inbound',
    fromNumber: '+5511987654321',
    provider: 'webrtc',
    offeredAt: '2030-05-01T11:00:00.000Z',
    answeredAt: '2030-05-01T11:00:12.000Z',
    endedAt: '2030-05-01T11:05:12.000Z',
    holdSeconds: 20,
    outcome: 'answered',
    agentId: 'usr_ana',
    createdAt: CLIENT_TIME,
    updatedAt: CLIENT_TIME,
    ...overrides,
  };
}

export function callback(id: string, overrides: Partial<CallbackRequest> = {}): CallbackRequest {
  return {
    id,
    phoneNumber: '+5511987654321',
    dueAt: '2030-05-01T15:00:00.000Z',
    status: 'pending',
    source: 'agent',
    attempts: 0,
    createdAt: CLIENT_TIME,
    updatedAt: CLIENT_TIME,
    ...overrides,
  };
}

export function article(id: string, overrides: Partial<Article> = {}): Article {
  return {
    id,
    translationGroupId: id,
    language: 'pt-BR',
    category: 'billing',
    title: `Artigo ${id}`,
    body: 'Explique ao cliente como funciona a cobrança.',
    tags: ['billing'],
    featured: false,
    relatedArticleIds: [],
    status: 'published',
    versionNumber: 1,
    createdAt: CLIENT_TIME,
    updatedAt: CLIENT_TIME,
    ...overrides,
  };
}

export function survey(id: string, overrides: Partial<SurveyResponse> = {}): SurveyResponse {
  return { id, kind: 'csat', score: 5, customerId: 'cus_000001', respondedAt: CLIENT_TIME, createdAt: CLIENT_TIME, ...overrides };
}

export function userProfile(id: string, overrides: Partial<UserProfile> = {}): UserProfile {
  return {
    id,
    name: `User ${id}`,
    email: `${id}@example.com`,
    role: 'agent',
    groupIds: [],
    skills: [],
    languages: ['pt-BR'],
    avatarColor: '#123456',
    active: true,
    createdAt: CLIENT_TIME,
    updatedAt: CLIENT_TIME,
    ...overrides,
  };
}

export function savedView(id: string, ownerId: string | undefined): SettingsOfKind<'savedView'> {
  return {
    id,
    kind: 'savedView',
    name: `View ${id}`,
    enabled: true,
    savedView: { ...(ownerId === undefined ? {} : { ownerId }), filters: { statuses: ['open'] }, sort: { field: 'updatedAt', direction: 'desc' } },
    createdAt: CLIENT_TIME,
    updatedAt: CLIENT_TIME,
  };
}

export function slaPolicy(id: string): SettingsOfKind<'slaPolicy'> {
  const target = { firstResponseMinutes: 60, resolutionMinutes: 480 };
  return {
    id,
    kind: 'slaPolicy',
    name: `Policy ${id}`,
    enabled: true,
    slaPolicy: { rank: 5, match: {}, targets: { low: target, normal: target, high: target, urgent: target }, atRiskPercent: 75 },
    createdAt: CLIENT_TIME,
    updatedAt: CLIENT_TIME,
  };
}

export function cannedResponse(id: string, body: string): SettingsOfKind<'cannedResponse'> {
  return {
    id,
    kind: 'cannedResponse',
    name: `Canned ${id}`,
    enabled: true,
    cannedResponse: { body, language: 'en', tags: [] },
    createdAt: CLIENT_TIME,
    updatedAt: CLIENT_TIME,
  };
}
