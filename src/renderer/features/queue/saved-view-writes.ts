/**
 * Renaming, deleting and restoring saved views: local writes to the replica (offline too) that
 * replicate like any edit. Who may do what is the shared write policy (agents: their own views;
 * supervisors and admins: shared ones too), the same rules the server applies.
 */
import type { SavedViewDocument } from '../../../shared/domain/queue-views';
import { canWriteDocument } from '../../../shared/sync/write-policy';
import type { AtendeDatabase, GenericDocType } from '../../data/database';
import type { Actor } from '../customers/customer-writes';

export interface SavedViewRights {
  readonly rename: boolean;
  readonly remove: boolean;
}

/** What `actor` may do with this view. */
export function savedViewRights(actor: Actor, view: SavedViewDocument): SavedViewRights {
  const before = view as unknown as Record<string, unknown>;
  const decide = (after: Record<string, unknown>) => canWriteDocument({ ...actor, collection: 'settings', before, after }).allowed;
  return { rename: decide({ ...before, name: `${view.name} ` }), remove: decide({ ...before, _deleted: true }) };
}

async function viewDocument(db: AtendeDatabase, id: string) {
  const doc = await db.settings?.findOne(id).exec();
  if (doc == null) throw new Error(`View ${id} is not on this device`);
  return doc;
}

export async function renameSavedView(db: AtendeDatabase, id: string, name: string): Promise<void> {
  const doc = await viewDocument(db, id);
  await doc.incrementalPatch({ name, updatedAt: new Date().toISOString() });
}

/** Deletes the view; returns what it was, for undo. */
export async function deleteSavedView(db: AtendeDatabase, id: string): Promise<GenericDocType> {
  const doc = await viewDocument(db, id);
  const removed = structuredClone(doc.toJSON()) as GenericDocType;
  await doc.remove();
  return removed;
}

/** Brings a deleted view back as it was (same id, so links and the queue's choice of view hold). */
export async function restoreSavedView(db: AtendeDatabase, view: GenericDocType): Promise<void> {
  if (db.settings === undefined) throw new Error('Settings are not on this device');
  await db.settings.insert({ ...structuredClone(view), updatedAt: new Date().toISOString() });
}
