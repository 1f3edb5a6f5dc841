// @vitest-environment happy-dom
/**
 * The call-shortcuts dialog with the window's real DesktopCalls over a fake preload bridge: recording
 * keys, the problems shown, what the OS granted after Save, and web mode.
 */
import { MantineProvider } from '@mantine/core';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import i18next from 'i18next';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallShortcutsDialog } from '../../../../src/renderer/features/softphone/CallShortcutsDialog';
import { baseI18nOptions } from '../../../../src/renderer/i18n/config';
import { CALL_SHORTCUTS_KEY, DesktopCalls } from '../../../../src/renderer/voice/desktop-bridge';
import type { KeyboardPlatform } from '../../../../src/shared/voice/shortcut-keys';
import type { CallShortcuts, CallShortcutsResult } from '../../../../src/shared/voice/shortcuts';
import { fakeDesktopBridge } from '../helpers/fake-desktop-bridge';

afterEach(cleanup);

function fakeBridge(granted: CallShortcutsResult) {
  return fakeDesktopBridge({ setCallShortcuts: vi.fn<(shortcuts: CallShortcuts) => Promise<CallShortcutsResult>>(() => Promise.resolve(granted)) });
}

interface Setup {
  readonly web?: boolean;
  readonly lng?: string;
  readonly platform?: KeyboardPlatform;
  readonly stored?: CallShortcuts;
  readonly granted?: CallShortcutsResult;
}

async function setup(options: Setup = {}) {
  const i18n = i18next.createInstance();
  await i18n.init({ ...baseI18nOptions, lng: options.lng ?? 'en' });
  const bridge = fakeBridge(options.granted ?? { answer: 'registered', hangup: 'registered' });
  const store = new Map<string, string>(options.stored === undefined ? [] : [[CALL_SHORTCUTS_KEY, JSON.stringify(options.stored)]]);
  const calls = new DesktopCalls({
    bridge: options.web === true ? undefined : bridge,
    dial: () => undefined,
    translate: i18n.t.bind(i18n),
    store: { getItem: (key) => store.get(key) ?? null, setItem: (key, value) => store.set(key, value), removeItem: (key) => store.delete(key) },
    onError: (error) => {
      throw error;
    },
  });
  const onClose = vi.fn();
  const wrap = (children: ReactNode) => (
    <I18nextProvider i18n={i18n}>
      <MantineProvider env="test">{children}</MantineProvider>
    </I18nextProvider>
  );
  render(wrap(<CallShortcutsDialog opened onClose={onClose} settings={calls} platform={options.platform ?? 'windows'} />));
  const dialog = screen.getByRole('dialog');
  // The modal's focus trap moves the focus in once open; interactions start after that.
  await waitFor(() => {
    expect(dialog.contains(document.activeElement)).toBe(true);
  });
  const field = (action: string) => within(dialog).getByTestId<HTMLInputElement>(`shortcut-${action}`);
  return { bridge, calls, store, onClose, dialog, answer: field('answer'), hangup: field('hangup') };
}

/** Presses keys on a recorder the way a browser reports them. */
function press(target: HTMLElement, key: string, code: string, held: { ctrlKey?: boolean; altKey?: boolean; shiftKey?: boolean; metaKey?: boolean } = {}) {
  return fireEvent.keyDown(target, { key, code, ...held });
}

describe('CallShortcutsDialog', () => {
  it('records a combination in the OS notation, showing the modifiers while they are held', async () => {
    const { answer } = await setup();
    fireEvent.focus(answer);
    expect(answer.placeholder).toBe('Press the keys…');
    press(answer, 'Control', 'ControlLeft', { ctrlKey: true });
    press(answer, 'Shift', 'ShiftLeft', { ctrlKey: true, shiftKey: true });
    expect(answer.value).toBe('Ctrl+Shift+…');
    const notPrevented = press(answer, 'A', 'KeyA', { ctrlKey: true, shiftKey: true });
    expect(notPrevented).toBe(false);
    expect(answer.value).toBe('Ctrl+Shift+A');
    expect(answer.dataset.accelerator).toBe('Control+Shift+A');
    expect(screen.getByTestId('shortcut-status-answer').dataset.status).toBe('unsaved');
  });

  it('shows macOS symbols on a Mac', async () => {
    const { hangup } = await setup({ platform: 'mac' });
    fireEvent.focus(hangup);
    press(hangup, 'h', 'KeyH', { metaKey: true, shiftKey: true });
    expect(hangup.value).toBe('⇧⌘H');
    expect(hangup.dataset.accelerator).toBe('Command+Shift+H');
  });

  it('clears with Backspace, stops recording with Escape without closing, and lets Tab through', async () => {
    const { answer, onClose } = await setup({ stored: { answer: 'F9', hangup: null } });
    expect(answer.value).toBe('F9');
    fireEvent.focus(answer);
    // Escape while recording ends the recording only; the value stays and the dialog stays open.
    press(answer, 'Escape', 'Escape');
    expect(answer.dataset.recording).toBe('false');
    expect(answer.value).toBe('F9');
    expect(onClose).not.toHaveBeenCalled();
    // Not recording any more: the next Escape is the dialog's.
    press(answer, 'Escape', 'Escape');
    expect(onClose).toHaveBeenCalledTimes(1);
    press(answer, 'Backspace', 'Backspace');
    expect(answer.value).toBe('');
    expect(answer.dataset.accelerator).toBe('');
    expect(answer.placeholder).toBe('None');
  });

  it('never traps the focus: Tab and Shift+Tab move on while recording', async () => {
    const { answer, hangup } = await setup();
    answer.focus();
    // happy-dom's focus() sends no focusin, which React's onFocus listens to.
    fireEvent.focusIn(answer);
    expect(answer.dataset.recording).toBe('true');
    press(answer, 'Tab', 'Tab');
    expect(document.activeElement).toBe(hangup);
    expect(answer.dataset.accelerator).toBe('');
    press(hangup, 'Tab', 'Tab', { shiftKey: true });
    expect(document.activeElement).toBe(answer);
  });

  it('shows why a combination cannot be a call shortcut, and saves nothing while one is wrong', async () => {
    const { answer, hangup, bridge, dialog } = await setup();
    fireEvent.focus(answer);
    press(answer, 'a', 'KeyA');
    expect(within(dialog).getByText('Add Ctrl, Alt or Cmd, or use a function key.')).toBeTruthy();
    expect(answer.getAttribute('aria-invalid')).toBe('true');
    press(answer, 'F9', 'F9');
    fireEvent.focus(hangup);
    press(hangup, 'F9', 'F9');
    expect(within(dialog).getByText('Answer and hang up need different shortcuts.')).toBeTruthy();
    expect(hangup.getAttribute('aria-invalid')).toBe('true');
    press(hangup, 'Dead', 'Quote', { ctrlKey: true });
    expect(hangup.dataset.accelerator).toBe('F9');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText('Fix the shortcuts marked above, then save again.')).toBeTruthy();
    expect(document.activeElement).toBe(hangup);
    expect(bridge.setCallShortcuts).not.toHaveBeenCalled();
  });

  it('saves, and shows what the OS granted: active, or taken by another application', async () => {
    const { answer, hangup, bridge, calls, dialog } = await setup({ granted: { answer: 'registered', hangup: 'unavailable' } });
    fireEvent.focus(answer);
    press(answer, 'A', 'KeyA', { ctrlKey: true, shiftKey: true });
    fireEvent.focus(hangup);
    press(hangup, 'H', 'KeyH', { ctrlKey: true, shiftKey: true });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    const notice = await within(dialog).findByText(/Shortcuts saved\./);
    expect(notice.textContent).toBe('Shortcuts saved. Answer call: Active. Hang up: In use by another application.');
    expect(bridge.setCallShortcuts).toHaveBeenCalledWith({ answer: 'Control+Shift+A', hangup: 'Control+Shift+H' });
    expect(screen.getByTestId('shortcut-status-answer').dataset.status).toBe('registered');
    expect(screen.getByTestId('shortcut-status-hangup').dataset.status).toBe('unavailable');
    expect(screen.getByTestId('shortcut-status-hangup').textContent).toContain('Choose others');
    expect(calls.shortcuts()).toEqual({ answer: 'Control+Shift+A', hangup: 'Control+Shift+H' });
  });

  it('opens with the status of the saved shortcuts, and resets to none on Save', async () => {
    const granted = { answer: 'unavailable', hangup: 'registered' } as const;
    const first = await setup({ stored: { answer: 'F9', hangup: 'F10' }, granted });
    first.calls.connect();
    await waitFor(() => {
      expect(first.calls.appliedStatus()).toEqual(granted);
    });
    cleanup();
    // A dialog opened now shows what the OS granted at start.
    render(
      <I18nextProvider i18n={await englishI18n()}>
        <MantineProvider env="test">
          <CallShortcutsDialog opened onClose={() => undefined} settings={first.calls} platform="windows" />
        </MantineProvider>
      </I18nextProvider>,
    );
    expect(screen.getByTestId('shortcut-status-answer').dataset.status).toBe('unavailable');
    expect(screen.getByTestId('shortcut-status-hangup').dataset.status).toBe('registered');
    first.bridge.setCallShortcuts.mockResolvedValueOnce({ answer: 'off', hangup: 'off' });
    fireEvent.click(screen.getByRole('button', { name: 'Reset to defaults' }));
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: /answer call/i }).value).toBe('');
    expect(first.bridge.setCallShortcuts).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Shortcuts saved. Answer call: Off. Hang up: Off.')).toBeTruthy();
    expect(first.bridge.setCallShortcuts).toHaveBeenLastCalledWith({ answer: null, hangup: null });
  });

  it('keeps the choice and says why when main fails to apply it', async () => {
    const { answer, bridge, dialog } = await setup();
    bridge.setCallShortcuts.mockRejectedValueOnce(new Error('IPC voice:setShortcuts refused'));
    fireEvent.focus(answer);
    press(answer, 'F8', 'F8');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('The shortcuts could not be applied: IPC voice:setShortcuts refused');
    expect(answer.dataset.accelerator).toBe('F8');
  });

  it('says global shortcuts need the desktop app in web mode, with disabled fields (pt-BR)', async () => {
    const { answer, hangup, dialog } = await setup({ web: true, lng: 'pt-BR' });
    expect(screen.getByTestId('shortcuts-web-mode').textContent).toBe(
      'Atalhos globais precisam do aplicativo Atende para desktop. No navegador, as teclas do telefone funcionam com o Atende em primeiro plano: Alt+Shift+A atende, Alt+Shift+D desliga.',
    );
    expect(answer.disabled).toBe(true);
    expect(hangup.disabled).toBe(true);
    expect(within(dialog).getByRole<HTMLButtonElement>('button', { name: 'Salvar' }).disabled).toBe(true);
    expect(within(dialog).getByRole<HTMLButtonElement>('button', { name: 'Restaurar padrão' }).disabled).toBe(true);
  });
});

async function englishI18n() {
  const i18n = i18next.createInstance();
  await i18n.init({ ...baseI18nOptions, lng: 'en' });
  return i18n;
}
