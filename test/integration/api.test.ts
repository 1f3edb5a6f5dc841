/** Health, sign-in, token handling, error shape and HTTP hardening, on PGlite and Postgres. */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createTokenService, TOKEN_TTL_SECONDS } from '../../src/server/auth/tokens';
import { resolveJwtSecret } from '../../src/server/auth/jwt-secret';
import { isApiErrorBody } from '../../src/shared/sync/api-errors';
import type { PublicUser } from '../../src/shared/domain/roles';
import { openTestDatabase, TARGETS, type TestDatabase } from './helpers/databases';
import { ADMIN, AGENT, AGENT2, startTestServer, SUPERVISOR, type TestServer } from './helpers/server';

describe.each(TARGETS)('HTTP API on %s', (target) => {
  let testDb: TestDatabase;
  let server: TestServer;

  beforeAll(async () => {
    testDb = await openTestDatabase(target);
    server = await startTestServer(testDb.database);
  });

  afterAll(async () => {
    await server.close();
    await testDb.dispose();
  });

  it('reports health', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  describe('login', () => {
    it('returns a token and the public user for valid credentials (email case-insensitive)', async () => {
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: '  Agent@Example.com ', password: 'demo1234' },
      });
      expect(response.statusCode).toBe(200);
      const body = response.json<{ token: string; user: PublicUser }>();
      expect(body.user).toEqual({ id: 'usr_ana', name: 'Ana Souza', email: AGENT, role: 'agent' });
      expect(body.token.split('.')).toHaveLength(3);
      expect(Object.keys(body.user).sort()).toEqual(['email', 'id', 'name', 'role']);
    });

    it('answers every role of the demo accounts', async () => {
      const roles = await Promise.all([AGENT, AGENT2, SUPERVISOR, ADMIN].map(async (email) => (await server.login(email)).user.role));
      expect(roles).toEqual(['agent', 'agent', 'supervisor', 'admin']);
    });

    it('rejects a wrong password and an unknown email alike with 401', async () => {
      const wrongPassword = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: AGENT2, password: 'nope' } });
      const unknownEmail = await server.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'nobody@example.com', password: 'demo1234' },
      });
      for (const response of [wrongPassword, unknownEmail]) {
        expect(response.statusCode).toBe(401);
        expect(response.json()).toEqual({ error: { code: 'unauthorized', message: 'Invalid email or password' } });
      }
    });

    it.each([
      ['no body', undefined],
      ['missing password', { email: AGENT }],
      ['password not a string', { email: AGENT, password: 1234 }],
      ['array body', [AGENT, 'demo1234']],
    ])('rejects a malformed request (%s) with 400 bad_request', async (_name, payload) => {
      const response = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', ...(payload === undefined ? {} : { payload }) });
      expect(response.statusCode).toBe(400);
      const body: unknown = response.json();
      expect(isApiErrorBody(body)).toBe(true);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('bad_request');
    });

    it('rejects invalid JSON with 400 and no stack trace', async () => {
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: '{"email":',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('bad_request');
      expect(response.body).not.toMatch(/at .*\.(ts|js):\d+/);
    });

    it('rate-limits repeated attempts for one account', async () => {
      const limitedServer = await startTestServer(testDb.database, { loginRateLimit: { max: 5, windowMs: 60_000 } });
      onTestFinished(() => limitedServer.close());
      const attempt = () =>
        limitedServer.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'victim@example.com', password: 'guess' } });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1) statuses.push((await attempt()).statusCode);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      const limited = await attempt();
      expect(limited.json()).toEqual({ error: { code: 'rate_limited', message: expect.any(String) as string } });
      expect(limited.headers['retry-after']).toBeDefined();
      // Another account from the same address is not locked out.
      const other = await limitedServer.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: ADMIN, password: 'demo1234' } });
      expect(other.statusCode).toBe(200);
    });
  });

  describe('bearer tokens', () => {
    it('requires a token on protected routes, with the JSON error shape', async () => {
      for (const url of ['/api/v1/users', '/api/v1/sync/tickets/pull', '/api/v1/sync/customers/pull']) {
        const response = await server.app.inject({ method: 'GET', url });
        expect(response.statusCode).toBe(401);
        expect(response.json()).toEqual({ error: { code: 'unauthorized', message: 'A bearer token is required' } });
        expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
      }
      const push = await server.app.inject({ method: 'POST', url: '/api/v1/sync/tickets/push', payload: [] });
      expect(push.statusCode).toBe(401);
    });

    it('rejects garbage, tampered, foreign-key, alg:none and expired tokens', async () => {
      const { token } = await server.login();
      const [header, payload] = token.split('.');
      const secret = await resolveJwtSecret(testDb.database.db, undefined);
      const user = { id: 'usr_ana', name: 'Ana Souza', email: AGENT, role: 'admin' as const };
      const past = { now: () => new Date(Date.now() - (TOKEN_TTL_SECONDS + 60) * 1000) };
      const candidates = {
        garbage: 'not-a-token',
        tampered: `${header ?? ''}.${payload ?? ''}.AAAA`,
        otherSecret: await createTokenService('x'.repeat(48), { now: () => new Date() }).issue(user),
        algNone: `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload ?? ''}.`,
        expired: await createTokenService(secret, past).issue(user),
        wrongAudience: await new SignJWT({ role: 'admin', name: 'x', email: 'x@example.com' })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('usr_ana')
          .setIssuer('atende')
          .setAudience('someone-else')
          .setIssuedAt()
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode(secret)),
      };
      for (const [name, candidate] of Object.entries(candidates)) {
        const response = await server.request(candidate, 'GET', '/api/v1/users');
        expect({ name, status: response.statusCode }).toEqual({ name, status: 401 });
        expect(response.json<{ error: { code: string } }>().error.code).toBe('unauthorized');
      }
    });

    it('lists users for the assignee picker', async () => {
      const { token } = await server.login();
      const response = await server.request(token, 'GET', '/api/v1/users');
      expect(response.statusCode).toBe(200);
      const users = response.json<PublicUser[]>();
      expect(users.map((user) => user.email).sort()).toEqual([ADMIN, AGENT, AGENT2, SUPERVISOR].sort());
      for (const user of users) expect(Object.keys(user).sort()).toEqual(['email', 'id', 'name', 'role']);
    });

    it('refreshes a valid token into a new one for the same user', async () => {
      const { token } = await server.login(SUPERVISOR);
      const response = await server.request(token, 'POST', '/api/v1/auth/refresh');
      expect(response.statusCode).toBe(200);
      const body = response.json<{ token: string; user: PublicUser }>();
      expect(body.user.email).toBe(SUPERVISOR);
      expect(body.token).not.toBe(token);
      expect((await server.request(body.token, 'GET', '/api/v1/users')).statusCode).toBe(200);
      expect((await server.app.inject({ method: 'POST', url: '/api/v1/auth/refresh' })).statusCode).toBe(401);
      // A client that labels its empty body as JSON is still served.
      const labelled = await server.app.inject({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      });
      expect(labelled.statusCode).toBe(200);
    });
  });

  describe('errors and hardening', () => {
    it('answers unknown routes with a JSON 404', async () => {
      const { token } = await server.login();
      for (const url of ['/api/v1/sync/nonsense/pull', '/api/v2/anything', '/no/such/page']) {
        const response = await server.request(token, 'GET', url);
        expect(response.statusCode).toBe(404);
        expect(response.json<{ error: { code: string } }>().error.code).toBe('not_found');
      }
    });

    it('answers the web shell with a clear 503 when the renderer is not built', async () => {
      const response = await server.app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
      expect(response.statusCode).toBe(503);
      expect(response.json<{ error: { message: string } }>().error.message).toMatch(/not built/);
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    });

    it('allows CORS for the desktop app and local development only', async () => {
      const preflight = (origin: string) =>
        server.app.inject({
          method: 'OPTIONS',
          url: '/api/v1/sync/tickets/pull',
          headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
        });
      const desktop = await preflight('app://atende');
      expect(desktop.headers['access-control-allow-origin']).toBe('app://atende');
      expect(String(desktop.headers['access-control-allow-headers'])).toMatch(/authorization/i);
      expect((await preflight('http://localhost:5173')).headers['access-control-allow-origin']).toBe('http://localhost:5173');
      expect((await preflight('https://evil.example')).headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
