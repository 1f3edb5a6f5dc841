/**
 * Writing the knowledge base in Chromium (web mode), offline: a supervisor writes a new article and
 * its pt-BR translation with the network gone; both show at once (the replica), linked as language
 * variants; back online, the server has both in one translation group, each at version 1 with its
 * snapshot.
 */
import { expect, test } from '@playwright/test';
import { seriousViolations, serverDocuments, signIn } from './support';

const SUPERVISOR = 'supervisor@example.com';

test('a supervisor writes an article and its pt-BR translation offline; they are linked, and the server has both as version 1', async ({ browser, request }) => {
  const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, SUPERVISOR);
  await page.getByRole('link', { name: 'Knowledge base' }).click();
  await expect(page.getByTestId('kb-article-row').first()).toBeVisible();

  await context.setOffline(true);
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'offline');

  await page.getByRole('link', { name: 'New article' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New article' })).toBeFocused();
  const form = page.getByRole('form', { name: 'New article' });
  await form.getByRole('textbox', { name: 'Title' }).fill(`Resetting the router ${stamp}`);
  await form.getByRole('textbox', { name: 'Category (slug)' }).fill('connectivity');
  await form.getByRole('textbox', { name: 'Content (Markdown)' }).fill(`Unplug it for **ten seconds** ${stamp}.`);
  await form.getByRole('combobox', { name: 'Status' }).click();
  await page.getByRole('option', { name: 'Published' }).click();
  expect(await seriousViolations(page), 'new article form').toEqual([]);
  await form.getByRole('button', { name: 'Save' }).click();

  const article = page.getByTestId('kb-article');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Resetting the router ${stamp}`);
  const originalId = await article.getAttribute('data-article-id');
  expect(originalId).toMatch(/^art_/);
  await expect(article.getByTestId('message-body')).toContainText('ten seconds');

  // Translate: the original is shown beside the form; the translation keeps the category.
  await page.getByRole('link', { name: 'Translate into Português (Brasil)' }).click();
  await expect(page).toHaveURL(new RegExp(`#/knowledge/${String(originalId)}/translate/pt-BR$`));
  await expect(page.getByTestId('kb-original')).toContainText('ten seconds');
  const translation = page.getByRole('form', { name: 'Translation into Português (Brasil)' });
  await expect(translation.getByRole('textbox', { name: 'Category (slug)' })).toHaveValue('connectivity');
  await translation.getByRole('textbox', { name: 'Title' }).fill(`Reiniciar o roteador ${stamp}`);
  await translation.getByRole('textbox', { name: 'Content (Markdown)' }).fill(`Desligue por **dez segundos** ${stamp}.`);
  await translation.getByRole('button', { name: 'Save' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Reiniciar o roteador ${stamp}`);
  const translatedId = await page.getByTestId('kb-article').getAttribute('data-article-id');
  expect(translatedId).not.toBe(originalId);
  const variant = page.getByTestId('kb-variant');
  await expect(variant).toHaveText(`English: Resetting the router ${stamp}`);
  await variant.click();
  await expect(page.getByTestId('kb-variant')).toHaveText(`Português (Brasil): Reiniciar o roteador ${stamp}`);
  // Every language is there now: nothing left to translate into.
  await expect(page.getByRole('link', { name: /^Translate into/ })).toHaveCount(0);

  await context.setOffline(false);
  await expect
    .poll(async () =>
      (await serverDocuments(request, 'articles', SUPERVISOR))
        .filter((doc) => doc['id'] === originalId || doc['id'] === translatedId)
        .map((doc) => [doc['language'], doc['translationGroupId'], doc['versionNumber'], doc['category'], doc['status']])
        .sort(),
    )
    .toEqual([
      ['en', originalId, 1, 'connectivity', 'published'],
      ['pt-BR', originalId, 1, 'connectivity', 'draft'],
    ]);
  const versions = (await serverDocuments(request, 'articleVersions', SUPERVISOR)).filter((doc) => doc['articleId'] === originalId || doc['articleId'] === translatedId);
  expect(versions.map((doc) => [doc['articleId'], doc['versionNumber']]).sort()).toEqual([
    [originalId, 1],
    [translatedId, 1],
  ].sort());
  await context.close();
});
