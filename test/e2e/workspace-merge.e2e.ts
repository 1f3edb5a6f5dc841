/**
 * Merging duplicate tickets in Chromium (web mode), offline: the agent merges a ticket into another
 * from its page with the keyboard-usable picker; the source is closed and links to the survivor, the
 * survivor's history shows the source's messages, the queue hides the source; back online, the server
 * has the merge — both tickets as written and a `merge` event on each.
 * Tickets and the customer's message are created through the sync API, as other clients would.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { apiToken, seriousViolations, serverDocuments, signIn, ticketRow } from './support';

const AGENT = 'agent@example.com';

async function push(request: APIRequestContext, collection: string, documents: readonly Record<string, unknown>[]): Promise<void> {
  const token = await apiToken(request, AGENT);
  const response = await request.post(`/api/v1/sync/${collection}/push`, {
    headers: { authorization: `Bearer ${token}` },
    data: documents.map((doc) => ({ newDocumentState: { ...doc, _deleted: false } })),
  });
  expect(response.status(), await response.text()).toBe(200);
  expect(await response.json()).toEqual([]);
}

async function serverTicket(request: APIRequestContext, id: string): Promise<Record<string, unknown> | undefined> {
  return (await serverDocuments(request, 'tickets', AGENT)).filter((doc) => doc['id'] === id).at(-1);
}

test('an agent merges a duplicate ticket offline; the source closes and links to the survivor, which shows its messages; the server records it', async ({ browser, request }) => {
  const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const customers = await serverDocuments(request, 'customers', AGENT);
  const customerId = customers.find((doc) => doc['mergedIntoId'] === undefined)?.['id'];
  if (typeof customerId !== 'string') throw new Error('The demo server has no customers');
  const now = new Date().toISOString();
  const ticket = (id: string, fields: Record<string, unknown>) => ({
    id,
    status: 'open',
    priority: 'normal',
    channel: 'email',
    tier: 'L1',
    customerId,
    tags: [],
    createdAt: now,
    updatedAt: now,
    ...fields,
  });
  const source = `tkt_mrg_${stamp}_dup`;
  const target = `tkt_mrg_${stamp}_orig`;
  const message = `The invoice came twice ${stamp}`;
  await push(request, 'tickets', [
    ticket(target, { subject: `Original ${stamp}`, tags: ['vip'] }),
    ticket(source, { subject: `Duplicate ${stamp}`, tags: [`billing-${stamp}`], priority: 'urgent' }),
  ]);
  await push(request, 'timeline', [
    { id: `tle_mrg_${stamp}`, subjectType: 'ticket', subjectId: source, kind: 'customer_message', occurredAt: now, authorType: 'customer', authorId: customerId, customerId, channel: 'email', body: message, recordedById: 'usr_ana', createdAt: now },
  ]);
  const sourceNumber = Number((await serverTicket(request, source))?.['number']);
  const targetNumber = Number((await serverTicket(request, target))?.['number']);
  expect(sourceNumber).toBeGreaterThan(0);
  expect(targetNumber).toBeGreaterThan(0);

  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, AGENT);
  await page.goto(`/#/tickets/${source}`);
  await expect(page.getByLabel('Subject', { exact: true })).toHaveValue(`Duplicate ${stamp}`);
  await expect(page.getByTestId('message-body').filter({ hasText: message })).toBeVisible();

  await context.setOffline(true);
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'offline');

  await page.getByRole('button', { name: 'Merge into…' }).click();
  const dialog = page.getByRole('dialog', { name: `Merge #${String(sourceNumber)} into another ticket` });
  const picker = dialog.getByRole('combobox', { name: 'Ticket to merge into' });
  await expect(picker).toBeFocused();
  await picker.fill(`#${String(targetNumber)}`);
  await expect(page.getByRole('option', { name: `#${String(targetNumber)} · Original ${stamp} (Open)` })).toBeVisible();
  await picker.press('ArrowDown');
  await picker.press('Enter');
  const summary = dialog.getByTestId('merge-summary');
  await expect(summary).toContainText(`#${String(sourceNumber)} will be closed and linked to #${String(targetNumber)}`);
  await expect(summary).toContainText(`tags: billing-${stamp}`);
  await expect(summary).toContainText('priority Urgent');
  expect(await seriousViolations(page, '[role="dialog"]'), 'merge dialog').toEqual([]);
  await dialog.getByRole('button', { name: 'Merge', exact: true }).click();

  // On the survivor: the source's message in its history, marked with where it came from.
  await expect(page).toHaveURL(new RegExp(`#/tickets/${target}$`));
  await expect(page.getByLabel('Subject', { exact: true })).toHaveValue(`Original ${stamp}`);
  const carried = page.locator(`[data-testid="timeline-entry"][data-subject-id="${source}"]`).filter({ hasText: message });
  await expect(carried).toBeVisible();
  await expect(carried.getByTestId('timeline-entry-origin')).toHaveText(`From #${String(sourceNumber)}`);
  expect(await seriousViolations(page), 'survivor').toEqual([]);

  // The source: closed, with a banner leading to the survivor.
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`#/tickets/${source}$`));
  const banner = page.getByTestId('merged-banner');
  await expect(banner).toContainText(`This ticket was merged into #${String(targetNumber)}: Original ${stamp}.`);
  await expect(page.getByRole('button', { name: 'Merge into…' })).toHaveCount(0);
  expect(await seriousViolations(page), 'merged ticket').toEqual([]);
  await banner.getByRole('link', { name: `Open #${String(targetNumber)}` }).click();
  await expect(page).toHaveURL(new RegExp(`#/tickets/${target}$`));

  // The queue no longer lists the duplicate, only the survivor.
  await page.getByRole('button', { name: 'Back to queue' }).click();
  await page.getByRole('searchbox', { name: 'Search tickets' }).fill(stamp);
  await expect(ticketRow(page, target)).toBeVisible();
  await expect(ticketRow(page, source)).toHaveCount(0);
  await expect(page.getByTestId('queue-count')).toHaveText('1 ticket');

  // Back online, the server has the merge: both tickets, and a merge event on each.
  await context.setOffline(false);
  await expect
    .poll(async () => {
      const [merged, survivor] = await Promise.all([serverTicket(request, source), serverTicket(request, target)]);
      return { source: [merged?.['status'], merged?.['mergedIntoId']], target: [survivor?.['tags'], survivor?.['priority'], survivor?.['mergedIntoId']] };
    })
    .toEqual({ source: ['closed', target], target: [['vip', `billing-${stamp}`], 'urgent', undefined] });
  await expect
    .poll(async () =>
      (await serverDocuments(request, 'timeline', AGENT))
        .filter((entry) => entry['kind'] === 'merge' && (entry['subjectId'] === source || entry['subjectId'] === target))
        .map((entry) => [entry['subjectId'], entry['fromValue'], entry['toValue']])
        .sort(),
    )
    .toEqual([
      [source, undefined, target],
      [target, source, target],
    ].sort());
  // The survivor's own merge event arrives through sync and names the merged ticket.
  await page.goto(`/#/tickets/${target}`);
  await expect(page.locator(`[data-testid="timeline-entry"][data-kind="merge"][data-subject-id="${target}"]`)).toContainText(
    `#${String(sourceNumber)} was merged into this ticket`,
  );
  await context.close();
});
