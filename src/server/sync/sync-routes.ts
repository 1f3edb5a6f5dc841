/** Pull and push routes, one pair per replicated collection (RxDB replication protocol, API v1). */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { COLLECTIONS, SYNC_COLLECTIONS, type CollectionDefinition } from '../../shared/sync/collections';
import {
  parseCheckpointParam,
  PULL_LIMIT_DEFAULT,
  PULL_LIMIT_MAX,
  syncPullPath,
  syncPushPath,
  type PullResponse,
  type PushResponse,
  type PushRow,
  type SyncCheckpoint,
} from '../../shared/sync/protocol';
import { requireRole, requireUser } from '../auth/bearer-auth';
import type { ChangeFeed } from '../changes/change-feed';
import type { Clock } from '../clock';
import { readDocumentsAfter, toWireDocument, type Db } from '../documents/document-store';
import { ApiError } from '../http/api-error';
import { createDocumentValidators, type DocumentValidator } from './document-validator';
import type { ChangeNotice } from '../changes/change-feed';
import { applyPushRows, findRefusedInserts, validatePushRows } from './push-service';

export const PUSH_ROWS_MAX = 1000;
/** Enough for PUSH_ROWS_MAX tickets with long descriptions. */
export const PUSH_BODY_LIMIT_BYTES = 32 * 1024 * 1024;

const pullQuerySchema = {
  type: 'object',
  properties: {
    checkpoint: { type: 'string', maxLength: 200 },
    limit: { type: 'integer', minimum: 1, maximum: PULL_LIMIT_MAX },
  },
} as const;

const pushBodySchema = {
  type: 'array',
  maxItems: PUSH_ROWS_MAX,
  items: {
    type: 'object',
    required: ['newDocumentState'],
    properties: { assumedMasterState: { type: 'object' }, newDocumentState: { type: 'object' } },
  },
} as const;

export interface SyncRouteDeps {
  readonly db: Db;
  readonly feed: ChangeFeed;
  readonly clock: Clock;
}

export function registerSyncRoutes(api: FastifyInstance, deps: SyncRouteDeps): void {
  const validators = createDocumentValidators();
  for (const name of SYNC_COLLECTIONS) {
    registerPull(api, COLLECTIONS[name], deps);
    registerPush(api, COLLECTIONS[name], validators[name], deps);
  }
}

function registerPull(api: FastifyInstance, definition: CollectionDefinition, { db }: SyncRouteDeps): void {
  api.get<{ Querystring: { checkpoint?: string; limit?: number } }>(
    syncPullPath(definition.name),
    { schema: { querystring: pullQuerySchema } },
    async (request): Promise<PullResponse> => {
      requireRole(requireUser(request), definition.readRoles, `read ${definition.name}`);
      const checkpoint = parseCheckpoint(request.query.checkpoint);
      const documents = await readDocumentsAfter(db, definition.name, checkpoint?.seq ?? 0, request.query.limit ?? PULL_LIMIT_DEFAULT);
      const last = documents.at(-1);
      return {
        documents: documents.map(toWireDocument),
        checkpoint: last === undefined ? (checkpoint ?? null) : { seq: last.seq },
      };
    },
  );
}

function registerPush(api: FastifyInstance, definition: CollectionDefinition, validate: DocumentValidator, deps: SyncRouteDeps): void {
  api.post<{ Body: PushRow[] }>(
    syncPushPath(definition.name),
    { bodyLimit: PUSH_BODY_LIMIT_BYTES, schema: { body: pushBodySchema } },
    async (request): Promise<PushResponse> => {
      const user = requireUser(request);
      // Replicating a collection starts with pulling it: a role that may not read it may not push to it
      // (a refused update would otherwise answer with a master the role may not see). Who may write
      // which document is decided per row below.
      requireRole(user, definition.readRoles, `replicate ${definition.name}`);
      const rows = request.body;
      const problems = validatePushRows(definition, validate, rows);
      if (problems.length > 0) {
        throw new ApiError('validation_failed', `${problems.length} of ${rows.length} documents are invalid; nothing was applied`, problems);
      }
      const actor = { id: user.id, role: user.role };
      const refused = await findRefusedInserts(deps.db, definition, rows, actor);
      if (refused.length > 0) {
        request.log.warn({ userId: user.id, collection: definition.name, refused: refused.map(({ id, reason, fields }) => ({ id, reason, fields })) }, 'push inserts refused');
        // 422 like validation (not 403): the request was understood and authorized; these rows were not.
        throw new ApiError('forbidden', `${refused.length} of ${rows.length} documents may not be created by your role; nothing was applied`, refused, 422);
      }
      const committed = new Map<ChangeNotice['collection'], number>();
      try {
        return await applyPushRows(deps.db, definition, rows, {
          clock: deps.clock,
          actor,
          onCommitted: (notices) => {
            for (const { collection, seq } of notices) committed.set(collection, Math.max(committed.get(collection) ?? 0, seq));
          },
          onRefused: (refusal) => {
            request.log.warn({ userId: user.id, collection: definition.name, ...refusal }, 'push update refused; master returned as a conflict');
          },
        });
      } finally {
        // After commit, and even when a later row failed: earlier rows are committed and must be announced.
        for (const [collection, seq] of committed) await publishQuietly(deps, { collection, seq }, request.log);
      }
    },
  );
}

async function publishQuietly(deps: SyncRouteDeps, notice: ChangeNotice, log: FastifyBaseLogger): Promise<void> {
  try {
    await deps.feed.publish(notice);
  } catch (error) {
    // The write stands; live clients catch up with the next notice or their next RESYNC.
    log.warn({ err: error }, 'change notice not published');
  }
}

function parseCheckpoint(raw: string | undefined): SyncCheckpoint | undefined {
  try {
    return parseCheckpointParam(raw);
  } catch {
    throw new ApiError('bad_request', 'checkpoint must be URL-encoded JSON {"seq": <non-negative integer>}');
  }
}
