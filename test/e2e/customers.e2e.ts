/**
 * Customers in Chromium (web mode): a customer created with a phone typed in local format is stored in
 * E.164; a second customer with the same number shows up as a duplicate and is merged; the survivor
 * then has both tickets, the call and the survey answer in its history with matching stats, the
 * duplicate is hidden from the directory, and the server has all of it after sync (pull API).
 * Tickets, the call and the survey answer are created through the sync API, as other clients would.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { apiToken, serverDocuments, signIn } from './support';

const AGENT = { email: 'agent@example.com', id: 'usr_ana' };
const SUPERVISOR = 'supervisor@example.com';

async function push(request: APIRequestContext, email: string, collection: string, documents: readonly Record<string, unknown>[]): Promise<void> {
  const token = await apiToken(request, email);
  const response = await request.post(`/api/v1/sync/${collection}/push`, {
    headers: { authorization: `Bearer ${token}` },
    data: documents.map((doc) => ({ newDocumentState: { ...doc, _deleted: false } })),
  });
  expect(response.status(), await response.text()).toBe(200);
  expect(await response.json()).toEqual([]);
}

const byId = (docs: readonly Record<string, unknown>[]) => new Map(docs.map((doc) => [String(doc['id']), doc]));

/** Fills the new-customer form and creates the customer; returns its id (from the profile's address). */
async function createCustomer(page: Page, name: string, contact: string): Promise<string> {
  await page.getByRole('link', { name: 'Customers', exact: true }).click();
  await page.getByRole('link', { name: 'New customer' }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  const country = page.getByRole('combobox', { name: 'Country of numbers typed without +' });
  await country.fill('Brazil');
  await page.getByRole('option', { name: 'Brazil (BR)' }).click();
  await page.getByRole('textbox', { name: 'Contact 1', exact: true }).fill(contact);
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByTestId('customer-name')).toHaveText(name);
  const match = /#\/customers\/([^/?#]+)$/.exec(page.url());
  if (match?.[1] === undefined) throw new Error(`not on a profile: ${page.url()}`);
  return decodeURIComponent(match[1]);
}

const historyItems = (page: Page, kind: string) => page.locator(`[data-testid="customer-history-item"][data-kind="${kind}"]`);

test('a duplicate found by phone is merged: one customer with every ticket, call and survey answer, the other hidden, on the server too', async ({ page, request }) => {
  const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  // A São Paulo mobile number nobody else in the demo data has: 9, a non-zero digit, 7 random digits.
  const subscriber = `9${String(1 + Math.floor(Math.random() * 9))}${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  const e164 = `+5511${subscriber}`;
  const local = `(11) ${subscriber.slice(0, 5)}-${subscriber.slice(5)}`;

  await signIn(page, AGENT.email);
  const olderName = `Alda Duplicate ${stamp}`;
  const older = await createCustomer(page, olderName, local);
  await expect(page.getByTestId('customer-contact').first()).toHaveAttribute('data-value', e164);

  const survivorName = `Alda Survivor ${stamp}`;
  const survivor = await createCustomer(page, survivorName, `+55 11 ${subscriber.slice(0, 5)} ${subscriber.slice(5)}`);
  await expect(page.getByTestId('customer-contact').first()).toHaveAttribute('data-value', e164);
  const duplicateRow = page.locator(`[data-testid="duplicate-customer"][data-customer-id="${older}"]`);
  await expect(duplicateRow).toContainText(olderName);

  // Activity of both customers, written by other clients.
  const day = 86_400_000;
  const at = (daysAgo: number) => new Date(Date.now() - daysAgo * day).toISOString();
  const ticket = (id: string, customerId: string, subject: string, createdAt: string) => ({
    id,
    subject,
    status: 'open',
    priority: 'normal',
    channel: 'email',
    tier: 'L1',
    customerId,
    tags: [],
    createdAt,
    updatedAt: createdAt,
  });
  const olderTicket = `tkt_e2e_${stamp}_a`;
  const survivorTicket = `tkt_e2e_${stamp}_b`;
  const callId = `call_e2e_${stamp}`;
  await push(request, AGENT.email, 'tickets', [
    ticket(olderTicket, older, `Invoice twice ${stamp}`, at(5)),
    ticket(survivorTicket, survivor, `Router offline ${stamp}`, at(2)),
  ]);
  await push(request, AGENT.email, 'calls', [
    {
      id: callId,
      direction: 'inbound',
      fromNumber: e164,
      provider: 'manual',
      offeredAt: at(1),
      answeredAt: at(1),
      endedAt: at(1),
      outcome: 'answered',
      agentId: AGENT.id,
      customerId: survivor,
      createdAt: at(1),
      updatedAt: at(1),
    },
  ]);
  await push(request, SUPERVISOR, 'surveys', [
    { id: `srv_e2e_${stamp}`, kind: 'csat', score: 4, customerId: older, ticketId: olderTicket, respondedAt: at(3), createdAt: at(3) },
  ]);

  await expect(historyItems(page, 'ticket')).toHaveCount(1);
  await expect(historyItems(page, 'call')).toHaveCount(1);
  await expect(historyItems(page, 'survey')).toHaveCount(0);

  await duplicateRow.getByRole('button', { name: `Merge ${olderName} into this customer` }).click();
  const dialog = page.getByRole('dialog', { name: 'Merge customers' });
  await expect(dialog.getByTestId('merge-moves')).toContainText('1 tickets, 0 calls, 0 callbacks');
  await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
  await expect(dialog).toBeHidden();

  // One customer with everything, newest first; stats over both.
  await expect(page.getByText('No other customer shares a phone number or email with this one.')).toBeVisible();
  await expect(historyItems(page, 'ticket')).toHaveCount(2);
  await expect(historyItems(page, 'call')).toHaveCount(1);
  await expect(historyItems(page, 'survey')).toHaveCount(1);
  // The server stamps a ticket's createdAt when it accepts it, so both tickets are the newest entries.
  await expect(page.getByTestId('customer-history-item')).toHaveText([/Ticket #\d+: /, /Ticket #\d+: /, /Inbound call, answered/, /CSAT answer: 4 of 5/]);
  await expect(page.getByTestId('stat-open-tickets')).toHaveText('2');
  await expect(page.getByTestId('stat-average-csat')).toHaveText('4.0 / 5');
  // Two email tickets and one call.
  await expect(page.getByTestId('stat-recent-contacts')).toHaveText('3');

  // The directory finds the number typed another way, and only the survivor.
  await page.getByRole('link', { name: 'Customers', exact: true }).click();
  await page.getByRole('searchbox', { name: 'Search customers' }).fill(local);
  await expect(page.locator(`[data-testid="customer-row"][data-customer-id="${survivor}"]`)).toBeVisible();
  await expect(page.getByTestId('customer-row')).toHaveCount(1);
  await expect(page.getByTestId('customer-count')).toHaveText('1 match');

  // The ticket page links back to the profile.
  await page.goto(`/#/tickets/${olderTicket}`);
  await page.getByTestId('ticket-customer-link').click();
  await expect(page.getByTestId('customer-name')).toHaveText(survivorName);

  // After sync, the server has the merge: the duplicate marked, both tickets on the survivor.
  await expect
    .poll(async () => {
      const customers = byId(await serverDocuments(request, 'customers'));
      const tickets = byId(await serverDocuments(request, 'tickets'));
      return {
        older: customers.get(older)?.['mergedIntoId'],
        survivorPhone: customers.get(survivor)?.['phone'],
        survivorActive: customers.get(survivor)?.['mergedIntoId'],
        ticketOwners: [tickets.get(olderTicket)?.['customerId'], tickets.get(survivorTicket)?.['customerId']],
      };
    })
    .toEqual({ older: survivor, survivorPhone: e164, survivorActive: undefined, ticketOwners: [survivor, survivor] });
});
