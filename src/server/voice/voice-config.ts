/**
 * Settings of the built-in WebRTC provider, read from the environment with the rest of the server
 * configuration, and the ICE servers handed to each client.
 *
 * TURN credentials: with ATENDE_TURN_SECRET (coturn's `static-auth-secret`, `use-auth-secret`) every
 * client gets its own short-lived credential (the TURN REST scheme: username `<expiry>:<id>`,
 * password base64(HMAC-SHA1(secret, username))), so a credential copied out of a browser stops working
 * soon. ATENDE_TURN_USERNAME/ATENDE_TURN_CREDENTIAL (a fixed coturn user) is the simpler alternative.
 */
import { createHmac } from 'node:crypto';
import type { IceServer } from '../../shared/voice/signalling';

export interface VoiceConfig {
  readonly stunUrls: readonly string[];
  readonly turnUrls: readonly string[];
  readonly turn: { readonly kind: 'secret'; readonly secret: string; readonly ttlSeconds: number } | { readonly kind: 'static'; readonly username: string; readonly credential: string } | undefined;
  /** Wrap-up after each call (0: none). */
  readonly wrapUpSeconds: number;
  readonly wrapUpAutoReturn: boolean;
  /** How long an agent's calls survive a dropped socket. */
  readonly reconnectGraceSeconds: number;
  /** Ring time of agent-to-agent calls. */
  readonly internalRingSeconds: number;
  /** Callers waiting or talking at once, at most. */
  readonly maxCallers: number;
  /** New caller connections per minute per address. */
  readonly callerConnectionsPerMinute: number;
}

export const DEFAULT_VOICE_CONFIG: VoiceConfig = {
  stunUrls: [],
  turnUrls: [],
  turn: undefined,
  wrapUpSeconds: 30,
  wrapUpAutoReturn: true,
  reconnectGraceSeconds: 20,
  internalRingSeconds: 30,
  maxCallers: 200,
  callerConnectionsPerMinute: 10,
};

type Env = Readonly<Record<string, string | undefined>>;

export type VoiceConfigResult = { readonly config: VoiceConfig } | { readonly error: string };

const ICE_URL = /^(stun|stuns|turn|turns):[^\s,]+$/;

export function readVoiceConfig(env: Env): VoiceConfigResult {
  try {
    const stunUrls = urlList(env, 'ATENDE_STUN_URLS', ['stun', 'stuns']);
    const turnUrls = urlList(env, 'ATENDE_TURN_URLS', ['turn', 'turns']);
    const secret = text(env, 'ATENDE_TURN_SECRET');
    const username = text(env, 'ATENDE_TURN_USERNAME');
    const credential = text(env, 'ATENDE_TURN_CREDENTIAL');
    if (secret !== undefined && (username !== undefined || credential !== undefined)) {
      throw new Error('set ATENDE_TURN_SECRET or ATENDE_TURN_USERNAME/ATENDE_TURN_CREDENTIAL, not both');
    }
    if ((username === undefined) !== (credential === undefined)) throw new Error('ATENDE_TURN_USERNAME and ATENDE_TURN_CREDENTIAL go together');
    const hasTurnAuth = secret !== undefined || username !== undefined;
    if (turnUrls.length > 0 && !hasTurnAuth) throw new Error('ATENDE_TURN_URLS needs ATENDE_TURN_SECRET or ATENDE_TURN_USERNAME/ATENDE_TURN_CREDENTIAL');
    if (turnUrls.length === 0 && hasTurnAuth) throw new Error('TURN credentials are set but ATENDE_TURN_URLS is not');
    const ttlSeconds = integer(env, 'ATENDE_TURN_TTL_SECONDS', 12 * 3600, 60, 7 * 24 * 3600);
    const defaults = DEFAULT_VOICE_CONFIG;
    return {
      config: {
        stunUrls,
        turnUrls,
        turn:
          secret !== undefined
            ? { kind: 'secret', secret, ttlSeconds }
            : username !== undefined && credential !== undefined
              ? { kind: 'static', username, credential }
              : undefined,
        wrapUpSeconds: integer(env, 'ATENDE_VOICE_WRAP_UP_SECONDS', defaults.wrapUpSeconds, 0, 3600),
        wrapUpAutoReturn: flag(env, 'ATENDE_VOICE_WRAP_UP_AUTO_RETURN', defaults.wrapUpAutoReturn),
        reconnectGraceSeconds: integer(env, 'ATENDE_VOICE_RECONNECT_GRACE_SECONDS', defaults.reconnectGraceSeconds, 0, 600),
        internalRingSeconds: integer(env, 'ATENDE_VOICE_INTERNAL_RING_SECONDS', defaults.internalRingSeconds, 5, 600),
        maxCallers: integer(env, 'ATENDE_VOICE_MAX_CALLERS', defaults.maxCallers, 1, 100_000),
        callerConnectionsPerMinute: integer(env, 'ATENDE_VOICE_CALLER_CONNECTIONS_PER_MINUTE', defaults.callerConnectionsPerMinute, 1, 10_000),
      },
    };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** The ICE servers for one client; `identity` names them in a TURN REST username (user id or call id). */
export function iceServersFor(config: Pick<VoiceConfig, 'stunUrls' | 'turnUrls' | 'turn'>, identity: string, now: Date): IceServer[] {
  const servers: IceServer[] = [];
  if (config.stunUrls.length > 0) servers.push({ urls: config.stunUrls });
  const turn = config.turn;
  if (config.turnUrls.length === 0 || turn === undefined) return servers;
  if (turn.kind === 'static') {
    servers.push({ urls: config.turnUrls, username: turn.username, credential: turn.credential });
    return servers;
  }
  const expiry = Math.floor(now.getTime() / 1000) + turn.ttlSeconds;
  const username = `${String(expiry)}:${identity}`;
  const credential = createHmac('sha1', turn.secret).update(username).digest('base64');
  servers.push({ urls: config.turnUrls, username, credential });
  return servers;
}

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function urlList(env: Env, name: string, schemes: readonly string[]): string[] {
  const raw = text(env, name);
  if (raw === undefined) return [];
  const urls = raw.split(',').map((url) => url.trim()).filter((url) => url !== '');
  for (const url of urls) {
    const scheme = ICE_URL.exec(url)?.[1];
    if (scheme === undefined || !schemes.includes(scheme)) throw new Error(`${name} must list ${schemes.join('/')}: URLs separated by commas, got "${url}"`);
  }
  return urls;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new Error(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new Error(`${name} must be between ${String(min)} and ${String(max)}, got ${String(value)}`);
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (raw === '1' || raw === 'true' || raw === 'yes') return true;
  if (raw === '0' || raw === 'false' || raw === 'no') return false;
  throw new Error(`${name} must be 1 or 0, got "${raw}"`);
}
