/**
 * After-call work: the disposition, the notes and the ticket a call is filed under. The agent's
 * wrap-up writes these fields and `wrapUpEndedAt` (which ends after-call work time, see
 * callDurations); a call linked to a ticket gets a `call` entry on the ticket's timeline, so it shows
 * there and in the customer's history.
 */
import type { Call } from '../domain/call';
import type { SettingsOfKind } from '../domain/settings';
import type { TimelineEntry } from '../domain/timeline';
import { compoundId, ID_LENGTH_MAX } from '../util/compound-id';

/** The schema's limit on call notes. */
export const CALL_NOTES_MAX = 5000;

type DispositionDocument = Pick<SettingsOfKind<'dispositionCode'>, 'enabled' | 'dispositionCode'>;

/** The disposition codes an agent may choose: enabled ones (disabled ones stay for history). */
export function selectableDispositions<D extends DispositionDocument>(documents: readonly D[]): D[] {
  return documents.filter((document) => document.enabled);
}

/** Whether choosing `code` obliges the agent to write notes. Unknown codes do not (nothing says so). */
export function dispositionRequiresNote(documents: readonly DispositionDocument[], code: string | undefined): boolean {
  if (code === undefined) return false;
  return documents.some((document) => document.dispositionCode.code === code && document.dispositionCode.requiresNote);
}

export interface WrapUpInput {
  readonly dispositionCode: string | undefined;
  readonly notes: string;
  readonly ticketId: string | undefined;
  /** The linked ticket's customer, or the customer the screen pop identified. */
  readonly customerId: string | undefined;
}

export type WrapUpProblem = 'disposition_required' | 'disposition_unknown' | 'notes_required' | 'notes_too_long';

export interface WrapUpProblems {
  readonly dispositionCode?: 'disposition_required' | 'disposition_unknown';
  readonly notes?: 'notes_required' | 'notes_too_long';
}

/** What stops a wrap-up from being saved: a disposition is required and must be an enabled code; notes when the code says so. */
export function validateWrapUp(input: Pick<WrapUpInput, 'dispositionCode' | 'notes'>, dispositions: readonly DispositionDocument[]): WrapUpProblems {
  const code = input.dispositionCode;
  const selectable = selectableDispositions(dispositions);
  const dispositionProblem =
    code === undefined || code === '' ? 'disposition_required' : selectable.some((document) => document.dispositionCode.code === code) ? undefined : 'disposition_unknown';
  const notes = input.notes.trim();
  const notesProblem =
    notes.length > CALL_NOTES_MAX ? 'notes_too_long' : notes === '' && dispositionRequiresNote(selectable, code) ? 'notes_required' : undefined;
  return {
    ...(dispositionProblem === undefined ? {} : { dispositionCode: dispositionProblem }),
    ...(notesProblem === undefined ? {} : { notes: notesProblem }),
  };
}

export function hasProblems(problems: WrapUpProblems): boolean {
  return problems.dispositionCode !== undefined || problems.notes !== undefined;
}

/** Call fields a wrap-up writes. */
export type WrapUpChanges = Partial<Pick<Call, 'dispositionCode' | 'notes' | 'ticketId' | 'customerId' | 'wrapUpEndedAt'>>;

/**
 * The fields to write on the call. The first wrap-up sets the disposition and ends after-call work
 * (`wrapUpEndedAt` = now). A call already wrapped up is sealed for agents except notes and links
 * (collections.ts `sealedWhenSet`), so a second save changes only those and keeps the first end time:
 * editing notes later is not after-call work.
 */
export function wrapUpChanges(call: Pick<Call, 'wrapUpEndedAt'>, input: WrapUpInput, now: string): WrapUpChanges {
  const notes = input.notes.trim();
  const links = {
    ...(notes === '' ? {} : { notes }),
    ...(input.ticketId === undefined ? {} : { ticketId: input.ticketId }),
    ...(input.customerId === undefined ? {} : { customerId: input.customerId }),
  };
  if (call.wrapUpEndedAt !== undefined) return links;
  return { ...links, ...(input.dispositionCode === undefined ? {} : { dispositionCode: input.dispositionCode }), wrapUpEndedAt: now };
}

/** One `call` entry per call and ticket: the same id whoever links them, however often (retries, a second wrap-up). */
export function callTimelineEntryId(callId: string, ticketId: string): string {
  const id = `tlc_${callId}@${ticketId}`;
  // Both ids may be up to 64 characters: shorten, with a hash of the whole pair keeping pairs apart.
  return id.length <= ID_LENGTH_MAX ? id : compoundId(id, '');
}

export interface CallLink {
  readonly callId: string;
  readonly ticketId: string;
  readonly customerId: string | undefined;
  /** When the call happened: the timeline orders it among the messages of that time. */
  readonly occurredAt: string;
  readonly agentId: string;
  readonly now: string;
}

/** The timeline entry that shows a call on a ticket (and, through `customerId`, in the customer's history). */
export function callTimelineEntry(link: CallLink): TimelineEntry {
  return {
    id: callTimelineEntryId(link.callId, link.ticketId),
    subjectType: 'ticket',
    subjectId: link.ticketId,
    kind: 'call',
    callId: link.callId,
    occurredAt: link.occurredAt,
    authorType: 'agent',
    authorId: link.agentId,
    ...(link.customerId === undefined ? {} : { customerId: link.customerId }),
    channel: 'phone',
    recordedById: link.agentId,
    createdAt: link.now,
  };
}
