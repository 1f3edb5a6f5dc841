/** Configuration, log redaction, web-mode serving and the CLI's start-up errors. */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app';
import { ConfigError, loadConfig } from '../../src/server/config';
import { createDemoUsers } from '../../src/server/demo/seed';
import { createLogger, redactUrlSecrets } from '../../src/server/logger';
import { openTestDatabase, type TestDatabase } from './helpers/databases';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({ env: {}, cwd: '/srv/atende', packageRoot: '/opt/atende' });
    expect(config).toEqual({
      port: 8787,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: '/srv/atende/.data',
      demo: false,
      demoSizes: { tickets: 300, customers: 120, articles: 40 },
      jwtSecret: undefined,
      webDir: '/opt/atende/out/renderer',
      logLevel: 'info',
      // Voice works without configuration (built-in WebRTC, no TURN); Twilio is off until configured.
      twilio: undefined,
      voice: {
        callerConnectionsPerMinute: 10,
        internalRingSeconds: 30,
        maxCallers: 200,
        reconnectGraceSeconds: 20,
        stunUrls: [],
        turn: undefined,
        turnUrls: [],
        wrapUpAutoReturn: true,
        wrapUpSeconds: 30,
      },
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      cwd: '/srv',
      env: {
        PORT: '9000',
        HOST: '0.0.0.0',
        ATENDE_DATA_DIR: 'db',
        DATABASE_URL: 'postgres://u@h:5432/d',
        ATENDE_DEMO: '1',
        ATENDE_DEMO_TICKETS: '100000',
        ATENDE_DEMO_CUSTOMERS: '5000',
        ATENDE_DEMO_ARTICLES: '0',
        ATENDE_JWT_SECRET: 's'.repeat(32),
        ATENDE_WEB_DIR: '/var/www/atende',
        LOG_LEVEL: 'debug',
      },
    });
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      dataDir: '/srv/db',
      databaseUrl: 'postgres://u@h:5432/d',
      demo: true,
      demoSizes: { tickets: 100000, customers: 5000, articles: 0 },
      webDir: '/var/www/atende',
      logLevel: 'debug',
    });
  });

  it('finds the package root for the default web directory', () => {
    expect(loadConfig({ env: {} }).webDir).toBe(join(ROOT, 'out', 'renderer'));
  });

  it.each([
    ['PORT', 'abc', /PORT must be a whole number/],
    ['PORT', '70000', /PORT must be between/],
    ['ATENDE_DEMO', 'maybe', /ATENDE_DEMO must be 1 or 0/],
    ['ATENDE_DEMO_CUSTOMERS', '0', /ATENDE_DEMO_CUSTOMERS must be between 1/],
    ['ATENDE_JWT_SECRET', 'short', /at least 32 characters/],
    ['DATABASE_URL', 'mysql://x', /must start with postgres/],
    ['DATABASE_URL', 'not a url', /not a valid URL/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
  ])('rejects %s=%s with a clear message', (name, value, message) => {
    expect(() => loadConfig({ env: { [name]: value } })).toThrow(ConfigError);
    expect(() => loadConfig({ env: { [name]: value } })).toThrow(message);
  });

  it('makes the CLI exit 1 with one line on bad configuration', async () => {
    const failure = await run(process.execPath, ['--import', 'tsx', 'src/server/cli.ts'], { cwd: ROOT, env: { ...process.env, PORT: 'abc' } }).then(
      () => undefined,
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr.trim()).toBe('atende server: PORT must be a whole number, got "abc"');
  });
});

describe('logging', () => {
  it('masks token query parameters', () => {
    expect(redactUrlSecrets('/api/v1/sync/stream?token=abc.def.ghi&x=1')).toBe('/api/v1/sync/stream?token=[REDACTED]&x=1');
    expect(redactUrlSecrets('/p?a=1&TOKEN=zzz')).toBe('/p?a=1&TOKEN=[REDACTED]');
  });

  it('never writes tokens or passwords to the log', async () => {
    const testDb = await openTestDatabase('pglite');
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = createLogger({ level: 'trace', destination });
    await createDemoUsers(testDb.database.db);
    const app = await buildServer({ database: testDb.database, logger, config: { jwtSecret: undefined, webDir: '/nonexistent' } });
    try {
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'agent@example.com', password: 'demo1234' } });
      const { token } = login.json<{ token: string }>();
      await app.inject({ method: 'GET', url: `/api/v1/users?token=${token}`, headers: { authorization: `Bearer ${token}` } });
      await app.inject({ method: 'GET', url: '/api/v1/sync/tickets/pull', headers: { authorization: `Bearer ${token}` } });
      const log = lines.join('');
      expect(log).toContain('/api/v1/users?token=[REDACTED]');
      expect(log).not.toContain(token);
      expect(log).not.toContain(token.split('.')[2]);
      expect(log).not.toContain('demo1234');
    } finally {
      await app.close();
      await testDb.dispose();
    }
  });
});

describe('web mode', () => {
  let testDb: TestDatabase;
  let webDir: string;
  let app: Awaited<ReturnType<typeof buildServer>>;

  beforeAll(async () => {
    webDir = await mkdtemp(join(tmpdir(), 'atende-web-'));
    await mkdir(join(webDir, 'assets'));
    await writeFile(join(webDir, 'index.html'), '<!doctype html><title>Atende</title><div id="root"></div>');
    await writeFile(join(webDir, 'assets', 'index-abc123.js'), 'console.log("app")');
    await writeFile(join(webDir, 'sw.js'), 'self.addEventListener("fetch", () => {})');
    testDb = await openTestDatabase('pglite');
    app = await buildServer({ database: testDb.database, logger: createLogger({ level: 'silent' }), config: { jwtSecret: undefined, webDir } });
  });

  afterAll(async () => {
    await app.close();
    await testDb.dispose();
    await rm(webDir, { recursive: true, force: true });
  });

  it('serves the app shell with security headers and no caching', async () => {
    const response = await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<div id="root">');
    expect(response.headers['content-security-policy']).toBe(
      "default-src 'self';script-src 'self';style-src 'self' 'unsafe-inline';img-src 'self' data: blob:;font-src 'self' data:;" +
        "media-src 'self' blob: mediastream:;connect-src 'self';worker-src 'self' blob:;manifest-src 'self';object-src 'none';" +
        "base-uri 'none';form-action 'none';frame-ancestors 'none'",
    );
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('caches hashed assets for good and revalidates the service worker', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await app.inject({ method: 'GET', url: '/sw.js' })).headers['cache-control']).toBe('no-cache');
  });

  it('answers client-side routes with the app, and missing files and API routes with JSON 404', async () => {
    const route = await app.inject({ method: 'GET', url: '/tickets/tkt_000001', headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(route.statusCode).toBe(200);
    expect(route.body).toContain('<div id="root">');
    for (const url of ['/assets/missing.js', '/api/v1/nothing-here']) {
      const response = await app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      expect(response.statusCode).toBe(404);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('not_found');
    }
  });
});
