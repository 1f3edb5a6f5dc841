import { createLogger } from '../../../src/server/logger';
import type { LogLevel } from '../../../src/server/config';

/** Silent unless TEST_LOG_LEVEL asks otherwise (e.g. TEST_LOG_LEVEL=debug to follow a failing test). */
export const testLogger = createLogger({ level: (process.env.TEST_LOG_LEVEL ?? 'silent') as LogLevel });
