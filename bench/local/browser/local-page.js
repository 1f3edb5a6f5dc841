/* global window */
/**
 * The local benchmark page (bundled with Vite by bench/local/queue.ts, served on a private origin):
 * the renderer's own database code without React or a server. It opens the user's replica exactly as
 * the workspace does (`openUserDatabase`: Dexie on IndexedDB, the shared schemas and storage), takes
 * the documents the benchmark hands it, and times
 * - each queue view the way the queue page reads it: `queuePlan` of the view, then `queueRows`, the
 *   live rows of the first page, until their first emission; beside a hand-written Dexie query on the
 *   same IndexedDB giving the same rows;
 * - knowledge-base typeahead through the renderer's search worker (`knowledgeSearchOf`), round trip.
 */
import Dexie from 'dexie';
import { firstValueFrom } from 'rxjs';
import { collectionOf, databaseNameFor, openUserDatabase } from '../../../src/renderer/data/database';
import { knowledgeSearchOf } from '../../../src/renderer/features/knowledge/knowledge-search';
import { queueRows } from '../../../src/renderer/features/queue/queue-rows';
import { atRiskHorizon, DUE_FIELD_NAMES, FINISHED_TICKET_STATUSES } from '../../../src/shared/domain/queue-sla';
import { ACTIVE_STATUSES, builtInView, compareQueueTickets, matchesQueue, narrowFilters, queuePlan } from '../../../src/shared/domain/queue-views';
import { slaSetupFor } from '../../../src/shared/sla/policy';
import { COLLECTIONS } from '../../../src/shared/sync/collections';

let db = null;
let raw = null;
let settings = [];

function open() {
  if (db === null) throw new Error('local bench: open() first');
  return db;
}

/** The renderer's query cache would answer a repeated query from memory; every sample must reach the storage. */
function forgetQueries(collection) {
  collection._queryCache._map.clear();
}

function contextFor({ userId, tier, now }) {
  return { userId, tier, now, atRiskHorizon: atRiskHorizon(settings, now) };
}

/** What usePlannedView gives the queue page for a view without ad-hoc filters, search or sort. */
function plannedView(viewId, context) {
  const view = builtInView(viewId, context.tier);
  const filters = narrowFilters(view.filters, {});
  const plan = filters === null ? null : queuePlan(filters, view.sort, context, undefined);
  const keep = (ticket, segment) => filters !== null && matchesQueue(ticket, filters, context, (candidate) => slaSetupFor(candidate, segment, settings));
  return { view, filters, plan, keep };
}

// ---- raw Dexie ----------------------------------------------------------------------------------

/** The RxDB Dexie storage's own database of a collection (see rxdb/plugins/storage-dexie, getDexieDbWithTables). */
async function openRaw(serverUrl, userId, collection) {
  const name = `rxdb-dexie-${databaseNameFor(serverUrl, userId)}--${String(COLLECTIONS[collection].schema.version)}--${collection}`;
  const dexie = new Dexie(name);
  await dexie.open();
  return dexie;
}

const NOT_DELETED = '0';
const between = (index, prefix) => [index, [NOT_DELETED, ...prefix, Dexie.minKey, Dexie.minKey], [NOT_DELETED, ...prefix, Dexie.maxKey, Dexie.maxKey]];

/** Newest activity first along an index whose last fields are updatedAt and id, keeping what `keep` accepts. */
function newestFirst(table, [index, lower, upper], keep, limit) {
  return table.where(index).between(lower, upper, true, true).reverse().filter(keep).limit(limit).toArray();
}

/**
 * The same rows by hand, straight on IndexedDB: the natural Dexie query for each view over the indexes
 * the collection has. Views sorted by a due date have no index for it, so they read their candidates
 * and sort them in memory, like the storage does.
 */
async function rawView(viewId, context, limit) {
  const { filters, view } = plannedView(viewId, context);
  const table = raw.tickets.table('docs');
  const active = (ticket) => ACTIVE_STATUSES.includes(ticket.status);
  switch (viewId) {
    case 'all':
      return newestFirst(table, between('[_deleted+updatedAt+id]', []), () => true, limit);
    case 'mine':
      return newestFirst(table, between('[_deleted+updatedAt+id]', []), (ticket) => ticket.assigneeId === context.userId && active(ticket), limit);
    case 'unassigned':
      return newestFirst(table, between('[_deleted+updatedAt+id]', []), (ticket) => ticket.assigneeId === undefined && active(ticket), limit);
    case 'my_tier':
      return newestFirst(table, between('[_deleted+updatedAt+id]', []), (ticket) => ticket.tier === context.tier && active(ticket), limit);
    case 'pending_customer':
      return newestFirst(table, between('[_deleted+status+updatedAt+id]', ['pending']), () => true, limit);
    default: {
      // SLA views: tickets with a due date in the range, by status, every candidate read, then sorted.
      const dueIn = viewId === 'breached' ? (due) => Date.parse(due) <= context.now : (due) => Date.parse(due) > context.now && Date.parse(due) <= context.atRiskHorizon;
      const statuses = viewId === 'breached' ? ACTIVE_STATUSES : ['new', 'open', 'on-hold'];
      const candidates = (
        await Promise.all(
          statuses.map((status) =>
            table
              .where('[_deleted+status+updatedAt+id]')
              .between(...between('[_deleted+status+updatedAt+id]', [status]).slice(1), true, true)
              .filter((ticket) => DUE_FIELD_NAMES.some((field) => ticket[field] !== undefined && dueIn(ticket[field])))
              .toArray(),
          ),
        )
      ).flat();
      let kept = candidates;
      if (viewId === 'sla_at_risk') {
        const customers = await raw.customers.table('docs').bulkGet([...new Set(candidates.map((ticket) => ticket.customerId))]);
        const segments = new Map(customers.filter(Boolean).map((customer) => [customer.id, customer.segment]));
        kept = candidates.filter((ticket) => matchesQueue(ticket, filters, context, (candidate) => slaSetupFor(candidate, segments.get(ticket.customerId), settings)));
      }
      return kept.sort(compareQueueTickets(view.sort)).slice(0, limit);
    }
  }
}

// ---- page API -----------------------------------------------------------------------------------

const percentileOf = (samples, p) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

window.atendeLocalBench = {
  /** Opens the user's replica as the workspace does, plus raw Dexie connections to the same IndexedDB. */
  async open({ serverUrl, userId, role }) {
    const started = performance.now();
    db = await openUserDatabase({ serverUrl, userId, role });
    return { openMs: performance.now() - started, collections: Object.keys(db.collections) };
  },

  async openRaw({ serverUrl, userId }) {
    raw = { tickets: await openRaw(serverUrl, userId, 'tickets'), customers: await openRaw(serverUrl, userId, 'customers') };
    return raw.tickets.table('docs').schema.indexes.map((index) => index.name);
  },

  /** Writes documents into a collection through RxDB (bulkInsert: one storage write per call). */
  async insert(collection, documents) {
    const target = collectionOf(open(), collection);
    if (target === undefined) throw new Error(`this replica has no ${collection} collection`);
    const started = performance.now();
    const result = await target.bulkInsert(documents);
    if (result.error.length > 0) throw new Error(`${collection}: ${String(result.error.length)} inserts refused, first: ${JSON.stringify(result.error[0]).slice(0, 400)}`);
    if (collection === 'settings') settings = (await target.find().exec()).map((document) => document.toJSON());
    return performance.now() - started;
  },

  async counts(collections) {
    const counts = {};
    for (const name of collections) counts[name] = await collectionOf(open(), name).count().exec();
    return counts;
  },

  /** The plan a view runs (for the notes): each segment's selector and sort, and whether rows are checked after. */
  describeView(viewId, contextInput) {
    const { plan } = plannedView(viewId, contextFor(contextInput));
    return plan === null ? null : { slaCheck: plan.slaCheck, segments: plan.segments.map((segment) => ({ selector: segment.selector, sort: segment.sort })) };
  },

  /**
   * Times one view: `samples` rounds, each the queue page's read (plan + queueRows to the first
   * emission, query cache cleared first) and the raw Dexie query, alternating so load drifts hit both.
   */
  async measureView(viewId, contextInput, { samples, minSamples, warmup, limit, budgetMs }) {
    const context = contextFor(contextInput);
    const tickets = open().tickets;
    const ours = [];
    const direct = [];
    let oursIds = [];
    let rawIds = [];
    let firstMs = null;
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
      const rawRows = await rawView(viewId, context, limit);
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
  async viewSizes(viewIds, contextInput) {
    const context = contextFor(contextInput);
    const all = await raw.tickets.table('docs').toArray();
    const customers = new Map((await raw.customers.table('docs').toArray()).map((customer) => [customer.id, customer.segment]));
    const sizes = {};
    for (const viewId of viewIds) {
      const { filters } = plannedView(viewId, context);
      sizes[viewId] = filters === null ? 0 : all.filter((ticket) => matchesQueue(ticket, filters, context, (candidate) => slaSetupFor(candidate, customers.get(ticket.customerId), settings))).length;
    }
    sizes.withDueDate = all.filter((ticket) => !FINISHED_TICKET_STATUSES.includes(ticket.status) && DUE_FIELD_NAMES.some((field) => ticket[field] !== undefined)).length;
    return sizes;
  },

  /** Starts the renderer's knowledge search (its worker indexes every article) and waits until `probe` finds something. */
  async startSearch(probe, timeoutMs) {
    const search = knowledgeSearchOf(open());
    if (search === null) throw new Error('this replica has no articles');
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
    const search = knowledgeSearchOf(open());
    const latencies = [];
    for (const query of queries) {
      const started = performance.now();
      await search.search(query, options);
      latencies.push(performance.now() - started);
    }
    return latencies;
  },
};
