import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can only require('electron'): bundle everything into one CommonJS file.
      externalizeDeps: false,
      isolatedEntries: true,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    // Relative asset URLs: the same bundle loads from the desktop app's files and from the server at '/'.
    base: './',
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') } },
    },
    plugins: [
      react(),
      VitePWA({
        // Registered by the app itself, only in web mode (the desktop app needs no service worker).
        injectRegister: false,
        registerType: 'autoUpdate',
        manifest: {
          name: 'Atende',
          short_name: 'Atende',
          description: 'Call-center agent workstation',
          theme_color: '#1c7ed6',
          background_color: '#ffffff',
          display: 'standalone',
          start_url: './',
          icons: [],
        },
        workbox: {
          globPatterns: ['**/*.{js,css,html,svg,png,ico,woff,woff2,wasm,json}'],
          navigateFallback: 'index.html',
          navigateFallbackDenylist: [/^\/api\//, /^\/healthz/],
          maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
          cleanupOutdatedCaches: true,
          // With injectRegister:false the plugin no longer turns these on for 'autoUpdate': without them the
          // first visit is not controlled by the worker until a reload, and an offline reload would fail.
          clientsClaim: true,
          skipWaiting: true,
        },
      }),
    ],
  },
});
