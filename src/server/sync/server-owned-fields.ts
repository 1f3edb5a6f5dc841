/**
 * Fields a push can never set: the server keeps its own value or stamps a fresh one, whatever the
 * client sent. Which fields a collection owns is declared in src/shared/sync/collections.ts; how
 * each is stamped is declared here, per collection. Every server-owned field needs a stamper (a field
 * the server writes through its own paths, e.g. the SLA engine, uses `keepStored`): a missing or stray
 * stamper makes the server fail at start-up, not on the first push.
 */
import { ARTICLE_VERSION_MAX, ARTICLE_VERSIONED_FIELDS } from '../../shared/domain/article';
import { callDurations, type CallDurations } from '../../shared/domain/call';
import type { Role } from '../../shared/domain/roles';
import { TICKET_SLA_FIELDS } from '../../shared/domain/ticket';
import { COLLECTIONS, SYNC_COLLECTIONS, type CollectionDefinition, type SyncCollectionName } from '../../shared/sync/collections';
import { jsonEqual } from '../../shared/util/deep-equal';

type Entity = Readonly<Record<string, unknown>>;

/** The signed-in user whose push is being applied. */
export interface StampActor {
  readonly id: string;
  readonly role: Role;
}

export interface StampContext {
  readonly collection: SyncCollectionName;
  /** The entity as pushed (without `_deleted`), before stamping: client-owned fields are final. */
  readonly entity: Entity;
  /** The stored entity before this write, absent on insert. */
  readonly master: Entity | undefined;
  readonly now: Date;
  readonly actor: StampActor;
  /** Draws the next value of the collection's number sequence. */
  readonly drawNumber: () => Promise<number>;
}

/** The server's value for one field; `undefined` leaves the field absent. */
export type Stamper = (context: StampContext) => unknown;

/** The sequence that numbers each collection's documents, for collections that own a `number`. */
export const NUMBER_SEQUENCES: Partial<Readonly<Record<SyncCollectionName, string>>> = {
  tickets: 'ticket_number_seq',
};

const updatedAt: Stamper = ({ now }) => now.toISOString();
const createdAt: Stamper = ({ master, now }) => (typeof master?.createdAt === 'string' ? master.createdAt : now.toISOString());
const TIMESTAMPS = { createdAt, updatedAt } as const;

/** For fields the server writes through its own paths (SLA engine, telephony webhooks): a push never changes them. */
function keepStored(field: string): Stamper {
  return ({ master }) => master?.[field];
}

/** Call durations are derived from the call's own timings with the shared helper, never taken from the client. */
function callDuration(field: keyof CallDurations): Stamper {
  return ({ entity }) =>
    callDurations({
      offeredAt: String(entity.offeredAt),
      answeredAt: typeof entity.answeredAt === 'string' ? entity.answeredAt : undefined,
      endedAt: typeof entity.endedAt === 'string' ? entity.endedAt : undefined,
      wrapUpEndedAt: typeof entity.wrapUpEndedAt === 'string' ? entity.wrapUpEndedAt : undefined,
      holdSeconds: typeof entity.holdSeconds === 'number' ? entity.holdSeconds : undefined,
    })[field];
}

/** 1 on insert; +1 when the write changes a versioned field (the server then appends that version). */
const articleVersionNumber: Stamper = ({ entity, master }) => {
  const stored = master?.versionNumber;
  if (master === undefined || typeof stored !== 'number') return 1;
  const changed = ARTICLE_VERSIONED_FIELDS.some((field) => !jsonEqual(entity[field], master[field]));
  return changed ? Math.min(stored + 1, ARTICLE_VERSION_MAX) : stored;
};

export const STAMPERS: { readonly [C in SyncCollectionName]: Readonly<Record<string, Stamper>> } = {
  tickets: {
    ...TIMESTAMPS,
    number: ({ master, drawNumber }) => (typeof master?.number === 'number' ? master.number : drawNumber()),
    // Written only by the SLA engine (writers/ticket-sla.ts) after accepted ticket and timeline writes, never by a push.
    ...Object.fromEntries(TICKET_SLA_FIELDS.map((field) => [field, keepStored(field)])),
  },
  timeline: {
    createdAt,
    // The user whose push created the entry, from the token; an entry never changes hands.
    recordedById: ({ master, actor }) => (typeof master?.recordedById === 'string' ? master.recordedById : actor.id),
  },
  customers: TIMESTAMPS,
  calls: {
    ...TIMESTAMPS,
    // Set by the telephony integration; resolved through the server, never a client-supplied URL.
    recordingRef: keepStored('recordingRef'),
    ringSeconds: callDuration('ringSeconds'),
    talkSeconds: callDuration('talkSeconds'),
    wrapUpSeconds: callDuration('wrapUpSeconds'),
    handleSeconds: callDuration('handleSeconds'),
  },
  callbacks: TIMESTAMPS,
  articles: { ...TIMESTAMPS, versionNumber: articleVersionNumber },
  articleVersions: { createdAt },
  surveys: { createdAt },
  users: TIMESTAMPS,
  settings: TIMESTAMPS,
};

/**
 * Problems of a registry/stamper pairing: a server-owned field without a stamper (its value would be
 * undefined behaviour), a stamper for a field the collection does not own (dead or misplaced), a
 * numbered collection without a sequence. [] when consistent.
 */
export function stamperProblems(
  collections: Readonly<Record<string, Pick<CollectionDefinition, 'serverOwnedFields'>>>,
  stampers: Readonly<Record<string, Readonly<Record<string, Stamper>> | undefined>>,
  sequences: Readonly<Record<string, string | undefined>> = NUMBER_SEQUENCES,
): string[] {
  const problems: string[] = [];
  for (const [name, definition] of Object.entries(collections)) {
    const own = stampers[name] ?? {};
    for (const field of definition.serverOwnedFields) {
      if (!Object.hasOwn(own, field)) problems.push(`${name}.${field} is server-owned but has no stamper`);
    }
    for (const field of Object.keys(own)) {
      if (!definition.serverOwnedFields.includes(field)) problems.push(`${name}.${field} has a stamper but is not server-owned`);
    }
    if (definition.serverOwnedFields.includes('number') && sequences[name] === undefined) {
      problems.push(`${name} owns a number but has no sequence (see NUMBER_SEQUENCES and the migrations)`);
    }
  }
  return problems;
}

// Fail at start-up (this module loads with the server), not on the first push.
const problems = stamperProblems(COLLECTIONS, STAMPERS);
if (problems.length > 0) throw new Error(`Server-owned fields are not all stamped:\n  ${problems.join('\n  ')}`);
if (SYNC_COLLECTIONS.some((name) => !Object.hasOwn(STAMPERS, name))) throw new Error('every collection needs a STAMPERS entry');

/** `entity` with every server-owned field of the collection replaced by the server's value (or removed). */
export async function stampServerOwnedFields(definition: CollectionDefinition, entity: Entity, context: StampContext): Promise<Record<string, unknown>> {
  const owned = definition.serverOwnedFields;
  const stampers = STAMPERS[definition.name];
  const stamped = Object.fromEntries(Object.entries(entity).filter(([field]) => !owned.includes(field)));
  for (const field of owned) {
    const stamper = stampers[field];
    if (stamper === undefined) throw new Error(`${definition.name}.${field} has no stamper`);
    const value: unknown = await stamper(context);
    if (value !== undefined) stamped[field] = value;
  }
  return stamped;
}
