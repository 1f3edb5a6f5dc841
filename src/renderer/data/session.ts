/**
 * The session store: who is signed in to which server, persisted so a reload (even offline) stays
 * signed in; desktop app through the preload bridge (main encrypts it), web mode in localStorage.
 * Refreshes the token ~10 minutes before it expires while online; a 401 marks the session expired,
 * which keeps the local data and asks for the password again.
 */
import { create } from 'zustand';
import type { StoredSession } from '../../shared/ipc/contract';
import { desktopBridge } from '../platform';
import { ApiRequestError } from './api';
import {
  desktopPersistence,
  login,
  refreshDelay,
  refreshSession,
  storagePersistence,
  type SessionPersistence,
} from './session-core';
import { closeWorkspace, openWorkspace, useWorkspace } from './workspace';

export type SessionStatus = 'loading' | 'signed-out' | 'signed-in';

export interface SessionState {
  readonly status: SessionStatus;
  readonly session: StoredSession | null;
  /** The server rejected the token: local work continues, sync waits for a new sign-in. */
  readonly expired: boolean;
}

export const useSession = create<SessionState>()(() => ({ status: 'loading', session: null, expired: false }));

const LAST_SIGN_IN_KEY = 'atende.lastSignIn';
const REFRESH_RETRY_MS = 60_000;

let persistence: SessionPersistence | null = null;
function getPersistence(): SessionPersistence {
  if (persistence === null) {
    const bridge = desktopBridge();
    persistence = bridge ? desktopPersistence(bridge) : storagePersistence(localStorage);
  }
  return persistence;
}

const browserFetch = (input: string, init?: RequestInit) => fetch(input, init);

export interface SignInDefaults {
  readonly serverUrl: string;
  readonly email: string;
}

/** What the sign-in form starts with: web mode uses this origin; the desktop app the last or default URL. */
export async function signInDefaults(): Promise<SignInDefaults> {
  let last: Partial<SignInDefaults> = {};
  try {
    const raw = localStorage.getItem(LAST_SIGN_IN_KEY);
    const parsed: unknown = raw === null ? null : JSON.parse(raw);
    if (typeof parsed === 'object' && parsed !== null) last = parsed;
  } catch {
    last = {};
  }
  const email = typeof last.email === 'string' ? last.email : '';
  const bridge = desktopBridge();
  if (bridge === undefined) return { serverUrl: location.origin, email };
  if (typeof last.serverUrl === 'string' && last.serverUrl !== '') return { serverUrl: last.serverUrl, email };
  try {
    return { serverUrl: await bridge.getDefaultServerUrl(), email };
  } catch {
    return { serverUrl: 'http://localhost:8787', email };
  }
}

function rememberSignIn(session: StoredSession): void {
  try {
    localStorage.setItem(LAST_SIGN_IN_KEY, JSON.stringify({ serverUrl: session.serverUrl, email: session.user.email }));
  } catch {
    // Only a convenience for the next sign-in form.
  }
}

const getToken = (): string | null => {
  const { session, expired } = useSession.getState();
  return session === null || expired ? null : session.token;
};

/** Called by sync (HTTP 401, stream close 4401) and by a failed refresh. */
export function markSessionExpired(): void {
  const { status, expired } = useSession.getState();
  if (status !== 'signed-in' || expired) return;
  cancelRefresh();
  useSession.setState({ expired: true });
  useWorkspace.getState().engine?.suspend();
}

const workspaceCallbacks = {
  getToken,
  onUnauthorized: markSessionExpired,
  isExpired: () => useSession.getState().expired,
  // Timers do not run during sleep: refresh at once if the token is due (or overdue) by now.
  onWake: () => {
    refreshIfDue();
  },
};

/** Reads the persisted session at start-up and opens its workspace (works offline). */
export async function initSession(): Promise<void> {
  let stored: StoredSession | null;
  try {
    stored = await getPersistence().load();
  } catch {
    stored = null;
  }
  if (stored === null) {
    useSession.setState({ status: 'signed-out', session: null, expired: false });
    return;
  }
  useSession.setState({ status: 'signed-in', session: stored, expired: false });
  scheduleRefresh();
  await openWorkspace(stored, workspaceCallbacks);
}

/** Tries again to open the current user's workspace (after a database error). */
export async function reopenWorkspace(): Promise<void> {
  const { session } = useSession.getState();
  if (session !== null) await openWorkspace(session, workspaceCallbacks);
}

/** Signs in (throws a classified SignInError); after an expiry, the same user just resumes syncing. */
export async function signIn(serverUrl: string, email: string, password: string): Promise<void> {
  const next = await login(browserFetch, serverUrl, email, password);
  const previous = useSession.getState().session;
  await getPersistence().save(next);
  rememberSignIn(next);
  const sameWorkspace =
    previous !== null &&
    previous.user.id === next.user.id &&
    new URL(previous.serverUrl).origin === new URL(next.serverUrl).origin;
  useSession.setState({ status: 'signed-in', session: next, expired: false });
  scheduleRefresh();
  if (sameWorkspace && useWorkspace.getState().status === 'ready') {
    useWorkspace.getState().engine?.resume();
  } else {
    await openWorkspace(next, workspaceCallbacks);
  }
}

/** Signs out; with `wipe` the user's local replica is deleted too. */
export async function signOut(options: { wipe: boolean }): Promise<void> {
  cancelRefresh();
  const { session } = useSession.getState();
  await closeWorkspace({ wipe: options.wipe, ...(session ? { session } : {}) });
  try {
    await getPersistence().clear();
  } finally {
    useSession.setState({ status: 'signed-out', session: null, expired: false });
  }
}

let refreshTimer: ReturnType<typeof setTimeout> | null = null;
let waitingForOnline = false;

function cancelRefresh(): void {
  if (refreshTimer !== null) clearTimeout(refreshTimer);
  refreshTimer = null;
  if (waitingForOnline) window.removeEventListener('online', refreshWhenOnline);
  waitingForOnline = false;
}

function refreshWhenOnline(): void {
  waitingForOnline = false;
  window.removeEventListener('online', refreshWhenOnline);
  void refreshNow();
}

function scheduleRefresh(delayOverride?: number): void {
  cancelRefresh();
  const { session, expired } = useSession.getState();
  if (session === null || expired) return;
  const delay = delayOverride ?? refreshDelay(session.token, Date.now());
  if (delay === null) return;
  // setTimeout overflows past ~24.8 days; a shorter wait that reschedules is just as good.
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    void refreshNow();
  }, Math.min(delay, 2 ** 31 - 1));
}

function refreshIfDue(): void {
  const { session, expired } = useSession.getState();
  if (session === null || expired || refreshing) return;
  const delay = refreshDelay(session.token, Date.now());
  if (delay !== null && delay <= MIN_WAKE_REFRESH_MS) void refreshNow();
}

/** On wake, refresh when the scheduled refresh is this close (or past). */
const MIN_WAKE_REFRESH_MS = 60_000;
let refreshing = false;

async function refreshNow(): Promise<void> {
  const { session, expired } = useSession.getState();
  if (session === null || expired) return;
  if (!navigator.onLine) {
    waitingForOnline = true;
    window.addEventListener('online', refreshWhenOnline);
    return;
  }
  refreshing = true;
  try {
    const next = await refreshSession(browserFetch, session);
    // Ignore the answer if the user signed out or switched meanwhile.
    if (useSession.getState().session?.token !== session.token) return;
    await getPersistence().save(next);
    useSession.setState({ session: next });
    // The stream's socket still runs on the old token (the server closes it when that expires).
    useWorkspace.getState().engine?.tokenRefreshed();
    scheduleRefresh();
  } catch (error) {
    if (error instanceof ApiRequestError && error.isUnauthorized) {
      markSessionExpired();
    } else {
      scheduleRefresh(REFRESH_RETRY_MS);
    }
  } finally {
    refreshing = false;
  }
}
