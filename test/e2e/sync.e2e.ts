import { expect, test } from '@playwright/test';
import { editSubject, serverTickets, signIn, ticketRow, waitForAppReady } from './support';

test('an edit by one agent reaches another agent live, without a reload', async ({ browser }) => {
  const ana = await browser.newContext();
  const bruno = await browser.newContext();
  const anaPage = await ana.newPage();
  const brunoPage = await bruno.newPage();
  await signIn(anaPage, 'agent@example.com');
  await signIn(brunoPage, 'agent2@example.com');

  const ticketId = await anaPage.getByTestId('ticket-row').first().getAttribute('data-ticket-id');
  expect(ticketId).toBeTruthy();
  const subject = `Live edit ${Date.now()}`;
  await editSubject(anaPage, ticketId ?? '', subject);

  await expect(ticketRow(brunoPage, ticketId ?? '')).toContainText(subject);
  await ana.close();
  await bruno.close();
});

test('offline: edits survive a reload with the network gone and reach the server on reconnect', async ({
  browser,
  request,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'agent@example.com');
  // The app shell must be cached before the network goes away.
  await expect(page.locator('html')).toHaveAttribute('data-sw-ready', 'true');

  const rows = page.getByTestId('ticket-row');
  const firstId = (await rows.nth(1).getAttribute('data-ticket-id')) ?? '';
  const secondId = (await rows.nth(2).getAttribute('data-ticket-id')) ?? '';
  expect(firstId).not.toBe('');
  expect(secondId).not.toBe('');

  await context.setOffline(true);
  const stamp = Date.now();
  const firstSubject = `Offline edit one ${stamp}`;
  const secondSubject = `Offline edit two ${stamp}`;
  await editSubject(page, firstId, firstSubject);
  await editSubject(page, secondId, secondSubject);
  const indicator = page.getByTestId('sync-indicator');
  await expect(indicator).toHaveAttribute('data-state', 'offline');
  await expect(indicator).not.toHaveAttribute('data-pending', '0');

  // Still offline: the service worker serves the app, which boots signed in from the local replica.
  await page.reload();
  await waitForAppReady(page);
  await expect(ticketRow(page, firstId)).toContainText(firstSubject);
  await expect(ticketRow(page, secondId)).toContainText(secondSubject);

  const before = await serverTickets(request);
  expect(before.get(firstId)?.subject).not.toBe(firstSubject);

  await context.setOffline(false);
  await expect(indicator).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
  await expect(indicator).toHaveAttribute('data-state', 'online');
  await expect
    .poll(async () => {
      const after = await serverTickets(request);
      return [after.get(firstId)?.subject, after.get(secondId)?.subject];
    })
    .toEqual([firstSubject, secondSubject]);
  await context.close();
});

test('a second tab of the same agent says the replica is open elsewhere, and opens it once the first tab is gone', async ({ browser }) => {
  const context = await browser.newContext();
  const first = await context.newPage();
  await signIn(first, 'agent@example.com');
  // A reload gives the replica back and takes it again (the page's lock goes with the page).
  await first.reload();
  await waitForAppReady(first);

  const second = await context.newPage();
  await second.goto('/');
  const alert = second.getByRole('alert').filter({ hasText: 'already open in another tab or window' });
  await expect(alert).toBeVisible();
  await expect(second.getByTestId('ticket-row')).toHaveCount(0);

  await first.close();
  await alert.getByRole('button', { name: 'Try again' }).click();
  await waitForAppReady(second);
  await context.close();
});
