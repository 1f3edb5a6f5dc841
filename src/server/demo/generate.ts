/**
 * Deterministic demo data: customers, tickets and knowledge articles that look like a real
 * Brazilian/international call centre. Same seed and reference time, same documents, whatever the
 * batch size. Produced lazily in batches so 100k tickets never sit in memory at once.
 */
import { base, en, Faker, pt_BR } from '@faker-js/faker';
import type { Customer, CustomerLanguage } from '../../shared/domain/customer';
import type { Channel, Ticket, TicketStatus, Tier } from '../../shared/domain/ticket';
import { ARTICLE_TEMPLATES } from './article-templates';
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

/** A knowledge-base article (no replicated collection stores these yet). */
export interface DemoArticle {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly language: CustomerLanguage;
  readonly category: string;
  readonly tags: readonly string[];
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
const STREAM = { language: 1, customer: 2, ticket: 3, article: 4 } as const;
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

export function* generateTickets(count: number, options: TicketGenerateOptions): Generator<Ticket[]> {
  if (options.customers < 1) throw new RangeError('tickets need at least one customer');
  yield* inBatches(count, options.batchSize, (index) => generateTicket(index, options));
}

export function* generateArticles(count: number, options: GenerateOptions): Generator<DemoArticle[]> {
  yield* inBatches(count, options.batchSize, (index) => generateArticle(index, options));
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
  return {
    id: customerId(index),
    name: `${firstName} ${lastName}`.slice(0, 200),
    ...(email === undefined ? {} : { email }),
    ...(phone === undefined ? {} : { phone }),
    ...(organization === undefined ? {} : { organization }),
    language,
    tags: random.chance(0.5) ? random.sample(CUSTOMER_TAGS, random.int(1, 2)) : [],
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
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

export function generateArticle(index: number, options: GenerateOptions): DemoArticle {
  const random = recordRandom(options.seed, STREAM.article, index);
  // Alternate languages, then walk each language's templates; later rounds vary by product.
  const language: CustomerLanguage = index % 2 === 0 ? 'pt-BR' : 'en';
  const templates = ARTICLE_TEMPLATES[language];
  const position = Math.floor(index / 2);
  const template = templates[position % templates.length];
  if (template === undefined) throw new Error('no article templates');
  const round = Math.floor(position / templates.length);
  const product = random.pick(PLACEHOLDER_VALUES[language].product);
  return {
    id: articleId(index),
    title: round === 0 ? template.title : `${template.title} (${product})`,
    body: template.body,
    language,
    category: template.category,
    tags: [...CATEGORY_PROFILES[template.category].tags.slice(0, 2), ...(round === 0 ? [] : [slug(product)])],
  };
}
