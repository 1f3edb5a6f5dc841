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
import { applyPushRows, validatePushRows } from './push-service';

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
      requireRole(requireUser(request), definition.writeRoles, `write ${definition.name}`);
      const rows = request.body;
      const problems = validatePushRows(definition, validate, rows);
      if (problems.length > 0) {
        throw new ApiError('validation_failed', `${problems.length} of ${rows.length} documents are invalid; nothing was applied`, problems);
      }
      let lastSeq: number | undefined;
      try {
        return await applyPushRows(deps.db, definition, rows, deps.clock, (seq) => {
          lastSeq = Math.max(lastSeq ?? 0, seq);
        });
      } finally {
        // After commit, and even when a later row failed: earlier rows are committed and must be announced.
        if (lastSeq !== undefined) await publishQuietly(deps, definition, lastSeq, request.log);
      }
    },
  );
}

async function publishQuietly(deps: SyncRouteDeps, definition: CollectionDefinition, seq: number, log: FastifyBaseLogger): Promise<void> {
  try {
    await deps.feed.publish({ collection: definition.name, seq });
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
