/**
 * Bundles the sync server (src/server/cli.ts) into out/server/index.js: ESM for Node 20, with the
 * production dependencies left external (installed next to it; PGlite and argon2 ship wasm and
 * native files that cannot be inlined). The demo-data generator's faker is a devDependency, so it
 * is bundled instead, into a chunk loaded only in demo mode. Run by `npm run build`.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  build: {
    ssr: resolve(import.meta.dirname, 'src/server/cli.ts'),
    outDir: resolve(import.meta.dirname, 'out/server'),
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    minify: false,
    rolldownOptions: {
      output: { format: 'es', entryFileNames: 'index.js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
  ssr: {
    target: 'node',
    noExternal: ['@faker-js/faker'],
  },
});
