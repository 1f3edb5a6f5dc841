/**
 * The supervisor's live board (`#/supervisor`) in Chromium with fake media devices (as in
 * softphone.e2e.ts): a web caller waits in a queue nobody serves yet, an agent becomes available and
 * answers, and the board follows it all live; a ticket at risk of breaching its SLA is listed from the
 * local replica; going offline replaces the live numbers with a clear notice. Agents are not let in.
 *
 * The test creates its own queue, SLA policy (5 minutes to first response, at risk after 1 % of it) and
 * ticket through the sync API, so no demo data or other test is involved.
 */
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { apiToken, DEMO_PASSWORD, seriousViolations } from './support';

const ANA = { email: 'agent@example.com', id: 'usr_ana', name: 'Ana Souza' };

const stampOf = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function pushSettings(request: APIRequestContext, document: Record<string, unknown>): Promise<void> {
  const token = await apiToken(request, 'admin@example.com');
  const now = new Date().toISOString();
  const response = await request.post('/api/v1/sync/settings/push', {
    headers: { authorization: `Bearer ${token}` },
    data: [{ newDocumentState: { enabled: true, createdAt: now, updatedAt: now, _deleted: false, ...document } }],
  });
  expect(response.status(), await response.text()).toBe(200);
  expect(await response.json()).toEqual([]);
}

/** A queue every demo agent with a tier can serve (L1, no group, skills or languages). */
async function createQueue(request: APIRequestContext, id: string): Promise<void> {
  await pushSettings(request, {
    id,
    kind: 'queue',
    name: `Board ${id}`,
    queue: { tier: 'L1', requiredSkills: [], languages: [], ringTimeoutSeconds: 30, serviceLevelTargetSeconds: 20, serviceLevelTargetPercent: 80, phoneNumbers: [] },
  });
}

/** A ticket pinned to a policy that puts it at risk seconds after it is created (and breaches in 5 minutes). */
async function createAtRiskTicket(request: APIRequestContext, stamp: string): Promise<{ id: string; subject: string }> {
  const policyId = `set_sla_e2e_board_${stamp}`;
  const target = { firstResponseMinutes: 5, resolutionMinutes: 10 };
  await pushSettings(request, {
    id: policyId,
    kind: 'slaPolicy',
    name: `Board e2e ${stamp}`,
    // Pinned only: a rank no other policy loses to.
    slaPolicy: { rank: 1000, match: { tiers: ['L3'] }, targets: { low: target, normal: target, high: target, urgent: target }, atRiskPercent: 1 },
  });
  const token = await apiToken(request, 'supervisor@example.com');
  const customers = await request.get('/api/v1/sync/customers/pull?limit=1', { headers: { authorization: `Bearer ${token}` } });
  const customer = ((await customers.json()) as { documents: { id: string }[] }).documents[0];
  if (customer === undefined) throw new Error('The demo server has no customers');
  const id = `tkt_board_${stamp}`;
  const subject = `Board at risk ${stamp}`;
  const now = new Date().toISOString();
  const response = await request.post('/api/v1/sync/tickets/push', {
    headers: { authorization: `Bearer ${token}` },
    data: [
      {
        newDocumentState: {
          id,
          subject,
          status: 'new',
          priority: 'urgent',
          channel: 'email',
          tier: 'L1',
          customerId: customer.id,
          slaPolicyId: policyId,
          tags: [],
          createdAt: now,
          updatedAt: now,
          _deleted: false,
        },
      },
    ],
  });
  expect(response.status(), await response.text()).toBe(200);
  return { id, subject };
}

/** Signs in through the form in a context of its own; ready once the local database is open (no wait for the queue). */
async function workstation(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel(/email/i).fill(email);
  await page.getByLabel(/password/i).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /sign in/i }).click();
  await expect(page.locator('html')).toHaveAttribute('data-db-ready', 'true');
  return page;
}

async function callIn(browser: Browser, queueId: string, name: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/call?queue=${queueId}`);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Your phone number').fill('+5511987650000');
  await page.getByRole('button', { name: 'Call', exact: true }).click();
  return page;
}

test('the live board follows a waiting call, an agent going available and on a call, and tickets at risk; offline it says so', async ({ browser, request }) => {
  // About 30 s on a quiet machine; the margin is for a loaded one (several browsers, WebRTC, axe).
  test.setTimeout(120_000);
  const stamp = stampOf();
  const queueId = `set_queue_e2e_board_${stamp}`;
  await createQueue(request, queueId);
  const ticket = await createAtRiskTicket(request, stamp);

  const [ana, board] = await Promise.all([workstation(browser, ANA.email), workstation(browser, 'supervisor@example.com')]);

  // An agent has no way to the board, and is told so at its URL.
  await expect(ana.getByTestId('softphone')).toHaveAttribute('data-provider', 'webrtc');
  await expect(ana.getByRole('link', { name: 'Live board' })).toHaveCount(0);
  await ana.evaluate("location.hash = '#/supervisor'");
  await expect(ana.getByTestId('supervisor-not-allowed')).toBeVisible();
  await expect(ana.getByRole('heading', { name: 'Not allowed' })).toBeFocused();
  await expect(ana.getByTestId('board-queue')).toHaveCount(0);
  await ana.getByRole('link', { name: 'Go to the queue' }).click();
  await expect(ana.getByTestId('ticket-row').first()).toBeVisible();

  // The supervisor opens the board from the header.
  await board.getByRole('link', { name: 'Live board' }).click();
  await expect(board.getByRole('heading', { name: 'Live board', level: 1 })).toBeFocused();
  await expect(board.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
  const queueRow = board.locator(`[data-testid="board-queue"][data-queue-id="${queueId}"]`);
  await expect(queueRow).toHaveAttribute('data-waiting', '0');
  await expect(queueRow).toHaveAttribute('data-service-level', 'none');
  await expect(queueRow).toContainText('Target 80% within 20s');
  const anaRow = board.locator(`[data-testid="board-agent"][data-user-id="${ANA.id}"]`);
  await expect(anaRow).toHaveAttribute('data-state', 'offline');

  // The ticket at risk, from this device's replica, links to the ticket.
  const atRisk = board.locator('[data-testid="sla-watch"][data-kind="at_risk"]');
  const listed = atRisk.locator(`[data-testid="sla-watch-ticket"][data-ticket-id="${ticket.id}"]`);
  await expect(listed).toBeVisible();
  await expect(listed.getByTestId('sla-badge')).toHaveAttribute('data-sla-state', 'at_risk');
  await expect(listed.getByRole('link')).toContainText(ticket.subject);
  expect(Number(await atRisk.getAttribute('data-count'))).toBeGreaterThanOrEqual(1);

  // A web caller calls while nobody can take the call: one waiting, the wait ticking.
  const callerName = `Board caller ${stamp}`;
  const caller = await callIn(browser, queueId, callerName);
  await expect(queueRow).toHaveAttribute('data-waiting', '1');
  await expect(queueRow.getByTestId('board-queue-longest')).toHaveText(/\d+\s?s/);
  await expect(board.getByRole('status').filter({ hasText: '1 call waiting' })).toBeAttached();

  // Ana becomes available: the board shows it, and the call ringing at her.
  await ana.getByTestId('softphone').getByLabel('Availability').selectOption('available');
  await expect(anaRow).toHaveAttribute('data-state', 'available');
  await expect(anaRow.getByTestId('board-agent-call')).toContainText(`Ringing: ${callerName}`);

  // She answers: on a call with the caller, nobody waiting, the call answered within the threshold.
  const incoming = ana.getByTestId('softphone-incoming').filter({ hasText: callerName });
  await incoming.getByRole('button', { name: 'Answer' }).click();
  await expect(anaRow).toHaveAttribute('data-state', 'on_call');
  await expect(anaRow.getByTestId('board-agent-call')).toContainText(`${callerName} (Board ${queueId})`);
  await expect(queueRow).toHaveAttribute('data-waiting', '0');
  await expect(queueRow.getByTestId('board-queue-on-call')).toHaveText('1');
  await expect(queueRow).toHaveAttribute('data-service-level', 'met');
  expect(await seriousViolations(board, '#main-content'), 'board with a call in progress').toEqual([]);

  // Offline: no stale numbers, a clear notice; the SLA watch keeps going from the replica.
  await board.context().setOffline(true);
  await expect(board.getByTestId('live-status')).toHaveAttribute('data-state', 'offline');
  await expect(board.getByTestId('live-unavailable')).toContainText('Live data unavailable (offline)');
  await expect(board.getByTestId('board-queue')).toHaveCount(0);
  await expect(board.getByTestId('board-agent')).toHaveCount(0);
  await expect(listed).toBeVisible();
  expect(await seriousViolations(board, '#main-content'), 'board offline').toEqual([]);
  await board.context().setOffline(false);
  await expect(board.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
  await expect(anaRow).toHaveAttribute('data-state', 'on_call');

  for (const page of [ana, board, caller]) await page.context().close();
});
