import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          // The replication tests run the real RxDB on fake IndexedDB: seconds on a busy 2-core machine.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // PGlite instances are memory-hungry; run files one after another on our 2 cores.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'chaos',
          include: ['test/chaos/**/*.test.ts'],
          environment: 'node',
          // Each trial starts the built server, four client workers and a proxy, and runs for about a
          // minute; a slow server restart is tried again and the clients get 60 s to converge.
          testTimeout: 420_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
