/**
 * The `app://atende/...` protocol: the renderer's files, served from out/renderer by main.
 * SECURITY-SENSITIVE: do not change the privileges or the path checks without review.
 *
 * Privileges, chosen one by one:
 * - standard: a real origin (app://atende) with relative URLs and web storage (IndexedDB for the
 *   offline store, localStorage);
 * - secure: a secure context, needed for getUserMedia (microphone) and crypto.subtle;
 * - supportFetchAPI: the app may fetch its own files (wasm, json);
 * - NOT corsEnabled: that privilege lets other origins read the scheme's responses cross-origin;
 *   same-origin module scripts load without it;
 * - NOT bypassCSP, NOT allowServiceWorkers (the desktop app needs no service worker), NOT stream,
 *   NOT allowExtensions.
 */
import type { CustomScheme, Protocol } from 'electron';
import { readFile as fsReadFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { buildContentSecurityPolicy, DESKTOP_CONNECT_ORIGINS } from '../shared/security/csp';
import { APP_HOST, APP_ORIGIN, APP_SCHEME } from './security/origin';

export const APP_SCHEME_PRIVILEGES: NonNullable<CustomScheme['privileges']> = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
};

/** Must run before the app's `ready` event. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.data': 'application/octet-stream',
};

export function mimeTypeOf(filePath: string): string {
  return MIME_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export interface AppProtocolOptions {
  /** Absolute path of the built renderer (out/renderer). */
  readonly root: string;
  /** Injected for tests; defaults to fs/promises readFile. */
  readonly readFile?: (path: string) => Promise<Uint8Array>;
}

/** `request.initiatorOrigin` is set by Electron on protocol requests; it is not in the DOM Request type. */
type ProtocolRequest = Request & { readonly initiatorOrigin?: string };

const INDEX_FILE = 'index.html';

/**
 * Maps a request path to a file strictly inside `root`, or null. Percent-decoding happens before the
 * check, so `%2e%2e`, `..%2f` and `%5c` cannot climb out; NUL bytes and backslashes are refused.
 */
export function resolveAppPath(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded.endsWith('/') ? `${decoded}${INDEX_FILE}` : decoded;
  const absoluteRoot = resolve(root);
  const filePath = resolve(absoluteRoot, relative.replace(/^\/+/, ''));
  if (!filePath.startsWith(absoluteRoot + sep)) return null;
  return filePath;
}

export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  const readFile = options.readFile ?? ((path: string) => fsReadFile(path));
  const csp = buildContentSecurityPolicy({ connectOrigins: DESKTOP_CONNECT_ORIGINS });

  const headers = (contentType: string): Headers =>
    new Headers({
      'Content-Type': contentType,
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-cache',
    });
  const error = (status: number, text: string): Response =>
    new Response(text, { status, headers: headers('text/plain; charset=utf-8') });

  const tryRead = async (filePath: string): Promise<Uint8Array | null> => {
    try {
      return await readFile(filePath);
    } catch {
      return null;
    }
  };

  return async (incoming) => {
    const request = incoming as ProtocolRequest;
    if (request.method !== 'GET' && request.method !== 'HEAD') return error(405, 'Method Not Allowed');
    // Only our own pages (or the browser itself, for the first navigation) may load app files.
    if (request.initiatorOrigin !== undefined && request.initiatorOrigin !== APP_ORIGIN) {
      return error(403, 'Forbidden');
    }
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return error(400, 'Bad Request');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return error(404, 'Not Found');

    const filePath = resolveAppPath(options.root, url.pathname);
    if (filePath === null) return error(404, 'Not Found');

    // No fallback to index.html for unknown paths: the renderer routes inside the page (hash or
    // memory history), so anything that is not a file of out/renderer is a plain 404.
    const body = await tryRead(filePath);
    if (body === null) return error(404, 'Not Found');

    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: headers(mimeTypeOf(filePath)) });
  };
}

/** Serves the app's files on the default session; call after `ready`. */
export function handleAppProtocol(protocol: Pick<Protocol, 'handle'>, options: AppProtocolOptions): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(options));
}
