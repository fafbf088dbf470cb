/** No two folders of core/ import each other, directly or around a circle (type imports count); a planted cycle is reported. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeCycles, folderCycles, folderGraph } from './importGraph.ts';

const core = join(import.meta.dirname, '..', '..', 'core');
const planted = mkdtempSync(join(tmpdir(), 'rnn-studio-layering-'));

function plant(files: Record<string, string>): string {
  const root = mkdtempSync(join(planted, 'tree-'));
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), source);
  }
  return root;
}

afterAll(() => rmSync(planted, { recursive: true, force: true }));

describe('core/ folder layering', () => {
  it('has no import cycle between folders', () => {
    const cycles = folderCycles(folderGraph(core));
    expect(describeCycles(cycles)).toBe('');
  });

  it('sees the folders it should (the scan is not empty)', () => {
    const edges = folderGraph(core);
    const has = (from: string, to: string) => edges.some((e) => e.from === from && e.to === to);
    expect(has('nn', 'tensor')).toBe(true);
    expect(has('kernels/js', 'kernels/api')).toBe(true);
    expect(has('index.ts', 'train')).toBe(true);
  });
});

describe('folder cycle check (positive control)', () => {
  it('reports a planted cycle closed by a type-only import, naming both imports', () => {
    const root = plant({
      'tensor/tensor.ts': "import { walk } from '../autograd/engine.ts';\nexport const t = walk;\n",
      'autograd/engine.ts':
        "import type { T } from '../tensor/tensor.ts';\nexport const walk = (x: T) => x;\n",
    });
    expect(describeCycles(folderCycles(folderGraph(root)))).toBe(
      [
        'cycle: autograd ↔ tensor',
        '  autograd → tensor (autograd/engine.ts (type))',
        '  tensor → autograd (tensor/tensor.ts)',
      ].join('\n'),
    );
  });

  it('reports a cycle through three folders and through a nested folder and its parent', () => {
    const root = plant({
      'a/x.ts': "export { y } from '../b/y.ts';\n",
      'b/y.ts': "import {\n  type Z,\n  z,\n} from '../c/z.ts';\nexport const y = z;\n",
      'c/z.ts': "export const z = () => import('../a/x.ts');\nexport type Z = 1;\n",
      'k/backend.ts': "import { js } from './js/index.ts';\nexport const b = js;\n",
      'k/js/index.ts': "import type { B } from '../types.ts';\nexport const js = 1;\n",
      'k/types.ts': 'export type B = 1;\n',
    });
    const cycles = folderCycles(folderGraph(root));
    expect(cycles.map((c) => c.folders)).toEqual(
      expect.arrayContaining([
        ['a', 'b', 'c'],
        ['k', 'k/js'],
      ]),
    );
    expect(cycles).toHaveLength(2);
  });

  it('accepts layers, files at the root as their own nodes, and ignores tests', () => {
    const root = plant({
      'index.ts': "export * from './nn/linear.ts';\n",
      'errors.ts': 'export class ShapeError extends Error {}\n',
      'nn/linear.ts':
        "import { ShapeError } from '../errors.ts';\nimport { t } from '../tensor/t.ts';\nexport const l = [ShapeError, t];\n",
      'tensor/t.ts': "import { ShapeError } from '../errors.ts';\nexport const t = ShapeError;\n",
      'tensor/t.test.ts': "import { l } from '../nn/linear.ts';\nexport const x = l;\n",
    });
    const edges = folderGraph(root);
    expect(edges.map((e) => `${e.from} → ${e.to}`).sort()).toEqual([
      'index.ts → nn',
      'nn → errors.ts',
      'nn → tensor',
      'tensor → errors.ts',
    ]);
    expect(folderCycles(edges)).toEqual([]);
  });
});
