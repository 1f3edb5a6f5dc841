/**
 * What bounds the bootstrap's write rate: raw IndexedDB writes in Chromium of the bench's tickets in
 * the layouts a replica could use (browser/idb-layout.ts), rounds interleaved so load drifts hit each
 * alike, the median of each printed. `npx tsx bench/sync/idb-layout.ts [tickets] [rounds]`; prints only
 * (the numbers go into the bootstrap notes of docs/benchmarks.md by hand).
 */
import { join } from 'node:path';
import { remotePage } from '../lib/page-api';
import { localDataset } from '../local/queue-dataset';
import { classicScript, launchBrowser } from './browser';
import { IDB_LAYOUT_GLOBAL, type IdbLayout, type IdbLayoutApi } from './page-api';

const TICKETS = Number(process.argv[2] ?? 20_000);
const ROUNDS = Number(process.argv[3] ?? 3);
/** A pull page, as the replica writes it. */
const BATCH = 200;
const ORIGIN = 'http://atende.idb-layout';
const LAYOUTS: readonly { layout: IdbLayout; what: string }[] = [
  { layout: 'rxdb+meta', what: 'RxDB today: ticket row (RxDB\'s Dexie indexes) + replication meta row with a full copy' },
  { layout: 'rxdb+ref', what: 'ticket row + a small meta row (revision only)' },
  { layout: 'rxdb', what: 'ticket row alone (RxDB\'s Dexie indexes)' },
  { layout: 'lean', what: 'ticket row, RxDB\'s Dexie layout with only the updatedAt and [customerId, updatedAt] indexes' },
  { layout: 'key', what: 'ticket row, primary key only' },
  { layout: 'pages', what: 'one row per pulled page of documents' },
];

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

const { tickets } = localDataset({ tickets: TICKETS, customers: Math.max(1, Math.ceil(TICKETS / 5)), articles: 1 });
const documents = tickets.map((ticket, at) => ({ ...ticket, _rev: '1-bench', _meta: { lwt: 1_700_000_000_000 + at }, _attachments: {} }));
const script = await classicScript(join(import.meta.dirname, 'browser', 'idb-layout.ts'), 'AtendeBenchIdbLayout');
const browser = await launchBrowser(false);
try {
  const context = await browser.newContext();
  // IndexedDB needs a real origin: an empty page on a private one.
  await context.route(`${ORIGIN}/**`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>idb layout</title>' }));
  await context.addInitScript({ content: script });
  const page = await context.newPage();
  await page.goto(`${ORIGIN}/`);
  const layouts = remotePage<IdbLayoutApi>(page, IDB_LAYOUT_GLOBAL);
  const rates = new Map<IdbLayout, number[]>(LAYOUTS.map(({ layout }) => [layout, []]));
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const { layout } of LAYOUTS) rates.get(layout)?.push(await layouts.write(layout, documents, BATCH));
    console.log(`round ${String(round)}: ${LAYOUTS.map(({ layout }) => `${layout} ${String(rates.get(layout)?.at(-1))}`).join(', ')} docs/s`);
  }
  console.table(LAYOUTS.map(({ layout, what }) => ({ layout, what, 'docs/s (median)': median(rates.get(layout) ?? []) })));
} finally {
  await browser.close();
}
