/**
 * Who may write what, decided from the data in COLLECTIONS (collections.ts) alone. The server runs
 * canWriteDocument on every pushed row (with the signed-in user and the stored master); the UI uses
 * canWriteField to show a field read-only instead of letting the user type into a refused write.
 */
import type { Role } from '../domain/roles';
import { jsonEqual } from '../util/deep-equal';
import { COLLECTIONS, type CollectionDefinition, type SyncCollectionName } from './collections';

type Doc = Readonly<Record<string, unknown>>;

/**
 * Whether `role` may set `field` of a document of `collection` in a push, as far as the field alone
 * decides: the role may write the collection, the field exists, is not server-owned, and is not
 * restricted to other roles. Document rules (kind, owner, sealed, append-only) are canWriteDocument's.
 */
export function canWriteField(role: Role, collection: SyncCollectionName, field: string): boolean {
  const definition = COLLECTIONS[collection];
  if (!definition.writeRoles.includes(role)) return false;
  if (!Object.hasOwn(definition.schema.properties, field)) return false;
  if (definition.serverOwnedFields.includes(field)) return false;
  const restricted = definition.restrictedFields?.[field];
  return restricted === undefined || restricted.includes(role);
}

export interface WriteAttempt {
  readonly role: Role;
  readonly userId: string;
  readonly collection: SyncCollectionName;
  /** The stored master document; absent on insert. May carry `_deleted`. */
  readonly before?: Doc;
  /** The pushed document state. May carry `_deleted`. */
  readonly after: Doc;
}

export const WRITE_DENIALS = [
  /** The role may not write this collection at all. */
  'role',
  /** An append-only document was changed or deleted. */
  'append_only',
  /** Deleting (or restoring) is not allowed for the role. */
  'delete',
  /** The role may not write documents of this kind. */
  'kind',
  /** The discriminator of a stored document was changed. */
  'kind_changed',
  /** The role may only write its own documents, and this is not one. */
  'not_owner',
  /** Fields the role may not set or change (listed in `fields`). */
  'field',
  /** The document is sealed for the role; `fields` lists what it tried to change. */
  'sealed',
] as const;
export type WriteDenial = (typeof WRITE_DENIALS)[number];

export type WriteDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: WriteDenial; readonly fields: readonly string[] };

const ALLOWED: WriteDecision = { allowed: true };
const deny = (reason: WriteDenial, fields: readonly string[] = []): WriteDecision => ({ allowed: false, reason, fields });

/** The value at a dot path such as `savedView.ownerId`. */
function valueAt(doc: Doc | undefined, path: string): unknown {
  let current: unknown = doc;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const isDeleted = (doc: Doc | undefined): boolean => doc?.['_deleted'] === true;

/** Entity fields the push sets (insert) or changes (update), server-owned ones and `_deleted` left out. */
export function changedFields(definition: CollectionDefinition, before: Doc | undefined, after: Doc): string[] {
  const relevant = (field: string) => field !== '_deleted' && !definition.serverOwnedFields.includes(field);
  if (before === undefined) return Object.keys(after).filter((field) => relevant(field) && after[field] !== undefined);
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...fields].filter((field) => relevant(field) && !jsonEqual(before[field], after[field]));
}

/** Whether a pushed row may be applied. Schema validity is checked separately (Ajv with the same schema). */
export function canWriteDocument({ role, userId, collection, before, after }: WriteAttempt): WriteDecision {
  const definition = COLLECTIONS[collection];
  if (!definition.writeRoles.includes(role)) return deny('role');

  const changed = changedFields(definition, before, after);
  const deletionChanged = isDeleted(before) !== isDeleted(after);

  if (definition.appendOnly && before !== undefined) {
    // Re-sending the stored document is a harmless retry; anything else would rewrite history.
    return changed.length === 0 && !deletionChanged ? ALLOWED : deny('append_only', changed);
  }
  if (deletionChanged && !definition.deleteRoles.includes(role)) return deny('delete');

  const byKind = definition.writeRolesByKind;
  if (byKind !== undefined) {
    const kind = after[byKind.field];
    if (before !== undefined && !jsonEqual(before[byKind.field], kind)) return deny('kind_changed', [byKind.field]);
    const roles = typeof kind === 'string' && Object.hasOwn(byKind.roles, kind) ? byKind.roles[kind] : undefined;
    if (roles === undefined || !roles.includes(role)) return deny('kind', [byKind.field]);
  }

  const ownership = definition.ownDocumentsOnly;
  if (ownership !== undefined && ownership.roles.includes(role)) {
    const owns = (doc: Doc) => valueAt(doc, ownership.ownerPath) === userId;
    if (!owns(after) || (before !== undefined && !owns(before))) return deny('not_owner', [ownership.ownerPath]);
  }

  const forbidden = changed.filter((field) => !canWriteField(role, collection, field));
  if (forbidden.length > 0) return deny('field', forbidden);

  const seal = definition.sealedWhenSet;
  if (seal !== undefined && before !== undefined && before[seal.field] !== undefined && !seal.roles.includes(role)) {
    const outside = changed.filter((field) => !seal.exceptFields.includes(field));
    if (outside.length > 0 || deletionChanged) return deny('sealed', outside);
  }
  return ALLOWED;
}
