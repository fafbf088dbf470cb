/** No spread arguments in core/ calls on data-sized arrays: `push(...rows)` and `Math.max(...values)` overflow V8's stack past ~100,000 elements (the stratifiedSplit crash of issue 18). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSpreadCalls } from './spreadCalls.ts';

const root = join(import.meta.dirname, '..', '..');

/** Spread calls whose arrays are provably small, by file and line text, each with the reason. */
const ALLOWED: Record<string, string> = {
  'core/autograd/gradcheck.ts: const out = fn(...inputs);':
    'the function under test takes its few input tensors',
  'core/autograd/gradcheck.ts: const fPlus = project(fn(...inputs), w);': 'as above',
  'core/autograd/gradcheck.ts: const fMinus = project(fn(...inputs), w);': 'as above',
  'core/data/cp949.ts: out += String.fromCharCode(...codes);':
    'codes is flushed at 8,192 code units',
  'core/data/cp949.ts: return out + String.fromCharCode(...codes);':
    'at most 8,192 code units remain after the loop',
  'core/data/windows1252.ts: out += String.fromCharCode(...codes);':
    'codes holds one chunk of at most 8,192 code units',
  'core/data/tableNotes.ts: notes.push(...formatNote(scan.numberFormat, scan.numberEvidence.commaExample));':
    'at most one note about the number format',
  "core/data/tableNotes.ts: if (c.type === 'date') notes.push(...dateNotes(c, scan.columns));":
    "a column's few date notes",
  'core/data/tableNotes.ts: notes.push(...columnNotes(c));': "a column's few notes",
  'core/tasks/forecast/chooseTargetMode.ts: const best = Math.min(...TARGET_MODES.map((m) => scores[m]));':
    'one score per target mode (a handful of modes)',
  'core/kernels/wasm/helperLoop.ts: args[RESULT] = run(...Array.from(args.subarray(2, 2 + (args[1] as number)))) ?? 0;':
    "a kernel call's scalar arguments (pointers and sizes, under 20)",
  'core/kernels/wasm/wasmKernels.ts: this.ex.adamStep(...args(0, mid));':
    "the kernel's own dozen arguments",
  'core/kernels/wasm/wasmKernels.ts: this.ex.gemmBlock(...args, work, packedB, 0, m, 0, column);':
    "the gemm's eleven scalar arguments",
  'core/kernels/wasm/wasmKernels.ts: this.ex.gemm(...args, work, packedB);':
    'the gemm argument tuple (pointers and sizes)',
  'core/kernels/wasm/wasmKernels.ts: this.ex.gemmRows(...args, work, packedB, 0, mid);':
    'the gemm argument tuple',
  'core/kernels/wasm/wasmKernels.ts: return run(...o.args(0, o.rows, work)) ?? 0;':
    "a kernel's argument tuple",
  'core/kernels/wasm/wasmKernels.ts: const result = run(...o.args(0, mid, work)) ?? 0;':
    "a kernel's argument tuple",
  'core/tasks/caption/describe.ts: ...bn(`${p}.bn1`, planes),':
    "one BatchNorm2d's two learnable tensors (weight and bias)",
  'core/tasks/caption/describe.ts: ...bn(`${p}.bn2`, planes),': 'as above',
  'core/tasks/caption/describe.ts: t.push(...bn(`${p}.downsample.1`, planes));': 'as above',
  'core/tasks/caption/describe.ts: t.push({ name: `${4 * b}.weight`, shape: [out, channels, 3, 3] }, ...bn(`${4 * b + 1}`, out));':
    'as above',
  'core/tasks/caption/encoder.ts: const net = new Sequential(...smallCnnLayers(spec, random));':
    "the small CNN's layers: four per block, a handful of blocks",
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    // NOTE: tests spread small fixed arrays; generated files are data, not code.
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$|\.generated\.ts$/.test(name) ? [path] : [];
  });
}

function spreadCallsIn(dir: string): string[] {
  return sources(dir).flatMap((file) =>
    findSpreadCalls(readFileSync(file, 'utf8')).map((s) => `${relative(root, file)}: ${s.text}`),
  );
}

describe('spread arguments in core/', () => {
  it('finds none outside the allow-list of provably small arrays', () => {
    expect(spreadCallsIn(join(root, 'core')).filter((s) => !(s in ALLOWED))).toEqual([]);
  });

  it('lists only spread calls that still exist', () => {
    const found = new Set(spreadCallsIn(join(root, 'core')));
    expect(Object.keys(ALLOWED).filter((k) => !found.has(k))).toEqual([]);
  });

  it('finds call spreads and ignores literals, rest parameters, strings and comments', () => {
    const source = [
      'out.train.push(...part.train);',
      'const m = Math.max(1, ...xs.map((x) => x.n));',
      'const s = new Set(...args);',
      'const a = [...xs]; const o = { ...y };',
      'function f(...rest: number[]): void {}',
      'const g = (...rest: number[]) => rest;',
      "const t = 'push(...x)'; // push(...x)",
      'const r = /a(...)b/;',
    ].join('\n');
    expect(findSpreadCalls(source).map((s) => s.line)).toEqual([1, 2, 3]);
  });
});
