/** The preload and main never import each other (tests included): both import the renderer ⇄ main contract of electron/common/, which imports neither; a planted import is reported. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importsBetween } from './importGraph.ts';

const electron = join(import.meta.dirname, '..', '..', 'electron');
const planted = mkdtempSync(join(tmpdir(), 'rnn-studio-electron-layering-'));

function plant(files: Record<string, string>): string {
  const root = mkdtempSync(join(planted, 'tree-'));
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), source);
  }
  return root;
}

/** Every forbidden import of an electron/ tree: preload ⇄ main, and common → any process folder. */
function forbiddenImports(root: string): string[] {
  return [
    ...importsBetween(root, 'preload', 'main'),
    ...importsBetween(root, 'main', 'preload'),
    ...['main', 'preload', 'trainer'].flatMap((to) => importsBetween(root, 'common', to)),
  ];
}

afterAll(() => rmSync(planted, { recursive: true, force: true }));

describe('electron/ layering', () => {
  it('has no import between preload and main, and common imports no process folder', () => {
    expect(forbiddenImports(electron)).toEqual([]);
  });

  it('sees both sides import the shared contract (the scan is not empty)', () => {
    expect(importsBetween(electron, 'preload', 'common').length).toBeGreaterThan(0);
    expect(importsBetween(electron, 'main', 'common').length).toBeGreaterThan(0);
  });
});

describe('preload ⇄ main import check (positive control)', () => {
  it('reports a planted import each way, type-only, re-exported and from a test, naming the file', () => {
    const root = plant({
      'preload/api.ts': "import type { RunRecord } from '../main/runs/runRecord.ts';\n",
      'preload/reexport.ts': "export {\n  x,\n} from '../main/x.ts';\n",
      'main/ipc.ts':
        "import { CHANNELS } from '../preload/channels.ts';\nexport const c = CHANNELS;\n",
      'main/supervisor.test.ts': "const api = await import('../preload/studioApi.ts');\n",
      'common/contract.ts': "import type { Grants } from '../main/fileGrants.ts';\n",
    });
    expect(forbiddenImports(root).sort()).toEqual([
      'common/contract.ts → ../main/fileGrants.ts',
      'main/ipc.ts → ../preload/channels.ts',
      'main/supervisor.test.ts → ../preload/studioApi.ts',
      'preload/api.ts → ../main/runs/runRecord.ts',
      'preload/reexport.ts → ../main/x.ts',
    ]);
  });

  it('accepts both sides importing common, core and packages', () => {
    const root = plant({
      'preload/studioApi.ts':
        "import { z } from 'zod';\nimport { EVENTS } from '../common/ipc/channels.ts';\nexport const e = [z, EVENTS];\n",
      'main/ipc.ts':
        "import { app } from 'electron';\nimport type { A } from '../common/ipc/api.ts';\nimport { t } from '../../core/tensor/tensor.ts';\nexport const x = [app, t];\n",
      'common/ipc/api.ts': "import type { M } from '../../../core/protocol/messages.ts';\n",
    });
    expect(forbiddenImports(root)).toEqual([]);
  });
});
