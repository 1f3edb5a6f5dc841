import { vi } from 'vitest';
import type { DesktopBridge } from '../../../../src/shared/ipc/contract';
import type { CallShortcuts, CallShortcutsResult } from '../../../../src/shared/voice/shortcuts';

/**
 * A preload bridge whose invokes resolve at once (each a `vi.fn`, for the test to inspect) and whose
 * events never fire; `overrides` replace any member (a recorded `setCallShortcuts`, playable events…).
 */
export function fakeDesktopBridge<O extends Partial<DesktopBridge>>(overrides: O) {
  return {
    getVersion: vi.fn(() => Promise.resolve('0.1.0')),
    getDefaultServerUrl: vi.fn(() => Promise.resolve('http://x')),
    notify: vi.fn(() => Promise.resolve()),
    loadSession: vi.fn(() => Promise.resolve(null)),
    saveSession: vi.fn(() => Promise.resolve()),
    clearSession: vi.fn(() => Promise.resolve()),
    notifyIncomingCall: vi.fn(() => Promise.resolve()),
    dismissIncomingCall: vi.fn(() => Promise.resolve()),
    setCallShortcuts: vi.fn<(shortcuts: CallShortcuts) => Promise<CallShortcutsResult>>(() => Promise.resolve({ answer: 'registered', hangup: 'registered' })),
    readyForDialRequests: vi.fn(() => Promise.resolve()),
    onAnswerRequested: () => () => undefined,
    onCallShortcut: () => () => undefined,
    onDialRequest: () => () => undefined,
    ...overrides,
  } satisfies DesktopBridge;
}
