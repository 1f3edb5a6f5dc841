/**
 * Fields a push can never set: the server keeps its own value or stamps a fresh one, whatever the
 * client sent. Which fields a collection owns is declared in src/shared/sync/collections.ts; how
 * each is stamped is declared here. A server-owned field without a stamper (e.g. one a future
 * server job computes) keeps the master's value and is never taken from the client.
 */
import { COLLECTIONS, SYNC_COLLECTIONS, type CollectionDefinition, type SyncCollectionName } from '../../shared/sync/collections';

export interface StampContext {
  readonly collection: SyncCollectionName;
  /** The stored entity before this write, absent on insert. */
  readonly master: Readonly<Record<string, unknown>> | undefined;
  readonly now: Date;
  /** Draws the next value of the collection's number sequence. */
  readonly drawNumber: () => Promise<number>;
}

type Stamper = (context: StampContext) => unknown;

/** The sequence that numbers each collection's documents, for collections that own a `number`. */
export const NUMBER_SEQUENCES: Partial<Readonly<Record<SyncCollectionName, string>>> = {
  tickets: 'ticket_number_seq',
};

const STAMPERS: Readonly<Record<string, Stamper>> = {
  updatedAt: ({ now }) => now.toISOString(),
  createdAt: ({ master, now }) => (typeof master?.createdAt === 'string' ? master.createdAt : now.toISOString()),
  number: ({ master, drawNumber }) => (typeof master?.number === 'number' ? master.number : drawNumber()),
};


// Fail at start-up, not on the first push: a numbered collection needs its sequence.
for (const name of SYNC_COLLECTIONS) {
  if (COLLECTIONS[name].serverOwnedFields.includes('number') && NUMBER_SEQUENCES[name] === undefined) {
    throw new Error(`No number sequence for ${name} (see NUMBER_SEQUENCES and the migrations)`);
  }
}

/** `entity` with every server-owned field of the collection replaced by the server's value (or removed). */
export async function stampServerOwnedFields(
  definition: CollectionDefinition,
  entity: Readonly<Record<string, unknown>>,
  context: StampContext,
): Promise<Record<string, unknown>> {
  const owned = definition.serverOwnedFields;
  const stamped = Object.fromEntries(Object.entries(entity).filter(([field]) => !owned.includes(field)));
  for (const field of owned) {
    const stamper = Object.hasOwn(STAMPERS, field) ? STAMPERS[field] : undefined;
    const value = stamper === undefined ? context.master?.[field] : await stamper(context);
    if (value !== undefined) stamped[field] = value;
  }
  return stamped;
}
