/**
 * The server's pino logger. Credentials never reach the log: authorization and cookie headers are
 * redacted, and the WebSocket `token` query parameter is masked in every logged URL.
 */
import { pino, type DestinationStream, type Logger, type LoggerOptions as PinoOptions } from 'pino';
import type { LogLevel } from './config';

export type { Logger } from 'pino';

export interface LoggerOptions {
  readonly level: LogLevel;
  /** Human-readable output for a developer's terminal. */
  readonly pretty?: boolean;
  /** Where JSON lines go (default stdout); tests capture them here. */
  readonly destination?: DestinationStream;
}

export const REDACTED = '[REDACTED]';

export function createLogger(options: LoggerOptions): Logger {
  const pinoOptions: PinoOptions = {
    level: options.level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'authorization', 'password', '*.password', 'token', '*.token'],
      censor: REDACTED,
    },
    serializers: { req: serializeRequest },
    ...(options.pretty === true
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } }
      : {}),
  };
  return options.destination === undefined ? pino(pinoOptions) : pino(pinoOptions, options.destination);
}

interface LoggableRequest {
  readonly method?: string;
  readonly url?: string;
  readonly ip?: string;
  readonly id?: unknown;
}

function serializeRequest(request: LoggableRequest): Record<string, unknown> {
  return {
    id: request.id,
    method: request.method,
    url: request.url === undefined ? undefined : redactUrlSecrets(request.url),
    remoteAddress: request.ip,
  };
}

/** Masks the value of `token` query parameters in a path-and-query string. */
export function redactUrlSecrets(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, `$1${REDACTED}`);
}
