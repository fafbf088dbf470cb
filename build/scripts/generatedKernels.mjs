// The generated WebAssembly kernels module: its path, the hash of the sources it must match, and a Vite plugin that stops a build with the one command to run when the module is missing or stale.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** The AssemblyScript sources of the kernels. */
export const KERNELS_SOURCE_DIR = join(root, 'core', 'kernels', 'wasm', 'assembly');
/** The module build/scripts/buildWasm.mjs writes (gitignored; `prepare` writes it at install). */
export const KERNELS_GENERATED_FILE = join(root, 'core', 'kernels', 'wasm', 'kernels.generated.ts');

/** A hash of the AssemblyScript sources, written into the generated module as KERNELS_SOURCE_HASH. */
export function kernelsSourceHash() {
  const hash = createHash('sha256');
  for (const name of readdirSync(KERNELS_SOURCE_DIR).sort()) {
    hash.update(name);
    hash.update(readFileSync(join(KERNELS_SOURCE_DIR, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Why the generated module cannot be used (missing, or built from other sources), as one line
 * naming the command that fixes it; null when it is current.
 */
export function generatedKernelsProblem() {
  const fix = 'run `npm run build:wasm` (npm install runs it through `prepare`)';
  if (!existsSync(KERNELS_GENERATED_FILE)) {
    return `core/kernels/wasm/kernels.generated.ts is missing; ${fix}.`;
  }
  const text = readFileSync(KERNELS_GENERATED_FILE, 'utf8');
  const built = /KERNELS_SOURCE_HASH = '([0-9a-f]+)'/.exec(text)?.[1];
  if (built !== kernelsSourceHash()) {
    return `core/kernels/wasm/kernels.generated.ts was built from other sources than core/kernels/wasm/assembly/; ${fix}.`;
  }
  return null;
}

/** For build scripts: prints the problem as `<where>: <problem>` and exits 1; returns when the module is current. */
export function requireGeneratedKernels(where) {
  const problem = generatedKernelsProblem();
  if (problem === null) return;
  process.stderr.write(`${where}: ${problem}\n`);
  process.exit(1);
}

/** Vite plugin: fails the build (or dev server start) up front when the generated kernels are missing or stale. */
export function generatedKernelsPlugin() {
  return {
    name: 'rnn-studio-generated-kernels',
    buildStart() {
      const problem = generatedKernelsProblem();
      if (problem !== null) {
        // NOTE: an Error without a stack: Vite prints the message, which is all the user needs.
        const error = new Error(problem);
        error.stack = problem;
        throw error;
      }
    },
  };
}
