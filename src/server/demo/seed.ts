/**
 * Writes demo data through the document store's bulk path: batches of documents, each batch one
 * change transaction with one multi-row insert, every document getting its own change sequence.
 */
import { isSyncCollectionName, type SyncCollectionName } from '../../shared/sync/collections';
import { createUserIfAbsent, countUsers } from '../auth/users';
import { notifyChange } from '../changes/notify-change-feed';
import { countDocuments, drawSequenceValues, inChangeTransaction, insertDocuments, type Db } from '../documents/document-store';
import type { Logger } from '../logger';
import { createDocumentValidators } from '../sync/document-validator';
import { NUMBER_SEQUENCES } from '../sync/server-owned-fields';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-users';
import { generateArticles, generateCustomers, generateTickets, type DemoArticle } from './generate';

export type SeedPhase = 'users' | 'customers' | 'tickets' | 'articles';

export interface SeedProgress {
  readonly phase: SeedPhase;
  /** Documents of this phase written so far. */
  readonly done: number;
  readonly total: number;
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

export interface SeedSummary {
  readonly usersCreated: number;
  readonly customers: number;
  readonly tickets: number;
  /** Articles written; 0 while no `articles` collection exists. */
  readonly articles: number;
}

export class SeedError extends Error {
  override readonly name = 'SeedError';
}

/** True when neither users nor documents exist (demo mode only seeds such a database). */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  return (await countUsers(db)) === 0 && (await countDocuments(db)) === 0;
}

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
  const generateOptions = {
    seed: options.seed,
    referenceTime: options.referenceTime ?? startOfUtcDay(new Date()),
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
  };
  const report = options.onProgress ?? (() => undefined);

  const usersCreated = await createDemoUsers(db);
  report({ phase: 'users', done: DEMO_USERS.length, total: DEMO_USERS.length });

  const customers = await writeAll(db, 'customers', generateCustomers(options.customers, generateOptions), options.customers, report);
  const tickets = await writeAll(
    db,
    'tickets',
    generateTickets(options.tickets, { ...generateOptions, customers: options.customers }),
    options.tickets,
    report,
  );
  const articles = await writeArticles(db, generateArticles(options.articles, generateOptions), options, report);
  return { usersCreated, customers, tickets, articles };
}

/** What the seeder needs of a generated document. */
interface SeedDocument {
  readonly id: string;
  readonly updatedAt?: string;
}

async function writeAll(
  db: Db,
  collection: SyncCollectionName,
  batches: Iterable<readonly SeedDocument[]>,
  total: number,
  report: (progress: SeedProgress) => void,
): Promise<number> {
  // Same validation as a push: if the generator and a changed schema drift apart, fail loudly
  // instead of storing documents clients would reject.
  const validate = createDocumentValidators()[collection];
  let done = 0;
  let lastSeq = 0;
  for (const batch of batches) {
    for (const document of batch) {
      const problems = validate(document);
      if (problems.length > 0) {
        throw new SeedError(`generated ${collection} document ${document.id} does not match the schema: ${JSON.stringify(problems)}`);
      }
    }
    lastSeq = await writeBatch(db, collection, batch);
    done += batch.length;
    report({ phase: collection, done, total });
  }
  // One notice at the end: a running server sharing this database broadcasts everything after its last position.
  if (lastSeq > 0) await notifyChange(db, { collection, seq: lastSeq });
  return done;
}

async function writeBatch(db: Db, collection: SyncCollectionName, batch: readonly SeedDocument[]): Promise<number> {
  const now = new Date();
  return inChangeTransaction(db, async (trx) => {
    // Server-owned numbers come from the same sequence a push would use, in document order.
    const sequence = NUMBER_SEQUENCES[collection];
    const numbers = sequence === undefined ? [] : await drawSequenceValues(trx, sequence, batch.length);
    const writes = batch.map((document, position) => {
      const entity = document as unknown as Readonly<Record<string, unknown>>;
      const number = numbers[position];
      return {
        id: document.id,
        data: number === undefined ? entity : { ...entity, number },
        deleted: false,
        updatedAt: document.updatedAt === undefined ? now : new Date(document.updatedAt),
      };
    });
    return insertDocuments(trx, collection, writes);
  });
}

async function writeArticles(db: Db, batches: Iterable<readonly DemoArticle[]>, options: SeedOptions, report: (progress: SeedProgress) => void): Promise<number> {
  const collection = 'articles';
  if (!isSyncCollectionName(collection)) {
    // Generated for when a knowledge-base collection exists; until then there is nowhere to store them.
    options.logger?.debug({ articles: options.articles }, 'no articles collection yet: demo articles not stored');
    return 0;
  }
  return writeAll(db, collection, batches, options.articles, report);
}
