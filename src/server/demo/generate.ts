/**
 * Deterministic demo data that looks like a real Brazilian/international call centre: customers;
 * tickets with their timelines, the calls behind phone tickets (and the IVR callbacks abandoned calls
 * left) and the surveys after solved ones; knowledge articles (en/pt-BR variants) with their first
 * versions. Settings are in demo-settings.ts.
 * Same seed and reference time, same documents, whatever the batch size. Produced lazily in batches
 * so 100k tickets never sit in memory at once.
 */
import { base, en, Faker, pt_BR } from '@faker-js/faker';
import { articleVersionSnapshot, type Article, type ArticleStatus, type ArticleVersion } from '../../shared/domain/article';
import { callDurations, type Call } from '../../shared/domain/call';
import type { CallbackRequest } from '../../shared/domain/callback';
import type { ContactPoint, Customer, CustomerLanguage, CustomerSegment } from '../../shared/domain/customer';
import type { SurveyResponse } from '../../shared/domain/survey';
import type { SettingsDocument } from '../../shared/domain/settings';
import type { Channel, Ticket, TicketStatus, Tier } from '../../shared/domain/ticket';
import type { TimelineEntry } from '../../shared/domain/timeline';
import { slaSetupFor } from '../../shared/sla/policy';
import { ticketSla, ticketSlaFields, type TicketSlaFields } from '../../shared/sla/ticket-sla';
import { AGENT_REPLIES, CALL_NOTES, CUSTOMER_FOLLOW_UPS, INTERNAL_NOTES, SURVEY_COMMENTS } from './activity-templates';
import { ARTICLE_TEMPLATES } from './article-templates';
import { DEMO_DISPOSITION_CODES, DEMO_QUEUE_IDS, DEMO_QUEUE_NUMBERS, demoGroupFor, demoQueueFor, demoSettings } from './demo-settings';
import { DEMO_USERS } from './demo-users';
import { recordRandom, type Random, type WeightedChoice } from './random';
import {
  CATEGORY_PROFILES,
  DESCRIPTION_TEMPLATES,
  PLACEHOLDER_VALUES,
  SUBJECT_TEMPLATES,
  TICKET_CATEGORIES,
  type TicketCategory,
} from './ticket-templates';

/** A ticket and what happened on it. */
export interface TicketBundle {
  readonly ticket: Ticket;
  /** The customer's first message, then replies, notes, follow-ups, the call, the status change. */
  readonly timeline: readonly TimelineEntry[];
  /** Phone tickets: the answered call (and sometimes an abandoned attempt before it). */
  readonly calls: readonly Call[];
  /** Some solved and closed tickets: CSAT, sometimes NPS. */
  readonly surveys: readonly SurveyResponse[];
  /** The IVR callback request an abandoned call left (pending while the ticket is new or open). */
  readonly callbacks: readonly CallbackRequest[];
}

/** An article and its version history (version 1: the demo articles were never edited). */
export interface ArticleBundle {
  readonly article: Article;
  readonly versions: readonly ArticleVersion[];
}

export interface GenerateOptions {
  readonly seed: number;
  /** "Now" for the data set: every timestamp lies before it. Fix it to reproduce a data set exactly. */
  readonly referenceTime: Date;
  readonly batchSize?: number;
}

export interface TicketGenerateOptions extends GenerateOptions {
  /** How many customers exist (tickets reference cus_000001 … cus_<customers>). */
  readonly customers: number;
}

export const DEFAULT_BATCH_SIZE = 1000;

/** Independent random streams, so adding a field to tickets does not change customers. */
const STREAM = { language: 1, customer: 2, ticket: 3, article: 4, customerProfile: 5, activity: 6 } as const;
const DAY_MS = 86_400_000;

export function customerId(index: number): string {
  return `cus_${pad(index + 1)}`;
}

export function ticketId(index: number): string {
  return `tkt_${pad(index + 1)}`;
}

export function articleId(index: number): string {
  return `art_${pad(index + 1)}`;
}

function pad(value: number): string {
  return String(value).padStart(6, '0');
}

/** A customer's language, derivable from its index alone so tickets can match it without the customer. */
export function customerLanguage(seed: number, index: number): CustomerLanguage {
  return recordRandom(seed, STREAM.language, index).chance(0.6) ? 'pt-BR' : 'en';
}

export function* generateCustomers(count: number, options: GenerateOptions): Generator<Customer[]> {
  yield* inBatches(count, options.batchSize, (index) => generateCustomer(index, options));
}

/** Tickets with their timeline, calls and surveys, in batches of tickets. */
export function* generateTicketBundles(count: number, options: TicketGenerateOptions): Generator<TicketBundle[]> {
  if (options.customers < 1) throw new RangeError('tickets need at least one customer');
  yield* inBatches(count, options.batchSize, (index) => generateTicketBundle(index, options));
}

export function* generateTickets(count: number, options: TicketGenerateOptions): Generator<Ticket[]> {
  for (const batch of generateTicketBundles(count, options)) yield batch.map((bundle) => bundle.ticket);
}

export function* generateTimeline(tickets: number, options: TicketGenerateOptions): Generator<TimelineEntry[]> {
  for (const batch of generateTicketBundles(tickets, options)) yield batch.flatMap((bundle) => bundle.timeline);
}

export function* generateCalls(tickets: number, options: TicketGenerateOptions): Generator<Call[]> {
  for (const batch of generateTicketBundles(tickets, options)) yield batch.flatMap((bundle) => bundle.calls);
}

export function* generateSurveys(tickets: number, options: TicketGenerateOptions): Generator<SurveyResponse[]> {
  for (const batch of generateTicketBundles(tickets, options)) yield batch.flatMap((bundle) => bundle.surveys);
}

export function* generateCallbacks(tickets: number, options: TicketGenerateOptions): Generator<CallbackRequest[]> {
  for (const batch of generateTicketBundles(tickets, options)) yield batch.flatMap((bundle) => bundle.callbacks);
}

export function* generateArticleBundles(count: number, options: GenerateOptions): Generator<ArticleBundle[]> {
  yield* inBatches(count, options.batchSize, (index) => generateArticleBundle(index, count, options));
}

export function* generateArticles(count: number, options: GenerateOptions): Generator<Article[]> {
  for (const batch of generateArticleBundles(count, options)) yield batch.map((bundle) => bundle.article);
}

function* inBatches<T>(count: number, batchSize = DEFAULT_BATCH_SIZE, make: (index: number) => T): Generator<T[]> {
  for (let start = 0; start < count; start += batchSize) {
    const end = Math.min(start + batchSize, count);
    const batch: T[] = [];
    for (let index = start; index < end; index += 1) batch.push(make(index));
    yield batch;
  }
}

// ---- customers -------------------------------------------------------------------------------

const fakers: Readonly<Record<CustomerLanguage, Faker>> = {
  'pt-BR': new Faker({ locale: [pt_BR, en, base] }),
  en: new Faker({ locale: [en, base] }),
};

const CUSTOMER_TAGS = ['vip', 'enterprise', 'smb', 'churn-risk', 'new-customer', 'partner', 'reseller', 'government'];
const BR_AREA_CODES = ['11', '21', '31', '41', '47', '48', '51', '61', '71', '81', '85', '91'];
const US_AREA_CODES = ['212', '312', '415', '512', '617', '646', '702', '737'];
const PERSONAL_EMAIL_DOMAINS: Readonly<Record<CustomerLanguage, readonly string[]>> = {
  'pt-BR': ['gmail.com', 'hotmail.com', 'outlook.com', 'uol.com.br', 'bol.com.br', 'yahoo.com.br'],
  en: ['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'proton.me'],
};

export function generateCustomer(index: number, options: GenerateOptions): Customer {
  const language = customerLanguage(options.seed, index);
  const random = recordRandom(options.seed, STREAM.customer, index);
  const faker = fakers[language];
  faker.seed(random.int(0, 2 ** 31 - 1));
  const firstName = faker.person.firstName();
  const lastName = faker.person.lastName();
  const organization = random.chance(0.45) ? faker.company.name().slice(0, 200) : undefined;
  const email = random.chance(0.85) ? customerEmail(random, language, firstName, lastName, organization) : undefined;
  const phone = random.chance(0.8) ? phoneNumber(random, language) : undefined;
  const createdAt = new Date(options.referenceTime.getTime() - random.int(1, 730) * DAY_MS - random.int(0, DAY_MS - 1));
  const updatedAt = between(random, createdAt, options.referenceTime);
  const tags = random.chance(0.5) ? random.sample(CUSTOMER_TAGS, random.int(1, 2)) : [];
  // v1 fields from a stream of their own, so the v0 fields above stay what they were.
  const extra = recordRandom(options.seed, STREAM.customerProfile, index);
  const contactPoints: ContactPoint[] = [];
  if (phone !== undefined && language === 'pt-BR' && extra.chance(0.5)) contactPoints.push({ kind: 'whatsapp', value: phone, label: 'mobile' });
  if (organization !== undefined && extra.chance(0.3)) contactPoints.push({ kind: 'phone', value: phoneNumber(extra, language), label: 'work' });
  const timeZone = timeZoneOf(phone, language);
  return {
    id: customerId(index),
    name: `${firstName} ${lastName}`.slice(0, 200),
    ...(email === undefined ? {} : { email }),
    ...(phone === undefined ? {} : { phone }),
    ...(organization === undefined ? {} : { organization }),
    language,
    tags,
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
    ...(contactPoints.length === 0 ? {} : { contactPoints }),
    segment: segmentOf(tags, organization),
    ...(timeZone === undefined ? {} : { timeZone }),
  };
}

const SEGMENT_BY_TAG: Readonly<Record<string, CustomerSegment>> = {
  vip: 'vip',
  enterprise: 'enterprise',
  government: 'public_sector',
  partner: 'partner',
  reseller: 'partner',
  smb: 'smb',
};

/** The CRM segment the tags imply (SLA policies match on it); companies default to small business. */
function segmentOf(tags: readonly string[], organization: string | undefined): CustomerSegment {
  for (const tag of tags) {
    const segment = SEGMENT_BY_TAG[tag];
    if (segment !== undefined) return segment;
  }
  return organization === undefined ? 'consumer' : 'smb';
}

function timeZoneOf(phone: string | undefined, language: CustomerLanguage): string | undefined {
  if (language === 'pt-BR') return 'America/Sao_Paulo';
  if (phone?.startsWith('+1') === true) return 'America/New_York';
  if (phone?.startsWith('+44') === true) return 'Europe/London';
  return undefined;
}

function customerEmail(random: Random, language: CustomerLanguage, first: string, last: string, organization: string | undefined): string {
  const local = `${slug(first)}${random.pick(['.', '_', ''])}${slug(last)}${random.chance(0.4) ? String(random.int(1, 99)) : ''}`;
  const domain =
    organization !== undefined && random.chance(0.7)
      ? `${slug(organization.split(/[\s,]+/)[0] ?? 'empresa')}.${language === 'pt-BR' ? 'com.br' : 'com'}`
      : random.pick(PERSONAL_EMAIL_DOMAINS[language]);
  return `${local.slice(0, 60) || 'cliente'}@${domain}`;
}

/** Lowercase ASCII letters and digits only: "João" → "joao". */
function slug(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** E.164: Brazilian mobiles (+55 DD 9XXXX-XXXX), US (+1) or UK mobiles (+44 7…). */
function phoneNumber(random: Random, language: CustomerLanguage): string {
  const digits = (count: number): string => Array.from({ length: count }, () => String(random.int(0, 9))).join('');
  if (language === 'pt-BR') return `+55${random.pick(BR_AREA_CODES)}9${digits(8)}`;
  return random.chance(0.7) ? `+1${random.pick(US_AREA_CODES)}${String(random.int(2, 9))}${digits(6)}` : `+447${digits(9)}`;
}

// ---- tickets ---------------------------------------------------------------------------------

const CHANNEL_WEIGHTS: readonly WeightedChoice<Channel>[] = [
  { weight: 30, value: 'phone' },
  { weight: 24, value: 'email' },
  { weight: 15, value: 'chat' },
  { weight: 16, value: 'whatsapp' },
  { weight: 5, value: 'sms' },
  { weight: 7, value: 'web_form' },
  { weight: 3, value: 'social' },
];

const STATUS_WEIGHTS: readonly WeightedChoice<TicketStatus>[] = [
  { weight: 14, value: 'new' },
  { weight: 26, value: 'open' },
  { weight: 16, value: 'pending' },
  { weight: 6, value: 'on-hold' },
  { weight: 24, value: 'solved' },
  { weight: 14, value: 'closed' },
];

const TIER_WEIGHTS: readonly WeightedChoice<Tier>[] = [
  { weight: 70, value: 'L1' },
  { weight: 22, value: 'L2' },
  { weight: 8, value: 'L3' },
];

const ASSIGNABLE = DEMO_USERS.filter((user) => user.role !== 'admin');
const ASSIGNEE_WEIGHTS: readonly WeightedChoice<string | undefined>[] = [
  ...ASSIGNABLE.map((user) => ({ weight: user.role === 'agent' ? 40 : 8, value: user.id })),
  { weight: 12, value: undefined },
];

const CATEGORY_WEIGHTS: readonly WeightedChoice<TicketCategory>[] = TICKET_CATEGORIES.map((category) => ({
  weight: CATEGORY_PROFILES[category].weight,
  value: category,
}));

const EXTRA_TAGS = ['callback-requested', 'escalated', 'first-contact', 'repeat-contact', 'sla-risk', 'mobile-app'];

export function generateTicket(index: number, options: TicketGenerateOptions): Ticket {
  return generateTicketBundle(index, options).ticket;
}

/** The ticket as first generated (v0 fields), before its activity sets the timeline-derived fields. */
function generateBaseTicket(index: number, options: TicketGenerateOptions): Ticket {
  const random = recordRandom(options.seed, STREAM.ticket, index);
  const customerIndex = random.int(0, options.customers - 1);
  const language = customerLanguage(options.seed, customerIndex);
  const category = random.weighted(CATEGORY_WEIGHTS);
  const profile = CATEGORY_PROFILES[category];
  const status = random.weighted(STATUS_WEIGHTS);
  // New tickets mostly wait in the queue; everything else has usually been picked up.
  const assigneeId = status === 'new' && random.chance(0.75) ? undefined : random.weighted(ASSIGNEE_WEIGHTS);
  const fill = placeholderFiller(random, language);
  const subjects = SUBJECT_TEMPLATES[language].filter((template) => template.category === category);
  const subject = fill(random.pick(subjects).text);
  const description = fill(random.pick(DESCRIPTION_TEMPLATES[language][category]));
  // Skewed towards recent days: a queue has more fresh tickets than old ones.
  const ageMs = Math.floor(random.next() ** 2 * 90 * DAY_MS);
  const createdAt = new Date(options.referenceTime.getTime() - ageMs - 60_000);
  const updatedAt = status === 'new' ? createdAt : between(random, createdAt, options.referenceTime);
  const tags = [profile.tags[0] ?? category, ...random.sample(profile.tags.slice(1), random.int(0, 1))];
  if (random.chance(0.25)) tags.push(random.pick(EXTRA_TAGS));
  return {
    id: ticketId(index),
    subject: subject.slice(0, 300),
    description,
    status,
    priority: random.weighted(profile.priorities),
    channel: random.weighted(CHANNEL_WEIGHTS),
    tier: random.weighted(TIER_WEIGHTS),
    customerId: customerId(customerIndex),
    ...(assigneeId === undefined ? {} : { assigneeId }),
    tags,
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
}

const BILLING_CATEGORIES: readonly TicketCategory[] = ['billing', 'refund', 'payment', 'plan'];

function customerIndexOf(ticket: Ticket): number {
  return Number(ticket.customerId.slice(4)) - 1;
}

type CustomerFacts = Pick<Customer, 'name' | 'phone' | 'segment'>;
const customerCache = new Map<string, CustomerFacts>();
const CUSTOMER_CACHE_MAX = 20_000;

/** What ticket activity needs of a customer (name, phone, the segment SLA policies match), without generating it again for every ticket. */
function customerFacts(index: number, options: GenerateOptions): CustomerFacts {
  const key = `${String(options.seed)}|${String(options.referenceTime.getTime())}|${String(index)}`;
  let facts = customerCache.get(key);
  if (facts === undefined) {
    const customer = generateCustomer(index, options);
    facts = {
      name: customer.name,
      ...(customer.phone === undefined ? {} : { phone: customer.phone }),
      ...(customer.segment === undefined ? {} : { segment: customer.segment }),
    };
    if (customerCache.size >= CUSTOMER_CACHE_MAX) customerCache.clear();
    customerCache.set(key, facts);
  }
  return facts;
}

/** First names for the templates ("Hi {name}"). */
function firstNameOf(fullName: string): string {
  return fullName.split(' ')[0] ?? fullName;
}

export function generateTicketBundle(index: number, options: TicketGenerateOptions): TicketBundle {
  const base = generateBaseTicket(index, options);
  const random = recordRandom(options.seed, STREAM.activity, index);
  const language = customerLanguage(options.seed, customerIndexOf(base));
  const billing = base.tags.some((tag) => CATEGORY_PROFILES.billing.tags.includes(tag) || BILLING_CATEGORIES.includes(tag as TicketCategory));
  const created = Date.parse(base.createdAt);
  const updated = Date.parse(base.updatedAt);
  const span = updated - created;
  const at = (fraction: number): string => new Date(created + Math.max(1000, Math.floor(span * fraction))).toISOString();
  const suffix = pad(index + 1);
  const agent = DEMO_USERS.find((user) => user.id === base.assigneeId);
  // Who typed entries nobody in particular wrote (e.g. an email that arrived): the admin who set up the demo.
  const recorder = agent?.id ?? 'usr_diego';
  const timeline: TimelineEntry[] = [];
  const entry = (kind: TimelineEntry['kind'], occurredAt: string, fields: Partial<TimelineEntry>): void => {
    timeline.push({
      id: `tl_${suffix}_${String(timeline.length + 1).padStart(2, '0')}`,
      subjectType: 'ticket',
      subjectId: base.id,
      kind,
      occurredAt,
      authorType: 'agent',
      customerId: base.customerId,
      recordedById: recorder,
      createdAt: occurredAt,
      ...fields,
    });
  };

  // 1. What the customer said first, on the ticket's channel.
  entry('customer_message', base.createdAt, {
    authorType: 'customer',
    authorId: base.customerId,
    channel: base.channel,
    body: base.description ?? base.subject,
  });

  // 2. The call behind a phone ticket: it ended as the ticket was created.
  const calls: Call[] = [];
  const callbacks: CallbackRequest[] = [];
  if (base.channel === 'phone') {
    const call = demoCall(random, base, billing, customerFacts(customerIndexOf(base), options).phone, language, suffix);
    calls.push(call);
    entry('call', new Date(created + 1000).toISOString(), { authorId: call.agentId ?? recorder, callId: call.id });
    if (random.chance(0.12)) {
      const abandoned = abandonedCall(random, base, call, billing, suffix);
      calls.unshift(abandoned);
      if (abandoned.fromNumber !== undefined) callbacks.push(ivrCallback(base, abandoned, call, suffix));
    }
  }

  // 3. Work on tickets someone picked up: a reply, maybe a note, maybe the customer again.
  if (base.status !== 'new' && agent !== undefined && span > 10_000) {
    const name = firstNameOf(agent.name);
    const customer = customerFacts(customerIndexOf(base), options);
    const reply = random.pick(AGENT_REPLIES[language]).replace('{agent}', name).replace('{name}', firstNameOf(customer.name));
    entry('agent_reply', at(0.2), { authorId: agent.id, channel: base.channel === 'phone' ? 'email' : base.channel, body: reply });
    if (random.chance(0.4)) entry('internal_note', at(0.35), { authorId: agent.id, body: random.pick(INTERNAL_NOTES[language]) });
    if (base.status === 'open' || base.status === 'pending' || random.chance(0.3)) {
      entry('customer_message', at(0.5), {
        authorType: 'customer',
        authorId: base.customerId,
        channel: base.channel === 'phone' ? 'email' : base.channel,
        body: random.pick(CUSTOMER_FOLLOW_UPS[language]),
      });
    }
  }

  // 4. Solved, closed, pending and on-hold tickets end with the status change the server recorded (the
  //    SLA clock stops there; before it the ticket was open and counting).
  const finished = base.status === 'solved' || base.status === 'closed';
  const waiting = base.status === 'pending' || base.status === 'on-hold';
  if ((finished || waiting) && span > 10_000) {
    entry('status_change', base.updatedAt, { authorId: recorder, fromValue: 'open', toValue: base.status });
  }

  const surveys = finished && agent !== undefined ? demoSurveys(random, base, language, options.referenceTime, suffix) : [];
  const routed: Ticket = { ...base, groupId: demoGroupFor(base.tier, billing) };
  const ticket = { ...routed, ...demoSlaFields(routed, timeline, customerFacts(customerIndexOf(base), options).segment, options.referenceTime) };
  return { ticket, timeline, calls, surveys, callbacks };
}

let settingsCache: { readonly at: number; readonly settings: readonly SettingsDocument[] } | undefined;

/**
 * The SLA fields the server would stamp (due dates on the demo policies and calendar, first response,
 * solved, last customer message), from the same engine, so a fresh demo shows live countdowns.
 */
function demoSlaFields(ticket: Ticket, timeline: readonly TimelineEntry[], segment: Customer['segment'], referenceTime: Date): TicketSlaFields {
  if (settingsCache?.at !== referenceTime.getTime()) settingsCache = { at: referenceTime.getTime(), settings: demoSettings(referenceTime) };
  return ticketSlaFields(ticketSla(ticket, timeline, slaSetupFor(ticket, segment, settingsCache.settings)));
}

/** "Press 1 and we call you back": left by an abandoned call; the later answered call fulfilled it unless the ticket is still fresh. */
function ivrCallback(ticket: Ticket, abandoned: Call, answered: Call, suffix: string): CallbackRequest {
  const pending = ticket.status === 'new' || ticket.status === 'open';
  const dueAt = new Date(Date.parse(abandoned.endedAt ?? abandoned.offeredAt) + 60 * 60_000).toISOString();
  return {
    id: `cb_${suffix}`,
    phoneNumber: abandoned.fromNumber ?? '',
    reason: ticket.subject.slice(0, 500),
    dueAt,
    status: pending ? 'pending' : 'completed',
    source: 'ivr',
    attempts: pending ? 0 : 1,
    ...(pending ? {} : { lastAttemptAt: answered.offeredAt, resultCallId: answered.id, assigneeId: answered.agentId ?? 'usr_ana' }),
    ...(abandoned.queueId === undefined ? {} : { queueId: abandoned.queueId }),
    customerId: ticket.customerId,
    ticketId: ticket.id,
    originCallId: abandoned.id,
    createdAt: abandoned.updatedAt,
    updatedAt: pending ? abandoned.updatedAt : answered.updatedAt,
  };
}

function demoCall(random: Random, ticket: Ticket, billing: boolean, callerNumber: string | undefined, language: CustomerLanguage, suffix: string): Call {
  const ringSeconds = random.int(4, 40);
  const talkSeconds = random.int(60, 900);
  const holdSeconds = random.chance(0.3) ? random.int(10, 120) : 0;
  const wrapUpSeconds = random.int(10, 50);
  const endedAt = Date.parse(ticket.createdAt);
  const answeredAt = endedAt - (talkSeconds + holdSeconds) * 1000;
  const offeredAt = answeredAt - ringSeconds * 1000;
  const wrapUpEndedAt = endedAt + wrapUpSeconds * 1000;
  const agentId = ticket.assigneeId ?? random.pick(ASSIGNABLE).id;
  const disposition = random.pick(DEMO_DISPOSITION_CODES);
  const queueId = demoQueueFor(ticket.tier, billing);
  const queueKey = (Object.keys(DEMO_QUEUE_IDS) as (keyof typeof DEMO_QUEUE_IDS)[]).find((key) => DEMO_QUEUE_IDS[key] === queueId) ?? 'general';
  const timings = {
    offeredAt: new Date(offeredAt).toISOString(),
    answeredAt: new Date(answeredAt).toISOString(),
    endedAt: new Date(endedAt).toISOString(),
    wrapUpEndedAt: new Date(wrapUpEndedAt).toISOString(),
    holdSeconds,
  };
  return {
    id: `call_${suffix}`,
    direction: 'inbound',
    // Absent: the caller withheld the number (or the customer has none on file).
    ...(callerNumber === undefined ? {} : { fromNumber: callerNumber }),
    toNumber: DEMO_QUEUE_NUMBERS[queueKey],
    agentId,
    queueId,
    provider: 'twilio',
    providerCallId: `CA${suffix}${String(random.int(0, 2 ** 31 - 1)).padStart(10, '0')}`,
    ...timings,
    outcome: 'answered',
    dispositionCode: disposition.code,
    ...(disposition.requiresNote || random.chance(0.4) ? { notes: random.pick(CALL_NOTES[language]) } : {}),
    ticketId: ticket.id,
    customerId: ticket.customerId,
    ...callDurations(timings),
    createdAt: timings.endedAt,
    updatedAt: timings.wrapUpEndedAt,
  };
}

/** The caller hung up in the queue before calling again (the answered call). */
function abandonedCall(random: Random, ticket: Ticket, answered: Call, billing: boolean, suffix: string): Call {
  const offeredAt = Date.parse(answered.offeredAt) - random.int(10, 180) * 60_000;
  const timings = { offeredAt: new Date(offeredAt).toISOString(), endedAt: new Date(offeredAt + random.int(30, 300) * 1000).toISOString() };
  return {
    id: `call_${suffix}_a`,
    direction: 'inbound',
    ...(answered.fromNumber === undefined ? {} : { fromNumber: answered.fromNumber }),
    ...(answered.toNumber === undefined ? {} : { toNumber: answered.toNumber }),
    queueId: demoQueueFor(ticket.tier, billing),
    provider: 'twilio',
    ...timings,
    outcome: 'abandoned',
    customerId: ticket.customerId,
    ...callDurations(timings),
    createdAt: timings.endedAt,
    updatedAt: timings.endedAt,
  };
}

function demoSurveys(random: Random, ticket: Ticket, language: CustomerLanguage, referenceTime: Date, suffix: string): SurveyResponse[] {
  if (!random.chance(0.35)) return [];
  const solved = Date.parse(ticket.updatedAt);
  const respondedAt = new Date(Math.min(solved + random.int(10, 48 * 60) * 60_000, referenceTime.getTime() - 1000)).toISOString();
  const csat = random.weighted([
    { weight: 4, value: 1 },
    { weight: 4, value: 2 },
    { weight: 10, value: 3 },
    { weight: 32, value: 4 },
    { weight: 50, value: 5 },
  ]);
  const common = {
    customerId: ticket.customerId,
    ticketId: ticket.id,
    ...(ticket.assigneeId === undefined ? {} : { agentId: ticket.assigneeId }),
    channel: random.pick<Channel>(['email', 'whatsapp', 'sms']),
    language,
    respondedAt,
    createdAt: respondedAt,
  };
  const comments = SURVEY_COMMENTS[language];
  const surveys: SurveyResponse[] = [
    {
      id: `srv_${suffix}`,
      kind: 'csat',
      score: csat,
      ...common,
      ...(random.chance(0.4) ? { comment: random.pick(csat >= 4 ? comments.happy : comments.unhappy) } : {}),
    },
  ];
  if (random.chance(0.3)) surveys.push({ id: `srv_${suffix}_nps`, kind: 'nps', score: Math.min(10, Math.max(0, csat * 2 + random.int(-1, 0))), ...common });
  return surveys;
}

function placeholderFiller(random: Random, language: CustomerLanguage): (template: string) => string {
  const values = PLACEHOLDER_VALUES[language];
  // Drawn once per ticket so subject and description mention the same order, amount and product.
  const amount = random.int(1990, 89990) / 100;
  const filled: Readonly<Record<string, string>> = {
    order: String(random.int(100000, 999999)),
    invoice: `${language === 'pt-BR' ? 'NF' : 'INV'}-${String(random.int(2023, 2025))}-${String(random.int(1000, 99999))}`,
    amount: language === 'pt-BR' ? `R$ ${amount.toFixed(2).replace('.', ',')}` : `$${amount.toFixed(2)}`,
    days: String(random.int(3, 15)),
    last4: String(random.int(0, 9999)).padStart(4, '0'),
    month: random.pick(values.month),
    product: random.pick(values.product),
    plan: random.pick(values.plan),
    city: random.pick(values.city),
    error: random.pick(values.error),
  };
  return (template) => template.replace(/\{(\w+)\}/g, (match, name: string) => filled[name] ?? match);
}

function between(random: Random, from: Date, to: Date): Date {
  const span = Math.max(to.getTime() - from.getTime(), 0);
  return new Date(from.getTime() + Math.floor(random.next() * span));
}

// ---- articles --------------------------------------------------------------------------------

const ARTICLE_EDITOR = 'usr_carla';

/** The article at `index` of a set of `count`: pt-BR and en variants alternate, sharing a translation group. */
export function generateArticleBundle(index: number, count: number, options: GenerateOptions): ArticleBundle {
  const random = recordRandom(options.seed, STREAM.article, index);
  // Alternate languages, then walk each language's templates; later rounds vary by product.
  const language: CustomerLanguage = index % 2 === 0 ? 'pt-BR' : 'en';
  const templates = ARTICLE_TEMPLATES[language];
  const position = Math.floor(index / 2);
  const slot = position % templates.length;
  const template = templates[slot];
  if (template === undefined) throw new Error('no article templates');
  const round = Math.floor(position / templates.length);
  const product = random.pick(PLACEHOLDER_VALUES[language].product);
  const createdAt = new Date(options.referenceTime.getTime() - random.int(30, 400) * DAY_MS - random.int(0, DAY_MS - 1));
  const updatedAt = between(random, createdAt, options.referenceTime);
  const reviewed = random.chance(0.5) ? between(random, createdAt, options.referenceTime) : undefined;
  const status: ArticleStatus =
    round === 0 ? 'published' : random.weighted<ArticleStatus>([{ weight: 85, value: 'published' }, { weight: 10, value: 'draft' }, { weight: 5, value: 'archived' }]);
  const summary = template.body.split('\n')[0]?.slice(0, 500);
  const article: Article = {
    id: articleId(index),
    // The pt-BR variant comes first; its id names the group.
    translationGroupId: articleId(index - (index % 2)),
    language,
    category: template.category,
    title: round === 0 ? template.title : `${template.title} (${product})`,
    ...(summary === undefined || summary.length === 0 ? {} : { summary }),
    body: template.body,
    tags: [...CATEGORY_PROFILES[template.category].tags.slice(0, 2), ...(round === 0 ? [] : [slug(product)])],
    featured: round === 0 && slot % 4 === 0,
    relatedArticleIds: relatedArticles(index, count, language, template.category),
    status,
    versionNumber: 1,
    ...(reviewed === undefined ? {} : { lastReviewedAt: reviewed.toISOString(), lastReviewedById: ARTICLE_EDITOR }),
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
  // Version 1 is the content as written: at creation time (later curation does not make a version).
  const version = articleVersionSnapshot({ ...article, updatedAt: article.createdAt }, ARTICLE_EDITOR, article.createdAt);
  return { article, versions: [version] };
}

export function generateArticle(index: number, count: number, options: GenerateOptions): Article {
  return generateArticleBundle(index, count, options).article;
}

/** Up to three other articles of the same language and category among the `count` generated. */
function relatedArticles(index: number, count: number, language: CustomerLanguage, category: TicketCategory): string[] {
  const templates = ARTICLE_TEMPLATES[language];
  const offset = language === 'pt-BR' ? 0 : 1;
  const rounds = Math.ceil(count / (2 * templates.length));
  const related: string[] = [];
  for (let round = 0; round < rounds && related.length < 3; round += 1) {
    templates.forEach((template, slot) => {
      const candidate = 2 * (round * templates.length + slot) + offset;
      if (template.category === category && candidate !== index && candidate < count && related.length < 3) related.push(articleId(candidate));
    });
  }
  return related;
}
