/**
 * Scenario 3, catch-up: a client with a full replica goes offline, makes `offlineEdits` edits (ticket
 * subjects), while the server takes `serverChanges` changes from another client (ticket descriptions);
 * half of the offline edits hit tickets the server also changed (other field). Timed from the moment
 * the network is back until the last push request is answered (the offline edits, their merges after
 * conflicts and the conflict records) and the client holds the server's newest change; the time until the
 * engine is idle (sync indicator `online`) is reported apart. Then verified, untimed: every offline edit on the server and
 * in the replica, every server change in the replica.
 *
 * Atende: the engine harness page (the renderer's database and sync engine without React) in Chromium,
 * bootstrapped from scratch first (reported as the engine-only bootstrap). PouchDB: the page of the
 * PouchDB bootstrap, offline the same way, then one two-way `sync` per database (PouchDB's way to
 * catch up after being offline).
 */
import type { BrowserContext, Page } from '@playwright/test';
import { pageClient, type PageClient } from '../../lib/page-api';
import { pullAll, push, type WireDoc } from '../atende';
import { idbCounts, poll } from '../browser';
import { HARNESS_GLOBAL, HARNESS_READY, type HarnessApi, type RequestSummary } from '../page-api';
import { NodePouch } from '../pouch-node';
import { pouchPage, sum } from './bootstrap';
import type { BenchContext } from './context';

export interface CatchupResult {
  readonly convergeMs: number;
  /** Atende: until the last push is answered / until the server's newest change is local / until the indicator says online. */
  readonly pushedMs?: number;
  readonly pulledMs?: number;
  readonly indicatorMs?: number;
  /** Atende: the engine's requests after going online, per `kind collection`. */
  readonly requests?: Readonly<Record<string, RequestSummary>>;
  readonly offlineEdits: number;
  readonly serverChanges: number;
  readonly serverChangeSeconds: number;
  /** Offline edits missing on the server / in the client afterwards. */
  readonly lostOnServer: number;
  readonly lostInClient: number;
  /** Server changes missing in the client afterwards. */
  readonly serverChangesMissing: number;
  /** Engine-only bootstrap (Atende side): documents and time. */
  readonly bootstrapDocs?: number;
  readonly bootstrapMs?: number;
}

/** Ticket ids: server changes hit tickets 1..S, offline edits S-E/2+1 .. S+E/2 (half overlap). */
export function catchupIds(serverChanges: number, offlineEdits: number, tickets: number) {
  const id = (index: number) => `tkt_${String(index + 1).padStart(6, '0')}`;
  const server = Array.from({ length: Math.min(serverChanges, tickets) }, (_, index) => id(index));
  const firstEdit = Math.max(0, Math.min(serverChanges - Math.floor(offlineEdits / 2), tickets - offlineEdits));
  const offline = Array.from({ length: Math.min(offlineEdits, tickets) }, (_, index) => id(firstEdit + index));
  return { server, offline };
}

const serverValue = (id: string) => `Server change for ${id}`;
const offlinePrefix = 'Offline edit';

/** The engine harness page (browser/harness.ts), once `ready()`. */
export function harness(page: Page): PageClient<HarnessApi> {
  return pageClient<HarnessApi>(page, HARNESS_GLOBAL, HARNESS_READY);
}

type Fields = Record<string, { subject?: unknown; description?: unknown }>;

async function readInChunks(read: (ids: string[]) => Promise<Fields>, ids: readonly string[]): Promise<Fields> {
  const result: Fields = {};
  for (let start = 0; start < ids.length; start += 2000) Object.assign(result, await read(ids.slice(start, start + 2000)));
  return result;
}

function countLost(docs: Fields, offline: readonly string[], server: readonly string[] | null): { lostEdits: number; missingServer: number } {
  let lostEdits = 0;
  let missingServer = 0;
  for (const id of offline) if (docs[id]?.subject !== `${offlinePrefix} ${id}`) lostEdits += 1;
  for (const id of server ?? []) if (docs[id]?.description !== serverValue(id)) missingServer += 1;
  return { lostEdits, missingServer };
}

export async function catchupAtende(ctx: BenchContext, context: BrowserContext): Promise<CatchupResult> {
  const { atende, options } = ctx;
  const ids = catchupIds(options.serverChanges, options.offlineEdits, options.tickets);
  const page = await context.newPage();
  await page.goto(`${atende.url}/bench/harness.html`);
  const api = harness(page);
  await api.ready();
  const bootStarted = Date.now();
  await api.call('open', { serverUrl: atende.url, token: atende.session.token, userId: atende.session.userId, role: atende.session.role });
  await poll(
    async () => ({ counts: await idbCounts(page, atende.collections), status: await api.call('status') }),
    ({ counts, status }) => status.state === 'online' && sum(counts) >= atende.total,
    { timeoutMs: options.timeoutMs, intervalMs: 200, what: 'the harness bootstrap' },
  );
  const bootstrapMs = Date.now() - bootStarted;
  ctx.log(`  atende harness: bootstrapped ${String(atende.total)} docs in ${String(bootstrapMs)} ms`);

  // The other client's view of the tickets the server will change (their current master state).
  const masters = new Map<string, WireDoc>();
  const wanted = new Set(ids.server);
  await pullAll(atende.url, atende.session.token, 'tickets', 1000, (doc) => {
    if (wanted.has(doc.id)) masters.set(doc.id, doc);
  });

  await context.setOffline(true);
  await poll(() => api.call('status'), (status) => status.state === 'offline', { timeoutMs: 30_000, what: 'the harness to notice it is offline' });
  const edited = await api.call('editTickets', ids.offline, offlinePrefix);
  if (edited !== ids.offline.length) throw new Error(`harness edited ${String(edited)} of ${String(ids.offline.length)} tickets`);

  const serverStarted = performance.now();
  const batches: string[][] = [];
  for (let start = 0; start < ids.server.length; start += 500) batches.push(ids.server.slice(start, start + 500));
  // Another client pushing 500 rows per request, 4 requests at a time.
  const pushBatch = async (batch: readonly string[]) => {
    const rows = batch.map((id) => {
      const master = masters.get(id);
      if (master === undefined) throw new Error(`no master state for ${id}`);
      return { assumedMasterState: master, newDocumentState: { ...master, description: serverValue(id) } };
    });
    const conflicts = await push(atende.url, atende.session.token, 'tickets', rows);
    if (conflicts > 0) throw new Error(`server changes conflicted (${String(conflicts)})`);
  };
  const lanes = Array.from({ length: 4 }, async (_, lane) => {
    for (let index = lane; index < batches.length; index += 4) await pushBatch(batches[index] ?? []);
  });
  await Promise.all(lanes);
  const serverChangeSeconds = (performance.now() - serverStarted) / 1000;
  ctx.log(`  atende: server took ${String(ids.server.length)} changes in ${serverChangeSeconds.toFixed(1)} s; going online`);

  const lastServer = ids.server.at(-1) ?? '';
  const pageOnline = await api.call('now');
  const online = Date.now();
  let pulledMs: number | undefined;
  await context.setOffline(false);
  // Until the engine is idle: nothing pending, no replication active, the stream open (what the indicator shows as online).
  await poll(
    async () => ({
      status: await api.call('status'),
      docs: pulledMs === undefined ? await api.call('read', 'tickets', [lastServer], ['description']) : {},
    }),
    ({ status, docs }) => {
      if (pulledMs === undefined && (lastServer === '' || docs[lastServer]?.description === serverValue(lastServer))) pulledMs = Date.now() - online;
      return pulledMs !== undefined && status.pending === 0 && status.state === 'online';
    },
    { timeoutMs: options.timeoutMs, intervalMs: 25, what: 'the harness to converge' },
  );
  const indicatorMs = Date.now() - online;
  const requests = await api.call('requests', pageOnline);
  // Converged = the last push (offline edits, their merges after conflicts, conflict records) answered and the server's newest change local.
  const pushedMs = Math.max(0, ...Object.entries(requests).filter(([key]) => key.startsWith('push ')).map(([, item]) => item.lastEndMs));
  const convergeMs = Math.max(pushedMs, pulledMs ?? indicatorMs);
  ctx.log(`  atende: requests after going online: ${JSON.stringify(requests)}`);
  ctx.log(`  atende: converged in ${String(Math.round(convergeMs))} ms (pushes done ${String(Math.round(pushedMs))} ms, server changes local ${String(pulledMs)} ms, indicator online ${String(indicatorMs)} ms)`);

  // Verification, untimed.
  const serverDocs: Fields = {};
  const check = new Set([...ids.offline, ...ids.server]);
  await pullAll(atende.url, atende.session.token, 'tickets', 1000, (doc) => {
    if (check.has(doc.id)) serverDocs[doc.id] = { subject: doc['subject'], description: doc['description'] };
  });
  const onServer = countLost(serverDocs, ids.offline, ids.server);
  const clientDocs = await readInChunks((chunk) => api.call('read', 'tickets', chunk, ['subject', 'description']), [...check]);
  const inClient = countLost(clientDocs, ids.offline, ids.server);
  await api.call('close');
  await page.close();
  return {
    convergeMs,
    pushedMs,
    ...(pulledMs === undefined ? {} : { pulledMs }),
    indicatorMs,
    requests,
    offlineEdits: ids.offline.length,
    serverChanges: ids.server.length,
    serverChangeSeconds,
    lostOnServer: onServer.lostEdits + onServer.missingServer,
    lostInClient: inClient.lostEdits,
    serverChangesMissing: inClient.missingServer,
    bootstrapDocs: atende.total,
    bootstrapMs,
  };
}

export async function catchupPouch(ctx: BenchContext, page: Page): Promise<CatchupResult> {
  const { options } = ctx;
  const pouch = ctx.pouch;
  if (pouch === undefined) throw new Error('PouchDB side not started');
  const ids = catchupIds(options.serverChanges, options.offlineEdits, options.tickets);
  const api = pouchPage(page);
  const context = page.context();
  await context.setOffline(true);
  const edited = await api.call('editTickets', ids.offline, offlinePrefix);
  if (edited !== ids.offline.length) throw new Error(`PouchDB page edited ${String(edited)} of ${String(ids.offline.length)} tickets`);

  const remote = new NodePouch(`${pouch.url}tickets`);
  const serverStarted = performance.now();
  for (let start = 0; start < ids.server.length; start += 500) {
    const chunk = ids.server.slice(start, start + 500);
    const { rows } = await remote.allDocs({ keys: chunk, include_docs: true });
    const docs = rows.map((row) => {
      if (row.doc === undefined) throw new Error(`PouchDB server has no ${row.id}`);
      return { ...row.doc, description: serverValue(row.id) };
    });
    const results = await remote.bulkDocs(docs);
    if (results.some((result) => result.error !== undefined)) throw new Error('PouchDB server changes failed');
  }
  const serverChangeSeconds = (performance.now() - serverStarted) / 1000;
  ctx.log(`  pouchdb: server took ${String(ids.server.length)} changes in ${serverChangeSeconds.toFixed(1)} s; going online`);

  await context.setOffline(false);
  const online = Date.now();
  await api.call('sync', { base: pouch.url, collections: pouch.collections, batchSize: ctx.batchSize });
  const convergeMs = Date.now() - online;
  ctx.log(`  pouchdb: converged in ${String(convergeMs)} ms`);

  const check = [...new Set([...ids.offline, ...ids.server])];
  const serverDocs: Fields = {};
  for (let start = 0; start < check.length; start += 2000) {
    const { rows } = await remote.allDocs({ keys: check.slice(start, start + 2000), include_docs: true });
    for (const row of rows) if (row.doc !== undefined) serverDocs[row.id] = { subject: row.doc['subject'], description: row.doc['description'] };
  }
  const onServer = countLost(serverDocs, ids.offline, ids.server);
  const clientDocs = await readInChunks((chunk) => api.call('read', 'tickets', chunk, ['subject', 'description']), check);
  const inClient = countLost(clientDocs, ids.offline, ids.server);
  return {
    convergeMs,
    offlineEdits: ids.offline.length,
    serverChanges: ids.server.length,
    serverChangeSeconds,
    lostOnServer: onServer.lostEdits + onServer.missingServer,
    lostInClient: inClient.lostEdits,
    serverChangesMissing: inClient.missingServer,
  };
}
