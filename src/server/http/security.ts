/**
 * Browser-facing protections: security headers (with the renderer's CSP, one definition shared
 * with the desktop app) and CORS for the desktop app, whose pages come from `app://atende`.
 */
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import { buildContentSecurityPolicy } from '../../shared/security/csp';

export const DESKTOP_ORIGIN = 'app://atende';
/** Vite's dev server and other local tooling. */
const LOCAL_DEV_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?$/;

export function isAllowedOrigin(origin: string): boolean {
  return origin === DESKTOP_ORIGIN || LOCAL_DEV_ORIGIN.test(origin);
}

export async function registerSecurity(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(buildContentSecurityPolicy()) },
    // Served over plain http on a LAN or localhost in web mode; HSTS would pin browsers to https.
    strictTransportSecurity: false,
    // Same rule as the CSP's frame-ancestors 'none', for browsers that only know the old header.
    frameguard: { action: 'deny' },
  });
  await app.register(cors, {
    // Requests without Origin (curl, server-to-server, same-origin navigations) pass untouched.
    origin: (origin, callback) => {
      callback(null, origin === undefined || isAllowedOrigin(origin));
    },
    methods: ['GET', 'POST'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    maxAge: 600,
  });
}

/** "a b c; d e" → { a: ['b','c'], d: ['e'] }, the form helmet expects. */
export function cspDirectives(policy: string): Record<string, string[]> {
  const entries = policy
    .split(';')
    .map((directive) => directive.trim().split(/\s+/))
    .filter((parts): parts is [string, ...string[]] => parts[0] !== undefined && parts[0] !== '')
    .map(([name, ...values]) => [name, values] as const);
  return Object.fromEntries(entries);
}
