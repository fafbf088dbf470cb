/** Times one recurrent layer-direction (forward and BPTT) of each workload's shape: the TypeScript time loop over the installed gemm versus the fused wasm layer. */
import { gateCount } from '../core/kernels/api/recurrent.ts';
import { getBackend } from '../core/kernels/backend.ts';
import {
  type CellType,
  cellKernel,
  type LayerForwardOptions,
  recurrentBackward,
  recurrentForward,
} from '../core/kernels/recurrent/index.ts';
import {
  type WasmKernels,
  wasmRecurrentBackward,
  wasmRecurrentForward,
} from '../core/kernels/wasm/index.ts';
import { Random } from '../core/random.ts';

/** One layer-direction shape, named after the workload that runs it. */
export interface LayerShape {
  label: string;
  cell: CellType;
  seqLen: number;
  batch: number;
  inputSize: number;
  hiddenSize: number;
}

/** The recurrent layers of W1–W4 (per direction; W2 runs 4, W3 2, W4 2 of them per step). */
export const LAYER_SHAPES: readonly LayerShape[] = [
  {
    label: 'W1 RNN tanh 4→256',
    cell: 'rnn-tanh',
    seqLen: 100,
    batch: 30,
    inputSize: 4,
    hiddenSize: 256,
  },
  {
    label: 'W2 RNN tanh 64→128 (layer 0)',
    cell: 'rnn-tanh',
    seqLen: 64,
    batch: 32,
    inputSize: 64,
    hiddenSize: 128,
  },
  {
    label: 'W2 RNN tanh 256→128 (layer 1)',
    cell: 'rnn-tanh',
    seqLen: 64,
    batch: 32,
    inputSize: 256,
    hiddenSize: 128,
  },
  {
    label: 'W3 LSTM 100→128',
    cell: 'lstm',
    seqLen: 40,
    batch: 32,
    inputSize: 100,
    hiddenSize: 128,
  },
  { label: 'W4 GRU 128→256', cell: 'gru', seqLen: 20, batch: 64, inputSize: 128, hiddenSize: 256 },
];

/** Forward and backward medians of one layer shape on one implementation. */
export interface LayerResult {
  label: string;
  /** 'ts' (TypeScript loop over the installed backend's gemm) or 'wasm-fused'. */
  implementation: string;
  /** Name of the installed backend (the ts loop's gemm). */
  backend: string;
  forwardMs: number;
  backwardMs: number;
}

function median(run: () => void, repeats: number): number {
  run();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1] as number;
}

function layerOptions(s: LayerShape, rng: Random): LayerForwardOptions {
  const GH = gateCount(s.cell) * s.hiddenSize;
  const k = 1 / Math.sqrt(s.hiddenSize);
  const fill = (n: number, scale: number) =>
    Float32Array.from({ length: n }, () => rng.uniform(-scale, scale));
  return {
    seqLen: s.seqLen,
    batch: s.batch,
    inputSize: s.inputSize,
    hiddenSize: s.hiddenSize,
    reverse: false,
    lengths: null,
    x: fill(s.seqLen * s.batch * s.inputSize, 1),
    h0: null,
    c0: null,
    wIh: fill(GH * s.inputSize, k),
    wHh: fill(GH * s.hiddenSize, k),
    bIh: fill(GH, k),
    bHh: fill(GH, k),
  };
}

/**
 * Times every layer shape (forward, then backward with an output gradient and dx) with the
 * TypeScript loop and, when kernels are given, with the fused wasm layer.
 */
export function runLayerBench(options: {
  kernels?: WasmKernels;
  repeats?: number;
  /** Restrict to shapes whose label contains this text (e.g. 'W1'). */
  filter?: string;
}): LayerResult[] {
  const repeats = options.repeats ?? 10;
  const rng = new Random(11);
  const results: LayerResult[] = [];
  const backend = getBackend().name;
  for (const s of LAYER_SHAPES) {
    if (options.filter !== undefined && !s.label.includes(options.filter)) continue;
    const o = layerOptions(s, rng);
    const g = {
      dOut: Float32Array.from({ length: s.seqLen * s.batch * s.hiddenSize }, () =>
        rng.uniform(-1, 1),
      ),
      dhN: null,
      dcN: null,
      needInputGrad: true,
    };
    const kernel = cellKernel(s.cell);
    const tsCache = recurrentForward(kernel, o, getBackend().gemm).cache;
    results.push({
      label: s.label,
      implementation: 'ts',
      backend,
      forwardMs: median(() => recurrentForward(kernel, o, getBackend().gemm), repeats),
      backwardMs: median(() => recurrentBackward(kernel, tsCache, g, getBackend().gemm), repeats),
    });
    const kernels = options.kernels;
    if (kernels === undefined) continue;
    const cache = wasmRecurrentForward(kernels, s.cell, o).cache;
    results.push({
      label: s.label,
      implementation: 'wasm-fused',
      backend,
      forwardMs: median(() => wasmRecurrentForward(kernels, s.cell, o), repeats),
      backwardMs: median(() => wasmRecurrentBackward(kernels, s.cell, cache, g), repeats),
    });
  }
  return results;
}

/** A plain-text table of layer results. */
export function formatLayerTable(results: readonly LayerResult[]): string {
  const lines = [
    `${'layer (one direction)'.padEnd(32)}${'implementation'.padEnd(16)}${'forward ms'.padStart(11)}${'backward ms'.padStart(12)}`,
  ];
  for (const r of results) {
    const impl = r.implementation === 'ts' ? `ts (${r.backend} gemm)` : r.implementation;
    lines.push(
      `${r.label.padEnd(32)}${impl.padEnd(16)}${r.forwardMs.toFixed(2).padStart(11)}${r.backwardMs.toFixed(2).padStart(12)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
