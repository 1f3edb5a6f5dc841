/**
 * The Content-Security-Policy of the renderer, one definition for both hosts: Electron main sends it
 * with every file of the app:// protocol, the server sends it with the web-mode app shell.
 * Scripts only from our own origin; no eval, no inline script, no plugins, no framing.
 */
export interface CspOptions {
  /** Extra origins the renderer may connect to (sync server, voice). Web mode needs none: it is 'self'. */
  readonly connectOrigins?: readonly string[];
}

export function buildContentSecurityPolicy(options: CspOptions = {}): string {
  const connect = ["'self'", ...(options.connectOrigins ?? [])];
  const directives: Record<string, readonly string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    // Mantine and React set style attributes at run time.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'media-src': ["'self'", 'blob:', 'mediastream:'],
    'connect-src': connect,
    'worker-src': ["'self'", 'blob:'],
    'manifest-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/**
 * The desktop app talks to a server whose URL the agent types at sign-in, so its connect-src allows
 * http(s) and ws(s) to any host; scripts remain locked to the app's own files.
 */
export const DESKTOP_CONNECT_ORIGINS: readonly string[] = ['http:', 'https:', 'ws:', 'wss:'];
