/**
 * The queue in Chromium (web mode): an escalated ticket leaves the "My tier" view, an SLA countdown turns
 * at risk and then breached on Playwright's fake clock, and a saved view with its live count. Each test
 * creates its own tickets through the public sync API, as another client would.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { apiToken, signIn, ticketRow } from './support';

const AGENT_ID = 'usr_ana';

async function createTicket(request: APIRequestContext, fields: Record<string, unknown>, email = 'agent@example.com'): Promise<string> {
  const token = await apiToken(request, email);
  const customers = await request.get('/api/v1/sync/customers/pull?limit=1', { headers: { authorization: `Bearer ${token}` } });
  const customer = ((await customers.json()) as { documents: { id: string }[] }).documents[0];
  if (customer === undefined) throw new Error('The demo server has no customers');
  const id = `tkt_q_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const now = new Date().toISOString();
  const response = await request.post('/api/v1/sync/tickets/push', {
    headers: { authorization: `Bearer ${token}` },
    data: [
      {
        newDocumentState: {
          id,
          subject: 'Queue e2e',
          status: 'open',
          priority: 'normal',
          channel: 'email',
          tier: 'L1',
          customerId: customer.id,
          tags: [],
          createdAt: now,
          updatedAt: now,
          ...fields,
          _deleted: false,
        },
      },
    ],
  });
  expect(response.status(), await response.text()).toBe(200);
  return id;
}

const view = (page: Page, id: string) => page.locator(`[data-testid="queue-view"][data-view="${id}"]`);

async function searchQueue(page: Page, text: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Search tickets' }).fill(text);
}

test('escalating a ticket from L1 to L2 takes it out of the "My tier" view', async ({ page, request }) => {
  const subject = `Tier move ${Date.now()}`;
  const id = await createTicket(request, { subject, assigneeId: AGENT_ID });
  await signIn(page, 'agent@example.com');

  await view(page, 'my_tier').click();
  await expect(page.getByTestId('queue-title')).toHaveText('My tier');
  await searchQueue(page, subject);
  await expect(ticketRow(page, id)).toBeVisible();

  await ticketRow(page, id).click();
  await page.getByRole('button', { name: 'Escalate to L2' }).click();
  const dialog = page.getByRole('dialog', { name: 'Escalate to L2' });
  await dialog.getByRole('textbox', { name: 'Reason' }).fill('Needs line diagnostics.');
  await dialog.getByRole('button', { name: 'Move to L2' }).click();
  await expect(page.getByTestId('ticket-tier')).toHaveText('L2');

  await page.getByRole('button', { name: 'Back to queue' }).click();
  await expect(page.getByTestId('queue-title')).toHaveText('My tier');
  await expect(page.getByRole('searchbox', { name: 'Search tickets' })).toHaveValue(subject);
  await expect(page.getByTestId('queue-empty')).toBeVisible();
  await expect(ticketRow(page, id)).toHaveCount(0);
  // Still in the queue, one tier up.
  await view(page, 'all').click();
  await expect(ticketRow(page, id)).toBeVisible();
});

test('an SLA countdown turns at risk, then breached, as the (fake) clock runs', async ({ page, request }) => {
  await page.clock.install();
  const subject = `SLA clock ${Date.now()}`;
  // Pinned VIP policy, 24/7: urgent first response in 15 minutes, at risk after 70 % of it.
  const id = await createTicket(request, { subject, priority: 'urgent', status: 'new', slaPolicyId: 'set_sla_vip' }, 'supervisor@example.com');
  await signIn(page, 'agent@example.com');
  await searchQueue(page, subject);
  const badge = ticketRow(page, id).getByTestId('sla-badge');
  await expect(badge).toHaveAttribute('data-sla-state', 'ok');
  await expect(badge).toHaveAttribute('data-sla-metric', 'first_response');

  await page.clock.fastForward('11:00');
  await expect(badge).toHaveAttribute('data-sla-state', 'at_risk');
  await expect(badge).toContainText('First response at risk: due in 3m');

  await page.clock.fastForward('05:00');
  await expect(badge).toHaveAttribute('data-sla-state', 'breached');

  // The ticket page shows the same countdown.
  await ticketRow(page, id).click();
  await expect(page.getByTestId('sla-badge')).toHaveAttribute('data-sla-state', 'breached');
});

test('a saved view keeps its filters and counts its tickets live', async ({ page, request }) => {
  const tag = `q${Date.now().toString(36)}`;
  const first = await createTicket(request, { subject: `Tagged one ${tag}`, tags: [tag] });
  await createTicket(request, { subject: `Tagged two ${tag}`, tags: [tag] });
  await signIn(page, 'agent@example.com');

  await page.getByRole('button', { name: 'Filters' }).click();
  const tags = page.getByRole('dialog', { name: 'Filters' }).getByRole('combobox', { name: 'Tag' });
  await tags.fill(tag);
  await tags.press('Enter');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('queue-count')).toHaveText('2 tickets');
  await expect(page.getByRole('button', { name: 'Filters (1)' })).toBeVisible();

  await page.getByRole('button', { name: 'Save view' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save as a view' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill(`Tag ${tag}`);
  await dialog.getByRole('button', { name: 'Save view' }).click();
  await expect(dialog).toBeHidden();

  const saved = page.locator('[data-testid="queue-view"]', { hasText: `Tag ${tag}` });
  await expect(saved).toHaveAttribute('aria-current', 'page');
  await expect(saved).toHaveAttribute('data-count', '2');
  await expect(page.getByTestId('queue-title')).toHaveText(`Tag ${tag}`);
  await expect(ticketRow(page, first)).toBeVisible();

  // Another client adds a ticket with the tag: the count follows.
  await createTicket(request, { subject: `Tagged three ${tag}`, tags: [tag] });
  await expect(saved).toHaveAttribute('data-count', '3');
  await expect(page.getByTestId('queue-count')).toHaveText('3 tickets');
});
