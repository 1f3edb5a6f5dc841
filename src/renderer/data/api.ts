/**
 * A thin HTTP client for the sync server. Plain TypeScript with an injected `fetch`, so the same code
 * runs in the renderer and in unit tests. Every failure becomes an {@link ApiRequestError} whose `kind`
 * lets the UI pick a translated message without parsing strings.
 */
import { isApiErrorBody, type ApiErrorCode } from '../../shared/sync/api-errors';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * - `network`: the request never got an HTTP answer (offline, DNS, refused, CORS, timeout).
 * - `http`: the server answered with an error status (see `status` and `code`).
 * - `invalid-response`: a 2xx answer that is not the JSON we expect (probably not an Atende server).
 */
export type ApiErrorKind = 'network' | 'http' | 'invalid-response';

export class ApiRequestError extends Error {
  readonly kind: ApiErrorKind;
  readonly status: number | undefined;
  readonly code: ApiErrorCode | undefined;
  /** The error body's `details` (e.g. the refused rows of a push), as the server sent them. */
  readonly details: unknown;

  constructor(kind: ApiErrorKind, message: string, status?: number, code?: ApiErrorCode, details?: unknown) {
    super(message);
    this.name = 'ApiRequestError';
    this.kind = kind;
    this.status = status;
    this.code = code;
    this.details = details;
  }

  get isUnauthorized(): boolean {
    return this.kind === 'http' && this.status === 401;
  }
}

export function isUnauthorizedError(error: unknown): boolean {
  return error instanceof ApiRequestError && error.isUnauthorized;
}

export interface ApiRequestOptions {
  readonly method?: 'GET' | 'POST';
  readonly token?: string | undefined;
  readonly body?: unknown;
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 20_000;

/** Joins a server base URL (no trailing slash) and an absolute API path. */
export function apiUrl(serverUrl: string, path: string): string {
  return `${serverUrl.replace(/\/+$/, '')}${path}`;
}

/** Sends one request and returns the parsed JSON body of a 2xx answer. */
export async function apiRequest(
  fetchFn: FetchLike,
  serverUrl: string,
  path: string,
  options: ApiRequestOptions = {},
): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetchFn(apiUrl(serverUrl, path), {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (error) {
    throw new ApiRequestError('network', error instanceof Error ? error.message : 'Network request failed');
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    if (isApiErrorBody(body)) {
      throw new ApiRequestError('http', body.error.message, response.status, body.error.code, body.error.details);
    }
    throw new ApiRequestError('http', `HTTP ${response.status}`, response.status);
  }
  if (body === undefined) {
    throw new ApiRequestError('invalid-response', 'The server did not answer with JSON', response.status);
  }
  return body;
}
