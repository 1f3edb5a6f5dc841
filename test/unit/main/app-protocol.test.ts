import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
  handleAppProtocol,
  mimeTypeOf,
  registerAppScheme,
  resolveAppPath,
} from '../../../src/main/app-protocol';
import { buildContentSecurityPolicy, DESKTOP_CONNECT_ORIGINS } from '../../../src/shared/security/csp';

const CSP = buildContentSecurityPolicy({ connectOrigins: DESKTOP_CONNECT_ORIGINS });

let base: string;
let root: string;
let handler: (request: Request) => Promise<Response>;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'atende-protocol-'));
  root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Atende</title>');
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(root, 'assets', 'app.css'), 'body{}');
  await writeFile(join(root, 'assets', 'pglite.wasm'), new Uint8Array([0, 97, 115, 109]));
  // A secret right next to the root: a classic sibling-prefix escape target (renderer-secrets).
  await mkdir(join(base, 'renderer-secrets'));
  await writeFile(join(base, 'renderer-secrets', 'key.txt'), 'secret');
  await writeFile(join(base, 'outside.txt'), 'secret');
  handler = createAppProtocolHandler({ root });
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

/** A Request as Electron hands it to protocol.handle (it may carry initiatorOrigin). */
function request(url: string, init: { method?: string; initiatorOrigin?: string } = {}): Request {
  // Node's Request refuses non-http URLs; the handler only reads url, method and initiatorOrigin.
  return { url, method: init.method ?? 'GET', initiatorOrigin: init.initiatorOrigin, headers: new Headers() } as unknown as Request;
}

describe('privileged scheme', () => {
  it('is standard and secure with fetch, but neither CORS-readable, CSP-bypassing nor service-worker capable', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ standard: true, secure: true, supportFetchAPI: true });
    const protocol = { registerSchemesAsPrivileged: vi.fn() };
    registerAppScheme(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([{ scheme: 'app', privileges: APP_SCHEME_PRIVILEGES }]);
  });

  it('handles the app scheme', () => {
    const protocol = { handle: vi.fn() };
    handleAppProtocol(protocol, { root });
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });
});

describe('app protocol handler', () => {
  it('serves index.html with its MIME type and the CSP', async () => {
    const response = await handler(request('app://atende/index.html'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Atende</title>');
  });

  it('serves / as index.html', async () => {
    const response = await handler(request('app://atende/'));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Atende');
  });

  it.each([
    ['app://atende/assets/app.js', 'text/javascript; charset=utf-8'],
    ['app://atende/assets/app.css', 'text/css; charset=utf-8'],
    ['app://atende/assets/pglite.wasm', 'application/wasm'],
  ])('serves %s as %s', async (url, type) => {
    const response = await handler(request(url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('content-security-policy')).toBe(CSP);
  });

  it('answers HEAD without a body', async () => {
    const response = await handler(request('app://atende/index.html', { method: 'HEAD' }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it.each([
    'app://atende/../../etc/passwd',
    'app://atende/%2e%2e/%2e%2e/etc/passwd',
    'app://atende/%2E%2E%2Foutside.txt',
    'app://atende/..%2f..%2f..%2fetc%2fpasswd',
    'app://atende/..%5coutside.txt',
    'app://atende/%2e%2e/renderer-secrets/key.txt',
    'app://atende/assets/%2e%2e/%2e%2e/outside.txt',
    'app://atende/index.html%00.png',
    'app://atende/%E0%A4%A',
    'app://atende//etc/passwd',
  ])('refuses %s with 404 and still sends the CSP', async (url) => {
    const response = await handler(request(url));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(CSP);
    expect(await response.text()).not.toContain('secret');
  });

  it('answers 404 for missing files and directories', async () => {
    expect((await handler(request('app://atende/assets/missing.js'))).status).toBe(404);
    expect((await handler(request('app://atende/tickets'))).status).toBe(404);
    expect((await handler(request('app://atende/assets'))).status).toBe(404);
  });

  it('answers 404 for another host of the scheme', async () => {
    expect((await handler(request('app://other/index.html'))).status).toBe(404);
  });

  it('refuses requests started by another origin', async () => {
    const response = await handler(request('app://atende/index.html', { initiatorOrigin: 'https://evil.example' }));
    expect(response.status).toBe(403);
    expect(response.headers.get('content-security-policy')).toBe(CSP);
    expect((await handler(request('app://atende/index.html', { initiatorOrigin: 'null' }))).status).toBe(403);
    expect((await handler(request('app://atende/assets/app.js', { initiatorOrigin: 'app://atende' }))).status).toBe(200);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await handler(request('app://atende/index.html', { method: 'POST' }))).status).toBe(405);
  });
});

describe('resolveAppPath', () => {
  it('keeps paths inside the root', () => {
    expect(resolveAppPath('/srv/renderer', '/assets/a.js')).toBe('/srv/renderer/assets/a.js');
    expect(resolveAppPath('/srv/renderer', '/')).toBe('/srv/renderer/index.html');
    expect(resolveAppPath('/srv/renderer', '/../renderer-evil/x')).toBeNull();
    expect(resolveAppPath('/srv/renderer', '/%2e%2e/x')).toBeNull();
    expect(resolveAppPath('/srv/renderer', '/a\\b')).toBeNull();
  });
});

describe('mimeTypeOf', () => {
  it('falls back to octet-stream', () => {
    expect(mimeTypeOf('/x/y.svg')).toBe('image/svg+xml');
    expect(mimeTypeOf('/x/Y.WOFF2')).toBe('font/woff2');
    expect(mimeTypeOf('/x/y.unknown')).toBe('application/octet-stream');
  });
});
