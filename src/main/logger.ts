/** The small logging surface main's modules receive (injected, so tests can assert on warnings). */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}

/** Lines on stderr, one per event; main has no console in production code. */
export function createStderrLogger(scope: string, write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  const line = (level: string, message: string): void => {
    write(`${new Date().toISOString()} ${level} [${scope}] ${message}\n`);
  };
  return {
    info: (message) => {
      line('INFO', message);
    },
    warn: (message) => {
      line('WARN', message);
    },
    error: (message, error) => {
      line('ERROR', error === undefined ? message : `${message}: ${describe(error)}`);
    },
  };
}

export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
