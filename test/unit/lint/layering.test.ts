import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import tseslint from 'typescript-eslint';
// The same rule objects eslint.config.js applies: this proves the shipped configuration fails a violation.
import { layerRules } from '../../../eslint/layers.js';

const eslint = new ESLint({
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.{ts,tsx}'], languageOptions: { parser: tseslint.parser } }, ...layerRules],
});

async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer import rules', () => {
  it.each([
    ['src/shared/domain/x.ts', "import { app } from 'electron';"],
    ['src/shared/domain/x.ts', "import { readFile } from 'node:fs/promises';"],
    ['src/shared/domain/x.ts', "import fs from 'fs';"],
    ['src/shared/domain/x.ts', "import { buildServer } from '../../server/app';"],
    ['src/renderer/features/x.tsx', "import { ipcRenderer } from 'electron';"],
    ['src/renderer/features/x.tsx', "import { createHash } from 'node:crypto';"],
    ['src/renderer/features/tickets/x.tsx', "import { buildServer } from '../../../server/app';"],
    ['src/renderer/x.ts', "import { createMainWindow } from '../main/window';"],
    ['src/preload/x.ts', "import { createMainWindow } from '../main/window';"],
    ['src/preload/x.ts', "import { readFileSync } from 'fs';"],
    ['src/server/x.ts', "import { BrowserWindow } from 'electron';"],
    ['src/server/x.ts', "import { App } from '../renderer/App';"],
    ['src/main/x.ts', "import { buildServer } from '../server/app';"],
    ['bench/sync/browser/x.ts', "import { readFile } from 'node:fs/promises';"],
    ['bench/local/browser/x.ts', "import { join } from 'path';"],
    ['bench/sync/browser/x.ts', "import { buildServer } from '../../../src/server/app';"],
    ['bench/sync/page-api.ts', "import { tmpdir } from 'node:os';"],
  ])('%s may not %s', async (filePath, code) => {
    expect(await layeringErrors(filePath, code)).not.toHaveLength(0);
  });

  it.each([
    ['src/shared/domain/x.ts', "import { ticketSchema } from './ticket';"],
    ['src/renderer/x.ts', "import { COLLECTIONS } from '../shared/sync/collections';"],
    ['src/preload/x.ts', "import { contextBridge } from 'electron';"],
    ['src/main/x.ts', "import { app } from 'electron';"],
    ['src/main/x.ts', "import { readFile } from 'node:fs/promises';"],
    ['src/server/x.ts', "import { readFile } from 'node:fs/promises';"],
    ['bench/local/browser/x.ts', "import { queueRows } from '../../../src/renderer/features/queue/queue-rows';"],
    ['bench/sync/browser/x.ts', "import { createRxDatabase } from 'rxdb';"],
    ['bench/sync/main.ts', "import { readFile } from 'node:fs/promises';"],
  ])('%s may %s', async (filePath, code) => {
    expect(await layeringErrors(filePath, code)).toEqual([]);
  });
});
