/**
 * Which queue an inbound call belongs to (the queue settings document listing the dialled number) and
 * which agent it rings. Picking the agent is the call distributor's job (src/server/voice), injected as
 * `TwilioRouting`; until one is given, `createEligibleAgentRouting` takes turns among the agents the
 * queue's rules admit. It knows nothing of presence, so it may ring someone who is offline: Twilio then
 * reports the leg unanswered and the caller waits on hold until the next try.
 */
import { sql } from 'kysely';
import type { Language } from '../../../shared/domain/common';
import type { Queue } from '../../../shared/domain/settings';
import type { UserProfile } from '../../../shared/domain/user';
import type { Db } from '../../documents/document-store';

export interface TwilioRouting {
  /**
   * The user id of an agent to offer a call of this queue to now; undefined when nobody is free.
   * `callSid` (the parent call) lets a routing reserve the agent until `ringEnded` for that call.
   */
  pickAgent(queueId: string, callSid?: string): Promise<string | undefined>;
  /** The `<Dial>` to the picked agent is over (not answered, or the conversation ended). */
  ringEnded?(callSid: string): void;
}

export interface RoutedQueue {
  readonly id: string;
  readonly ringTimeoutSeconds: number;
  /** What callers of this queue speak first (messages are read in it); undefined: any. */
  readonly language: Language | undefined;
}

interface QueueDocument {
  readonly id: string;
  readonly enabled: boolean;
  readonly queue: Queue;
}

async function enabledQueues(db: Db): Promise<QueueDocument[]> {
  const rows = await db
    .selectFrom('documents')
    .select('data')
    .where('collection', '=', 'settings')
    .where('deleted', '=', false)
    .where(sql<string>`data->>'kind'`, '=', 'queue')
    .orderBy('id')
    .execute();
  return rows.map((row) => row.data as unknown as QueueDocument).filter((document) => document.enabled);
}

/** The enabled queue whose numbers include `number` (the first by id, should two claim it). */
export async function findQueueForNumber(db: Db, number: string | undefined): Promise<RoutedQueue | undefined> {
  if (number === undefined) return undefined;
  const match = (await enabledQueues(db)).find((document) => document.queue.phoneNumbers.includes(number));
  return match === undefined ? undefined : { id: match.id, ringTimeoutSeconds: match.queue.ringTimeoutSeconds, language: match.queue.languages[0] };
}

/** Whether the queue's rules admit this user: active, not an admin, in its group, with its skills and a language. */
export function isEligibleAgent(user: UserProfile, queue: Queue): boolean {
  if (!user.active || user.role === 'admin') return false;
  if (queue.groupId !== undefined && !user.groupIds.includes(queue.groupId)) return false;
  if (!queue.requiredSkills.every((skill) => user.skills.includes(skill))) return false;
  return queue.languages.length === 0 || queue.languages.some((language) => user.languages.includes(language));
}

/** Round-robin over the eligible agents of each queue (turns are kept in memory, per server process). */
export function createEligibleAgentRouting(db: Db): TwilioRouting {
  const lastPicked = new Map<string, string>();
  return {
    async pickAgent(queueId) {
      const queue = (await enabledQueues(db)).find((document) => document.id === queueId);
      if (queue === undefined) return undefined;
      const rows = await db.selectFrom('documents').select('data').where('collection', '=', 'users').where('deleted', '=', false).orderBy('id').execute();
      const eligible = rows.map((row) => row.data as unknown as UserProfile).filter((user) => isEligibleAgent(user, queue.queue));
      if (eligible.length === 0) return undefined;
      const previous = eligible.findIndex((user) => user.id === lastPicked.get(queueId));
      const next = eligible[(previous + 1) % eligible.length]?.id;
      if (next !== undefined) lastPicked.set(queueId, next);
      return next;
    },
  };
}
