import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { apiToken, editSubject, signIn, ticketRow } from './support';

type WireDoc = Record<string, unknown> & { id: string; _deleted: boolean };

/** Another client (a supervisor) writing a ticket through the public sync API. */
async function supervisorUpdate(request: APIRequestContext, ticketId: string, change: (doc: WireDoc) => WireDoc): Promise<void> {
  const token = await apiToken(request, 'supervisor@example.com');
  const headers = { authorization: `Bearer ${token}` };
  let master: WireDoc | undefined;
  let checkpoint: unknown = null;
  for (;;) {
    const query = checkpoint === null ? '' : `&checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}`;
    const response = await request.get(`/api/v1/sync/tickets/pull?limit=1000${query}`, { headers });
    expect(response.ok()).toBe(true);
    const page = (await response.json()) as { documents: WireDoc[]; checkpoint: unknown };
    for (const doc of page.documents) if (doc.id === ticketId) master = doc;
    if (page.documents.length === 0) break;
    checkpoint = page.checkpoint;
  }
  if (master === undefined) throw new Error(`ticket ${ticketId} not found on the server`);
  const push = await request.post('/api/v1/sync/tickets/push', {
    headers,
    data: [{ assumedMasterState: master, newDocumentState: change(master) }],
  });
  expect(push.ok()).toBe(true);
  expect(await push.json()).toEqual([]);
}

function syncDetails(page: Page) {
  return page.getByRole('dialog', { name: 'Sync details' });
}

test('sync details: an offline edit is listed as pending and clears once back online', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'agent@example.com');
  const ticketId = (await page.getByTestId('ticket-row').nth(3).getAttribute('data-ticket-id')) ?? '';
  expect(ticketId).not.toBe('');

  await context.setOffline(true);
  await editSubject(page, ticketId, `Pending edit ${Date.now()}`);
  const indicator = page.getByTestId('sync-indicator');
  await expect(indicator).toHaveAttribute('data-state', 'offline');

  // Keyboard: the indicator is a button that opens the panel.
  await indicator.focus();
  await page.keyboard.press('Enter');
  const panel = syncDetails(page);
  await expect(panel).toBeVisible();
  await expect(panel.locator(`[data-testid="sync-pending-item"][data-document-id="${ticketId}"]`)).toBeVisible();
  await expect(panel.locator('[data-testid="sync-collection-row"][data-collection="tickets"]')).toHaveAttribute('data-pending', '1');

  await context.setOffline(false);
  await expect(panel.getByTestId('sync-pending-item')).toHaveCount(0, { timeout: 30_000 });
  await expect(panel.getByTestId('sync-pending-empty')).toBeVisible();
  await expect(panel.locator('[data-testid="sync-collection-row"][data-collection="tickets"]')).toHaveAttribute('data-pending', '0');
  await expect(indicator).toHaveAttribute('data-pending', '0');

  // Escape closes it and gives focus back to the indicator.
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(indicator).toBeFocused();
  await context.close();
});

test('sync details: a change the server refuses is listed with its reason, and can be discarded', async ({ browser, request }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'agent@example.com');
  const rows = page.getByTestId('ticket-row');
  const ticketId = (await rows.nth(4).getAttribute('data-ticket-id')) ?? '';
  const otherId = (await rows.nth(5).getAttribute('data-ticket-id')) ?? '';
  expect(ticketId).not.toBe('');
  expect(otherId).not.toBe('');

  // Carla (supervisor) closes the ticket; Ana sees it live.
  await supervisorUpdate(request, ticketId, (doc) => ({ ...doc, status: 'closed' }));
  await expect(ticketRow(page, ticketId)).toContainText('Closed');

  // Offline, Ana reopens it…
  await context.setOffline(true);
  await ticketRow(page, ticketId).click();
  await page.getByRole('combobox', { name: 'Status' }).click();
  await page.getByRole('option', { name: 'Open', exact: true }).click();
  await page.getByRole('button', { name: /^save$/i }).click();
  await expect(page.getByText('Changes saved on this device.', { exact: false })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(ticketRow(page, ticketId)).toContainText('Open');

  // …while Carla merges it into another ticket (a merged ticket must stay closed).
  await supervisorUpdate(request, ticketId, (doc) => ({ ...doc, mergedIntoId: otherId }));

  // Back online, the field merge combines "open" with the merge, which the server refuses (422).
  await context.setOffline(false);
  const indicator = page.getByTestId('sync-indicator');
  await expect(indicator).toHaveAttribute('data-rejected', '1', { timeout: 30_000 });
  await expect(indicator).toHaveAttribute('data-pending', '0');
  // The local copy went back to the server's version: closed and merged, so it left the queue's views.
  await expect(ticketRow(page, ticketId)).toHaveCount(0);
  await page.goto(`/#/tickets/${ticketId}`);
  await expect(page.getByRole('combobox', { name: 'Status' })).toHaveValue('Closed');

  await indicator.click();
  const panel = syncDetails(page);
  const rejection = panel.locator(`[data-testid="sync-rejection"][data-document-id="${ticketId}"]`);
  await expect(rejection).toBeVisible();
  await expect(rejection).toHaveAttribute('data-code', 'validation_failed');
  await expect(rejection).toHaveAttribute('data-operation', 'update');
  await expect(rejection).toContainText('The server found invalid values.');
  await expect(rejection).toContainText('/status');
  await expect(rejection).toContainText('Status: “Open”');

  await rejection.getByRole('button', { name: /^Discard/ }).click();
  await expect(panel.getByTestId('sync-rejection')).toHaveCount(0);
  await expect(indicator).toHaveAttribute('data-rejected', '0');
  await context.close();
});

test('sync details: a same-field clash is recorded on the ticket history and in the conflict log', async ({ browser, request }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'agent@example.com');
  const ticketId = (await page.getByTestId('ticket-row').nth(6).getAttribute('data-ticket-id')) ?? '';
  expect(ticketId).not.toBe('');
  await supervisorUpdate(request, ticketId, (doc) => ({ ...doc, priority: 'normal' }));
  await expect(ticketRow(page, ticketId)).toContainText('Normal');

  // Offline, Ana lowers the priority; meanwhile Carla raises it. The server's value wins the field.
  await context.setOffline(true);
  await ticketRow(page, ticketId).click();
  await page.getByRole('combobox', { name: 'Priority' }).click();
  await page.getByRole('option', { name: 'Low', exact: true }).click();
  await page.getByRole('button', { name: /^save$/i }).click();
  await supervisorUpdate(request, ticketId, (doc) => ({ ...doc, priority: 'urgent' }));
  await context.setOffline(false);

  // The ticket's history shows what was overwritten (the entry replicates like any other).
  const entry = page.locator('[data-testid="timeline-entry"][data-kind="sync_conflict"]').first();
  await expect(entry).toBeVisible({ timeout: 30_000 });
  await expect(entry).toContainText('Priority: your “Low” was replaced by “Urgent”.');
  await expect(page.getByRole('combobox', { name: 'Priority' })).toHaveValue('Urgent');

  await page.getByTestId('sync-indicator').click();
  const conflict = syncDetails(page).locator(`[data-testid="sync-conflict"][data-document-id="${ticketId}"]`);
  await expect(conflict).toContainText('your “Low” was replaced by “Urgent”');
  await context.close();
});
