/**
 * Calls outside the softphone, in Chromium (web mode): outage mode (a manual call and a callback
 * written offline survive a reload and reach the server on reconnect) and wrap-up of a call record the
 * server wrote (disposition saved, after-call work recorded, the call on the ticket timeline and in the
 * customer's call history). Each test creates its own data through the public sync API.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { apiToken, serverDocuments, signIn } from './support';

const AGENT = { email: 'agent@example.com', id: 'usr_ana' };

async function push(request: APIRequestContext, token: string, collection: string, documents: readonly Record<string, unknown>[]) {
  const response = await request.post(`/api/v1/sync/${collection}/push`, {
    headers: { authorization: `Bearer ${token}` },
    data: documents.map((doc) => ({ newDocumentState: { ...doc, _deleted: false } })),
  });
  expect(response.status(), await response.text()).toBe(200);
  expect(await response.json()).toEqual([]);
}

async function serverDocument(request: APIRequestContext, collection: string, id: string): Promise<Record<string, unknown> | undefined> {
  return (await serverDocuments(request, collection)).find((doc) => doc['id'] === id);
}

async function openCalls(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Calls' }).click();
  await expect(page.getByRole('heading', { name: 'Calls', level: 1 })).toBeVisible();
}

async function choose(page: Page, label: RegExp, option: string | RegExp): Promise<void> {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', typeof option === 'string' ? { name: option, exact: true } : { name: option }).click();
}

const stampOf = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
/** A unique Brazilian mobile number (São Paulo), so lookups find only this test's customer. */
const uniqueMobile = () => `+55119${String(Math.floor(10_000_000 + Math.random() * 89_999_999))}`;

test('offline: a manual call and a callback request survive a reload and reach the server on reconnect', async ({ browser, request }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, AGENT.email);
  await expect(page.locator('html')).toHaveAttribute('data-sw-ready', 'true');
  await openCalls(page);
  const stamp = stampOf();

  await context.setOffline(true);
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'offline');

  // Telephony is down too: the call was taken on another phone.
  await page.getByRole('button', { name: 'Log a call' }).click();
  const logDialog = page.getByRole('dialog', { name: 'Log a call taken on another phone' });
  await logDialog.getByRole('button', { name: 'Stop timer' }).click();
  await logDialog.getByLabel(/^Phone number/).fill('+55 11 98765-4321');
  await choose(page, /^Disposition/, 'Escalated');
  await logDialog.getByRole('button', { name: 'Save call' }).click();
  // "Escalated" needs notes: nothing is saved until they are written.
  await expect(logDialog.getByText('This disposition needs notes.').last()).toBeVisible();
  await logDialog.getByLabel(/^Notes/).fill(`Manual call ${stamp}`);
  await logDialog.getByRole('button', { name: 'Save call' }).click();
  await expect(logDialog).toBeHidden();
  const manualRow = page.getByTestId('recent-call').filter({ hasText: 'Logged by hand' }).first();
  await expect(manualRow).toHaveAttribute('data-wrapped', 'true');
  const callId = (await manualRow.getAttribute('data-call-id')) ?? '';
  expect(callId).toMatch(/^call_manual_/);

  await page.getByRole('button', { name: 'Request a callback' }).click();
  const callbackDialog = page.getByRole('dialog', { name: 'Request a callback' });
  await callbackDialog.getByLabel(/^Phone number/).fill('+55 21 99876-5432');
  await callbackDialog.getByLabel('Reason').fill(`Wants a refund ${stamp}`);
  await callbackDialog.getByRole('button', { name: 'Save callback' }).click();
  await expect(callbackDialog).toBeHidden();
  const callbackRow = page.getByTestId('callback-row').filter({ hasText: `Wants a refund ${stamp}` });
  await expect(callbackRow).toHaveAttribute('data-status', 'pending');
  const callbackId = (await callbackRow.getAttribute('data-callback-id')) ?? '';
  expect(callbackId).toMatch(/^cb_/);

  // Still offline: reload (the service worker serves the app) and both are still there.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-db-ready', 'true');
  await expect(page.locator(`[data-testid="recent-call"][data-call-id="${callId}"]`)).toBeVisible();
  await expect(page.locator(`[data-testid="callback-row"][data-callback-id="${callbackId}"]`)).toContainText(`Wants a refund ${stamp}`);
  expect(await serverDocument(request, 'calls', callId)).toBeUndefined();
  expect(await serverDocument(request, 'callbacks', callbackId)).toBeUndefined();

  await context.setOffline(false);
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
  await expect
    .poll(async () => {
      const call = await serverDocument(request, 'calls', callId);
      return call === undefined ? undefined : [call['provider'], call['fromNumber'], call['dispositionCode'], call['notes'], call['agentId'], typeof call['wrapUpSeconds']];
    })
    .toEqual(['manual', '+5511987654321', 'escalated', `Manual call ${stamp}`, AGENT.id, 'number']);
  await expect
    .poll(async () => {
      const callback = await serverDocument(request, 'callbacks', callbackId);
      return callback === undefined ? undefined : [callback['phoneNumber'], callback['reason'], callback['status'], callback['assigneeId']];
    })
    .toEqual(['+5521998765432', `Wants a refund ${stamp}`, 'pending', AGENT.id]);
  await context.close();
});

test('wrap-up of a call the server recorded: disposition saved, call on the ticket timeline and in the customer history', async ({ page, request }) => {
  const token = await apiToken(request, AGENT.email);
  const stamp = stampOf();
  const phone = uniqueMobile();
  const customerId = `cus_e2e_${stamp}`;
  const ticketId = `tkt_e2e_${stamp}`;
  const callId = `call_e2e_${stamp}`;
  const subject = `Router keeps rebooting ${stamp}`;
  const now = Date.now();
  const at = (secondsAgo: number) => new Date(now - secondsAgo * 1000).toISOString();
  await push(request, token, 'customers', [{ id: customerId, name: `Carla Teste ${stamp}`, phone, language: 'pt-BR', tags: [], createdAt: at(0), updatedAt: at(0) }]);
  await push(request, token, 'tickets', [
    { id: ticketId, subject, status: 'open', priority: 'normal', channel: 'phone', tier: 'L1', customerId, tags: [], createdAt: at(0), updatedAt: at(0) },
  ]);
  await push(request, token, 'calls', [
    {
      id: callId,
      direction: 'inbound',
      fromNumber: phone,
      agentId: AGENT.id,
      provider: 'webrtc',
      offeredAt: at(200),
      answeredAt: at(190),
      endedAt: at(60),
      outcome: 'answered',
      createdAt: at(60),
      updatedAt: at(60),
    },
  ]);

  await signIn(page, AGENT.email);
  await openCalls(page);
  const row = page.locator(`[data-testid="recent-call"][data-call-id="${callId}"]`);
  await expect(row).toHaveAttribute('data-wrapped', 'false');
  await row.getByRole('button', { name: /^Wrap up the call with/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Wrap up call' });
  // The screen pop found the caller by number.
  await expect(dialog.getByTestId('screen-pop')).toHaveAttribute('data-match', 'one');
  await expect(dialog.getByRole('heading', { name: `Carla Teste ${stamp}` })).toBeVisible();

  await choose(page, /^Disposition/, 'Escalated');
  // Listed as "#<number> <subject>" once the server numbered it.
  await choose(page, /^Linked ticket/, new RegExp(`${subject}$`));
  await dialog.getByRole('button', { name: 'Save wrap-up' }).click();
  await expect(dialog.getByText('This disposition needs notes.').last()).toBeVisible();
  await dialog.getByLabel(/^Notes/).fill(`Sent to L2 ${stamp}`);
  await dialog.getByRole('button', { name: 'Save wrap-up' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toHaveAttribute('data-wrapped', 'true');

  // The customer's call history (screen pop) lists the call at once.
  await row.getByRole('button', { name: /^Edit the notes of the call with/ }).click();
  await expect(dialog.locator(`[data-testid="customer-call"][data-call-id="${callId}"]`)).toContainText('Escalated');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // The ticket's timeline shows the call with its disposition.
  await page.goto(`/#/tickets/${encodeURIComponent(ticketId)}`);
  await expect(page.locator('[data-testid="timeline-entry"][data-kind="call"]')).toContainText('Escalated');

  // On the server: the wrap-up fields, the after-call work time the server computed, and the timeline entry.
  await expect
    .poll(async () => {
      const call = await serverDocument(request, 'calls', callId);
      return call === undefined ? undefined : [call['dispositionCode'], call['notes'], call['ticketId'], call['customerId'], typeof call['wrapUpSeconds'], typeof call['handleSeconds']];
    })
    .toEqual(['escalated', `Sent to L2 ${stamp}`, ticketId, customerId, 'number', 'number']);
  await expect
    .poll(async () => {
      const entries = (await serverDocuments(request, 'timeline')).filter((entry) => entry['callId'] === callId);
      return entries.map((entry) => [entry['subjectId'], entry['kind'], entry['customerId']]);
    })
    .toEqual([[ticketId, 'call', customerId]]);
});
