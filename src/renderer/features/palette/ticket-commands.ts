/**
 * What the palette and the shortcuts do. On a ticket they trigger the page's own controls (the
 * composer's Alt+R / Alt+N, the "Assign to me" and "Escalate to …" buttons), so each action keeps one
 * implementation and the page's rules (e.g. no escalation with unsaved edits) hold.
 */
import { escalationTargets } from '../../../shared/domain/escalation';
import { TIERS } from '../../../shared/domain/ticket';

/** The ticket id of a `#/tickets/:id` path, or null elsewhere. */
export function ticketIdOfPath(pathname: string): string | null {
  const match = /^\/tickets\/([^/]+)$/.exec(pathname);
  return match?.[1] === undefined ? null : decodeURIComponent(match[1]);
}

/** Presses one of the composer's own shortcuts (it listens with physical keys, so `code` matters). */
export function pressAltKey(letter: 'R' | 'N'): void {
  document.documentElement.dispatchEvent(
    new KeyboardEvent('keydown', { key: letter.toLowerCase(), code: `Key${letter}`, altKey: true, bubbles: true, cancelable: true }),
  );
}

/** Clicks the enabled button of the main content whose text is one of `labels`; false when there is none. */
export function clickButton(labels: readonly string[]): boolean {
  const main = document.getElementById('main-content');
  if (main === null) return false;
  const button = [...main.querySelectorAll('button')].find(
    (candidate) => !candidate.disabled && labels.includes(candidate.textContent.trim()),
  );
  button?.click();
  return button !== undefined;
}

/** The labels of the page's "Escalate to L2/L3" buttons (only the upward ones). */
export function escalateLabels(label: (tier: string) => string): string[] {
  return TIERS.flatMap((tier) => escalationTargets(tier).filter((target) => target.direction === 'escalate').map((target) => label(target.tier)));
}
