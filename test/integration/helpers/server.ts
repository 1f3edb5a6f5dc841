/** Starts the real server for a test against a test database, with the demo users in it. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildServer, type BuildServerOptions } from '../../../src/server/app';
import type { Database } from '../../../src/server/db/database';
import { createDemoUsers } from '../../../src/server/demo/seed';
import { DEMO_PASSWORD } from '../../../src/server/demo/demo-users';
import type { Scheduler } from '../../../src/server/voice/scheduler';
import type { LoginResponse } from '../../../src/shared/sync/auth';
import { testLogger } from './logger';

export const AGENT = 'agent@example.com';
export const AGENT2 = 'agent2@example.com';
export const SUPERVISOR = 'supervisor@example.com';
export const ADMIN = 'admin@example.com';

export interface TestServer {
  readonly app: FastifyInstance;
  /** http://127.0.0.1:<port> when started with `listen`. */
  readonly baseUrl: string | undefined;
  login(email?: string, password?: string): Promise<LoginResponse>;
  /** Sends a request with a bearer token. */
  request(token: string, method: 'GET' | 'POST', url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export type TestServerOptions = Partial<Omit<BuildServerOptions, 'database' | 'logger'>> & { readonly listen?: boolean };

/**
 * The SLA worker's timer in tests unless a test passes its own: it never fires. Tests pin the clock and
 * assert what a push wrote; a background run in between (breach events, restamps) would make them racy.
 */
const idleScheduler: Scheduler = { schedule: () => () => undefined };

export async function startTestServer(database: Database, options: TestServerOptions = {}): Promise<TestServer> {
  await createDemoUsers(database.db);
  const app = await buildServer({
    database,
    logger: testLogger,
    config: { jwtSecret: undefined, webDir: '/nonexistent/atende-renderer' },
    broadcastDelayMs: 5,
    // Tests sign in far more often than people do; the rate-limit test sets its own limit.
    loginRateLimit: { max: 10_000, windowMs: 60_000 },
    slaScheduler: idleScheduler,
    ...options,
  });
  let baseUrl: string | undefined;
  if (options.listen === true) baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  else await app.ready();
  return {
    app,
    baseUrl,
    async login(email = AGENT, password = DEMO_PASSWORD) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
      if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
      return response.json<LoginResponse>();
    },
    request(token, method, url, payload) {
      return app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}` },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
    },
    close: () => app.close(),
  };
}
