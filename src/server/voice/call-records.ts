/**
 * Writes the `calls` documents of WebRTC calls through the server's own write path: stamped like a
 * push (timestamps, durations from callDurations()), validated against the same schema, stored in a
 * change transaction and announced on the change feed, so they replicate to every client.
 *
 * A document is merged onto what is stored: the agent may have pushed wrap-up fields (notes,
 * disposition) to the same document meanwhile, and those stay. Writes to one id are applied in the
 * order they were asked for.
 *
 * Which documents a caller's call produces (all share `providerCallId` = the call id):
 * - `<callId>`: the first part that decided the call: answered by the first agent (offeredAt = when
 *   the caller started waiting, so ringSeconds is the time to answer, the service-level measure), or
 *   abandoned while waiting.
 * - `<callId>_<n>`: every other part: offers that rang out (missed) or were rejected, and each agent
 *   the caller was transferred to afterwards (answered, or abandoned when the caller left meanwhile).
 */
import type { Call } from '../../shared/domain/call';
import { COLLECTIONS } from '../../shared/sync/collections';
import type { ChangeFeed } from '../changes/change-feed';
import { inChangeTransaction, readDocument, upsertDocument, type Db } from '../documents/document-store';
import type { Logger } from '../logger';
import { createDocumentValidators } from '../sync/document-validator';
import { stampServerOwnedFields, type StampActor } from '../sync/server-owned-fields';

/** The fields of a call the voice server writes (server-owned ones are stamped, not given). */
export type CallRecordFields = Omit<Call, 'createdAt' | 'updatedAt' | 'ringSeconds' | 'talkSeconds' | 'wrapUpSeconds' | 'handleSeconds' | 'recordingRef'>;

/** The actor of server-written calls (the calls stampers do not look at it). */
const VOICE_ACTOR: StampActor = { id: 'system', role: 'admin' };

export class CallRecords {
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly feed: ChangeFeed,
    private readonly logger: Logger,
    private readonly now: () => Date,
  ) {}

  /** Stores `fields` onto the document `id` (created when absent). Never throws: failures are logged. */
  save(id: string, fields: Partial<CallRecordFields>): void {
    const previous = this.pending.get(id) ?? Promise.resolve();
    const next = previous
      .then(() => this.write(id, fields))
      .catch((error: unknown) => {
        this.logger.error({ err: error, callRecordId: id }, 'call record not written');
      })
      .finally(() => {
        if (this.pending.get(id) === next) this.pending.delete(id);
      });
    this.pending.set(id, next);
  }

  /** Resolves when every write asked for so far has finished. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending.values()]);
  }

  private async write(id: string, fields: Partial<CallRecordFields>): Promise<void> {
    const definition = COLLECTIONS.calls;
    const seq = await inChangeTransaction(this.db, async (trx) => {
      const stored = await readDocument(trx, 'calls', id);
      const now = this.now();
      const merged = { ...stored?.data, ...fields, id };
      const entity = await stampServerOwnedFields(definition, merged, {
        collection: 'calls',
        entity: merged,
        master: stored?.data,
        now,
        actor: VOICE_ACTOR,
        drawNumber: () => Promise.reject(new Error('calls have no number')),
      });
      const problems = createDocumentValidators().calls(entity);
      if (problems.length > 0) throw new Error(`call record ${id} is invalid: ${JSON.stringify(problems)}`);
      return upsertDocument(trx, 'calls', { id, data: entity, deleted: stored?.deleted ?? false, updatedAt: now });
    });
    try {
      await this.feed.publish({ collection: 'calls', seq });
    } catch (error) {
      // The write stands; live clients catch up with the next notice or their next RESYNC.
      this.logger.warn({ err: error }, 'change notice not published');
    }
  }
}
