/**
 * The global answer/hang-up shortcuts. Only accelerators that passed the shared rules reach here
 * (IPC validation); this module owns the OS registration: it holds exactly the accelerators it
 * registered, releases them before taking new ones, and never touches shortcuts it does not own.
 */
import { CALL_SHORTCUT_ACTIONS, canonicalCallShortcuts, type CallShortcutAction, type CallShortcuts, type CallShortcutsResult, type ShortcutStatus } from '../shared/voice/shortcuts';
import type { Logger } from './logger';

/** The part of Electron's globalShortcut used here (the real one fits it). */
export interface GlobalShortcutLike {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

export interface CallShortcutRegistry {
  /** Releases the current shortcuts and registers these; says which ones the OS granted. */
  apply(shortcuts: CallShortcuts): CallShortcutsResult;
  /** Releases every shortcut this registry holds (app quitting). */
  dispose(): void;
}

export function createCallShortcuts(deps: {
  readonly globalShortcut: GlobalShortcutLike;
  readonly onAction: (action: CallShortcutAction) => void;
  readonly logger: Logger;
}): CallShortcutRegistry {
  const held = new Map<CallShortcutAction, string>();

  const release = (): void => {
    for (const accelerator of held.values()) deps.globalShortcut.unregister(accelerator);
    held.clear();
  };

  const register = (action: CallShortcutAction, accelerator: string | null): ShortcutStatus => {
    if (accelerator === null) return 'off';
    let granted: boolean;
    try {
      granted = deps.globalShortcut.register(accelerator, () => {
        deps.onAction(action);
      });
    } catch (error) {
      // Electron throws for an accelerator it cannot parse on this platform.
      deps.logger.error(`Global shortcut ${accelerator} for ${action} could not be registered`, error);
      return 'unavailable';
    }
    if (!granted) {
      deps.logger.warn(`Global shortcut ${accelerator} for ${action} is held by the OS or another application`);
      return 'unavailable';
    }
    held.set(action, accelerator);
    return 'registered';
  };

  return {
    apply(shortcuts) {
      const canonical = canonicalCallShortcuts(shortcuts);
      release();
      const result: Record<CallShortcutAction, ShortcutStatus> = { answer: 'off', hangup: 'off' };
      for (const action of CALL_SHORTCUT_ACTIONS) result[action] = register(action, canonical[action]);
      return result;
    },
    dispose: release,
  };
}
