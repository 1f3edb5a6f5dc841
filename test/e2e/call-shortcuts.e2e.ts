/**
 * The call-shortcuts settings in web mode (Chromium, no desktop shell): reachable from the softphone
 * and the account menu, honest that global shortcuts need the desktop app, keyboard-operable, and
 * accessible (axe: no serious or critical findings). Recording keys and the OS status after saving are
 * unit-tested with a fake bridge (test/unit/renderer/features/call-shortcuts-dialog.test.tsx): the
 * Electron binary is out of reach here.
 */
import { expect, test } from '@playwright/test';
import { seriousViolations, signIn } from './support';

test('web mode: the call shortcuts dialog says they need the desktop app, with its fields disabled', async ({ page }) => {
  await signIn(page, 'agent@example.com');
  await page.getByTestId('softphone').getByRole('button', { name: 'Call shortcuts' }).click();
  const dialog = page.getByRole('dialog', { name: 'Call shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('shortcuts-web-mode')).toContainText('Global shortcuts need the Atende desktop app');
  await expect(dialog.getByTestId('shortcut-answer')).toBeDisabled();
  await expect(dialog.getByTestId('shortcut-hangup')).toBeDisabled();
  await expect(dialog.getByRole('button', { name: 'Save' })).toBeDisabled();
  expect(await seriousViolations(page, '[role="dialog"]'), 'dialog').toEqual([]);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // The account menu leads to the same settings, from the keyboard.
  await page.getByRole('button', { name: /^Account menu for/ }).click();
  await page.getByRole('menuitem', { name: 'Call shortcuts…' }).press('Enter');
  await expect(dialog).toBeVisible();
  // The footer's Close (the header's × has the same name).
  await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
  await expect(dialog).toBeHidden();
});
