/**
 * The local benchmark page (bundled with Vite by bench/local/queue.ts, served on a private origin):
 * the renderer's own database code without React or a server. It opens the user's replica exactly as
 * the workspace does (`openUserDatabase`: the block storage on IndexedDB, the shared schemas), takes
 * the documents the benchmark hands it, and times
 * - each queue view the way the queue page reads it: `queuePlan` of the view, then `queueRows`, the
 *   live rows of the first page, until their first emission; beside a plain scan giving the same rows
 *   (every ticket tested against the view and the matches sorted, in memory);
 * - knowledge-base typeahead through the renderer's search worker (`knowledgeSearchOf`), round trip.
 * Its API (`LocalPageApi`, ../page-api.ts) is what queue.ts calls.
 */
import type { RxCollection } from 'rxdb';
import { firstValueFrom } from 'rxjs';
import type { CustomerSegment } from '../../../src/shared/domain/customer';
import { atRiskFloor, atRiskHorizon, DUE_FIELD_NAMES, FINISHED_TICKET_STATUSES } from '../../../src/shared/domain/queue-sla';
import { builtInView, compareQueueTickets, matchesQueue, narrowFilters, queuePlan, type BuiltInViewId, type QueueContext } from '../../../src/shared/domain/queue-views';
import type { SettingsDocument } from '../../../src/shared/domain/settings';
import { slaSetupFor } from '../../../src/shared/sla/policy';
import { COLLECTIONS, type SyncCollectionName } from '../../../src/shared/sync/collections';
import { collectionOf, openUserDatabase, type AtendeDatabase, type CustomerDocType, type GenericDocType, type TicketDocType } from '../../../src/renderer/data/database';
import { knowledgeSearchOf, type KnowledgeSearch } from '../../../src/renderer/features/knowledge/knowledge-search';
import { queueRows, type QueueTicket } from '../../../src/renderer/features/queue/queue-rows';
import { LOCAL_PAGE_GLOBAL, type ContextInput, type LocalPageApi, type ViewResult } from '../page-api';

/** Every ticket and each customer's segment, as plain objects: what a plain scan reads. */
interface PlainData {
  readonly tickets: readonly TicketDocType[];
  readonly segments: ReadonlyMap<string, CustomerSegment | undefined>;
}

let db: AtendeDatabase | null = null;
let plain: PlainData | null = null;
let settings: SettingsDocument[] = [];

function open(): AtendeDatabase {
  if (db === null) throw new Error('local bench: open() first');
  return db;
}

function plainData(): PlainData {
  if (plain === null) throw new Error('local bench: openRaw() first');
  return plain;
}

function collectionNamed(name: SyncCollectionName): RxCollection<GenericDocType> {
  const collection = collectionOf(open(), name);
  if (collection === undefined) throw new Error(`this replica has no ${name} collection`);
  return collection;
}

function searchOf(): KnowledgeSearch {
  const search = knowledgeSearchOf(open());
  if (search === null) throw new Error('this replica has no articles');
  return search;
}

/** The renderer's query cache would answer a repeated query from memory; every sample must reach the storage. */
function forgetQueries(collection: Pick<RxCollection, '_queryCache'>): void {
  collection._queryCache._map.clear();
}

function contextFor({ userId, tier, now }: ContextInput): QueueContext {
  return { userId, tier, now, atRiskHorizon: atRiskHorizon(settings, now), atRiskFloor: atRiskFloor(settings, now) };
}

/** What usePlannedView gives the queue page for a view without ad-hoc filters, search or sort. */
function plannedView(viewId: BuiltInViewId, context: QueueContext) {
  const view = builtInView(viewId, context.tier);
  const filters = narrowFilters(view.filters, {});
  const plan = filters === null ? null : queuePlan(filters, view.sort, context, undefined);
  const keep = (ticket: QueueTicket, segment: CustomerSegment | undefined) =>
    filters !== null && matchesQueue(ticket, filters, context, (candidate) => slaSetupFor(candidate, segment, settings));
  return { view, filters, plan, keep };
}

// ---- plain scan ---------------------------------------------------------------------------------

/** The same rows by a plain scan: every ticket tested against the view, the matches sorted (the baseline an index must beat). */
function rawView(viewId: BuiltInViewId, context: QueueContext, limit: number): TicketDocType[] {
  const { filters, view } = plannedView(viewId, context);
  if (filters === null) return [];
  const { tickets, segments } = plainData();
  return tickets
    .filter((ticket) => matchesQueue(ticket, filters, context, (candidate) => slaSetupFor(candidate, segments.get(ticket.customerId), settings)))
    .sort(compareQueueTickets(view.sort))
    .slice(0, limit);
}

// ---- page API -----------------------------------------------------------------------------------

const percentileOf = (samples: readonly number[], p: number): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
};

const api: LocalPageApi = {
  /** Opens the user's replica as the workspace does, plus raw Dexie connections to the same IndexedDB. */
  async open({ serverUrl, userId, role }) {
    const started = performance.now();
    const opened = await openUserDatabase({ serverUrl, userId, role });
    db = opened;
    return { openMs: performance.now() - started, collections: Object.keys(opened.collections) };
  },

  async openRaw() {
    const tickets = (await open().tickets.find().exec()).map((document) => document.toJSON() as TicketDocType);
    const customers = (await open().customers.find().exec()).map((document) => document.toJSON() as CustomerDocType);
    plain = { tickets, segments: new Map(customers.map((customer) => [customer.id, customer.segment])) };
    return (COLLECTIONS.tickets.schema.indexes ?? []).map((index) => (Array.isArray(index) ? `[${index.join('+')}]` : String(index)));
  },

  closeRaw() {
    plain = null;
  },

  /** Writes documents into a collection through RxDB (bulkInsert: one storage write per call). */
  async insert(collection, documents) {
    const target = collectionNamed(collection);
    const started = performance.now();
    const result = await target.bulkInsert(documents as GenericDocType[]);
    if (result.error.length > 0) throw new Error(`${collection}: ${String(result.error.length)} inserts refused, first: ${JSON.stringify(result.error[0]).slice(0, 400)}`);
    if (collection === 'settings') settings = (await target.find().exec()).map((document) => document.toJSON() as unknown as SettingsDocument);
    return performance.now() - started;
  },

  async counts(collections) {
    const counts: Record<string, number> = {};
    for (const name of collections) counts[name] = await collectionNamed(name).count().exec();
    return counts;
  },

  /** The plan a view runs (for the notes): each segment's selector and sort, and whether rows are checked after. */
  describeView(viewId, contextInput) {
    const { plan } = plannedView(viewId, contextFor(contextInput));
    return plan === null ? null : { slaCheck: plan.slaCheck, segments: plan.segments.map((segment) => ({ selector: segment.selector, sort: segment.sort })) };
  },

  /**
   * Times one view: `samples` rounds, each the queue page's read (plan + queueRows to the first
   * emission, query cache cleared first) and the raw Dexie query, alternating so load drifts hit both
   * (`skipRaw`: ours alone, for a profile).
   */
  async measureView(viewId, contextInput, { samples, minSamples, warmup, limit, budgetMs, skipRaw = false }): Promise<ViewResult> {
    const context = contextFor(contextInput);
    const tickets = open().tickets;
    const ours: number[] = [];
    const direct: number[] = [];
    let oursIds: string[] = [];
    let rawIds: string[] = [];
    let firstMs: number | null = null;
    const began = performance.now();
    for (let round = 0; round < warmup + samples; round += 1) {
      // A slow view stops early (after minSamples) so one view cannot take the whole run.
      if (ours.length >= minSamples && performance.now() - began > budgetMs) break;
      forgetQueries(tickets);
      forgetQueries(open().customers);
      let started = performance.now();
      const { plan, keep } = plannedView(viewId, context);
      const rows = await firstValueFrom(queueRows(open(), plan, limit, keep));
      const oursMs = performance.now() - started;
      firstMs ??= oursMs;
      started = performance.now();
      // Profiling leaves the raw query out: its time would hide ours.
      const rawRows = skipRaw ? rows : rawView(viewId, context, limit);
      const rawMs = performance.now() - started;
      if (round >= warmup) {
        ours.push(oursMs);
        direct.push(rawMs);
      }
      oursIds = rows.map((row) => row.id);
      rawIds = rawRows.map((row) => row.id);
    }
    const firstDifference = oursIds.findIndex((id, at) => rawIds[at] !== id);
    return {
      samples: ours.length,
      firstMs,
      ours: { p50: percentileOf(ours, 50), p95: percentileOf(ours, 95), max: Math.max(...ours) },
      raw: { p50: percentileOf(direct, 50), p95: percentileOf(direct, 95), max: Math.max(...direct) },
      rows: oursIds.length,
      rawRows: rawIds.length,
      sameRows: oursIds.length === rawIds.length && firstDifference === -1,
      firstDifference: firstDifference === -1 ? null : { at: firstDifference, ours: oursIds[firstDifference], raw: rawIds[firstDifference] },
    };
  },

  /** How many tickets each view holds (what the view list shows), by predicate over every ticket: for the notes. */
  viewSizes(viewIds, contextInput) {
    const context = contextFor(contextInput);
    const { tickets: all, segments: customers } = plainData();
    const sizes: Record<string, number> = {};
    for (const viewId of viewIds) {
      const { filters } = plannedView(viewId, context);
      sizes[viewId] = filters === null ? 0 : all.filter((ticket) => matchesQueue(ticket, filters, context, (candidate) => slaSetupFor(candidate, customers.get(ticket.customerId), settings))).length;
    }
    sizes['withDueDate'] = all.filter((ticket) => !FINISHED_TICKET_STATUSES.includes(ticket.status) && DUE_FIELD_NAMES.some((field) => ticket[field] !== undefined)).length;
    return Promise.resolve(sizes);
  },

  /** Starts the renderer's knowledge search (its worker indexes every article) and waits until `probe` finds something. */
  async startSearch(probe, timeoutMs) {
    const search = searchOf();
    const started = performance.now();
    for (;;) {
      const hits = await search.search(probe, {});
      if (hits.length > 0) return performance.now() - started;
      if (performance.now() - started > timeoutMs) throw new Error(`the search worker found nothing for "${probe}" within ${String(timeoutMs)} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  },

  /** Typeahead through the worker, one keystroke after the other (each answered before the next), as the article picker searches. */
  async typeahead(queries, options) {
    const search = searchOf();
    const latencies: number[] = [];
    for (const query of queries) {
      const started = performance.now();
      await search.search(query, options);
      latencies.push(performance.now() - started);
    }
    return latencies;
  },
};

Object.assign(globalThis, { [LOCAL_PAGE_GLOBAL]: api });
