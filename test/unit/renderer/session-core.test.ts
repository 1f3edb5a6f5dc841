import { describe, expect, it } from 'vitest';
import { ApiRequestError, type FetchLike } from '../../../src/renderer/data/api';
import {
  REFRESH_BEFORE_EXPIRY_MS,
  SignInError,
  classifySignInError,
  login,
  normalizeServerUrl,
  refreshDelay,
  refreshSession,
  storagePersistence,
  tokenExpiresAt,
} from '../../../src/renderer/data/session-core';

function jwt(payload: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'HS256' })}.${encode(payload)}.signature`;
}

const user = { id: 'u1', name: 'Ana Souza', email: 'agent@example.com', role: 'agent' };

function fakeFetch(handler: (url: string, init?: RequestInit) => Response | Promise<Response>): FetchLike & { calls: string[] } {
  const calls: string[] = [];
  const fn = async (url: string, init?: RequestInit) => {
    calls.push(`${init?.method ?? 'GET'} ${url}`);
    return handler(url, init);
  };
  return Object.assign(fn, { calls });
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('normalizeServerUrl', () => {
  it.each([
    ['http://localhost:8787', 'http://localhost:8787'],
    ['http://localhost:8787/', 'http://localhost:8787'],
    ['  https://atende.example.com/base/ ', 'https://atende.example.com/base'],
    ['localhost:8787', 'http://localhost:8787'],
    ['192.168.0.10:8787', 'http://192.168.0.10:8787'],
  ])('accepts %s', (input, expected) => {
    expect(normalizeServerUrl(input)).toBe(expected);
  });

  it.each(['', '   ', 'ftp://example.com', 'http://', 'not a url at all', 'http://user:pw@host', 'http://host/?a=1', 'javascript:alert(1)'])(
    'rejects %s',
    (input) => {
      expect(normalizeServerUrl(input)).toBeNull();
    },
  );
});

describe('login', () => {
  it('posts the credentials and returns the session', async () => {
    const fetch = fakeFetch(() => json(200, { token: 'tok', user: { ...user, extra: 'dropped' } }));
    const session = await login(fetch, 'localhost:8787/', ' agent@example.com ', 'demo1234');
    expect(fetch.calls).toEqual(['POST http://localhost:8787/api/v1/auth/login']);
    expect(session).toEqual({ serverUrl: 'http://localhost:8787', token: 'tok', user });
  });

  it.each([
    ['bad credentials', () => json(401, { error: { code: 'unauthorized', message: 'Invalid email or password' } }), 'bad-credentials'],
    ['rate limiting', () => json(429, { error: { code: 'rate_limited', message: 'Slow down' } }), 'rate-limited'],
    ['validation', () => json(422, { error: { code: 'validation_failed', message: 'email' } }), 'invalid-input'],
    ['a server error', () => json(500, { error: { code: 'internal', message: 'boom' } }), 'server'],
    ['an HTML page', () => new Response('<html></html>', { status: 200 }), 'not-atende'],
    ['a JSON answer of another shape', () => json(200, { hello: 'world' }), 'not-atende'],
    [
      'an unreachable server',
      () => {
        throw new TypeError('Failed to fetch');
      },
      'unreachable',
    ],
  ] as const)('classifies %s', async (_name, respond, kind) => {
    const error = await login(fakeFetch(respond), 'http://localhost:8787', 'a@b.c', 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignInError);
    expect((error as SignInError).kind).toBe(kind);
  });

  it('rejects an invalid server URL before any request', async () => {
    const fetch = fakeFetch(() => json(200, {}));
    await expect(login(fetch, 'ftp://x', 'a@b.c', 'x')).rejects.toMatchObject({ kind: 'invalid-url' });
    expect(fetch.calls).toEqual([]);
  });

  it('classifies unknown errors as server errors', () => {
    expect(classifySignInError(new Error('x')).kind).toBe('server');
    expect(classifySignInError(new ApiRequestError('http', 'gone', 404)).kind).toBe('not-atende');
  });
});

describe('refreshSession', () => {
  it('sends the bearer token and keeps the server URL', async () => {
    let auth: string | null = null;
    const fetch = fakeFetch((_url, init) => {
      auth = new Headers(init?.headers).get('authorization');
      return json(200, { token: 'new', user });
    });
    const next = await refreshSession(fetch, { serverUrl: 'http://s', token: 'old', user: { ...user, role: 'agent' } });
    expect(fetch.calls).toEqual(['POST http://s/api/v1/auth/refresh']);
    expect(auth).toBe('Bearer old');
    expect(next.token).toBe('new');
    expect(next.serverUrl).toBe('http://s');
  });

  it('surfaces a 401 as unauthorized', async () => {
    const fetch = fakeFetch(() => json(401, { error: { code: 'unauthorized', message: 'expired' } }));
    const error = await refreshSession(fetch, { serverUrl: 'http://s', token: 'old', user: { ...user, role: 'agent' } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiRequestError);
    expect((error as ApiRequestError).isUnauthorized).toBe(true);
  });
});

describe('token expiry', () => {
  it('reads exp from a JWT', () => {
    expect(tokenExpiresAt(jwt({ sub: 'u1', exp: 1_800_000_000 }))).toBe(1_800_000_000_000);
    expect(tokenExpiresAt(jwt({ sub: 'u1' }))).toBeNull();
    expect(tokenExpiresAt('garbage')).toBeNull();
    expect(tokenExpiresAt('a.%%%.c')).toBeNull();
  });

  it('refreshes about 10 minutes before expiry, sooner for short tokens, never immediately', () => {
    const now = 1_000_000_000_000;
    const inOneHour = jwt({ exp: (now + 3_600_000) / 1000 });
    expect(refreshDelay(inOneHour, now)).toBe(3_600_000 - REFRESH_BEFORE_EXPIRY_MS);
    const inFourMinutes = jwt({ exp: (now + 240_000) / 1000 });
    expect(refreshDelay(inFourMinutes, now)).toBe(120_000);
    const expired = jwt({ exp: (now - 60_000) / 1000 });
    expect(refreshDelay(expired, now)).toBe(5_000);
    expect(refreshDelay('opaque', now)).toBeNull();
  });
});

describe('storagePersistence', () => {
  it('round-trips a valid session and ignores corrupt or foreign data', async () => {
    const data = new Map<string, string>();
    const storage = {
      getItem: (key: string) => data.get(key) ?? null,
      setItem: (key: string, value: string) => void data.set(key, value),
      removeItem: (key: string) => void data.delete(key),
    };
    const persistence = storagePersistence(storage, 'k');
    expect(await persistence.load()).toBeNull();
    const session = { serverUrl: 'http://localhost:8787', token: 'tok', user: { ...user, role: 'agent' as const } };
    await persistence.save(session);
    expect(await persistence.load()).toEqual(session);
    data.set('k', '{not json');
    expect(await persistence.load()).toBeNull();
    data.set('k', JSON.stringify({ ...session, serverUrl: 'file:///etc' }));
    expect(await persistence.load()).toBeNull();
    await persistence.clear();
    expect(data.has('k')).toBe(false);
  });
});
