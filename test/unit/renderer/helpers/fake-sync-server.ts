/**
 * Sync protocol v1 in memory for the renderer's replication tests: pull by checkpoint, push with
 * assumed master state (insert / unchanged / conflict / write, like src/server/sync/push-decision.ts),
 * server-stamped fields, schema validation with Ajv over the shared schemas and the shared write policy,
 * refusing a whole push with 422/403 and per-row details like the real server. Gates and scripted
 * failures let tests put requests "in flight" and break the network on purpose.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { Subject, type Observable } from 'rxjs';
import type { Role } from '../../../../src/shared/domain/roles';
import { COLLECTIONS, isSyncCollectionName, type SyncCollectionName } from '../../../../src/shared/sync/collections';
import { RXDB_SCHEMA_KEYWORDS } from '../../../../src/shared/sync/entity-schema';
import { canWriteDocument } from '../../../../src/shared/sync/write-policy';
import { jsonEqual, omitKeys } from '../../../../src/shared/util/deep-equal';
import type { StreamItem } from '../../../../src/renderer/data/sync-stream';

export type Doc = Record<string, unknown> & { id: string; _deleted: boolean };

interface Row {
  readonly assumedMasterState?: Doc;
  readonly newDocumentState: Doc;
}

const addFormats = (addFormatsPlugin as unknown as { default?: typeof addFormatsPlugin }).default ?? addFormatsPlugin;
let validators: Map<SyncCollectionName, ValidateFunction> | undefined;
function validatorFor(collection: SyncCollectionName): ValidateFunction {
  if (validators === undefined) {
    const ajv = new Ajv({ allErrors: true, strict: true, keywords: [...RXDB_SCHEMA_KEYWORDS] });
    addFormats(ajv, ['date-time', 'email', 'uri']);
    validators = new Map((Object.keys(COLLECTIONS) as SyncCollectionName[]).map((name) => [name, ajv.compile(COLLECTIONS[name].schema)]));
  }
  const validate = validators.get(collection);
  if (validate === undefined) throw new Error(`no validator for ${collection}`);
  return validate;
}

/** A one-shot barrier: requests wait at it until `open()`. */
export class Gate {
  private release!: () => void;
  readonly opened: Promise<void> = new Promise((resolve) => {
    this.release = resolve;
  });
  /** Resolves when the first request reached the gate. */
  readonly reached: Promise<void>;
  private markReached!: () => void;
  constructor() {
    this.reached = new Promise((resolve) => {
      this.markReached = resolve;
    });
  }
  async pass(): Promise<void> {
    this.markReached();
    await this.opened;
  }
  open(): void {
    this.release();
  }
}

/** `lost-answer`: the server applies the push, then the connection drops before the answer. */
export type ScriptedFailure = 'network' | 'lost-answer' | 500 | 401;

export interface Account {
  readonly userId: string;
  role: Role;
}

export class FakeSyncServer {
  seq = 0;
  private readonly store = new Map<string, Map<string, { doc: Doc; seq: number }>>();
  nextNumber = 100;
  readonly requests: string[] = [];
  /** Every push body, in order. */
  readonly pushes: { collection: string; rows: Row[] }[] = [];
  /** Tokens the server accepts, with who they belong to. */
  readonly accounts = new Map<string, Account>([['tok', { userId: 'usr_ana', role: 'agent' }]]);
  /** The network is gone: every request fails before reaching the server. */
  down = false;
  /** Failures for the next pushes, used one per push. */
  readonly pushFailures: ScriptedFailure[] = [];
  /** Holds the next push before the server applies it. */
  pushGate: Gate | null = null;
  /** Holds the next push's answer after the server applied it. */
  answerGate: Gate | null = null;
  /** Holds every pull until opened. */
  pullGate: Gate | null = null;
  /** Answers rows with the stored master even when the client was up to date (a refusal disguised as conflict). */
  refuseAsConflict = false;
  /**
   * What the write policy's refusal of an update looks like: the stored master as a conflict (what
   * the real server does) or, like inserts, a refused request with per-row details.
   */
  refusedUpdates: 'conflict' | 'reject' = 'conflict';
  private readonly streams = new Map<string, Subject<StreamItem>>();
  private clock = Date.UTC(2026, 0, 1);

  streamFor = (collection: SyncCollectionName): Observable<StreamItem> => {
    let subject = this.streams.get(collection);
    if (subject === undefined) {
      subject = new Subject<StreamItem>();
      this.streams.set(collection, subject);
    }
    return subject.asObservable();
  };

  /** Sends a change notice on the stream, as the real server does after a commit. */
  notify(collection: SyncCollectionName, item?: StreamItem): void {
    const docs = [...(this.store.get(collection)?.values() ?? [])].sort((a, b) => a.seq - b.seq);
    const last = docs.at(-1);
    this.streamFor(collection);
    this.streams
      .get(collection)
      ?.next(item ?? { documents: last === undefined ? [] : [last.doc], checkpoint: { seq: last?.seq ?? 0 } });
  }

  /** Writes a document as another client would (stamped, new sequence). */
  put(collection: SyncCollectionName, doc: Doc): Doc {
    const seq = ++this.seq;
    const stored = this.get(collection, doc.id);
    this.clock += 1000;
    const stamped: Doc = {
      ...doc,
      ...(COLLECTIONS[collection].serverOwnedFields.includes('updatedAt') ? { updatedAt: new Date(this.clock).toISOString() } : {}),
      ...(COLLECTIONS[collection].serverOwnedFields.includes('createdAt')
        ? { createdAt: typeof stored?.createdAt === 'string' ? stored.createdAt : new Date(this.clock).toISOString() }
        : {}),
    };
    if (collection === 'tickets') stamped.number = typeof stored?.number === 'number' ? stored.number : this.nextNumber++;
    if (collection === 'timeline' && typeof stamped.recordedById !== 'string') stamped.recordedById = 'usr_server';
    let docs = this.store.get(collection);
    if (docs === undefined) {
      docs = new Map();
      this.store.set(collection, docs);
    }
    docs.set(doc.id, { doc: stamped, seq });
    return stamped;
  }

  get(collection: SyncCollectionName, id: string): Doc | undefined {
    return this.store.get(collection)?.get(id)?.doc;
  }

  all(collection: SyncCollectionName): Doc[] {
    return [...(this.store.get(collection)?.values() ?? [])].map((entry) => entry.doc);
  }

  fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    await Promise.resolve();
    if (this.down) throw new TypeError('fetch failed');
    const url = new URL(input);
    this.requests.push(`${init?.method ?? 'GET'} ${url.pathname}${url.search}`);
    const auth = new Headers(init?.headers).get('authorization') ?? '';
    const account = this.accounts.get(auth.replace(/^Bearer /, ''));
    if (account === undefined) return Response.json({ error: { code: 'unauthorized', message: 'Bad token' } }, { status: 401 });
    const match = /^\/api\/v1\/sync\/(\w+)\/(pull|push)$/.exec(url.pathname);
    const collection = match?.[1];
    if (match === null || !isSyncCollectionName(collection)) {
      return Response.json({ error: { code: 'not_found', message: 'nope' } }, { status: 404 });
    }
    if (match[2] === 'pull') {
      await this.pullGate?.pass();
      const raw = url.searchParams.get('checkpoint');
      const since = raw === null ? 0 : (JSON.parse(raw) as { seq: number }).seq;
      const limit = Number(url.searchParams.get('limit'));
      const page = [...(this.store.get(collection)?.values() ?? [])]
        .filter((entry) => entry.seq > since)
        .sort((a, b) => a.seq - b.seq)
        .slice(0, limit);
      const last = page.at(-1);
      return Response.json({ documents: page.map((entry) => entry.doc), checkpoint: last ? { seq: last.seq } : raw === null ? null : { seq: since } });
    }
    const rows = JSON.parse(typeof init?.body === 'string' ? init.body : '[]') as Row[];
    this.pushes.push({ collection, rows });
    const failure = this.pushFailures.shift();
    if (failure === 'network') throw new TypeError('fetch failed');
    if (failure === 500) return Response.json({ error: { code: 'internal', message: 'Internal server error' } }, { status: 500 });
    if (failure === 401) return Response.json({ error: { code: 'unauthorized', message: 'Token expired' } }, { status: 401 });
    const gate = this.pushGate;
    this.pushGate = null;
    await gate?.pass();
    const response = this.applyPush(collection, rows, account);
    if (failure === 'lost-answer') throw new TypeError('fetch failed');
    const answerGate = this.answerGate;
    this.answerGate = null;
    await answerGate?.pass();
    return response;
  };

  private applyPush(collection: SyncCollectionName, rows: readonly Row[], account: Account): Response {
    const definition = COLLECTIONS[collection];
    type Detail = { index: number; id: unknown; errors: { path: string; message: string }[]; reason?: string; fields?: readonly string[] };
    const invalid: Detail[] = [];
    const forbidden: Detail[] = [];
    const refusedUpdates = new Set<string>();
    rows.forEach((row, index) => {
      const validate = validatorFor(collection);
      if (!validate(omitKeys(row.newDocumentState, ['_deleted']))) {
        invalid.push({
          index,
          id: row.newDocumentState.id,
          errors: (validate.errors ?? []).map((error) => ({ path: error.instancePath, message: error.message ?? error.keyword })),
        });
        return;
      }
      const before = this.get(collection, row.newDocumentState.id);
      const decision = canWriteDocument({ role: account.role, userId: account.userId, collection, ...(before === undefined ? {} : { before }), after: row.newDocumentState });
      if (decision.allowed) return;
      if (before !== undefined && this.refusedUpdates === 'conflict') {
        refusedUpdates.add(row.newDocumentState.id);
        return;
      }
      forbidden.push({
        index,
        id: row.newDocumentState.id,
        reason: decision.reason,
        fields: decision.fields,
        errors: [{ path: decision.fields[0] === undefined ? '' : `/${decision.fields[0]}`, message: 'your role may not do this' }],
      });
    });
    if (invalid.length > 0) {
      return Response.json(
        { error: { code: 'validation_failed', message: `${invalid.length} of ${rows.length} documents are invalid; nothing was applied`, details: invalid } },
        { status: 422 },
      );
    }
    if (forbidden.length > 0) {
      // Like the real server: 422 with code `forbidden` (the request was fine, these rows are not).
      return Response.json(
        { error: { code: 'forbidden', message: `${forbidden.length} of ${rows.length} documents may not be written; nothing was applied`, details: forbidden } },
        { status: 422 },
      );
    }
    const conflicts: Doc[] = [];
    let wrote = false;
    for (const row of rows) {
      const master = this.get(collection, row.newDocumentState.id);
      if (master !== undefined) {
        if (this.refuseAsConflict || refusedUpdates.has(row.newDocumentState.id)) {
          conflicts.push(master);
          continue;
        }
        const owned = definition.serverOwnedFields;
        if (jsonEqual(omitKeys(row.newDocumentState, owned), omitKeys(master, owned))) {
          // Unchanged (a retry): like the real server, the master goes back when the stamps differ.
          if (!jsonEqual(row.newDocumentState, master)) conflicts.push(master);
          continue;
        }
        if (row.assumedMasterState === undefined || !jsonEqual(row.assumedMasterState, master)) {
          conflicts.push(master);
          continue;
        }
      }
      this.put(collection, row.newDocumentState);
      wrote = true;
    }
    if (wrote) this.notify(collection);
    return Response.json(conflicts);
  }
}

export function ticket(id: string, patch: Partial<Doc> = {}): Doc {
  return {
    id,
    subject: `Ticket ${id}`,
    status: 'open',
    priority: 'normal',
    channel: 'phone',
    tier: 'L1',
    customerId: 'c1',
    tags: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    _deleted: false,
    ...patch,
  };
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
