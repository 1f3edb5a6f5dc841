/**
 * The command palette from the keyboard: Ctrl/Cmd+K opens it with focus in the search field, ↑/↓ move
 * through the commands (the field names the current one), Enter runs it; typing narrows the list and
 * Enter runs the first match; Escape closes it and gives focus back.
 */
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support';

async function openPalette(page: Page) {
  await page.keyboard.press('ControlOrMeta+K');
  const search = page.getByRole('combobox', { name: 'Command palette' });
  await expect(search).toBeFocused();
  return search;
}

/** The option the search field currently points at. */
async function currentOption(page: Page): Promise<string> {
  const id = await page.getByRole('combobox', { name: 'Command palette' }).getAttribute('aria-activedescendant');
  if (id === null) return '';
  return (await page.locator(`[id="${id}"]`).textContent()) ?? '';
}

test('opens with Ctrl/Cmd+K, moves with the arrows and runs the chosen command with Enter', async ({ page }) => {
  await signIn(page, 'agent@example.com');
  await expect(page.locator('[data-testid="queue-view"][data-count]:not([data-count=""])').first()).toBeVisible();

  await openPalette(page);
  await page.keyboard.press('ArrowDown');
  expect(await currentOption(page)).toContain('Reply');
  // Up from the first wraps to the last command: the "All" view.
  await page.keyboard.press('ArrowUp');
  expect(await currentOption(page)).toContain('Go to “All”');
  await expect(page.getByRole('listbox', { name: 'Command palette' }).getByRole('option', { name: /Go to “All”/ })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowUp');
  expect(await currentOption(page)).toContain('Go to “Pending customer”');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('combobox', { name: 'Command palette' })).toBeHidden();
  await expect(page.getByTestId('queue-title')).toHaveText('Pending customer');

  // Typing narrows the list and chooses the first match.
  const search = await openPalette(page);
  await search.fill('shortcuts');
  await expect(page.getByRole('listbox', { name: 'Command palette' }).getByRole('option')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden();

  // Escape closes the palette without running anything.
  await openPalette(page);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('combobox', { name: 'Command palette' })).toBeHidden();
  await expect(page.getByTestId('queue-title')).toHaveText('Pending customer');
});

test('Alt+K opens the knowledge-base palette; Enter opens the chosen article', async ({ page }) => {
  await signIn(page, 'agent@example.com');
  await expect(page.locator('[data-testid="queue-view"][data-count]:not([data-count=""])').first()).toBeVisible();
  await page.keyboard.press('Alt+K');
  const search = page.getByRole('combobox', { name: 'Search the knowledge base' });
  await expect(search).toBeFocused();
  const results = page.getByRole('listbox', { name: 'Search the knowledge base' }).getByRole('option');
  await expect(results.first()).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const chosen = await page.locator(`[id="${(await search.getAttribute('aria-activedescendant')) ?? ''}"]`).getAttribute('data-action-id');
  await page.keyboard.press('Enter');
  await expect(search).toBeHidden();
  await expect(page.getByTestId('knowledge-article')).toHaveAttribute('data-article-id', chosen ?? 'none');
});
