/**
 * Realistic documents for every registered collection: `full` uses (nearly) every field, `minimal` only
 * the required ones. Shared by the schema tests and the RxDB round-trip test.
 */
import type { Article, ArticleVersion } from '../../../src/shared/domain/article';
import type { Call } from '../../../src/shared/domain/call';
import type { CallbackRequest } from '../../../src/shared/domain/callback';
import type { Customer } from '../../../src/shared/domain/customer';
import type { Draft } from '../../../src/shared/domain/draft';
import type { SettingsDocument, SettingsKind, SettingsOfKind } from '../../../src/shared/domain/settings';
import type { SurveyResponse } from '../../../src/shared/domain/survey';
import type { Ticket } from '../../../src/shared/domain/ticket';
import type { TimelineEntry } from '../../../src/shared/domain/timeline';
import type { UserProfile } from '../../../src/shared/domain/user';
import type { LocalOnlyCollectionName, SyncCollectionName } from '../../../src/shared/sync/collections';

/** A document as plain JSON (the typed samples below are checked against the entity interfaces). */
export type Sample = Readonly<Record<string, unknown>>;

const plain = (doc: object): Sample => doc as Sample;

const T0 = '2026-03-02T12:00:00.000Z';
const T1 = '2026-03-02T12:04:30.000Z';

export const ticketV0: Ticket = {
  id: 'tkt_7f3a',
  number: 1042,
  subject: 'Cobrança duplicada na fatura de fevereiro',
  description: 'Cliente viu duas cobranças de R$ 89,90 no cartão.',
  status: 'open',
  priority: 'high',
  channel: 'phone',
  tier: 'L1',
  customerId: 'cus_000123',
  assigneeId: 'usr_ana',
  tags: ['billing', 'overcharge'],
  createdAt: T0,
  updatedAt: T1,
};

export const ticketFull: Ticket = {
  ...ticketV0,
  groupId: 'set_group_billing',
  relatedTicketIds: ['tkt_6b21'],
  followUpAt: '2026-03-03T13:00:00.000Z',
  slaPolicyId: 'set_sla_vip',
  firstResponseDueAt: '2026-03-02T13:00:00.000Z',
  nextResponseDueAt: '2026-03-02T16:00:00.000Z',
  resolutionDueAt: '2026-03-04T12:00:00.000Z',
  firstRespondedAt: '2026-03-02T12:10:00.000Z',
  lastCustomerMessageAt: T1,
  slaAtRiskAt: '2026-03-02T12:45:00.000Z',
};

export const customerV0: Customer = {
  id: 'cus_000123',
  name: 'Maria da Silva',
  email: 'maria.silva@example.com.br',
  phone: '+5511987654321',
  organization: 'Padaria Pão Dourado',
  language: 'pt-BR',
  tags: ['smb'],
  createdAt: T0,
  updatedAt: T1,
};

export const customerFull: Customer = {
  ...customerV0,
  contactPoints: [
    { kind: 'whatsapp', value: '+5511987654321', label: 'mobile' },
    { kind: 'phone', value: '+551133334444', label: 'work' },
    { kind: 'email', value: 'financeiro@paodourado.com.br', label: 'work' },
  ],
  segment: 'smb',
  notes: 'Prefere contato por WhatsApp depois das 14h.',
  timeZone: 'America/Sao_Paulo',
};

export const timelineReply: TimelineEntry = {
  id: 'tle_01',
  subjectType: 'ticket',
  subjectId: 'tkt_7f3a',
  kind: 'agent_reply',
  occurredAt: T1,
  authorType: 'agent',
  authorId: 'usr_ana',
  customerId: 'cus_000123',
  channel: 'email',
  body: 'Olá Maria, o estorno da segunda cobrança foi solicitado e aparece em até 10 dias úteis.',
  recordedById: 'usr_ana',
  createdAt: T1,
};

export const timelineConflict: TimelineEntry = {
  id: 'tle_02',
  subjectType: 'customer',
  subjectId: 'cus_000123',
  kind: 'sync_conflict',
  occurredAt: T1,
  authorType: 'system',
  conflict: { field: 'notes', localValue: '"Ligar à tarde"', masterValue: '"Prefere WhatsApp"' },
  recordedById: 'usr_ana',
  createdAt: T1,
};

export const articleFull: Article = {
  id: 'kb_dup_charge_pt',
  translationGroupId: 'kb_dup_charge_en',
  language: 'pt-BR',
  category: 'billing',
  title: 'Como explicar uma cobrança duplicada',
  summary: 'Pré-autorização liberada pelo banco em até 3 dias úteis.',
  body: '1. Verifique no histórico se há duas faturas pagas.\n2. Se houver só uma, explique que é uma reserva.',
  tags: ['billing', 'overcharge'],
  featured: true,
  relatedArticleIds: ['kb_refund_times_pt'],
  status: 'published',
  versionNumber: 3,
  lastReviewedAt: '2026-02-15T10:00:00.000Z',
  lastReviewedById: 'usr_sup',
  createdAt: '2025-11-01T10:00:00.000Z',
  updatedAt: '2026-02-15T10:00:00.000Z',
};

export const articleVersionFull: ArticleVersion = {
  id: 'kb_dup_charge_pt@v2',
  articleId: 'kb_dup_charge_pt',
  versionNumber: 2,
  language: 'pt-BR',
  category: 'billing',
  title: 'Cobrança duplicada',
  body: 'Verifique o histórico de faturas.',
  tags: ['billing'],
  status: 'published',
  editedById: 'usr_sup',
  editedAt: '2026-01-10T10:00:00.000Z',
  createdAt: '2026-01-10T10:00:01.000Z',
};

export const callFull: Call = {
  id: 'call_9a1',
  direction: 'inbound',
  fromNumber: '+5511987654321',
  toNumber: '+551140028922',
  agentId: 'usr_ana',
  queueId: 'set_queue_billing',
  provider: 'twilio',
  providerCallId: 'CA0123456789abcdef0123456789abcdef',
  offeredAt: '2026-03-02T11:58:00.000Z',
  answeredAt: '2026-03-02T11:58:12.000Z',
  endedAt: '2026-03-02T12:03:40.000Z',
  wrapUpEndedAt: '2026-03-02T12:04:30.000Z',
  holdSeconds: 45,
  outcome: 'answered',
  dispositionCode: 'resolved_first_contact',
  notes: 'Estorno solicitado.',
  ticketId: 'tkt_7f3a',
  customerId: 'cus_000123',
  recordingRef: 'rec/2026/03/02/call_9a1',
  ringSeconds: 12,
  talkSeconds: 283,
  wrapUpSeconds: 50,
  handleSeconds: 378,
  createdAt: '2026-03-02T11:58:12.000Z',
  updatedAt: T1,
};

export const callbackFull: CallbackRequest = {
  id: 'cb_551',
  phoneNumber: '+5521998765432',
  reason: 'Ligação caiu durante a confirmação do endereço.',
  dueAt: '2026-03-02T15:00:00.000Z',
  status: 'pending',
  source: 'ivr',
  attempts: 1,
  lastAttemptAt: '2026-03-02T14:00:00.000Z',
  assigneeId: 'usr_ana',
  queueId: 'set_queue_billing',
  customerId: 'cus_000123',
  originCallId: 'call_9a0',
  createdAt: T0,
  updatedAt: T1,
};

export const surveyFull: SurveyResponse = {
  id: 'srv_1',
  kind: 'nps',
  score: 9,
  customerId: 'cus_000123',
  ticketId: 'tkt_7f3a',
  callId: 'call_9a1',
  agentId: 'usr_ana',
  channel: 'email',
  language: 'pt-BR',
  comment: 'Atendimento rápido e gentil.',
  respondedAt: '2026-03-03T09:00:00.000Z',
  createdAt: '2026-03-03T09:00:01.000Z',
};

export const userFull: UserProfile = {
  id: 'usr_ana',
  name: 'Ana Souza',
  email: 'ana.souza@atende.example',
  role: 'agent',
  tier: 'L1',
  groupIds: ['set_group_billing'],
  skills: ['billing', 'spanish'],
  languages: ['pt-BR', 'en'],
  avatarColor: '#3b82f6',
  extension: '2041',
  active: true,
  createdAt: '2025-06-01T09:00:00.000Z',
  updatedAt: '2026-01-05T09:00:00.000Z',
};

const settingsBase = { enabled: true, createdAt: T0, updatedAt: T1 } as const;
const target = (firstResponseMinutes: number, resolutionMinutes: number) => ({ firstResponseMinutes, nextResponseMinutes: firstResponseMinutes * 2, resolutionMinutes });

export const SETTINGS_SAMPLES: { readonly [K in SettingsKind]: SettingsOfKind<K> } = {
  slaPolicy: {
    ...settingsBase,
    id: 'set_sla_vip',
    kind: 'slaPolicy',
    name: 'VIP',
    slaPolicy: {
      rank: 10,
      match: { segments: ['vip', 'enterprise'], channels: ['phone', 'whatsapp'] },
      targets: { low: target(240, 2880), normal: target(120, 1440), high: target(60, 480), urgent: target(15, 240) },
      calendarId: 'set_cal_sp',
      atRiskPercent: 75,
    },
  },
  businessCalendar: {
    ...settingsBase,
    id: 'set_cal_sp',
    kind: 'businessCalendar',
    name: 'São Paulo',
    businessCalendar: {
      timeZone: 'America/Sao_Paulo',
      weeklyHours: {
        mon: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '18:00' }],
        tue: [{ start: '09:00', end: '18:00' }],
        wed: [{ start: '09:00', end: '18:00' }],
        thu: [{ start: '09:00', end: '18:00' }],
        fri: [{ start: '09:00', end: '17:00' }],
        sat: [{ start: '09:00', end: '13:00' }],
        sun: [],
      },
      holidays: [
        { date: '2026-04-21', name: 'Tiradentes' },
        { date: '2026-09-07', name: 'Independência' },
      ],
    },
  },
  cannedResponse: {
    ...settingsBase,
    id: 'set_canned_refund',
    kind: 'cannedResponse',
    name: 'Prazo de estorno',
    cannedResponse: {
      body: 'Olá {{customer.firstName}}, o estorno do ticket #{{ticket.number}} cai em até 10 dias úteis. {{agent.name}}',
      language: 'pt-BR',
      tags: ['refund'],
      shortcut: '/estorno',
    },
  },
  dispositionCode: {
    ...settingsBase,
    id: 'set_disp_fcr',
    kind: 'dispositionCode',
    name: 'Resolvido no primeiro contato',
    dispositionCode: { code: 'resolved_first_contact', description: 'Nada mais a fazer.', requiresNote: false },
  },
  queue: {
    ...settingsBase,
    id: 'set_queue_billing',
    kind: 'queue',
    name: 'Cobrança N1',
    queue: {
      tier: 'L1',
      groupId: 'set_group_billing',
      requiredSkills: ['billing'],
      languages: ['pt-BR'],
      ringTimeoutSeconds: 20,
      serviceLevelTargetSeconds: 20,
      serviceLevelTargetPercent: 80,
      phoneNumbers: ['+551140028922'],
    },
  },
  group: {
    ...settingsBase,
    id: 'set_group_billing',
    kind: 'group',
    name: 'Cobrança',
    group: { tier: 'L1', description: 'Faturas, estornos e pagamentos.' },
  },
  savedView: {
    ...settingsBase,
    id: 'set_view_ana_urgent',
    kind: 'savedView',
    name: 'Meus urgentes',
    savedView: {
      ownerId: 'usr_ana',
      filters: { statuses: ['new', 'open'], priorities: ['urgent', 'high'], assignee: 'me', sla: 'at_risk', assigneeIds: ['usr_ana', 'usr_bruno'], customerIds: ['cus_000042'] },
      sort: { field: 'resolutionDueAt', direction: 'asc' },
    },
  },
};

export const draftFull: Draft = {
  id: 'tkt_7f3a:reply',
  ticketId: 'tkt_7f3a',
  kind: 'reply',
  body: 'Olá Maria, ',
  channel: 'email',
  cannedResponseId: 'set_canned_refund',
  updatedAt: T1,
};

const settingsList: readonly SettingsDocument[] = Object.values(SETTINGS_SAMPLES);

/** Valid documents per collection: the first is the fullest. */
export const SAMPLES: Readonly<Record<SyncCollectionName | LocalOnlyCollectionName, readonly Sample[]>> = {
  tickets: [ticketFull, { ...ticketV0, id: 'tkt_v0_shape' }, { ...ticketV0, id: 'tkt_merged', status: 'closed', mergedIntoId: 'tkt_7f3a' }].map(plain),
  timeline: [timelineReply, timelineConflict].map(plain),
  customers: [customerFull, { ...customerV0, id: 'cus_v0_shape' }].map(plain),
  calls: [callFull].map(plain),
  callbacks: [callbackFull].map(plain),
  articles: [articleFull].map(plain),
  articleVersions: [articleVersionFull].map(plain),
  surveys: [surveyFull].map(plain),
  users: [userFull].map(plain),
  settings: settingsList.map(plain),
  drafts: [draftFull].map(plain),
};
