// Import rules between the layers of the app (see docs/architecture.md). Kept apart from
// eslint.config.js so a test can prove that a violation fails the lint.
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

const restrict = (message, groups, names = []) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: names.map((name) => ({ name, message })),
      patterns: groups.length > 0 ? [{ group: groups, message }] : [],
    },
  ],
});

const layer = (dir) => [`**/src/${dir}/**`, `src/${dir}/**`, `../${dir}/**`, `../../${dir}/**`, `../../../${dir}/**`, `../../../../${dir}/**`];

export const layerRules = [
  {
    name: 'atende/layers/shared',
    files: ['src/shared/**/*.{ts,tsx}'],
    rules: restrict(
      'src/shared is pure TypeScript: it imports no other layer, no DOM-only, Node or Electron module.',
      [...layer('main'), ...layer('preload'), ...layer('renderer'), ...layer('server'), 'node:*', 'electron/*'],
      ['electron', ...nodeBuiltins],
    ),
  },
  {
    name: 'atende/layers/renderer',
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: restrict(
      'src/renderer runs in a sandboxed web page: it may import src/shared, never main, preload, server, Node or Electron.',
      [...layer('main'), ...layer('preload'), ...layer('server'), 'node:*', 'electron/*'],
      ['electron', ...nodeBuiltins],
    ),
  },
  {
    name: 'atende/layers/preload',
    files: ['src/preload/**/*.{ts,tsx}'],
    rules: restrict(
      'src/preload imports only src/shared and electron (it runs sandboxed).',
      [...layer('main'), ...layer('renderer'), ...layer('server'), 'node:*'],
      nodeBuiltins,
    ),
  },
  {
    name: 'atende/layers/main',
    files: ['src/main/**/*.{ts,tsx}'],
    rules: restrict('src/main may import src/shared, never renderer, preload or server.', [
      ...layer('renderer'),
      ...layer('preload'),
      ...layer('server'),
    ]),
  },
  {
    // The benchmark pages and the page APIs they share with their Node drivers are bundled for Chromium.
    name: 'atende/layers/bench-pages',
    files: ['bench/*/browser/**/*.{ts,tsx}', 'bench/*/page-api.ts'],
    rules: restrict(
      'bench pages run in Chromium: they may import src/shared, src/renderer and browser packages, never main, preload, server, Node or Electron.',
      [...layer('main'), ...layer('preload'), ...layer('server'), 'node:*', 'electron/*'],
      ['electron', ...nodeBuiltins],
    ),
  },
  {
    name: 'atende/layers/server',
    files: ['src/server/**/*.{ts,tsx}'],
    rules: restrict(
      'src/server may import src/shared, never renderer, main, preload or Electron.',
      [...layer('renderer'), ...layer('main'), ...layer('preload'), 'electron/*'],
      ['electron'],
    ),
  },
];
