import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'demo1234';

/** Signs in through the real form and waits until the local database is open and replicating. */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel(/email/i).fill(email);
  await page.getByLabel(/password/i).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /sign in/i }).click();
  await waitForAppReady(page);
}

/** The app flags readiness on <html> (the way Signal's tests wait for app events, never on sleeps). */
export async function waitForAppReady(page: Page): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('data-db-ready', 'true');
  await expect(page.getByTestId('ticket-row').first()).toBeVisible();
}

const apiTokens = new Map<string, string>();

/**
 * A bearer token for the public API, signed in once per account for the whole run: the server limits
 * logins per account and address (10 a minute), and the suite's UI sign-ins count against the same limit.
 */
export async function apiToken(request: APIRequestContext, email: string): Promise<string> {
  const cached = apiTokens.get(email);
  if (cached !== undefined) return cached;
  const login = await request.post('/api/v1/auth/login', { data: { email, password: DEMO_PASSWORD } });
  expect(login.ok(), `login as ${email}: HTTP ${String(login.status())}`).toBe(true);
  const { token } = (await login.json()) as { token: string };
  apiTokens.set(email, token);
  return token;
}

export function ticketRow(page: Page, ticketId: string) {
  return page.locator(`[data-testid="ticket-row"][data-ticket-id="${ticketId}"]`);
}

/** Opens a ticket from the queue, changes its subject and saves it locally. */
export async function editSubject(page: Page, ticketId: string, subject: string): Promise<void> {
  await ticketRow(page, ticketId).click();
  const field = page.getByLabel('Subject', { exact: true });
  await expect(field).toBeVisible();
  await field.fill(subject);
  await page.getByRole('button', { name: /^save$/i }).click();
  await expect(field).toHaveValue(subject);
  await page.keyboard.press('Escape');
  await expect(ticketRow(page, ticketId)).toBeVisible();
}

interface WireTicket {
  readonly id: string;
  readonly subject: string;
  readonly _deleted: boolean;
}

/** Reads the server's copy of every ticket through the public sync API, as another client would. */
export async function serverTickets(request: APIRequestContext): Promise<Map<string, WireTicket>> {
  const token = await apiToken(request, 'supervisor@example.com');
  const tickets = new Map<string, WireTicket>();
  let checkpoint: unknown = null;
  for (;;) {
    const query = checkpoint === null ? '' : `&checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}`;
    const response = await request.get(`/api/v1/sync/tickets/pull?limit=1000${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.ok()).toBe(true);
    const page = (await response.json()) as { documents: WireTicket[]; checkpoint: unknown };
    for (const doc of page.documents) tickets.set(doc.id, doc);
    if (page.documents.length === 0) return tickets;
    checkpoint = page.checkpoint;
  }
}

/** The part of the page's document the wait for settled animations uses (the e2e code is compiled without the DOM library). */
interface AnimatedDocument {
  getAnimations(): readonly { readonly playState: string; readonly effect: { getComputedTiming(): { readonly endTime?: number | string } } | null }[];
}

/** axe-core: serious and critical violations (rule, impact, target and markup), within `include` (a CSS selector) if given. */
export async function seriousViolations(page: Page, include?: string): Promise<string[]> {
  // Axe measures colours as drawn: a dialog's overlay still fading in blends the page behind it into
  // contrast failures nobody sees. Wait until finite animations and transitions have ended.
  await page.waitForFunction(() => (globalThis as unknown as { document: AnimatedDocument }).document.getAnimations().every((animation) => animation.playState !== 'running' || animation.effect?.getComputedTiming().endTime === Infinity));
  const builder = include === undefined ? new AxeBuilder({ page }) : new AxeBuilder({ page }).include(include);
  return (await builder.analyze()).violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${String(violation.impact)}): ${violation.nodes.map((node) => `${node.target.join(' ')} ${node.html.slice(0, 160)}`).join(', ')}`);
}

/** Every document of a collection on the server (the latest copy of each), read through the pull API as `email`, like another client. */
export async function serverDocuments(request: APIRequestContext, collection: string, email = 'supervisor@example.com'): Promise<Record<string, unknown>[]> {
  const token = await apiToken(request, email);
  const found = new Map<string, Record<string, unknown>>();
  let checkpoint: unknown = null;
  for (;;) {
    const query = checkpoint === null ? '' : `&checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}`;
    const response = await request.get(`/api/v1/sync/${collection}/pull?limit=1000${query}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.ok()).toBe(true);
    const page = (await response.json()) as { documents: Record<string, unknown>[]; checkpoint: unknown };
    for (const doc of page.documents) found.set(String(doc['id']), doc);
    if (page.documents.length === 0) return [...found.values()];
    checkpoint = page.checkpoint;
  }
}
