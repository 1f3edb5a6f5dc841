/**
 * The ticket workspace in Chromium (web mode): triage with a canned reply and a knowledge link,
 * escalation with a reason, a draft surviving an offline reload, and a hostile HTML email rendered
 * inert. Each test creates its own ticket through the public sync API (as another client would), so
 * it does not depend on which demo tickets exist.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { apiToken, signIn } from './support';

const AGENT = { email: 'agent@example.com', id: 'usr_ana', name: 'Ana Souza' };

async function push(request: APIRequestContext, token: string, collection: string, documents: readonly Record<string, unknown>[]) {
  const response = await request.post(`/api/v1/sync/${collection}/push`, {
    headers: { authorization: `Bearer ${token}` },
    data: documents.map((doc) => ({ newDocumentState: { ...doc, _deleted: false } })),
  });
  expect(response.status(), await response.text()).toBe(200);
  expect(await response.json()).toEqual([]);
}

interface WireCustomer {
  readonly id: string;
  readonly name: string;
}

async function firstCustomer(request: APIRequestContext, token: string): Promise<WireCustomer> {
  const response = await request.get('/api/v1/sync/customers/pull?limit=1', { headers: { authorization: `Bearer ${token}` } });
  expect(response.ok()).toBe(true);
  const { documents } = (await response.json()) as { documents: WireCustomer[] };
  const customer = documents[0];
  if (customer === undefined) throw new Error('The demo server has no customers');
  return customer;
}

/** A fresh ticket with the customer's first message, created through the sync API. */
async function createTicket(
  request: APIRequestContext,
  options: { readonly subject: string; readonly message: string; readonly ticket?: Record<string, unknown> },
): Promise<{ id: string; customer: WireCustomer }> {
  const token = await apiToken(request, AGENT.email);
  const customer = await firstCustomer(request, token);
  const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const id = `tkt_e2e_${stamp}`;
  const now = new Date().toISOString();
  await push(request, token, 'tickets', [
    {
      id,
      subject: options.subject,
      status: 'new',
      priority: 'normal',
      channel: 'email',
      tier: 'L1',
      customerId: customer.id,
      tags: [],
      createdAt: now,
      updatedAt: now,
      ...options.ticket,
    },
  ]);
  await push(request, token, 'timeline', [
    {
      id: `tl_e2e_${stamp}`,
      subjectType: 'ticket',
      subjectId: id,
      kind: 'customer_message',
      occurredAt: now,
      authorType: 'customer',
      authorId: customer.id,
      customerId: customer.id,
      channel: 'email',
      body: options.message,
      recordedById: AGENT.id,
      createdAt: now,
    },
  ]);
  return { id, customer };
}

async function serverTicket(request: APIRequestContext, id: string): Promise<Record<string, unknown> | undefined> {
  const token = await apiToken(request, 'supervisor@example.com');
  let checkpoint: unknown = null;
  let found: Record<string, unknown> | undefined;
  for (;;) {
    const query = checkpoint === null ? '' : `&checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}`;
    const response = await request.get(`/api/v1/sync/tickets/pull?limit=1000${query}`, { headers: { authorization: `Bearer ${token}` } });
    const page = (await response.json()) as { documents: Record<string, unknown>[]; checkpoint: unknown };
    for (const doc of page.documents) if (doc['id'] === id) found = doc;
    if (page.documents.length === 0) return found;
    checkpoint = page.checkpoint;
  }
}

async function openTicket(page: Page, id: string, subject: string): Promise<void> {
  await page.goto(`/#/tickets/${encodeURIComponent(id)}`);
  await expect(page.getByLabel('Subject', { exact: true })).toHaveValue(subject);
}

async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

const timelineEntry = (page: Page, kind: string) => page.locator(`[data-testid="timeline-entry"][data-kind="${kind}"]`);

test('triage: a new unassigned ticket is assigned, answered with a canned reply and a knowledge link, and solved', async ({ page, request }) => {
  const subject = `Refund not received ${Date.now()}`;
  const { id, customer } = await createTicket(request, { subject, message: 'I am still waiting for my refund.' });
  await signIn(page, AGENT.email);
  await openTicket(page, id, subject);

  await page.getByRole('button', { name: 'Assign to me' }).click();

  // The canned response by its shortcut, placeholders filled from the ticket.
  const editor = page.getByLabel('Reply to the customer');
  await editor.click();
  await editor.pressSequentially('/refund');
  await expect(page.getByTestId('canned-option').first()).toContainText('/refund');
  await editor.press('Enter');
  const firstName = customer.name.trim().split(/\s+/)[0] ?? '';
  await expect(editor).toHaveValue(new RegExp(`^Hi ${firstName},\\n\\nYour refund has been issued`));
  await expect(editor).toHaveValue(/Best regards,\nAna Souza$/);

  // A knowledge article link at the end.
  await page.getByRole('button', { name: 'Knowledge article' }).click();
  const picker = page.getByRole('dialog', { name: 'Insert a knowledge article' });
  await expect(picker.getByRole('option').first()).toBeVisible();
  const articleTitle = (await picker.getByRole('region', { name: 'Article preview' }).locator('p').first().textContent()) ?? '';
  expect(articleTitle).not.toBe('');
  await picker.getByRole('button', { name: 'Insert link' }).click();
  await expect(editor).toHaveValue(/\]\(#\/knowledge\/[^)]+\)$/);

  await page.getByRole('button', { name: 'Send reply' }).click();
  const reply = timelineEntry(page, 'agent_reply');
  await expect(reply).toContainText('Reply via Email');
  await expect(reply).toContainText(`Hi ${firstName},`);
  await expect(editor).toHaveValue('');

  // The link opens the article beside the ticket, not a new page.
  await reply.getByRole('link', { name: articleTitle }).click();
  await expect(page.getByTestId('knowledge-article')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('knowledge-article')).toBeHidden();

  await choose(page, 'Status', 'Solved');
  await page.getByRole('button', { name: 'Save', exact: true }).click();

  // The server records the accepted changes on the timeline; the client never writes them.
  await expect(timelineEntry(page, 'status_change')).toContainText('Status: New → Solved');
  await expect(timelineEntry(page, 'assignment_change')).toContainText(`Assignee: Unassigned → ${AGENT.name}`);
  await expect.poll(async () => {
    const stored = await serverTicket(request, id);
    return [stored?.['status'], stored?.['assigneeId']];
  }).toEqual(['solved', AGENT.id]);
});

test('escalation: L1 → L2 needs a reason, routes to the L2 group and shows on the timeline', async ({ page, request }) => {
  const subject = `Router reboots ${Date.now()}`;
  const { id } = await createTicket(request, {
    subject,
    message: 'My router restarts every ten minutes.',
    ticket: { status: 'open', assigneeId: AGENT.id },
  });
  await signIn(page, AGENT.email);
  await openTicket(page, id, subject);
  await expect(page.getByTestId('ticket-tier')).toHaveText('L1');

  await page.getByRole('button', { name: 'Escalate to L2' }).click();
  const dialog = page.getByRole('dialog', { name: 'Escalate to L2' });
  await expect(dialog.getByRole('combobox', { name: 'Route to group' })).toHaveValue('Technical support');
  await dialog.getByRole('button', { name: 'Move to L2' }).click();
  await expect(dialog.getByText('Enter the reason for this move.')).toBeVisible();

  const reason = 'Factory reset and firmware update did not help; needs line diagnostics.';
  await dialog.getByRole('textbox', { name: 'Reason' }).fill(reason);
  await dialog.getByRole('button', { name: 'Move to L2' }).click();
  await expect(dialog).toBeHidden();

  await expect(page.getByTestId('ticket-tier')).toHaveText('L2');
  await expect(timelineEntry(page, 'escalation')).toContainText('Escalated L1 → L2');
  await expect(timelineEntry(page, 'escalation')).toContainText(reason);
  await expect(timelineEntry(page, 'tier_change')).toContainText('Tier: L1 → L2');
  // Ana is not in the L2 group: the ticket waits in that group's queue.
  await expect(timelineEntry(page, 'assignment_change')).toContainText(`Assignee: ${AGENT.name} → Unassigned`);
  await expect.poll(async () => {
    const stored = await serverTicket(request, id);
    return [stored?.['tier'], stored?.['groupId'], stored?.['assigneeId']];
  }).toEqual(['L2', 'set_group_technical', undefined]);
});

test('offline: a reply draft survives a reload', async ({ browser, request }) => {
  const subject = `Draft survives ${Date.now()}`;
  const { id } = await createTicket(request, { subject, message: 'Hello?' });
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, AGENT.email);
  await expect(page.locator('html')).toHaveAttribute('data-sw-ready', 'true');
  await openTicket(page, id, subject);

  await context.setOffline(true);
  const draft = 'Hi, I checked your order and will call you back this afternoon.';
  const editor = page.getByLabel('Reply to the customer');
  await editor.fill(draft);
  await expect(page.getByTestId('draft-status')).toHaveAttribute('data-state', 'saved');

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-db-ready', 'true');
  await expect(page.getByLabel('Reply to the customer')).toHaveValue(draft);
  // The note keeps its own draft: it starts empty.
  await page.keyboard.press('Alt+N');
  await expect(page.getByLabel('Internal note (only your team sees it)')).toHaveValue('');
  await expect(page.getByLabel('Internal note (only your team sees it)')).toBeFocused();
  await page.keyboard.press('Alt+R');
  await expect(page.getByLabel('Reply to the customer')).toHaveValue(draft);
  await context.close();
});

test('a hostile HTML email renders as inert, sanitized content', async ({ page, request }) => {
  const subject = `Hostile email ${Date.now()}`;
  const hostile = [
    '<p>Hello <b>support team</b>, my invoice is wrong.</p>',
    '<script>window.__pwned = "script"; console.log("PWNED-script")</script>',
    '<img src="x" onerror="window.__pwned = \'img\'; console.log(\'PWNED-img\'); alert(\'PWNED-img\')">',
    '<a href="javascript:alert(\'PWNED-link\')">click here</a>',
    '<a href="https://example.com/help">help page</a>',
    '<div onmouseover="alert(\'PWNED-hover\')" style="position:fixed;inset:0">hover me</div>',
  ].join('\n');
  const { id } = await createTicket(request, { subject, message: hostile });

  const dialogs: string[] = [];
  const markers: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.text().includes('PWNED')) markers.push(message.text());
  });

  await signIn(page, AGENT.email);
  await openTicket(page, id, subject);
  const body = timelineEntry(page, 'customer_message').getByTestId('message-body');
  await expect(body).toContainText('Hello support team, my invoice is wrong.');
  await expect(body.locator('b')).toHaveText('support team');
  await expect(body.locator('script, img, [onerror], [onmouseover], [style]')).toHaveCount(0);

  const trap = body.getByText('click here');
  await expect(trap).not.toHaveAttribute('href', /.*/);
  await trap.click();
  await body.getByText('hover me').hover();
  const help = body.getByRole('link', { name: 'help page' });
  await expect(help).toHaveAttribute('href', 'https://example.com/help');
  await expect(help).toHaveAttribute('target', '_blank');
  await expect(help).toHaveAttribute('rel', 'noopener noreferrer');

  expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(markers).toEqual([]);
});
