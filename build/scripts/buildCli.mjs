// Builds the `rnn-studio` command to JavaScript in dist/cli/ (run by `prepare` at `npm install`, and by `npm run build:cli`).
//
// Vite's SSR build (Rolldown) bundles cli/index.ts with every dependency, so the npm `bin`
// (bin/rnn-studio.js) runs plain JavaScript on Node with no TypeScript loader. Entries:
// rnn-studio.js (the command), kernelHelper.js (the wasm kernels' helper thread, started by
// cli/kernelThreads.ts from beside the bundle) and seriesRangeWorker.js (the thread that reads a big
// forecast file's second half, started by node/ranges/seriesRanges.ts); bench's torch_bench.py and torch_cnn_bench.py are copied beside them, and
// inputs.json lists the repository's source files in the build, so bin/rnn-studio.js can tell
// when the build is older than the sources; a build elsewhere (--out-dir) gets a package.json of
// its own that says the chunks are ES modules, as the repository's does for dist/cli.
//
// Usage: node build/scripts/buildCli.mjs [--out-dir <dir>]   (default dist/cli)
import { copyFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { generatedKernelsPlugin, requireGeneratedKernels } from './generatedKernels.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** `--out-dir <dir>` (tests build elsewhere), else dist/cli. */
function readOutDir(argv) {
  const at = argv.indexOf('--out-dir');
  if (at < 0) return join(root, 'dist', 'cli');
  if (argv[at + 1] === undefined) throw new Error('buildCli: --out-dir must name a folder.');
  return argv[at + 1];
}
const outDir = readOutDir(process.argv.slice(2));

requireGeneratedKernels('buildCli');

const outputs = await build({
  configFile: false,
  root,
  logLevel: 'warn',
  plugins: [generatedKernelsPlugin()],
  // NOTE: noExternal bundles zod, fflate and the spreadsheet readers too, so the command does not
  // depend on how node_modules is laid out.
  ssr: { noExternal: true, target: 'node' },
  build: {
    ssr: true,
    outDir,
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rolldownOptions: {
      input: {
        'rnn-studio': join(root, 'cli', 'index.ts'),
        kernelHelper: join(root, 'cli', 'kernelHelper.ts'),
        seriesRangeWorker: join(root, 'node', 'ranges', 'seriesRangeWorker.ts'),
      },
      // One flat folder: chunks resolve './kernelHelper.js' and './torch_bench.py' beside them.
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
for (const script of ['torch_bench.py', 'torch_cnn_bench.py']) {
  await copyFile(join(root, 'bench', script), join(outDir, script));
}
const inputs = new Set();
for (const output of [outputs].flat()) {
  for (const item of output.output) {
    for (const id of item.type === 'chunk' ? item.moduleIds : []) {
      const path = relative(root, id.split('?')[0]);
      if (!path.startsWith('..') && !path.includes('node_modules') && !id.startsWith('\0')) {
        inputs.add(path);
      }
    }
  }
}
await writeFile(join(outDir, 'inputs.json'), `${JSON.stringify([...inputs].sort(), null, 1)}\n`);
// NOTE: a build outside the repository has no package.json saying "type": "module" above it, and
// Node would then read every chunk's source once more to detect its format (~30 ms of the start).
if (process.argv.includes('--out-dir')) {
  await writeFile(join(outDir, 'package.json'), '{ "type": "module" }\n');
}
process.stdout.write(`buildCli: wrote ${relative(root, join(outDir, 'rnn-studio.js'))}\n`);
