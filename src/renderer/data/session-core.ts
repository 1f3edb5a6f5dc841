/**
 * Session logic without UI or DOM globals: server URL validation, sign-in and refresh requests with
 * error classification, token expiry, and where the session is persisted.
 */
import type { DesktopBridge, StoredSession } from '../../shared/ipc/contract';
import { isStoredSession } from '../../shared/ipc/contract';
import { LOGIN_PATH, REFRESH_PATH } from '../../shared/sync/auth';
import { ApiRequestError, apiRequest, type FetchLike } from './api';

/** Accepts `host:port` too (assumes http); returns the URL without trailing slash, or null if invalid. */
export function normalizeServerUrl(input: string): string | null {
  const trimmed = input.trim();
  if (trimmed === '') return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return null;
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return null;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export type SignInErrorKind =
  | 'invalid-url'
  | 'unreachable'
  | 'bad-credentials'
  | 'rate-limited'
  | 'invalid-input'
  | 'not-atende'
  | 'server';

export class SignInError extends Error {
  readonly kind: SignInErrorKind;
  readonly status: number | undefined;

  constructor(kind: SignInErrorKind, message: string, status?: number) {
    super(message);
    this.name = 'SignInError';
    this.kind = kind;
    this.status = status;
  }
}

export function classifySignInError(error: unknown): SignInError {
  if (error instanceof SignInError) return error;
  if (error instanceof ApiRequestError) {
    if (error.kind === 'network') return new SignInError('unreachable', error.message);
    if (error.kind === 'invalid-response') return new SignInError('not-atende', error.message, error.status);
    switch (error.status) {
      case 401:
        return new SignInError('bad-credentials', error.message, 401);
      case 429:
        return new SignInError('rate-limited', error.message, 429);
      case 400:
      case 422:
        return new SignInError('invalid-input', error.message, error.status);
      case 404:
      case 405:
        return new SignInError('not-atende', error.message, error.status);
      default:
        return new SignInError('server', error.message, error.status);
    }
  }
  return new SignInError('server', error instanceof Error ? error.message : String(error));
}

function toSession(serverUrl: string, body: unknown): StoredSession {
  const candidate =
    typeof body === 'object' && body !== null && 'token' in body && 'user' in body
      ? { serverUrl, token: body.token, user: body.user }
      : null;
  if (!isStoredSession(candidate)) throw new SignInError('not-atende', 'Unexpected sign-in response');
  const { id, name, email, role } = candidate.user;
  return { serverUrl, token: candidate.token, user: { id, name, email, role } };
}

/** `POST /api/v1/auth/login`; throws a classified {@link SignInError}. */
export async function login(
  fetchFn: FetchLike,
  serverUrlInput: string,
  email: string,
  password: string,
): Promise<StoredSession> {
  const serverUrl = normalizeServerUrl(serverUrlInput);
  if (serverUrl === null) throw new SignInError('invalid-url', 'Invalid server URL');
  try {
    const body = await apiRequest(fetchFn, serverUrl, LOGIN_PATH, { body: { email: email.trim(), password } });
    return toSession(serverUrl, body);
  } catch (error) {
    throw classifySignInError(error);
  }
}

/** `POST /api/v1/auth/refresh` with the current token; throws {@link ApiRequestError}. */
export async function refreshSession(fetchFn: FetchLike, session: StoredSession): Promise<StoredSession> {
  const body = await apiRequest(fetchFn, session.serverUrl, REFRESH_PATH, { method: 'POST', token: session.token });
  try {
    return toSession(session.serverUrl, body);
  } catch {
    throw new ApiRequestError('invalid-response', 'Unexpected refresh response');
  }
}

/** The `exp` claim of a JWT in epoch milliseconds, or null when absent or unreadable. */
export function tokenExpiresAt(token: string): number | null {
  const payload = token.split('.')[1];
  if (payload === undefined) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const json: unknown = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')));
    if (typeof json === 'object' && json !== null && 'exp' in json && typeof json.exp === 'number') {
      return json.exp * 1000;
    }
  } catch {
    return null;
  }
  return null;
}

export const REFRESH_BEFORE_EXPIRY_MS = 10 * 60 * 1000;
const MIN_REFRESH_DELAY_MS = 5_000;

/**
 * When to refresh: ~10 minutes before expiry (halfway for short-lived tokens), never sooner than
 * 5 s from now; null when the token carries no expiry.
 */
export function refreshDelay(token: string, now: number): number | null {
  const expiresAt = tokenExpiresAt(token);
  if (expiresAt === null) return null;
  const lifetimeLeft = expiresAt - now;
  const lead = Math.min(REFRESH_BEFORE_EXPIRY_MS, lifetimeLeft / 2);
  return Math.max(MIN_REFRESH_DELAY_MS, lifetimeLeft - lead);
}

/** Where the signed-in session survives a reload. */
export interface SessionPersistence {
  load(): Promise<StoredSession | null>;
  save(session: StoredSession): Promise<void>;
  clear(): Promise<void>;
}

export const WEB_SESSION_KEY = 'atende.session.v1';

interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Web mode: localStorage (the browser's origin isolation is what protects it). */
export function storagePersistence(storage: KeyValueStorage, key = WEB_SESSION_KEY): SessionPersistence {
  return {
    load: () => {
      try {
        const raw = storage.getItem(key);
        const parsed: unknown = raw === null ? null : JSON.parse(raw);
        return Promise.resolve(isStoredSession(parsed) ? parsed : null);
      } catch {
        return Promise.resolve(null);
      }
    },
    save: (session) => {
      storage.setItem(key, JSON.stringify(session));
      return Promise.resolve();
    },
    clear: () => {
      storage.removeItem(key);
      return Promise.resolve();
    },
  };
}

/** Desktop app: main keeps the session encrypted with safeStorage, reached through the preload bridge. */
export function desktopPersistence(bridge: DesktopBridge): SessionPersistence {
  return {
    load: async () => {
      const stored = await bridge.loadSession();
      return isStoredSession(stored) ? stored : null;
    },
    save: (session) => bridge.saveSession(session),
    clear: () => bridge.clearSession(),
  };
}
