/**
 * Saved views in Chromium (web mode): an agent filters the queue by a customer and an assignee picked
 * by name, saves the view (the server stores both filters), renames it from the view's menu with the
 * keyboard, deletes it after confirming, undoes the deletion, and deletes it for good — the server
 * following each step. The ticket is created through the sync API, as another client would.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { apiToken, seriousViolations, serverDocuments, signIn, ticketRow } from './support';

const AGENT = 'agent@example.com';

async function serverView(request: APIRequestContext, name: RegExp): Promise<Record<string, unknown> | undefined> {
  return (await serverDocuments(request, 'settings', AGENT)).filter((doc) => doc['kind'] === 'savedView' && name.test(String(doc['name']))).at(-1);
}

test('a saved view filtered by customer and assignee is saved, renamed, deleted, restored with Undo and deleted again', async ({ page, request }) => {
  const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const customer = (await serverDocuments(request, 'customers', AGENT)).find((doc) => doc['mergedIntoId'] === undefined && String(doc['name']).length > 5);
  if (customer === undefined) throw new Error('The demo server has no customers');
  const customerName = String(customer['name']);
  const ticketId = `tkt_view_${stamp}`;
  const now = new Date().toISOString();
  const token = await apiToken(request, AGENT);
  const pushed = await request.post('/api/v1/sync/tickets/push', {
    headers: { authorization: `Bearer ${token}` },
    data: [
      {
        newDocumentState: {
          id: ticketId,
          subject: `Picked by customer ${stamp}`,
          status: 'open',
          priority: 'normal',
          channel: 'chat',
          tier: 'L1',
          customerId: customer['id'],
          assigneeId: 'usr_bruno',
          tags: [],
          createdAt: now,
          updatedAt: now,
          _deleted: false,
        },
      },
    ],
  });
  expect(pushed.status(), await pushed.text()).toBe(200);

  await signIn(page, AGENT);
  await page.getByRole('button', { name: 'Filters' }).click();
  const filters = page.getByRole('dialog', { name: 'Filters' });
  const customerPicker = filters.getByRole('combobox', { name: 'Customer' });
  await customerPicker.fill(customerName);
  await filters.getByRole('option', { name: customerName, exact: true }).first().click();
  const assigneePicker = filters.getByRole('combobox', { name: 'Assignee' });
  await assigneePicker.fill('Bruno');
  await filters.getByRole('option', { name: 'Bruno Lima' }).click();
  expect(await seriousViolations(page, '[role="dialog"]'), 'filters').toEqual([]);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Filters (2)' })).toBeVisible();
  await expect(ticketRow(page, ticketId)).toBeVisible();

  await page.getByRole('button', { name: 'Save view' }).click();
  const saveDialog = page.getByRole('dialog', { name: 'Save as a view' });
  await saveDialog.getByRole('textbox', { name: 'Name' }).fill(`Bruno’s ${stamp}`);
  await saveDialog.getByRole('button', { name: 'Save view' }).click();
  await expect(saveDialog).toBeHidden();
  await expect(page.getByTestId('queue-title')).toHaveText(`Bruno’s ${stamp}`);
  await expect(ticketRow(page, ticketId)).toBeVisible();
  await expect
    .poll(async () => ((await serverView(request, new RegExp(stamp)))?.['savedView'] as { filters?: unknown } | undefined)?.filters)
    .toEqual({ customerIds: [customer['id']], assigneeIds: ['usr_bruno'] });

  // Rename, from the keyboard: Enter on the menu button, Enter on the item; the dialog's field has focus.
  const options = page.getByRole('button', { name: `Options for view “Bruno’s ${stamp}”` });
  await options.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('menuitem', { name: 'Rename…' }).press('Enter');
  const renameDialog = page.getByRole('dialog', { name: 'Rename view' });
  const nameField = renameDialog.getByRole('textbox', { name: 'Name' });
  await expect(nameField).toBeFocused();
  expect(await seriousViolations(page, '[role="dialog"]'), 'rename dialog').toEqual([]);
  await nameField.fill(`Bruno, one customer ${stamp}`);
  await nameField.press('Enter');
  await expect(renameDialog).toBeHidden();
  await expect(page.getByTestId('queue-title')).toHaveText(`Bruno, one customer ${stamp}`);
  await expect.poll(async () => (await serverView(request, new RegExp(stamp)))?.['name']).toBe(`Bruno, one customer ${stamp}`);

  // Delete after confirming; Undo brings it back with its filters; delete again.
  const remove = async () => {
    await page.getByRole('button', { name: `Options for view “Bruno, one customer ${stamp}”` }).click();
    await page.getByRole('menuitem', { name: 'Delete…' }).click();
    const confirm = page.getByRole('dialog', { name: `Delete the view “Bruno, one customer ${stamp}”?` });
    await confirm.getByRole('button', { name: 'Delete view' }).click();
    await expect(confirm).toBeHidden();
    await expect(page.locator('[data-testid="queue-view"]', { hasText: stamp })).toHaveCount(0);
  };
  await remove();
  await expect(page.getByTestId('queue-title')).toHaveText('All');
  await expect.poll(async () => (await serverView(request, new RegExp(stamp)))?.['_deleted']).toBe(true);
  await page.getByRole('button', { name: 'Undo' }).click();
  const restored = page.locator('[data-testid="queue-view"]', { hasText: `Bruno, one customer ${stamp}` });
  await expect(restored).toBeVisible();
  await restored.click();
  await expect(ticketRow(page, ticketId)).toBeVisible();
  await expect.poll(async () => (await serverView(request, new RegExp(stamp)))?.['_deleted']).toBe(false);

  await remove();
  await expect.poll(async () => (await serverView(request, new RegExp(stamp)))?.['_deleted']).toBe(true);
});
