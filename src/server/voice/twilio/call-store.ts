/**
 * Writes call records from Twilio's callbacks into the replicated `calls` collection, the way the
 * server's derived writes do: in a change transaction (so the sequence is drawn under the change lock),
 * validated against the collection schema, with the server-owned fields stamped, and announced on the
 * change feed after commit so every client pulls it. A callback that changes nothing writes nothing, so
 * Twilio's retries never produce a second change.
 */
import { sql } from 'kysely';
import { callDurations, type Call } from '../../../shared/domain/call';
import { COLLECTIONS } from '../../../shared/sync/collections';
import { jsonEqual, omitKeys } from '../../../shared/util/deep-equal';
import type { ChangeFeed } from '../../changes/change-feed';
import { inChangeTransaction, readDocument, upsertDocument, type ChangeTransaction, type Db, type StoredDocument } from '../../documents/document-store';
import { createDocumentValidators } from '../../sync/document-validator';
import { applyCallEvent, type CallDraft, type ParentFacts } from './call-record';
import type { CallEvent } from './call-events';

const CALLS = COLLECTIONS.calls;
/** Fields this store derives itself: what a draft carries of them is replaced. */
const STAMPED_FIELDS = ['createdAt', 'updatedAt', 'ringSeconds', 'talkSeconds', 'wrapUpSeconds', 'handleSeconds'] as const;

/** The record id for a Twilio call nobody recorded before us: stable, so every callback finds it. */
export function twilioCallId(callSid: string): string {
  return `call_tw_${callSid}`;
}

export interface CallStoreDeps {
  readonly db: Db;
  readonly feed: ChangeFeed;
  readonly now: () => Date;
  /** Facts a parent callback does not carry; `queueId` is looked up from the dialled number. */
  readonly parentFacts: (event: CallEvent) => Promise<ParentFacts>;
}

export type RecordOutcome = { readonly written: true; readonly id: string; readonly seq: number } | { readonly written: false };

const validateCall = createDocumentValidators().calls;

export async function recordCallEvent(deps: CallStoreDeps, event: CallEvent): Promise<RecordOutcome> {
  const facts = await deps.parentFacts(event);
  const outcome = await inChangeTransaction(deps.db, async (trx): Promise<RecordOutcome> => {
    // Under the change lock: concurrent callbacks for the same call apply one after the other.
    const stored = await findTwilioCall(trx, callSidOf(event));
    const storedCall = stored === undefined ? undefined : (omitKeys(stored.data, [...STAMPED_FIELDS, 'id']) as unknown as CallDraft);
    const draft = applyCallEvent(storedCall, event, facts);
    if (draft === undefined) return { written: false };
    const id = stored?.id ?? twilioCallId(callSidOf(event));
    const now = deps.now();
    const entity = stamp(id, draft, stored?.data, now);
    if (stored !== undefined && jsonEqual(omitKeys(entity, ['updatedAt']), omitKeys(stored.data, ['updatedAt']))) return { written: false };
    const problems = validateCall(entity);
    if (problems.length > 0) throw new Error(`call record ${id} from Twilio is invalid: ${JSON.stringify(problems)}`);
    const seq = await upsertDocument(trx, CALLS.name, { id, data: entity, deleted: stored?.deleted ?? false, updatedAt: now });
    return { written: true, id, seq };
  });
  if (outcome.written) await deps.feed.publish({ collection: CALLS.name, seq: outcome.seq });
  return outcome;
}

function callSidOf(event: CallEvent): string {
  return event.kind === 'leg' ? event.context.callSid : event.callSid;
}

/** The record with this provider call id: ours (stable id), or one the softphone created first. */
async function findTwilioCall(trx: ChangeTransaction, callSid: string): Promise<StoredDocument | undefined> {
  const own = await readDocument(trx, CALLS.name, twilioCallId(callSid));
  if (own !== undefined) return own;
  const row = await trx
    .selectFrom('documents')
    .select(['id', 'seq', 'data', 'deleted'])
    .where('collection', '=', CALLS.name)
    .where(sql<string>`data->>'providerCallId'`, '=', callSid)
    .orderBy('seq')
    .executeTakeFirst();
  return row === undefined ? undefined : { id: row.id, seq: Number(row.seq), data: row.data, deleted: row.deleted };
}

/** The server-owned fields, as the push path stamps them: timestamps and the durations from the timings. */
function stamp(id: string, draft: CallDraft, stored: Readonly<Record<string, unknown>> | undefined, now: Date): Record<string, unknown> {
  const createdAt = typeof stored?.createdAt === 'string' ? stored.createdAt : now.toISOString();
  const call: Call = { ...draft, id, createdAt, updatedAt: now.toISOString(), ...callDurations(draft) };
  return { ...call };
}
