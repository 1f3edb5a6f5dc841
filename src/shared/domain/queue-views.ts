/**
 * The agent's ticket queue as data: the built-in views, saved views, ad-hoc filters, quick search and
 * sort, turned into Mango queries the local replica runs on its indexes (queuePlan), and the same
 * rules as plain predicates and comparators (matchesQueue, compareQueueTickets) that the tests hold
 * the queries to.
 *
 * Sorting by a field some tickets lack (due dates, the number of a ticket not yet synced) or by
 * priority (stored as a word, not a rank) cannot be one storage sort, so a plan is a list of segments
 * run in order and concatenated: one per priority, or "has the field" then "lacks it".
 *
 * Merged tickets (closed, living on in the ticket they were merged into) are in no view: their work
 * continues on the survivor. Searching a merged ticket's number still finds it, so a number quoted by
 * a customer leads to its page and from there to the survivor.
 */
import type { SlaSetup } from '../sla/policy';
import { AT_RISK_FROM_THE_START, DUE_FIELD_NAMES, FINISHED_TICKET_STATUSES, ticketDueState } from './queue-sla';
import { VIEW_ASSIGNEE_FILTERS, VIEW_SLA_FILTERS, VIEW_SORT_FIELDS, type SavedView, type SettingsOfKind, type ViewSortField } from './settings';
import { CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES, TIERS, type Ticket, type TicketPriority, type TicketStatus, type Tier } from './ticket';

export const BUILT_IN_VIEWS = ['mine', 'unassigned', 'my_tier', 'sla_at_risk', 'breached', 'pending_customer', 'all'] as const;
export type BuiltInViewId = (typeof BUILT_IN_VIEWS)[number];

export type SavedViewDocument = SettingsOfKind<'savedView'>;
export type QueueSort = SavedView['sort'];

/** What a view keeps: the saved-view filters. An absent list means any value; an empty list matches nothing. */
export type QueueFilters = SavedView['filters'];

export interface QueueView {
  readonly filters: QueueFilters;
  readonly sort: QueueSort;
}

/** Quick search: the subject contains the text, the number is it, or the customer is one whose name matched. */
export interface QueueSearch {
  readonly text: string;
  /** Customers whose name contains the text (looked up by the caller, which holds the customers). */
  readonly customerIds: readonly string[];
}

export interface QueueContext {
  readonly userId: string;
  /** The signed-in user's tier (from their profile); the "My tier" view is empty without one. */
  readonly tier: Tier | undefined;
  /** Epoch ms; the SLA filters depend on it. */
  readonly now: number;
  /** atRiskHorizon(settings, now): the "SLA at risk" view only looks at tickets due before it. */
  readonly atRiskHorizon: number;
  /**
   * The "SLA at risk" view looks only at tickets whose `slaAtRiskAt` is at or before this instant (epoch
   * ms; default `now`). A plan kept for a while (the supervisors' SLA watch) passes the instant it is
   * made again, so it also holds the tickets that turn at risk until then.
   */
  readonly atRiskUntil?: number;
  /**
   * atRiskFloor(settings, now): the "SLA at risk" view looks only at tickets that turned at risk at or
   * after it (earlier ones are breached by now). Absent or not finite: no such bound.
   */
  readonly atRiskFloor?: number;
}

/** Tickets still being worked on. */
export const ACTIVE_STATUSES: readonly TicketStatus[] = TICKET_STATUSES.filter((status) => !FINISHED_TICKET_STATUSES.includes(status));
/** Statuses in which some SLA clock runs, so a ticket can be at risk (every clock is paused while pending). */
const AT_RISK_STATUSES: readonly TicketStatus[] = ['new', 'open', 'on-hold'];

const NEWEST_FIRST: QueueSort = { field: 'updatedAt', direction: 'desc' };

/** The built-in views; `my_tier` uses the user's tier. */
export function builtInView(id: BuiltInViewId, tier: Tier | undefined): QueueView {
  const views: Readonly<Record<BuiltInViewId, QueueView>> = {
    mine: { filters: { assignee: 'me', statuses: ACTIVE_STATUSES }, sort: NEWEST_FIRST },
    unassigned: { filters: { assignee: 'unassigned', statuses: ACTIVE_STATUSES }, sort: NEWEST_FIRST },
    my_tier: { filters: { tiers: tier === undefined ? [] : [tier], statuses: ACTIVE_STATUSES }, sort: NEWEST_FIRST },
    sla_at_risk: { filters: { sla: 'at_risk' }, sort: { field: 'resolutionDueAt', direction: 'asc' } },
    breached: { filters: { sla: 'breached' }, sort: { field: 'resolutionDueAt', direction: 'asc' } },
    pending_customer: { filters: { statuses: ['pending'] }, sort: NEWEST_FIRST },
    all: { filters: {}, sort: NEWEST_FIRST },
  };
  return views[id];
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A list filter as stored: its strings (only the known ones where the values are a closed set); absent when it is not a list. */
function storedList<T extends string>(value: unknown, known?: readonly T[]): readonly T[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((item): item is T => typeof item === 'string' && (known === undefined || (known as readonly string[]).includes(item)));
}

const oneOf = <T extends string>(values: readonly T[], value: unknown): value is T => typeof value === 'string' && (values as readonly string[]).includes(value);

/**
 * A saved view's definition, read defensively: the replica holds what other clients wrote, older or
 * newer releases included, and a bad document must not break the queue. A filter that is not a list is
 * ignored; values this release does not know (a newer status, say) match nothing; an unknown sort
 * falls back to newest activity first.
 */
export function savedViewOf(document: SavedViewDocument): QueueView {
  const payload: unknown = (document as { readonly savedView?: unknown }).savedView;
  const stored = isRecord(payload) ? payload : {};
  const raw = isRecord(stored['filters']) ? stored['filters'] : {};
  const lists = {
    statuses: storedList(raw['statuses'], TICKET_STATUSES),
    priorities: storedList(raw['priorities'], TICKET_PRIORITIES),
    channels: storedList(raw['channels'], CHANNELS),
    tiers: storedList(raw['tiers'], TIERS),
    groupIds: storedList(raw['groupIds']),
    tags: storedList(raw['tags']),
    assigneeIds: storedList(raw['assigneeIds']),
    customerIds: storedList(raw['customerIds']),
  };
  const assignee = raw['assignee'];
  const sla = raw['sla'];
  const filters: QueueFilters = {
    ...Object.fromEntries(Object.entries(lists).filter(([, value]) => value !== undefined)),
    ...(oneOf(VIEW_ASSIGNEE_FILTERS, assignee) ? { assignee } : {}),
    ...(oneOf(VIEW_SLA_FILTERS, sla) ? { sla } : {}),
  };
  const sort = isRecord(stored['sort']) ? stored['sort'] : {};
  const field = sort['field'];
  const direction = sort['direction'];
  return {
    filters,
    sort: oneOf(VIEW_SORT_FIELDS, field) && (direction === 'asc' || direction === 'desc') ? { field, direction } : NEWEST_FIRST,
  };
}

/** The saved views a user sees: their own and the shared ones (no owner), enabled, by name; documents without a view are left out. */
export function visibleSavedViews(documents: readonly SavedViewDocument[], userId: string): SavedViewDocument[] {
  return documents
    .filter((document) => {
      const payload: unknown = (document as { readonly savedView?: unknown }).savedView;
      if (!isRecord(payload) || !document.enabled || typeof document.name !== 'string') return false;
      const ownerId = payload['ownerId'];
      return ownerId === undefined || ownerId === userId;
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The view's customers together with the customers they were merged into (a customer merge moves the
 * tickets to the survivor, so a view picked before the merge keeps showing them). `survivorOf` gives
 * where a customer lives on (undefined when unknown).
 */
export function withSurvivingCustomers(filters: QueueFilters, survivorOf: (customerId: string) => string | undefined): QueueFilters {
  if (filters.customerIds === undefined) return filters;
  const ids = filters.customerIds.flatMap((id) => {
    const survivor = survivorOf(id);
    return survivor === undefined || survivor === id ? [id] : [id, survivor];
  });
  return { ...filters, customerIds: [...new Set(ids)] };
}

type ListFilter = 'statuses' | 'priorities' | 'channels' | 'tiers' | 'groupIds' | 'tags' | 'assigneeIds' | 'customerIds';
const LIST_FILTERS: readonly ListFilter[] = ['statuses', 'priorities', 'channels', 'tiers', 'groupIds', 'tags', 'assigneeIds', 'customerIds'];

function intersect<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): readonly T[] | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a.filter((value) => b.includes(value));
}

/**
 * Ad-hoc filters narrow a view: lists intersect, single choices must agree. Null when they cannot
 * (e.g. "assigned to me" and "unassigned"): the combination matches no ticket.
 */
export function narrowFilters(view: QueueFilters, extra: QueueFilters): QueueFilters | null {
  const assignees = [view.assignee, extra.assignee].filter((value) => value !== undefined && value !== 'anyone');
  if (new Set(assignees).size > 1) return null;
  if (view.sla !== undefined && extra.sla !== undefined && view.sla !== extra.sla) return null;
  const lists = LIST_FILTERS.map((key) => [key, intersect<string>(view[key], extra[key])] as const);
  const sla = view.sla ?? extra.sla;
  const assignee = assignees[0];
  return {
    ...Object.fromEntries(lists.filter(([, value]) => value !== undefined)),
    ...(assignee === undefined ? {} : { assignee }),
    ...(sla === undefined ? {} : { sla }),
  };
}

// ---- predicate ------------------------------------------------------------------------------------

export type QueueTicket = Pick<
  Ticket,
  | 'id'
  | 'number'
  | 'subject'
  | 'status'
  | 'priority'
  | 'channel'
  | 'tier'
  | 'customerId'
  | 'assigneeId'
  | 'tags'
  | 'createdAt'
  | 'updatedAt'
  | 'groupId'
  | 'firstResponseDueAt'
  | 'nextResponseDueAt'
  | 'resolutionDueAt'
  | 'mergedIntoId'
>;

const inList = <T>(list: readonly T[] | undefined, value: T | undefined): boolean =>
  list === undefined || (value !== undefined && list.includes(value));

/** A number typed into the search box (with or without a leading #). */
export function searchedNumber(text: string): number | undefined {
  const match = /^#?(\d{1,9})$/.exec(text.trim());
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function matchesSearch(ticket: QueueTicket, search: QueueSearch): boolean {
  const text = search.text.trim().toLowerCase();
  if (text === '') return true;
  return (
    ticket.subject.toLowerCase().includes(text) ||
    (ticket.number !== undefined && ticket.number === searchedNumber(text)) ||
    search.customerIds.includes(ticket.customerId)
  );
}

const isBreached = (ticket: QueueTicket, now: number): boolean =>
  !FINISHED_TICKET_STATUSES.includes(ticket.status) &&
  DUE_FIELD_NAMES.some((field) => {
    const due = ticket[field];
    return due !== undefined && Date.parse(due) <= now;
  });

/**
 * Whether a ticket belongs in the filtered queue. `slaSetupOf` gives the policy of a ticket (needed by
 * the "at risk" filter only: whether a due date is near enough depends on the policy's target).
 */
export function matchesQueue(
  ticket: QueueTicket,
  filters: QueueFilters,
  context: QueueContext,
  slaSetupOf: (ticket: QueueTicket) => SlaSetup | undefined,
  search?: QueueSearch,
): boolean {
  if (!inList(filters.statuses, ticket.status)) return false;
  if (!inList(filters.priorities, ticket.priority)) return false;
  if (!inList(filters.channels, ticket.channel)) return false;
  if (!inList(filters.tiers, ticket.tier)) return false;
  if (!inList(filters.groupIds, ticket.groupId)) return false;
  if (!inList(filters.assigneeIds, ticket.assigneeId)) return false;
  if (!inList(filters.customerIds, ticket.customerId)) return false;
  if (filters.tags !== undefined && !ticket.tags.some((tag) => filters.tags?.includes(tag) === true)) return false;
  if (filters.assignee === 'me' && ticket.assigneeId !== context.userId) return false;
  if (filters.assignee === 'unassigned' && ticket.assigneeId !== undefined) return false;
  if (filters.sla === 'breached' && !isBreached(ticket, context.now)) return false;
  if (filters.sla === 'at_risk' && ticketDueState(ticket, slaSetupOf(ticket), context.now) !== 'at_risk') return false;
  if (ticket.mergedIntoId !== undefined) {
    const number = search === undefined ? undefined : searchedNumber(search.text);
    if (number === undefined || number !== ticket.number) return false;
  }
  return search === undefined || matchesSearch(ticket, search);
}

// ---- order ----------------------------------------------------------------------------------------

type SortDirection = QueueSort['direction'];
export type MangoSort = readonly Readonly<Record<string, SortDirection>>[];
export type MangoSelector = Readonly<Record<string, unknown>>;

/** One storage query of a plan: its part of the queue, in the queue's order. */
export interface QueueSegment {
  readonly selector: MangoSelector;
  readonly sort: MangoSort;
}

const PRIORITY_RANK: Readonly<Record<TicketPriority, number>> = { low: 0, normal: 1, high: 2, urgent: 3 };
const OPTIONAL_SORT_FIELDS: readonly ViewSortField[] = ['firstResponseDueAt', 'resolutionDueAt', 'number'];
/** Ties (and each segment of a split sort) go newest activity first, then by id, so the order is total. */
const TIE_BREAK: MangoSort = [{ updatedAt: 'desc' }, { id: 'asc' }];

/** Priorities in queue order for a direction: `desc` puts urgent first. */
function prioritiesInOrder(direction: SortDirection): TicketPriority[] {
  return [...TICKET_PRIORITIES].sort((a, b) => (direction === 'desc' ? PRIORITY_RANK[b] - PRIORITY_RANK[a] : PRIORITY_RANK[a] - PRIORITY_RANK[b]));
}

/** The segments a sort splits the queue into: each a selector to add and the storage sort within it. */
function sortSegments(sort: QueueSort): { readonly extra: MangoSelector; readonly sort: MangoSort }[] {
  if (sort.field === 'priority') return prioritiesInOrder(sort.direction).map((priority) => ({ extra: { priority }, sort: TIE_BREAK }));
  if (OPTIONAL_SORT_FIELDS.includes(sort.field)) {
    // Tickets without the field come last in either direction (no due date: nothing urgent about it).
    return [
      { extra: { [sort.field]: { $exists: true } }, sort: [{ [sort.field]: sort.direction }, { id: 'asc' }] },
      { extra: { [sort.field]: { $exists: false } }, sort: TIE_BREAK },
    ];
  }
  return [{ extra: {}, sort: [{ [sort.field]: sort.direction }, { id: 'asc' }] }];
}

const compareValues = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);

/** The queue order as a comparator (what the concatenated segments produce). */
export function compareQueueTickets(sort: QueueSort): (a: QueueTicket, b: QueueTicket) => number {
  const tieBreak = (a: QueueTicket, b: QueueTicket) => compareValues(b.updatedAt, a.updatedAt) || compareValues(a.id, b.id);
  const sign = sort.direction === 'asc' ? 1 : -1;
  if (sort.field === 'priority') {
    return (a, b) => sign * (PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority]) || tieBreak(a, b);
  }
  const field = sort.field;
  return (a, b) => {
    const left = a[field];
    const right = b[field];
    if (left === undefined || right === undefined) {
      if (left !== undefined) return -1;
      if (right !== undefined) return 1;
      return tieBreak(a, b);
    }
    return sign * compareValues(left, right) || compareValues(a.id, b.id);
  };
}

// ---- plan -----------------------------------------------------------------------------------------

export interface QueuePlan {
  /** Run in order and concatenate; each may be limited to the rows still needed. */
  readonly segments: readonly QueueSegment[];
  /** Every ticket of the queue (or, with `slaCheck`, every candidate): for counting. */
  readonly selector: MangoSelector;
  /** The order the segments give, for rows read by `selector` at once (compareQueueTickets). */
  readonly sort: QueueSort;
  /**
   * The "at risk" filter: the selectors find the tickets due soon whose `slaAtRiskAt` has come; each
   * still needs matchesQueue (its policy on this replica decides whether it is at risk now).
   */
  readonly slaCheck: boolean;
}

/** Escapes a text for a case-insensitive `$regex`. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function searchCondition(search: QueueSearch): MangoSelector | undefined {
  const text = search.text.trim();
  if (text === '') return undefined;
  const number = searchedNumber(text);
  const alternatives: MangoSelector[] = [
    { subject: { $regex: escapeRegex(text), $options: 'i' } },
    ...(number === undefined ? [] : [{ number }]),
    ...(search.customerIds.length === 0 ? [] : [{ customerId: { $in: [...search.customerIds] } }]),
  ];
  return { $or: alternatives };
}

const anyDueField = (condition: Readonly<Record<string, string>>): MangoSelector => ({
  $or: DUE_FIELD_NAMES.map((field) => ({ [field]: condition })),
});

/**
 * The Mango queries of a filtered, searched, sorted queue. Plain conditions stay at the top level of
 * the selector, where RxDB's query planner picks an index from them (status, tier, customerId, …);
 * alternatives (search, due dates) go under `$and`.
 */
export function queuePlan(filters: QueueFilters, sort: QueueSort, context: QueueContext, search?: QueueSearch): QueuePlan {
  const top: Record<string, unknown> = {};
  const and: MangoSelector[] = [];

  let statuses = filters.statuses;
  if (filters.sla === 'breached') statuses = intersect(statuses, ACTIVE_STATUSES);
  if (filters.sla === 'at_risk') statuses = intersect(statuses, AT_RISK_STATUSES);
  if (statuses !== undefined) top['status'] = { $in: [...statuses] };

  const lists: readonly [keyof QueueTicket, readonly string[] | undefined][] = [
    ['priority', filters.priorities],
    ['channel', filters.channels],
    ['tier', filters.tiers],
    ['groupId', filters.groupIds],
    ['tags', filters.tags],
    ['assigneeId', filters.assigneeIds],
    ['customerId', filters.customerIds],
  ];
  for (const [field, values] of lists) if (values !== undefined) top[field] = { $in: [...values] };

  if (filters.assignee === 'me') top['assigneeId'] = filters.assigneeIds === undefined || filters.assigneeIds.includes(context.userId) ? context.userId : { $in: [] };
  if (filters.assignee === 'unassigned') top['assigneeId'] = filters.assigneeIds === undefined ? { $exists: false } : { $in: [] };

  const nowIso = new Date(context.now).toISOString();
  if (filters.sla === 'breached') and.push(anyDueField({ $lte: nowIso }));
  if (filters.sla === 'at_risk') {
    // Due soon by the widest window of any policy, at risk by its own policy's (stamped by the server),
    // and not breached (a stamped due date passed is a breach, whatever else is due): the tickets at risk.
    and.push(anyDueField({ $gt: nowIso, $lte: new Date(context.atRiskHorizon).toISOString() }));
    for (const field of DUE_FIELD_NAMES) and.push({ $or: [{ [field]: { $exists: false } }, { [field]: { $gt: nowIso } }] });
    const until = new Date(Math.max(context.now, context.atRiskUntil ?? context.now)).toISOString();
    const floor = context.atRiskFloor;
    if (floor === undefined || !Number.isFinite(floor)) top['slaAtRiskAt'] = { $lte: until };
    // Turned at risk since the floor (or "from the start", on a calendar that leaves no earlier instant).
    else and.push({ $or: [{ slaAtRiskAt: { $gte: new Date(floor).toISOString(), $lte: until } }, { slaAtRiskAt: { $eq: AT_RISK_FROM_THE_START } }] });
  }
  const searched = search === undefined ? undefined : searchCondition(search);
  if (searched !== undefined) and.push(searched);
  const number = search === undefined ? undefined : searchedNumber(search.text);
  if (number === undefined) top['mergedIntoId'] = { $exists: false };
  else and.push({ $or: [{ mergedIntoId: { $exists: false } }, { number }] });

  const selector: MangoSelector = and.length === 0 ? top : { ...top, $and: and };
  const priorities = filters.priorities;
  const segments = sortSegments(sort)
    .filter(({ extra }) => priorities === undefined || typeof extra['priority'] !== 'string' || priorities.includes(extra['priority'] as TicketPriority))
    .map(({ extra, sort: segmentSort }) => ({ selector: { ...selector, ...extra }, sort: segmentSort }));
  return { segments, selector, sort, slaCheck: filters.sla === 'at_risk' };
}

// ---- naming ---------------------------------------------------------------------------------------

/** The schema's limit on a settings document's name. */
export const SAVED_VIEW_NAME_MAX = 120;

/** A saved view's name as stored (trimmed), or why it cannot be one. */
export function savedViewName(text: string): { readonly ok: true; readonly name: string } | { readonly ok: false; readonly problem: 'required' | 'too_long' } {
  const name = text.trim();
  if (name === '') return { ok: false, problem: 'required' };
  if (name.length > SAVED_VIEW_NAME_MAX) return { ok: false, problem: 'too_long' };
  return { ok: true, name };
}
