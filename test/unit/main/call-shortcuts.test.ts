import { describe, expect, it, vi } from 'vitest';
import { createCallShortcuts, type GlobalShortcutLike } from '../../../src/main/call-shortcuts';
import { silentLogger } from '../../../src/main/logger';
import type { CallShortcutAction } from '../../../src/shared/voice/shortcuts';

/** A fake globalShortcut: an OS table of accelerators, some held by other applications. */
function fakeGlobalShortcut(heldByOthers: readonly string[] = []) {
  const registered = new Map<string, () => void>();
  const globalShortcut = {
    register: vi.fn((accelerator: string, callback: () => void) => {
      if (heldByOthers.includes(accelerator) || registered.has(accelerator)) return false;
      registered.set(accelerator, callback);
      return true;
    }),
    unregister: vi.fn((accelerator: string) => {
      registered.delete(accelerator);
    }),
  } satisfies GlobalShortcutLike;
  const press = (accelerator: string) => {
    registered.get(accelerator)?.();
  };
  return { globalShortcut, registered, press };
}

function setup(heldByOthers: readonly string[] = []) {
  const os = fakeGlobalShortcut(heldByOthers);
  const actions: CallShortcutAction[] = [];
  const warn = vi.fn();
  const error = vi.fn();
  const registry = createCallShortcuts({ globalShortcut: os.globalShortcut, onAction: (action) => actions.push(action), logger: { ...silentLogger, warn, error } });
  return { ...os, actions, registry, warn, error };
}

describe('createCallShortcuts', () => {
  it('registers canonical accelerators and reports each press as its action', () => {
    const { registry, registered, press, actions } = setup();
    expect(registry.apply({ answer: 'cmdorctrl+shift+a', hangup: 'Ctrl+Shift+H' })).toEqual({ answer: 'registered', hangup: 'registered' });
    expect([...registered.keys()]).toEqual(['CommandOrControl+Shift+A', 'Control+Shift+H']);
    press('Control+Shift+H');
    press('CommandOrControl+Shift+A');
    expect(actions).toEqual(['hangup', 'answer']);
  });

  it('releases the old accelerators before taking new ones, and nothing else', () => {
    const { registry, registered, globalShortcut, press, actions } = setup();
    registry.apply({ answer: 'Ctrl+Shift+A', hangup: 'Ctrl+Shift+H' });
    expect(registry.apply({ answer: 'F9', hangup: null })).toEqual({ answer: 'registered', hangup: 'off' });
    expect(globalShortcut.unregister.mock.calls.map(([accelerator]) => accelerator).sort()).toEqual(['Control+Shift+A', 'Control+Shift+H']);
    expect([...registered.keys()]).toEqual(['F9']);
    press('Control+Shift+A');
    expect(actions).toEqual([]);
  });

  it('keeps the same accelerator across a re-apply (released, then taken again)', () => {
    const { registry, registered } = setup();
    registry.apply({ answer: 'Ctrl+Shift+A', hangup: null });
    expect(registry.apply({ answer: 'Ctrl+Shift+A', hangup: null })).toEqual({ answer: 'registered', hangup: 'off' });
    expect([...registered.keys()]).toEqual(['Control+Shift+A']);
  });

  it('reports an accelerator another application holds as unavailable, with a warning, and does not release it later', () => {
    const { registry, globalShortcut, warn } = setup(['Control+Shift+H']);
    expect(registry.apply({ answer: 'Ctrl+Shift+A', hangup: 'Ctrl+Shift+H' })).toEqual({ answer: 'registered', hangup: 'unavailable' });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Control+Shift+H'));
    registry.dispose();
    expect(globalShortcut.unregister.mock.calls).toEqual([['Control+Shift+A']]);
  });

  it('turns an Electron exception into unavailable (logged), keeping the other action', () => {
    const { registry, globalShortcut, error } = setup();
    globalShortcut.register.mockImplementationOnce(() => {
      throw new Error('conversion failure');
    });
    expect(registry.apply({ answer: 'Ctrl+Shift+A', hangup: 'Ctrl+Shift+H' })).toEqual({ answer: 'unavailable', hangup: 'registered' });
    expect(error).toHaveBeenCalledTimes(1);
  });

  it('releases everything it holds on dispose', () => {
    const { registry, registered } = setup();
    registry.apply({ answer: 'Ctrl+Shift+A', hangup: 'MediaPlayPause' });
    registry.dispose();
    expect(registered.size).toBe(0);
  });
});
