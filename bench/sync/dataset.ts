/**
 * The one data set both sides replicate: tickets, customers and knowledge articles from the project's
 * deterministic generator (src/server/demo/generate.ts), same seed and reference time for both. The
 * Atende side stores them through the document store's bulk path (as the demo seeder does, with ticket
 * numbers from the same sequence); the PouchDB side gets the same documents with `_id` for `id`.
 */
import { generateArticles, generateCustomers, generateTickets, type GenerateOptions } from '../../src/server/demo/generate';
import { drawSequenceValues, inChangeTransaction, insertDocuments, type Db } from '../../src/server/documents/document-store';
import { createDocumentValidators } from '../../src/server/sync/document-validator';
import { NUMBER_SEQUENCES } from '../../src/server/sync/server-owned-fields';
import type { SyncCollectionName } from '../../src/shared/sync/collections';

/** The collections the benchmark fills, in the order they are written. */
export const DATA_COLLECTIONS = ['customers', 'articles', 'tickets'] as const satisfies readonly SyncCollectionName[];
export type DataCollection = (typeof DATA_COLLECTIONS)[number];

export interface DatasetSize {
  readonly tickets: number;
  readonly customers: number;
  readonly articles: number;
}

export const DATASET_SEED = 1;
/** Fixed so every run (and both sides) gets byte-identical documents. */
export const REFERENCE_TIME = new Date('2026-06-01T00:00:00.000Z');
const BATCH = 1000;

export type GeneratedDoc = { readonly id: string } & Readonly<Record<string, unknown>>;

/** Batches of generated documents of one collection; tickets carry `number` (1-based, the order they are stored in). */
export function* generatedBatches(collection: DataCollection, size: DatasetSize): Generator<GeneratedDoc[]> {
  const options: GenerateOptions = { seed: DATASET_SEED, referenceTime: REFERENCE_TIME, batchSize: BATCH };
  if (collection === 'customers') {
    for (const batch of generateCustomers(size.customers, options)) yield batch as unknown as GeneratedDoc[];
  } else if (collection === 'articles') {
    for (const batch of generateArticles(size.articles, options)) yield batch as unknown as GeneratedDoc[];
  } else {
    let number = 0;
    for (const batch of generateTickets(size.tickets, { ...options, customers: size.customers })) {
      yield batch.map((ticket) => ({ ...ticket, number: ++number }));
    }
  }
}

export function countOf(collection: DataCollection, size: DatasetSize): number {
  return size[collection];
}

/** Writes the data set into an empty Atende database (after the demo users exist). Validates like a push. */
export async function writeAtendeDataset(db: Db, size: DatasetSize): Promise<void> {
  const validators = createDocumentValidators();
  for (const collection of DATA_COLLECTIONS) {
    const validate = validators[collection];
    for (const batch of generatedBatches(collection, size)) {
      for (const document of batch) {
        const problems = validate(document);
        if (problems.length > 0) throw new Error(`generated ${collection} ${document.id} does not match the schema: ${JSON.stringify(problems)}`);
      }
      await inChangeTransaction(db, async (trx) => {
        const sequence = NUMBER_SEQUENCES[collection];
        // Tickets: draw the numbers from the server's sequence like the seeder (they equal the generated ones on an empty database).
        const numbers = sequence === undefined ? [] : await drawSequenceValues(trx, sequence, batch.length);
        const writes = batch.map((document, position) => {
          const number = numbers[position];
          const stamp = document['updatedAt'] ?? document['createdAt'];
          return {
            id: document.id,
            data: number === undefined ? document : { ...document, number },
            deleted: false,
            updatedAt: typeof stamp === 'string' ? new Date(stamp) : REFERENCE_TIME,
          };
        });
        await insertDocuments(trx, collection, writes);
      });
    }
  }
}

/** The same documents as PouchDB documents: `_id` instead of `id`, everything else unchanged. */
export function toPouchDoc(document: GeneratedDoc): Record<string, unknown> {
  const { id, ...rest } = document;
  return { _id: id, ...rest };
}
