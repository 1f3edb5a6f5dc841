/**
 * The softphone on the built-in WebRTC provider, in Chromium with fake media devices
 * (`--use-fake-ui-for-media-stream --use-fake-device-for-media-stream`, playwright.config.ts): public
 * callers on the `/call` page, agents in the workstation, the server as the switchboard, real
 * RTCPeerConnections carrying the fake microphone's audio.
 *
 * Audio is checked from both ends through getStats (inbound-rtp bytesReceived), which the softphone
 * and the caller page publish as `data-bytes-received` on `[data-testid="call-quality"]` and
 * `[data-testid="caller-media"]`. Each test creates its own queue (short ring timeout) through the
 * sync API, so no demo queue or other test is involved.
 */
import { expect, test, type APIRequestContext, type Browser, type Locator, type Page } from '@playwright/test';
import { apiToken, seriousViolations, signIn } from './support';

const ANA = { email: 'agent@example.com', id: 'usr_ana', name: 'Ana Souza' };
const BRUNO = { email: 'agent2@example.com', id: 'usr_bruno', name: 'Bruno Lima' };

const stampOf = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A queue every demo agent with a tier can serve (L1, no group, skills or languages). */
async function createQueue(request: APIRequestContext, id: string, ringTimeoutSeconds: number): Promise<void> {
  const token = await apiToken(request, 'admin@example.com');
  const now = new Date().toISOString();
  const response = await request.post('/api/v1/sync/settings/push', {
    headers: { authorization: `Bearer ${token}` },
    data: [
      {
        newDocumentState: {
          id,
          kind: 'queue',
          name: `E2E ${id}`,
          enabled: true,
          queue: { tier: 'L1', requiredSkills: [], languages: [], ringTimeoutSeconds, serviceLevelTargetSeconds: 20, serviceLevelTargetPercent: 80, phoneNumbers: [] },
          createdAt: now,
          updatedAt: now,
          _deleted: false,
        },
      },
    ],
  });
  expect(response.status(), await response.text()).toBe(200);
  expect(await response.json()).toEqual([]);
}

/** The server's call records of one call (`providerCallId` is the call id for every part), via the pull API. */
async function serverCalls(request: APIRequestContext, callId: string): Promise<Record<string, unknown>[]> {
  const token = await apiToken(request, 'supervisor@example.com');
  let checkpoint: unknown = null;
  const found = new Map<string, Record<string, unknown>>();
  for (;;) {
    const query = checkpoint === null ? '' : `&checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}`;
    const response = await request.get(`/api/v1/sync/calls/pull?limit=1000${query}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.ok()).toBe(true);
    const page = (await response.json()) as { documents: Record<string, unknown>[]; checkpoint: unknown };
    for (const doc of page.documents) if (doc['providerCallId'] === callId) found.set(String(doc['id']), doc);
    if (page.documents.length === 0) return [...found.values()].sort((a, b) => String(a['id']).localeCompare(String(b['id'])));
    checkpoint = page.checkpoint;
  }
}

async function agentPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  await expect(page.getByTestId('softphone')).toHaveAttribute('data-provider', 'webrtc');
  return page;
}

async function setStatus(page: Page, value: 'available' | 'offline' | `break:${string}`): Promise<void> {
  await page.getByTestId('softphone').getByLabel('Availability').selectOption(value);
  const state = value.startsWith('break:') ? 'break' : value;
  await expect(page.getByTestId('agent-state')).toHaveAttribute('data-state', state);
}

interface CallerInfo {
  readonly name: string;
  readonly phone: string;
  readonly reason: string;
}

async function callIn(browser: Browser, queueId: string, caller: CallerInfo): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/call?queue=${queueId}`);
  await page.getByLabel('Your name').fill(caller.name);
  await page.getByLabel('Your phone number').fill(caller.phone);
  await page.getByLabel('What is it about?').fill(caller.reason);
  await page.getByRole('button', { name: 'Call', exact: true }).click();
  return page;
}

const callerPhase = (page: Page) => page.getByTestId('caller-page');

async function bytesReceived(locator: Locator): Promise<number> {
  const value = await locator.getAttribute('data-bytes-received');
  return value === null ? -1 : Number(value);
}

/** inbound-rtp bytesReceived of this end keeps growing: audio arrives. */
async function expectAudioArriving(locator: Locator): Promise<void> {
  await expect.poll(() => bytesReceived(locator), { timeout: 15_000 }).toBeGreaterThan(0);
  const before = await bytesReceived(locator);
  await expect.poll(() => bytesReceived(locator), { timeout: 15_000 }).toBeGreaterThan(before + 1_000);
}

/** Answers the call of `callerName` ringing at `page`; returns its call id. */
async function answer(page: Page, callerName: string): Promise<string> {
  const incoming = page.getByTestId('softphone-incoming').filter({ hasText: callerName });
  await incoming.getByRole('button', { name: 'Answer' }).click();
  const call = page.getByTestId('softphone-call').filter({ hasText: callerName });
  await expect(call).toHaveAttribute('data-status', 'active');
  const callId = await call.getAttribute('data-call-id');
  expect(callId).toMatch(/^wrtc_/);
  return callId ?? '';
}

/**
 * The calls feature's wrap-up form in the softphone: a disposition picked from the keyboard (typed,
 * then the first match), saved. Not by clicking the option: on a busy machine the card can move while
 * the list opens (the active call's card leaves the panel above it), and Mantine keeps a list whose
 * field it last measured as scrolled out of view hidden until it measures again.
 */
async function wrapUp(page: Page, callId: string): Promise<void> {
  const card = page.locator(`[data-testid="softphone-wrapup"][data-call-id="${callId}"]`);
  await expect(card).toBeVisible();
  const disposition = card.getByRole('combobox', { name: /^Disposition/ });
  await disposition.fill('Information only');
  await disposition.press('ArrowDown');
  await disposition.press('Enter');
  await expect(disposition).toHaveValue('Information only');
  await card.getByRole('button', { name: 'Save wrap-up' }).click();
  await expect(card).toBeHidden();
}

test.describe.configure({ mode: 'serial' });

test('the softphone and the caller page are accessible (axe) in every phase of a call, in both languages', async ({ browser, request }) => {
  test.setTimeout(180_000);
  const stamp = stampOf();
  const queueId = `set_queue_e2e_a11y_${stamp}`;
  await createQueue(request, queueId, 30);
  const ana = await agentPage(browser, ANA.email);
  expect(await seriousViolations(ana, '[data-testid="softphone"]'), 'softphone offline').toEqual([]);
  await setStatus(ana, 'available');

  const context = await browser.newContext({ locale: 'pt-BR' });
  const caller = await context.newPage();
  await caller.goto(`/call?queue=${queueId}`);
  await expect(caller.getByRole('heading', { name: 'Fale conosco' })).toBeVisible();
  expect(await seriousViolations(caller, 'body'), 'caller form (pt-BR)').toEqual([]);
  await caller.getByLabel('Seu nome').fill(`Acessível ${stamp}`);
  await caller.getByLabel('Seu telefone').fill('(11) 98765-0000');
  await caller.getByRole('button', { name: 'Ligar', exact: true }).click();

  await expect(ana.getByTestId('softphone-incoming')).toBeVisible();
  expect(await seriousViolations(ana, '[data-testid="softphone"]'), 'ringing').toEqual([]);
  await expect(callerPhase(caller)).toHaveAttribute('data-phase', 'ringing');
  expect(await seriousViolations(caller, 'body'), 'caller waiting').toEqual([]);
  const callId = await answer(ana, `Acessível ${stamp}`);
  await expect(callerPhase(caller)).toHaveAttribute('data-phase', 'connected');
  expect(await seriousViolations(ana, '[data-testid="softphone"]'), 'connected').toEqual([]);
  expect(await seriousViolations(caller, 'body'), 'caller connected').toEqual([]);
  await ana.getByTestId('softphone-call').getByRole('button', { name: 'Keypad' }).click();
  await ana.getByTestId('softphone-keypad').getByRole('button', { name: 'Key 5' }).click();
  await expect(ana.getByTestId('softphone-keypad-sent')).toHaveText('5');
  expect(await seriousViolations(ana, '[data-testid="softphone"]'), 'keypad').toEqual([]);
  // The caller hangs up; the agent's wrap-up form shows.
  await caller.getByRole('button', { name: 'Desligar' }).click();
  await expect(callerPhase(caller)).toHaveAttribute('data-phase', 'ended');
  await expect(ana.locator(`[data-testid="softphone-wrapup"][data-call-id="${callId}"]`)).toBeVisible();
  expect(await seriousViolations(ana, '[data-testid="softphone"]'), 'wrap-up').toEqual([]);
  await wrapUp(ana, callId);

  await ana.context().close();
  await context.close();
});

test('a web caller reaches an agent: two-way audio, hold, warm transfer, hang-up, wrap-up, records on the server', async ({ browser, request }) => {
  test.setTimeout(180_000);
  const stamp = stampOf();
  const queueId = `set_queue_e2e_sp_${stamp}`;
  await createQueue(request, queueId, 20);
  const ana = await agentPage(browser, ANA.email);
  const bruno = await agentPage(browser, BRUNO.email);
  await setStatus(ana, 'available');

  const caller = await callIn(browser, queueId, { name: `Maria ${stamp}`, phone: '+5511987650000', reason: 'Billing question' });

  // Ana's softphone rings with who is calling, from which queue and why.
  const incoming = ana.getByTestId('softphone-incoming');
  await expect(incoming).toContainText(`Maria ${stamp}`);
  await expect(incoming).toContainText(`E2E ${queueId}`);
  await expect(incoming).toContainText('Billing question');
  await expect(callerPhase(caller)).toHaveAttribute('data-phase', 'ringing');
  // Answered from the keyboard (Alt+Shift+A works anywhere in the workstation).
  await ana.keyboard.press('Alt+Shift+A');
  await expect(ana.getByTestId('softphone-call')).toHaveAttribute('data-status', 'active');
  const callId = (await ana.getByTestId('softphone-call').getAttribute('data-call-id')) ?? '';
  expect(callId).toMatch(/^wrtc_/);
  await expect(callerPhase(caller)).toHaveAttribute('data-phase', 'connected');
  await expect(caller.getByTestId('caller-status')).toContainText(ANA.name);
  await expect(ana.getByTestId('agent-state')).toHaveAttribute('data-state', 'on_call');

  // Audio both ways.
  const anaCall = ana.getByTestId('softphone-call');
  await expectAudioArriving(anaCall.getByTestId('call-quality'));
  await expectAudioArriving(caller.getByTestId('caller-media'));

  // Hold and resume: the caller is told, and still hears something (the hold tone).
  await anaCall.getByRole('button', { name: 'Hold' }).click();
  await expect(anaCall).toHaveAttribute('data-status', 'on_hold');
  await expect(callerPhase(caller)).toHaveAttribute('data-held', 'true');
  await expectAudioArriving(caller.getByTestId('caller-media'));
  await anaCall.getByRole('button', { name: 'Resume' }).click();
  await expect(anaCall).toHaveAttribute('data-status', 'active');
  await expect(callerPhase(caller)).toHaveAttribute('data-held', 'false');

  // Warm transfer: consult Bruno while the caller holds, then hand the caller over.
  await setStatus(bruno, 'available');
  await anaCall.getByRole('button', { name: 'Transfer' }).click();
  const dialog = ana.getByRole('dialog', { name: 'Transfer call' });
  await dialog.getByLabel('Transfer to').selectOption(`user:${BRUNO.id}`);
  await dialog.getByRole('button', { name: 'Consult first' }).click();
  await expect(anaCall).toHaveAttribute('data-status', 'on_hold');
  const consultOffer = bruno.getByTestId('softphone-incoming');
  await expect(consultOffer).toHaveAttribute('data-kind', 'consult');
  await expect(consultOffer).toContainText(ANA.name);
  await consultOffer.getByRole('button', { name: 'Answer' }).click();
  const consult = ana.getByTestId('softphone-consult');
  await expect(consult).toHaveAttribute('data-status', 'active');
  await expectAudioArriving(consult.getByTestId('call-quality'));
  await consult.getByRole('button', { name: 'Complete transfer' }).click();

  // Bruno has the caller; Ana's part is over and waits for her wrap-up.
  const brunoCall = bruno.getByTestId('softphone-call');
  await expect(brunoCall).toHaveAttribute('data-call-id', callId);
  await expect(brunoCall).toHaveAttribute('data-status', 'active');
  await expect(brunoCall).toContainText(`Maria ${stamp}`);
  await expect(ana.getByTestId('softphone-call')).toHaveCount(0);
  await expect(ana.getByTestId('softphone-consult')).toHaveCount(0);
  await expect(caller.getByTestId('caller-status')).toContainText(BRUNO.name);
  await expect(callerPhase(caller)).toHaveAttribute('data-phase', 'connected');
  await expectAudioArriving(brunoCall.getByTestId('call-quality'));
  await expectAudioArriving(caller.getByTestId('caller-media'));
  await wrapUp(ana, callId);

  // Bruno hangs up: the caller sees the end; Bruno wraps up.
  await brunoCall.getByRole('button', { name: 'Hang up' }).click();
  await expect(callerPhase(caller)).toHaveAttribute('data-phase', 'ended');
  await wrapUp(bruno, callId);
  await expect(bruno.getByTestId('agent-state')).toHaveAttribute('data-state', 'available');

  // On the server: Ana's part (answered, held, wrapped up) and Bruno's part after the transfer.
  await expect
    .poll(async () => {
      const records = await serverCalls(request, callId);
      return records.map((record) => [record['id'], record['direction'], record['outcome'], record['agentId'], record['queueId'], record['fromNumber'], typeof record['endedAt'], record['dispositionCode']]);
    }, { timeout: 20_000 })
    .toEqual([
      [callId, 'inbound', 'answered', ANA.id, queueId, '+5511987650000', 'string', 'information_only'],
      [`${callId}_1`, 'inbound', 'answered', BRUNO.id, queueId, '+5511987650000', 'string', 'information_only'],
    ]);
  const [anaRecord] = await serverCalls(request, callId);
  expect(anaRecord?.['provider']).toBe('webrtc');
  expect(typeof anaRecord?.['talkSeconds']).toBe('number');
  expect(typeof anaRecord?.['wrapUpEndedAt']).toBe('string');

  for (const page of [ana, bruno, caller]) await page.context().close();
});

test('five callers, two agents: queue positions, a ring nobody answers moves on, every call answered once', async ({ browser, request }) => {
  test.setTimeout(240_000);
  const stamp = stampOf();
  const queueId = `set_queue_e2e_acd_${stamp}`;
  // Short, but long enough for a busy test machine to click Answer in time.
  const ringSeconds = 10;
  await createQueue(request, queueId, ringSeconds);
  const ana = await agentPage(browser, ANA.email);
  const bruno = await agentPage(browser, BRUNO.email);
  // Ana first: she has been available longest, so she is offered the first call.
  await setStatus(ana, 'available');
  await setStatus(bruno, 'available');

  const callers = [1, 2, 3, 4, 5].map((n) => ({ name: `Caller ${String(n)} ${stamp}`, phone: `+55119876500${String(n).padStart(2, '0')}`, reason: `Question ${String(n)}` }));
  const callerAt = (index: number): CallerInfo => {
    const caller = callers[index];
    if (caller === undefined) throw new Error(`no caller ${String(index)}`);
    return caller;
  };
  const first = callerAt(0);
  const pages: Page[] = [];
  const answeredBy = new Map<string, string>();
  const callIdOf = new Map<string, string>();

  // Caller 1 rings at Ana, who does not answer: after the ring timeout it rings at Bruno, and Ana is put on a break.
  pages.push(await callIn(browser, queueId, first));
  await expect(ana.getByTestId('softphone-incoming')).toContainText(first.name);
  await expect(bruno.getByTestId('softphone-incoming')).toHaveCount(0);
  await expect(bruno.getByTestId('softphone-incoming')).toContainText(first.name, { timeout: (ringSeconds + 10) * 1000 });
  await expect(ana.getByTestId('softphone-incoming')).toHaveCount(0);
  await expect(ana.getByTestId('agent-state')).toHaveAttribute('data-reason', 'missed_call');
  callIdOf.set(first.name, await answer(bruno, first.name));
  answeredBy.set(first.name, BRUNO.id);

  // Nobody is free: callers 2–5 wait in line, in the order they called.
  for (const [index, caller] of callers.slice(1).entries()) {
    const page = await callIn(browser, queueId, caller);
    pages.push(page);
    await expect(page.getByTestId('caller-position')).toHaveAttribute('data-position', String(index + 1));
  }
  for (const [index, page] of pages.slice(1).entries()) await expect(page.getByTestId('caller-position')).toHaveAttribute('data-position', String(index + 1));

  // Ana is back: she gets caller 2; everyone behind moves up.
  await setStatus(ana, 'available');
  callIdOf.set(callerAt(1).name, await answer(ana, callerAt(1).name));
  answeredBy.set(callerAt(1).name, ANA.id);
  for (const [index, page] of pages.slice(2).entries()) await expect(page.getByTestId('caller-position')).toHaveAttribute('data-position', String(index + 1));

  // Each agent who finishes a call and its wrap-up takes the next caller.
  const finish = async (agent: Page, callerName: string) => {
    const callId = callIdOf.get(callerName) ?? '';
    await agent.getByTestId('softphone-call').getByRole('button', { name: 'Hang up' }).click();
    await wrapUp(agent, callId);
  };
  const take = async (agent: Page, agentId: string, index: number) => {
    const caller = callerAt(index);
    callIdOf.set(caller.name, await answer(agent, caller.name));
    answeredBy.set(caller.name, agentId);
  };
  await finish(bruno, first.name);
  await take(bruno, BRUNO.id, 2);
  for (const [index, page] of pages.slice(3).entries()) await expect(page.getByTestId('caller-position')).toHaveAttribute('data-position', String(index + 1));
  await finish(ana, callerAt(1).name);
  await take(ana, ANA.id, 3);
  const lastCaller = pages.at(-1);
  if (lastCaller === undefined) throw new Error('no callers');
  await expect(lastCaller.getByTestId('caller-position')).toHaveAttribute('data-position', '1');
  await finish(bruno, callerAt(2).name);
  await take(bruno, BRUNO.id, 4);
  await finish(ana, callerAt(3).name);
  await finish(bruno, callerAt(4).name);

  for (const page of pages) await expect(callerPhase(page)).toHaveAttribute('data-phase', 'ended');

  // Every call was answered exactly once, by the agent who took it; caller 1's ring-out at Ana is recorded as missed.
  for (const caller of callers) {
    const callId = callIdOf.get(caller.name) ?? '';
    await expect
      .poll(async () => {
        const records = await serverCalls(request, callId);
        return {
          answered: records.filter((record) => record['outcome'] === 'answered').map((record) => record['agentId']),
          missed: records.filter((record) => record['outcome'] === 'missed').map((record) => record['agentId']),
          from: [...new Set(records.map((record) => record['fromNumber']))],
        };
      }, { timeout: 20_000 })
      .toEqual({ answered: [answeredBy.get(caller.name)], missed: caller === first ? [ANA.id] : [], from: [caller.phone] });
  }

  for (const page of [ana, bruno, ...pages]) await page.context().close();
});
