/**
 * Web mode: the server hands out the built renderer (out/renderer) so a browser can run the app
 * without the desktop shell. Unknown navigations get index.html (client-side routes). When the
 * renderer has not been built the server still runs the API and answers pages with a clear 503.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HEALTH_PATH } from '../../shared/sync/auth';
import { API_PREFIX } from '../../shared/sync/protocol';
import type { Logger } from '../logger';
import { errorBody } from './api-error';

/** Handles an unmatched request if it is a page navigation; returns whether it did. */
export type NavigationFallback = (request: FastifyRequest, reply: FastifyReply) => boolean;

/** Files that must be revalidated on every load so a new release is picked up at once. */
const ALWAYS_REVALIDATE = /(^|[/\\])(index\.html|sw\.js|registerSW\.js|manifest\.webmanifest)$/;
const HASHED_ASSET = /[/\\]assets[/\\]/;

export async function registerWebShell(app: FastifyInstance, webDir: string, logger: Logger): Promise<NavigationFallback> {
  if (!existsSync(join(webDir, 'index.html'))) {
    logger.warn({ webDir }, 'renderer not built: web mode unavailable, pages answer 503 (run "npm run build")');
    const notBuilt = (_request: FastifyRequest, reply: FastifyReply): void => {
      void reply
        .code(503)
        .header('retry-after', '60')
        .send(errorBody('internal', 'The web app is not built on this server. Run "npm run build" or set ATENDE_WEB_DIR.'));
    };
    app.get('/', notBuilt);
    return (request, reply) => {
      if (!isNavigation(request)) return false;
      notBuilt(request, reply);
      return true;
    };
  }

  await app.register(fastifyStatic, {
    root: webDir,
    prefix: '/',
    cacheControl: false,
    setHeaders: (reply, path) => {
      if (ALWAYS_REVALIDATE.test(path)) reply.header('cache-control', 'no-cache');
      else if (HASHED_ASSET.test(path)) reply.header('cache-control', 'public, max-age=31536000, immutable');
      else reply.header('cache-control', 'public, max-age=3600');
    },
  });
  logger.info({ webDir }, 'serving the web app');
  return (request, reply) => {
    if (!isNavigation(request)) return false;
    void reply.sendFile('index.html');
    return true;
  };
}

/** A browser loading a page: GET/HEAD for HTML outside the API, not for a file (a missing asset stays a 404). */
function isNavigation(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0] ?? '';
  if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`) || path === HEALTH_PATH) return false;
  if (/\.[a-z0-9]+$/i.test(path.slice(path.lastIndexOf('/')))) return false;
  return request.headers.accept?.includes('text/html') === true;
}
