/**
 * Twilio Voice settings, read from the environment with the rest of the server configuration. They are
 * all-or-nothing: none set leaves Twilio disabled; some set is a start-up error naming the missing ones,
 * because a half-configured telephony integration would fail on a live call instead of at start-up.
 */
import { isE164 } from '../../../shared/domain/common';

export interface TwilioConfig {
  readonly accountSid: string;
  /** API key (SK…) and its secret: they sign the softphone's access tokens. */
  readonly apiKeySid: string;
  readonly apiKeySecret: string;
  /** The account's auth token: Twilio signs every webhook with it. */
  readonly authToken: string;
  /** The TwiML app (AP…) whose voice URL handles the softphone's outgoing calls. */
  readonly twimlAppSid: string;
  /** E.164 number shown to the people agents call. */
  readonly callerId: string;
  /** The server's URL as Twilio reaches it (scheme, host, any path prefix; no trailing slash). */
  readonly publicUrl: string;
  /** Record answered calls (both channels); the recording is referenced by its RecordingSid. */
  readonly recordCalls: boolean;
}

export const TWILIO_ENV = {
  accountSid: 'TWILIO_ACCOUNT_SID',
  apiKeySid: 'TWILIO_API_KEY_SID',
  apiKeySecret: 'TWILIO_API_KEY_SECRET',
  authToken: 'TWILIO_AUTH_TOKEN',
  twimlAppSid: 'TWILIO_TWIML_APP_SID',
  callerId: 'TWILIO_CALLER_ID',
  publicUrl: 'ATENDE_PUBLIC_URL',
} as const;

/** Optional on top of the group: recording needs the callers' consent, so it is off unless asked for. */
export const TWILIO_RECORD_ENV = 'TWILIO_RECORD_CALLS';

const SECRET_FIELDS = new Set<keyof TwilioConfig>(['apiKeySecret', 'authToken']);
const REDACTED = '[REDACTED]';

type TwilioField = keyof typeof TWILIO_ENV;
const TWILIO_FIELDS = Object.keys(TWILIO_ENV) as TwilioField[];

/** Twilio SIDs: a two-letter type prefix and 32 hex digits. */
const SID_PREFIXES: readonly (readonly [TwilioField, string])[] = [
  ['accountSid', 'AC'],
  ['apiKeySid', 'SK'],
  ['twimlAppSid', 'AP'],
];

export type TwilioConfigResult = { readonly config: TwilioConfig | undefined } | { readonly error: string };

type Env = Readonly<Record<string, string | undefined>>;

export function readTwilioConfig(env: Env): TwilioConfigResult {
  const values = new Map(TWILIO_FIELDS.map((name) => [name, nonEmpty(env[TWILIO_ENV[name]])]));
  const value = (name: TwilioField): string => values.get(name) ?? '';
  // ATENDE_PUBLIC_URL alone does not switch Twilio on: it names the server, not the integration.
  if (TWILIO_FIELDS.every((name) => name === 'publicUrl' || values.get(name) === undefined)) return { config: undefined };
  const missing = TWILIO_FIELDS.filter((name) => values.get(name) === undefined).map((name) => TWILIO_ENV[name]);
  if (missing.length > 0) return { error: `Twilio is partly configured: also set ${missing.join(', ')} (or unset every TWILIO_* variable)` };
  for (const [name, prefix] of SID_PREFIXES) {
    if (!new RegExp(`^${prefix}[0-9a-f]{32}$`, 'i').test(value(name))) return { error: `${TWILIO_ENV[name]} must be ${prefix} followed by 32 hex digits` };
  }
  const callerId = value('callerId');
  if (!isE164(callerId)) return { error: `${TWILIO_ENV.callerId} must be an E.164 number such as +5511987654321, got "${value('callerId')}"` };
  const publicUrl = publicBaseUrl(value('publicUrl'));
  if (publicUrl === undefined) return { error: `${TWILIO_ENV.publicUrl} must be an http(s) URL without query or fragment, got "${value('publicUrl')}"` };
  const recordCalls = recordFlag(env[TWILIO_RECORD_ENV]);
  if (recordCalls === undefined) return { error: `${TWILIO_RECORD_ENV} must be 1 or 0` };
  return {
    config: redactedInLogs({
      accountSid: value('accountSid'),
      apiKeySid: value('apiKeySid'),
      apiKeySecret: value('apiKeySecret'),
      authToken: value('authToken'),
      twimlAppSid: value('twimlAppSid'),
      callerId,
      publicUrl,
      recordCalls,
    }),
  };
}

function nonEmpty(raw: string | undefined): string | undefined {
  const trimmed = raw?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function publicBaseUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search !== '' || url.hash !== '' || url.username !== '') return undefined;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function recordFlag(raw: string | undefined): boolean | undefined {
  const value = raw?.trim().toLowerCase() ?? '';
  if (value === '' || value === '0' || value === 'false' || value === 'no') return false;
  if (value === '1' || value === 'true' || value === 'yes') return true;
  return undefined;
}

/** The config serializes (pino, JSON.stringify) with its secrets masked, in case it is ever logged whole. */
function redactedInLogs(config: TwilioConfig): TwilioConfig {
  const masked = Object.fromEntries(Object.entries(config).map(([field, value]) => [field, SECRET_FIELDS.has(field as keyof TwilioConfig) ? REDACTED : value]));
  // Not enumerable: spreading or comparing the config sees only its fields.
  return Object.freeze(Object.defineProperty({ ...config }, 'toJSON', { value: () => masked, enumerable: false }));
}
