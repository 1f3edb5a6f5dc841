/**
 * The desktop shell's call integration, seen from the renderer: `tel:`/`callto:` links opened with
 * the app become dial requests, the incoming-call notification and the global answer/hang-up shortcuts
 * become call actions the softphone subscribes to, and the shortcuts the agent chose are remembered
 * per machine and applied at start.
 *
 * No DOM globals here (the window's instance, wired to the real bridge, dial requests, i18next and
 * localStorage, is in ./desktop-calls.ts), so it is unit-tested in Node with a fake bridge.
 *
 * In web mode there is no preload bridge: every function here is a no-op (links, OS notifications and
 * global shortcuts are the desktop app's), and `available` is false so settings can hide the section.
 */
import type { TFunction } from 'i18next';
import type { DesktopBridge } from '../../shared/ipc/contract';
import { Emitter } from '../../shared/voice/emitter';
import {
  CALL_SHORTCUT_ACTIONS,
  NO_CALL_SHORTCUTS,
  callShortcutProblems,
  canonicalCallShortcuts,
  parseAccelerator,
  type AcceleratorError,
  type CallShortcutAction,
  type CallShortcuts,
  type CallShortcutsResult,
} from '../../shared/voice/shortcuts';
import type { KeyValueStore } from './audio-preferences';

/** Something the agent did outside the app window that the softphone should act on. */
export type DesktopCallAction =
  /** `callId` is set when the agent clicked that call's notification; a shortcut answers the ringing call. */
  | { readonly action: 'answer'; readonly source: 'notification' | 'shortcut'; readonly callId?: string }
  | { readonly action: 'hangup'; readonly source: 'shortcut' };

export interface IncomingCallInfo {
  readonly callId: string;
  /** Customer name or formatted number; null when withheld or unknown. */
  readonly caller: string | null;
  readonly queue?: string;
}

export type SetShortcutsOutcome =
  | { readonly ok: true; readonly status: CallShortcutsResult }
  | { readonly ok: false; readonly problems: Partial<Record<CallShortcutAction, AcceleratorError>> };

/** The translation function of the renderer's i18next (typed keys). */
export type Translate = TFunction;

export const CALL_SHORTCUTS_KEY = 'atende.voice.shortcuts';

/** The notification limits of the IPC contract (title 120, body 500). */
const TITLE_MAX = 120;
const BODY_MAX = 500;

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

function readStoredShortcuts(store: KeyValueStore | null): CallShortcuts {
  if (store === null) return NO_CALL_SHORTCUTS;
  try {
    const raw = store.getItem(CALL_SHORTCUTS_KEY);
    if (raw === null) return NO_CALL_SHORTCUTS;
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return NO_CALL_SHORTCUTS;
    const record = parsed as Record<string, unknown>;
    // Each action on its own: one stale or broken entry does not cost the other.
    const pick = (action: CallShortcutAction): string | null => {
      const value = record[action];
      return typeof value === 'string' && parseAccelerator(value).ok ? value : null;
    };
    const shortcuts = { answer: pick('answer'), hangup: pick('hangup') };
    return Object.keys(callShortcutProblems(shortcuts)).length === 0 ? canonicalCallShortcuts(shortcuts) : NO_CALL_SHORTCUTS;
  } catch {
    return NO_CALL_SHORTCUTS;
  }
}

export class DesktopCalls {
  private readonly actions: Emitter<{ action: (action: DesktopCallAction) => void }>;
  /** What the OS granted for the shortcuts last applied in this run; null until main answered. */
  private applied: CallShortcutsResult | null = null;
  /** Counts applies, so an answer that comes back after a newer apply's cannot overwrite it. */
  private applies = 0;

  constructor(
    private readonly deps: {
      readonly bridge: DesktopBridge | undefined;
      /** Places a dial request (the window's DialRequests.request). */
      readonly dial: (request: { readonly number: string; readonly source: 'link' }) => void;
      readonly translate: Translate;
      /** Where the chosen shortcuts are remembered (localStorage); null keeps them for the session only. */
      readonly store: KeyValueStore | null;
      /** A failing listener or a refused background call to main (reported like an uncaught error in the app). */
      readonly onError: (error: unknown) => void;
    },
  ) {
    this.actions = new Emitter(deps.onError);
  }

  /** Whether the desktop shell is there (false in web mode). */
  get available(): boolean {
    return this.deps.bridge !== undefined;
  }

  /**
   * Starts listening to the shell: links to dial requests, notification clicks and shortcuts to call
   * actions; then tells main it listens (it sends the link the app was opened with) and applies the
   * remembered shortcuts. Call once when the app starts; returns the disconnect.
   */
  connect(): () => void {
    const bridge = this.deps.bridge;
    if (bridge === undefined) return () => undefined;
    const unsubscribes = [
      bridge.onDialRequest((number) => {
        this.deps.dial({ number, source: 'link' });
      }),
      bridge.onAnswerRequested(({ callId }) => {
        this.actions.emit('action', { action: 'answer', source: 'notification', callId });
      }),
      bridge.onCallShortcut((action) => {
        this.actions.emit('action', { action, source: 'shortcut' });
      }),
    ];
    bridge.readyForDialRequests().catch(this.deps.onError);
    const shortcuts = this.shortcuts();
    if (CALL_SHORTCUT_ACTIONS.some((action) => shortcuts[action] !== null)) {
      const apply = ++this.applies;
      bridge.setCallShortcuts(shortcuts).then((status) => {
        if (apply === this.applies) this.applied = status;
      }, this.deps.onError);
    } else {
      this.applied = { answer: 'off', hangup: 'off' };
    }
    return () => {
      for (const unsubscribe of unsubscribes) unsubscribe();
    };
  }

  /** The softphone's subscription to answer/hang-up requests from outside the window. */
  onAction(listener: (action: DesktopCallAction) => void): () => void {
    return this.actions.on('action', listener);
  }

  /** The OS notification of a ringing call, in the agent's language. */
  async notifyIncomingCall(call: IncomingCallInfo): Promise<void> {
    const bridge = this.deps.bridge;
    if (bridge === undefined) return;
    const t = this.deps.translate;
    const caller = call.caller ?? t('desktop.incomingCall.unknownCaller');
    const body = call.queue === undefined ? t('desktop.incomingCall.body', { caller }) : t('desktop.incomingCall.bodyWithQueue', { caller, queue: call.queue });
    await bridge.notifyIncomingCall({ callId: call.callId, title: clip(t('desktop.incomingCall.title'), TITLE_MAX), body: clip(body, BODY_MAX) });
  }

  /** The call stopped ringing (answered, declined, taken elsewhere, caller gave up). */
  async dismissIncomingCall(callId: string): Promise<void> {
    await this.deps.bridge?.dismissIncomingCall(callId);
  }

  /** Which of the remembered shortcuts work now (what the OS granted), or null when not known yet. */
  appliedStatus(): CallShortcutsResult | null {
    return this.deps.bridge === undefined ? null : this.applied;
  }

  /** The remembered shortcuts (canonical), or none. */
  shortcuts(): CallShortcuts {
    return readStoredShortcuts(this.deps.store);
  }

  /**
   * Checks, applies and remembers new shortcuts. Problems come back per action (locale keys under
   * `desktop.shortcutError.`) and change nothing; otherwise the status says which ones the OS granted.
   */
  async setShortcuts(shortcuts: CallShortcuts): Promise<SetShortcutsOutcome> {
    const problems = callShortcutProblems(shortcuts);
    if (Object.keys(problems).length > 0) return { ok: false, problems };
    const canonical = canonicalCallShortcuts(shortcuts);
    try {
      this.deps.store?.setItem(CALL_SHORTCUTS_KEY, JSON.stringify(canonical));
    } catch {
      // A store that refuses costs only the memory of the choice; it still applies now.
    }
    const bridge = this.deps.bridge;
    if (bridge === undefined) return { ok: true, status: { answer: 'off', hangup: 'off' } };
    const apply = ++this.applies;
    const status = await bridge.setCallShortcuts(canonical);
    if (apply === this.applies) this.applied = status;
    return { ok: true, status };
  }
}
