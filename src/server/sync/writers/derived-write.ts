/**
 * Server-side writers: documents the server derives from a pushed write it accepted (timeline events
 * from ticket changes, article version snapshots, the auth account behind a user profile). They run
 * inside the row's savepoint in the push's change transaction, so they hold its lock and commit or roll
 * back with the row, and every document they write gets its own change sequence and goes out on the
 * change feed like a pushed one. A derived writer runs after the row was stored; a write preparer runs before, when the
 * row's own server-owned fields depend on what is derived from it (a ticket's SLA on its status events).
 */
import type { SyncCollectionName } from '../../../shared/sync/collections';
import type { ChangeNotice } from '../../changes/change-feed';
import { insertDocumentIfAbsent, type ChangeTransaction } from '../../documents/document-store';
import { createDocumentValidators } from '../document-validator';
import type { StampActor } from '../server-owned-fields';
import type { BatchReads } from './batch-reads';

type Entity = Readonly<Record<string, unknown>>;

export interface DocumentState {
  readonly entity: Entity;
  readonly deleted: boolean;
}

export interface DerivedWriteContext {
  readonly trx: ChangeTransaction;
  readonly actor: StampActor;
  readonly now: Date;
  /** The stored document before the write; absent on insert. */
  readonly before: DocumentState | undefined;
  /** The document as stored by the write (server-owned fields stamped). */
  readonly after: DocumentState;
  /** The change sequence of the write: unique, so ids derived from it are too. */
  readonly seq: number;
  /** Reads shared with the other rows of the push's transaction. */
  readonly reads: BatchReads;
}

/** Writes what follows from an accepted write; returns the changes it made, for the change feed. */
export type DerivedWriter = (context: DerivedWriteContext) => Promise<readonly ChangeNotice[]>;

/** A document the server writes along with an accepted write; its id must be deterministic (written once). */
export interface CompanionDocument {
  readonly collection: SyncCollectionName;
  readonly entity: Entity;
}

export interface PreparedWrite {
  /** The document to store (the accepted one, completed). */
  readonly entity: Entity;
  /** Written right after it, in the same transaction. */
  readonly companions: readonly CompanionDocument[];
}

/**
 * Completes an accepted write before it is stored. `after` is the stamped document; `seq` is the change
 * sequence it will be stored with (drawn beforehand, so ids derived from it can be computed now).
 */
export type WritePreparer = (context: DerivedWriteContext) => Promise<PreparedWrite>;

/**
 * Thrown by a writer that finds the accepted write cannot stand (e.g. a profile's new email belongs to
 * another account): the row rolls back to its savepoint (the other rows of the push go on) and the client
 * gets the master as a conflict.
 */
export class RefusedWrite extends Error {
  override readonly name = 'RefusedWrite';
}

/**
 * Stores a server-written document (validated like a push, so a bug cannot hand clients a document
 * their replica would reject) unless its id exists. Returns the change, or nothing when it existed.
 */
export async function writeServerDocument(trx: ChangeTransaction, collection: SyncCollectionName, entity: Entity, now: Date): Promise<ChangeNotice[]> {
  const problems = createDocumentValidators()[collection](entity);
  if (problems.length > 0) throw new Error(`server-written ${collection} document ${String(entity.id)} is invalid: ${JSON.stringify(problems)}`);
  const seq = await insertDocumentIfAbsent(trx, collection, { id: String(entity.id), data: entity, deleted: false, updatedAt: now });
  return seq === undefined ? [] : [{ collection, seq }];
}
