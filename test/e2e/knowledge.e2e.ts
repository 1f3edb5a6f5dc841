/**
 * The knowledge base in Chromium (web mode): the typeahead finds an article by an unaccented prefix
 * with the network gone (the index lives in a Web Worker fed from the local replica); a supervisor
 * edits an article, the server records the new version, and the previous one is restored; an agent
 * can read but not edit.
 */
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support';

async function openKnowledgeBase(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Knowledge base' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Knowledge base' })).toBeVisible();
  await expect(page.getByTestId('kb-article-row').first()).toBeVisible();
}

test('typeahead finds "Cobrança…" from the unaccented prefix "cobranc" while offline, and opens it with the keyboard', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'agent@example.com');
  await openKnowledgeBase(page);

  await context.setOffline(true);
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'offline');
  const search = page.getByRole('combobox', { name: 'Search articles' });
  await search.fill('cobranc');
  const hits = page.getByTestId('kb-search-hit');
  await expect(hits.first()).toContainText(/cobrança/i);
  await expect(hits.first().locator('mark').first()).toHaveText(/^cobrança$/i);

  await search.press('ArrowDown');
  await search.press('ArrowUp');
  await search.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/cobrança/i);
  await expect(page).toHaveURL(/#\/knowledge\/art_/);
  await context.close();
});

test('a supervisor edits an article, which makes a new version, then restores the previous version', async ({ page }) => {
  await signIn(page, 'supervisor@example.com');
  await openKnowledgeBase(page);
  await page.getByRole('combobox', { name: 'Search articles' }).fill('Sending a copy');
  await page.getByRole('combobox', { name: 'Search articles' }).press('Enter');
  const article = page.getByTestId('kb-article');
  await expect(article).toBeVisible();
  const originalVersion = Number(await article.getAttribute('data-version'));
  const originalBody = (await article.getByTestId('message-body').first().textContent()) ?? '';
  expect(originalBody.length).toBeGreaterThan(10);

  await page.getByRole('button', { name: 'Edit' }).click();
  const body = page.getByLabel('Content (Markdown)');
  const edited = `Edited in the e2e test ${Date.now().toString(36)}.`;
  await body.fill(edited);
  await page.getByRole('tab', { name: 'Preview' }).click();
  await expect(page.getByTestId('kb-preview')).toContainText(edited);
  await page.getByRole('button', { name: 'Save' }).click();

  // The server numbers the version and appends its snapshot; both replicate back.
  await expect(article).toHaveAttribute('data-version', String(originalVersion + 1));
  await expect(article).toContainText(edited);
  await expect(page.getByTestId('kb-version').first()).toHaveAttribute('data-version', String(originalVersion + 1));

  await page.getByRole('button', { name: `Restore version ${String(originalVersion)}` }).click();
  await expect(article).toHaveAttribute('data-version', String(originalVersion + 2));
  await expect(article).not.toContainText(edited);
  await expect(article.getByTestId('message-body').first()).toContainText(originalBody.slice(0, 40));
  await expect(page.getByTestId('kb-version')).toHaveCount(originalVersion + 2);
});

test('an agent reads an article but cannot edit it', async ({ page }) => {
  await signIn(page, 'agent@example.com');
  await openKnowledgeBase(page);
  await page.getByTestId('kb-article-row').first().getByRole('link').click();
  await expect(page.getByTestId('kb-article')).toBeVisible();
  await expect(page.getByText('Only supervisors and admins can edit articles.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Edit' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /restore/i })).toHaveCount(0);
});
