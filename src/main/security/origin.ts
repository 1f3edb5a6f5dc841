/**
 * Our one trusted origin, and how main computes origins. Node's WHATWG `URL#origin` is the string
 * "null" for non-special schemes such as `app:`, while Chromium (which registers `app` as a standard
 * scheme) gives "app://atende". So main never uses `URL#origin` for a trust decision: it builds the
 * origin from protocol and host itself.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'atende';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The serialized origin of `url` ("scheme://host[:port]"), or null when it has none we can trust. */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.host === '') return null;
  return `${parsed.protocol}//${parsed.host}`;
}

/** True only for URLs of our own app origin, `app://atende/...`. */
export function isAppUrl(url: string): boolean {
  return originOf(url) === APP_ORIGIN;
}

/**
 * The http(s) URL to hand to the operating system, normalized, or null. Everything else (file:,
 * javascript:, data:, custom schemes, URLs with credentials) is never opened.
 */
export function toExternalHttpUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  return parsed.toString();
}
