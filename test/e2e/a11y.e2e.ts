/**
 * axe-core on the main screens (sign-in, queue, ticket, sync details, command palette open): no serious
 * or critical violations. A failure lists each rule with its impact and the offending nodes.
 */
import { expect, test, type Page } from '@playwright/test';
import { seriousViolations, signIn } from './support';

/** Signed in, the queue's views counted. */
async function openQueue(page: Page): Promise<void> {
  await signIn(page, 'agent@example.com');
  await expect(page.locator('[data-testid="queue-view"][data-count]:not([data-count=""])').first()).toBeVisible();
}

test('sign-in screen', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: /sign in/i })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('queue, ticket and sync details', async ({ page }) => {
  await openQueue(page);
  expect(await seriousViolations(page), 'queue').toEqual([]);

  await page.getByTestId('ticket-row').first().click();
  await expect(page.getByLabel('Subject', { exact: true })).toBeVisible();
  expect(await seriousViolations(page), 'ticket').toEqual([]);

  await page.getByTestId('sync-indicator').click();
  await expect(page.getByRole('dialog', { name: 'Sync details' })).toBeVisible();
  expect(await seriousViolations(page), 'sync details').toEqual([]);
});

test('command palette open, with an option chosen and with nothing found', async ({ page }) => {
  await openQueue(page);
  await page.keyboard.press('ControlOrMeta+K');
  const search = page.getByRole('combobox', { name: 'Command palette' });
  await expect(search).toBeFocused();
  expect(await seriousViolations(page), 'palette').toEqual([]);
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('listbox', { name: 'Command palette' }).getByRole('option', { selected: true })).toHaveCount(1);
  expect(await seriousViolations(page), 'palette, option chosen').toEqual([]);
  await search.fill('no command is called this');
  await expect(page.getByRole('status').filter({ hasText: 'Nothing found' })).toBeVisible();
  expect(await seriousViolations(page), 'palette, nothing found').toEqual([]);
});
