/** Which files reach past the kernel interface: imports of core/kernels/js/ or core/kernels/wasm/ from outside core/kernels/ that the layering allows no one. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { relativeImports } from './importGraph.ts';

/**
 * The two backends' entries: what a host (CLI, trainer, web worker, test setup, bench) installs,
 * and the kernel helper thread's own small entry (its hosts start the thread without loading the
 * kernels' module).
 */
const ENTRIES = [
  'core/kernels/js/index.ts',
  'core/kernels/wasm/index.ts',
  'core/kernels/wasm/helperLoop.ts',
];

const SKIP = new Set(['node_modules', 'out', 'dist', '.git']);

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(path, out);
    else if (/\.(tsx?|mts|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Imports into core/kernels/js/ or core/kernels/wasm/ from outside core/kernels/, one line each. */
export interface KernelImports {
  /** A host or a test installing a backend through its entry. */
  allowed: string[];
  /** Bypasses of the kernel interface, each with the rule it breaks. */
  refused: string[];
}

/**
 * The imports into the backends under `root` (a repository), sorted:
 * - outside core/kernels/, no file imports a backend's implementation files (anything in
 *   core/kernels/js/ or core/kernels/wasm/ but their index.ts entries);
 * - the rest of core/ (tests aside) does not import even the entries: ops reach the kernels
 *   through `getBackend()` of core/kernels/backend.ts.
 */
export function kernelImports(root: string): KernelImports {
  const allowed: string[] = [];
  const refused: string[] = [];
  for (const file of sourceFiles(root)) {
    const from = relative(root, file);
    if (from.startsWith('core/kernels/')) continue;
    const inCore = from.startsWith('core/') && !/\.test\.tsx?$/.test(from);
    for (const specifier of relativeImports(readFileSync(file, 'utf8'))) {
      const to = relative(root, resolve(dirname(file), specifier));
      if (!/^core\/kernels\/(js|wasm)\//.test(to)) continue;
      if (inCore) refused.push(`${from} → ${to} (core/ goes through core/kernels/backend.ts)`);
      else if (!ENTRIES.includes(to))
        refused.push(`${from} → ${to} (only ${ENTRIES.join(' or ')})`);
      else allowed.push(`${from} → ${to}`);
    }
  }
  return { allowed: allowed.sort(), refused: refused.sort() };
}
