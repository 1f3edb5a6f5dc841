import type { Logger } from './logger';

export const DEFAULT_SERVER_URL = 'http://localhost:8787';

/**
 * The sync server URL the sign-in form starts with: ATENDE_SERVER_URL when it is an http(s) URL,
 * otherwise the default (with a warning when the variable was set but unusable).
 */
export function resolveDefaultServerUrl(env: Readonly<Record<string, string | undefined>>, logger: Logger): string {
  const raw = env.ATENDE_SERVER_URL?.trim();
  if (raw === undefined || raw === '') return DEFAULT_SERVER_URL;
  try {
    const url = new URL(raw);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '') {
      return url.toString().replace(/\/+$/, '');
    }
  } catch {
    // fall through to the warning
  }
  logger.warn(`ATENDE_SERVER_URL is not an http(s) URL; using ${DEFAULT_SERVER_URL}`);
  return DEFAULT_SERVER_URL;
}
