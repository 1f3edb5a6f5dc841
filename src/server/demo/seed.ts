/**
 * Writes demo data through the document store's bulk path: batches of documents, each batch one
 * change transaction with multi-row inserts, every document getting its own change sequence. Every
 * generated document is validated like a push first, so generator and schemas cannot drift apart.
 */
import type { SyncCollectionName } from '../../shared/sync/collections';
import { ensureUserProfiles } from '../auth/user-profiles';
import { createUserIfAbsent, countUsers } from '../auth/users';
import { notifyChange } from '../changes/notify-change-feed';
import { countDocuments, drawSequenceValues, inChangeTransaction, insertDocuments, type ChangeTransaction, type Db } from '../documents/document-store';
import type { Logger } from '../logger';
import { createDocumentValidators } from '../sync/document-validator';
import { NUMBER_SEQUENCES } from '../sync/server-owned-fields';
import { demoSettings } from './demo-settings';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-users';
import { generateArticleBundles, generateCustomers, generateTicketBundles } from './generate';

export type SeedPhase = 'users' | 'settings' | 'customers' | 'articles' | 'tickets';

export interface SeedProgress {
  readonly phase: SeedPhase;
  /** Main documents of this phase (users, settings, customers, articles, tickets) written so far. */
  readonly done: number;
  readonly total: number;
  /** Documents of every collection written so far in the whole seed (tickets bring their timeline, calls, surveys). */
  readonly documents: number;
}

export interface SeedOptions {
  readonly tickets: number;
  readonly customers: number;
  readonly articles: number;
  readonly seed: number;
  /** "Now" for the generated timestamps; defaults to the start of the current UTC day. */
  readonly referenceTime?: Date;
  readonly batchSize?: number;
  readonly onProgress?: (progress: SeedProgress) => void;
  readonly logger?: Logger;
}

/** Documents written per collection (tickets, customers, …) plus the demo accounts created. */
export type SeedSummary = { readonly usersCreated: number } & Readonly<Record<SyncCollectionName, number>>;

export class SeedError extends Error {
  override readonly name = 'SeedError';
}

/** True when neither users nor documents exist (demo mode only seeds such a database). */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  return (await countUsers(db)) === 0 && (await countDocuments(db)) === 0;
}

/** The demo accounts and their profile documents (replicated `users` collection). */
export async function createDemoUsers(db: Db): Promise<number> {
  let created = 0;
  for (const user of DEMO_USERS) {
    if (await createUserIfAbsent(db, { ...user, password: DEMO_PASSWORD })) created += 1;
  }
  return created;
}

export function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/** Seeds demo users and documents. Refuses a database that already holds documents (ids would collide). */
export async function seedDemoData(db: Db, options: SeedOptions): Promise<SeedSummary> {
  if ((await countDocuments(db)) > 0) throw new SeedError('the database already contains documents; seed an empty database');
  if (options.tickets > 0 && options.customers < 1) throw new SeedError('tickets need at least one customer');
  const referenceTime = options.referenceTime ?? startOfUtcDay(new Date());
  const generateOptions = { seed: options.seed, referenceTime, ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }) };
  const writer = new SeedWriter(db);
  const report = (phase: SeedPhase, done: number, total: number): void => {
    options.onProgress?.({ phase, done, total, documents: writer.total });
  };

  const usersCreated = await createDemoUsers(db);
  // Accounts that existed before (created without documents) get their profiles too.
  await ensureUserProfiles(db);
  report('users', DEMO_USERS.length, DEMO_USERS.length);

  const settings = demoSettings(referenceTime);
  await writer.write({ settings });
  report('settings', settings.length, settings.length);

  let done = 0;
  for (const batch of generateCustomers(options.customers, generateOptions)) {
    await writer.write({ customers: batch });
    done += batch.length;
    report('customers', done, options.customers);
  }

  done = 0;
  for (const batch of generateArticleBundles(options.articles, generateOptions)) {
    await writer.write({ articles: batch.map((bundle) => bundle.article), articleVersions: batch.flatMap((bundle) => bundle.versions) });
    done += batch.length;
    report('articles', done, options.articles);
  }

  done = 0;
  for (const batch of generateTicketBundles(options.tickets, { ...generateOptions, customers: options.customers })) {
    await writer.write({
      tickets: batch.map((bundle) => bundle.ticket),
      timeline: batch.flatMap((bundle) => bundle.timeline),
      calls: batch.flatMap((bundle) => bundle.calls),
      surveys: batch.flatMap((bundle) => bundle.surveys),
      callbacks: batch.flatMap((bundle) => bundle.callbacks),
    });
    done += batch.length;
    report('tickets', done, options.tickets);
  }

  // One notice per collection at the end: a running server sharing this database broadcasts everything after its last position.
  await writer.announce();
  const users = await countUsers(db);
  return { usersCreated, ...writer.counts(), users };
}

/** What the seeder needs of a generated document. */
interface SeedDocument {
  readonly id: string;
  readonly updatedAt?: string;
  readonly createdAt?: string;
}

/** Largest number of rows in one INSERT (Postgres allows 65535 parameters; a row has 6). */
const ROWS_PER_STATEMENT = 5000;

class SeedWriter {
  private readonly validators = createDocumentValidators();
  private readonly lastSeq = new Map<SyncCollectionName, number>();
  private readonly written = new Map<SyncCollectionName, number>();
  total = 0;

  constructor(private readonly db: Db) {}

  /** Validates, then writes every part in one change transaction. */
  async write(parts: Partial<Record<SyncCollectionName, readonly SeedDocument[]>>): Promise<void> {
    const entries = Object.entries(parts) as [SyncCollectionName, readonly SeedDocument[]][];
    for (const [collection, documents] of entries) {
      const validate = this.validators[collection];
      for (const document of documents) {
        const problems = validate(document);
        if (problems.length > 0) {
          throw new SeedError(`generated ${collection} document ${document.id} does not match the schema: ${JSON.stringify(problems)}`);
        }
      }
    }
    const seqs = await inChangeTransaction(this.db, async (trx) => {
      const result: [SyncCollectionName, number][] = [];
      for (const [collection, documents] of entries) result.push([collection, await writeDocuments(trx, collection, documents)]);
      return result;
    });
    for (const [collection, seq] of seqs) {
      const count = parts[collection]?.length ?? 0;
      this.written.set(collection, (this.written.get(collection) ?? 0) + count);
      this.total += count;
      if (seq > 0) this.lastSeq.set(collection, Math.max(this.lastSeq.get(collection) ?? 0, seq));
    }
  }

  async announce(): Promise<void> {
    for (const [collection, seq] of this.lastSeq) await notifyChange(this.db, { collection, seq });
  }

  counts(): Record<SyncCollectionName, number> {
    const counts = {} as Record<SyncCollectionName, number>;
    for (const collection of Object.keys(this.validators) as SyncCollectionName[]) counts[collection] = this.written.get(collection) ?? 0;
    return counts;
  }
}

async function writeDocuments(trx: ChangeTransaction, collection: SyncCollectionName, documents: readonly SeedDocument[]): Promise<number> {
  if (documents.length === 0) return 0;
  // Server-owned numbers come from the same sequence a push would use, in document order.
  const sequence = NUMBER_SEQUENCES[collection];
  const numbers = sequence === undefined ? [] : await drawSequenceValues(trx, sequence, documents.length);
  const now = new Date();
  const writes = documents.map((document, position) => {
    const entity = document as unknown as Readonly<Record<string, unknown>>;
    const number = numbers[position];
    const stamp = document.updatedAt ?? document.createdAt;
    return {
      id: document.id,
      data: number === undefined ? entity : { ...entity, number },
      deleted: false,
      updatedAt: stamp === undefined ? now : new Date(stamp),
    };
  });
  let lastSeq = 0;
  for (let start = 0; start < writes.length; start += ROWS_PER_STATEMENT) {
    lastSeq = Math.max(lastSeq, await insertDocuments(trx, collection, writes.slice(start, start + ROWS_PER_STATEMENT)));
  }
  return lastSeq;
}
