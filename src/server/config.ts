/**
 * Server configuration, read once from the environment. Every value is validated here so a typo
 * fails at start-up with one clear line instead of surfacing later as an odd runtime error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readVoiceConfig, type VoiceConfig } from './voice/voice-config';
import { readTwilioConfig, type TwilioConfig } from './voice/twilio/twilio-config';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface DemoSizes {
  readonly tickets: number;
  readonly customers: number;
  readonly articles: number;
}

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  /** Postgres connection string; when absent the server uses an embedded PGlite in `dataDir`. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly demo: boolean;
  readonly demoSizes: DemoSizes;
  /** Shared HS256 secret; when absent one is generated once and kept in the database. */
  readonly jwtSecret: string | undefined;
  /** Directory of the built renderer served in web mode. */
  readonly webDir: string;
  readonly logLevel: LogLevel;
  /** The built-in WebRTC provider: ICE servers (STUN, TURN), wrap-up, limits for public callers. */
  readonly voice: VoiceConfig;
  /** Twilio Voice (softphone tokens, TwiML and call webhooks); absent when the TWILIO_* variables are unset. */
  readonly twilio: TwilioConfig | undefined;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DEMO_SIZES: DemoSizes = { tickets: 300, customers: 120, articles: 40 };
/** HS256 needs a key at least as long as its 256-bit output to be worth anything. */
export const MIN_JWT_SECRET_LENGTH = 32;
const MAX_DEMO_SIZE = 1_000_000;

type Env = Readonly<Record<string, string | undefined>>;

export interface LoadConfigOptions {
  readonly env?: Env;
  readonly cwd?: string;
  /** Where the package lives (for the default web directory); found from this file when absent. */
  readonly packageRoot?: string;
}

export function loadConfig(options: LoadConfigOptions = {}): ServerConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const packageRoot = options.packageRoot ?? findPackageRoot(dirname(fileURLToPath(import.meta.url))) ?? cwd;
  const databaseUrl = optional(env, 'DATABASE_URL');
  if (databaseUrl !== undefined) assertPostgresUrl(databaseUrl);
  const jwtSecret = optional(env, 'ATENDE_JWT_SECRET');
  if (jwtSecret !== undefined && jwtSecret.length < MIN_JWT_SECRET_LENGTH) {
    throw new ConfigError(`ATENDE_JWT_SECRET must be at least ${MIN_JWT_SECRET_LENGTH} characters long`);
  }
  const voice = readVoiceConfig(env);
  if ('error' in voice) throw new ConfigError(voice.error);
  const twilio = readTwilioConfig(env);
  if ('error' in twilio) throw new ConfigError(twilio.error);
  return {
    port: integer(env, 'PORT', DEFAULT_PORT, 0, 65_535),
    host: optional(env, 'HOST') ?? DEFAULT_HOST,
    databaseUrl,
    dataDir: resolve(cwd, optional(env, 'ATENDE_DATA_DIR') ?? '.data'),
    demo: flag(env, 'ATENDE_DEMO'),
    demoSizes: {
      tickets: integer(env, 'ATENDE_DEMO_TICKETS', DEFAULT_DEMO_SIZES.tickets, 0, MAX_DEMO_SIZE),
      customers: integer(env, 'ATENDE_DEMO_CUSTOMERS', DEFAULT_DEMO_SIZES.customers, 1, MAX_DEMO_SIZE),
      articles: integer(env, 'ATENDE_DEMO_ARTICLES', DEFAULT_DEMO_SIZES.articles, 0, MAX_DEMO_SIZE),
    },
    jwtSecret,
    webDir: resolve(cwd, optional(env, 'ATENDE_WEB_DIR') ?? join(packageRoot, 'out', 'renderer')),
    logLevel: logLevel(env),
    voice: voice.config,
    twilio: twilio.config,
  };
}

/** Walks up from `start` to the directory whose package.json names this package (works from src/ and out/). */
export function findPackageRoot(start: string): string | undefined {
  let dir = start;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && readPackageName(manifest) === 'atende') return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function readPackageName(manifest: string): unknown {
  try {
    const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && 'name' in parsed ? parsed.name : undefined;
  } catch {
    return undefined;
  }
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function flag(env: Env, name: string): boolean {
  const raw = optional(env, name)?.toLowerCase();
  if (raw === undefined || raw === '0' || raw === 'false' || raw === 'no') return false;
  if (raw === '1' || raw === 'true' || raw === 'yes') return true;
  throw new ConfigError(`${name} must be 1 or 0, got "${raw}"`);
}

function logLevel(env: Env): LogLevel {
  const raw = optional(env, 'LOG_LEVEL')?.toLowerCase() ?? 'info';
  const level = LOG_LEVELS.find((candidate) => candidate === raw);
  if (level === undefined) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  return level;
}

function assertPostgresUrl(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('DATABASE_URL is not a valid URL');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql://, got "${url.protocol}//"`);
  }
}
