/**
 * Entry point of the sync server (`npm run server`, and out/server/index.js once built): read the
 * configuration, open and migrate the database, seed demo data when asked, listen, and shut down
 * gracefully on SIGINT/SIGTERM.
 */
import closeWithGrace from 'close-with-grace';
import { buildServer } from './app';
import { ConfigError, loadConfig, type ServerConfig } from './config';
import { locationFromConfig, openDatabase, type Database } from './db/database';
import { migrateToLatest } from './db/migrate';
import { createLogger, type Logger } from './logger';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  let config: ServerConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`atende server: ${error.message}`);
    process.exit(1);
  }

  const logger = createLogger({ level: config.logLevel, pretty: process.stdout.isTTY });
  const database = await openDatabase(locationFromConfig(config), logger);
  logger.info(
    database.kind === 'postgres' ? { database: 'postgres' } : { database: 'pglite', dataDir: config.dataDir },
    'database opened',
  );
  await migrateToLatest(database.db, logger);
  if (config.demo) await seedDemoIfEmpty(database, config, logger);

  const app = await buildServer({ database, config, logger });
  closeWithGrace({ delay: SHUTDOWN_GRACE_MS, logger }, async ({ signal, err }) => {
    if (err !== undefined) logger.error({ err }, 'shutting down after an unexpected error');
    else logger.info({ signal }, 'shutting down');
    await app.close();
    await database.close();
  });

  const address = await app.listen({ port: config.port, host: config.host });
  logger.info({ url: address }, `Atende server listening on ${address}`);
}

async function seedDemoIfEmpty(database: Database, config: ServerConfig, logger: Logger): Promise<void> {
  // Loaded on demand: the generator and its fake-data library are only needed in demo mode.
  const { isDatabaseEmpty, seedDemoData } = await import('./demo/seed');
  if (!(await isDatabaseEmpty(database.db))) {
    logger.info('demo mode: database already has data, not seeding');
    return;
  }
  const started = performance.now();
  const summary = await seedDemoData(database.db, { ...config.demoSizes, seed: 1, logger });
  logger.info({ ...summary, ms: Math.round(performance.now() - started) }, 'demo mode: demo data seeded (password for every demo user: demo1234)');
}

main().catch((error: unknown) => {
  console.error('atende server failed to start:', error);
  process.exit(1);
});
