/**
 * Run as `node --liftoff-only --import tsx test/support/liftoffGreedy.ts`: greedy decoding on two
 * threads with every kernel compiled by V8's first tier only (Liftoff), the helper starting its
 * band 5 ms late at every step (lateKernelHelper.ts), so the main thread sleeps in the step's
 * first meeting (assembly/barrier.ts) and reads its counters after waking. Prints JSON: the
 * threads used, whether the tokens equal the single-threaded loop's up to each row's stop, and
 * the rows that differ.
 */

import { sourceWorker } from '../../cli/kernelThreads.ts';
import { prepareGreedyDecoderOn } from '../../core/kernels/js/index.ts';
import {
  createThreadedWasmBackend,
  createWasmBackend,
  type KernelHelperInit,
} from '../../core/kernels/wasm/index.ts';
import { Random } from '../../core/random.ts';

// The helper as cli/kernelThreads.ts starts it from source, running lateKernelHelper.ts.
function spawnLateHelper(init: KernelHelperInit): void {
  const worker = sourceWorker(new URL('./lateKernelHelper.ts', import.meta.url), init);
  worker.on('error', (err) => process.stderr.write(`helper failed: ${err.message}\n`));
  worker.unref();
}

const threaded = createThreadedWasmBackend(spawnLateHelper);
const deadline = Date.now() + 30_000;
while (threaded.kernels.threads < 2 && Date.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const rng = new Random(10);
const normal = (n: number) => Float32Array.from({ length: n }, () => rng.normal());
// The head (64 rows × 40 → 1,600) is large enough for the threads to share it by columns.
const [N, E, H, V, steps, stop] = [64, 24, 40, 1600, 8, 2];
const layer = (inputSize: number) => ({
  inputSize,
  hiddenSize: H,
  wIh: normal(3 * H * inputSize).map((v) => 2 * v),
  wHh: normal(3 * H * H).map((v) => 2 * v),
  bIh: normal(3 * H),
  bHh: null,
});
const model = {
  cell: 'gru' as const,
  embedding: { vocab: V, dim: E, weight: normal(V * E) },
  layers: [layer(E), layer(H)],
  head: { inF: H, outF: V, weight: normal(V * H), bias: normal(V) },
};
const run = {
  rows: N,
  first: Int32Array.from({ length: N }, (_, r) => 3 + (r % 40)),
  h: normal(2 * N * H),
  c: null,
  maxSteps: steps,
  stop,
};
const [ours, reference] = [
  threaded.prepareGreedyDecoder(model),
  prepareGreedyDecoderOn(createWasmBackend(), model),
].map((decoder) => decoder.run(run)) as [Int32Array, Int32Array];
const differing: number[] = [];
for (let r = 0; r < N; r++) {
  for (let t = 0; t < steps; t++) {
    if (ours[t * N + r] !== reference[t * N + r]) {
      differing.push(r);
      break;
    }
    // After its stop token a row's tokens are unspecified.
    if (reference[t * N + r] === stop) break;
  }
}
threaded.kernels.stopHelper();
process.stdout.write(
  `${JSON.stringify({ threads: threaded.kernels.threads, equal: differing.length === 0, differing })}\n`,
);
