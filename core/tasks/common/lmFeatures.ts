/** ELMo's use of a language model: its trunk (embedding → recurrent stack) runs frozen beside a model's own, and its top layer's state at each token joins that token's embedding. */
import { PAD_ID } from '../../data/vocab.ts';
import { concatLast } from '../../nn/blocks.ts';
import { Embedding } from '../../nn/embedding.ts';
import { Module } from '../../nn/module.ts';
import type { Random } from '../../random.ts';
import { noGrad } from '../../tensor/autograd.ts';
import { Tensor } from '../../tensor/tensor.ts';
import type { ModelSpec, RunSpec } from '../spec.ts';
import type { LayerDescription, Notation } from '../task.ts';
import { type TimeMajorIds, timeMajor } from './batching.ts';
import { embeddingLayer, layerOf, recurrentActivationFloats, recurrentLayer } from './describe.ts';
import { buildRecurrent, type RecurrentModule, runRecurrent } from './recurrent.ts';

/** The spec's description of the language model's trunk (`model.lmFeatures`). */
export type LmFeaturesSpec = NonNullable<ModelSpec['lmFeatures']>;

/** The name under which a model registers the trunk: its weights are `lm.embedding.weight`, `lm.rnn.*`. */
export const LM_FEATURES_PREFIX = 'lm.';

/** Floats of trunk states kept for reuse (64 MiB); sequences beyond it are computed each time. */
export const LM_STATE_CACHE_FLOATS = 16 * 2 ** 20;

/**
 * The language model's embedding (`embedding`, padding_idx 0) [V, E_lm] and recurrent stack
 * (`rnn`), never trained: every parameter's `requiresGrad` is false and the forward pass records
 * no graph, so the model around it trains as if its states were part of the input. A sequence's
 * states depend on its ids alone, so they are computed once and kept (up to
 * {@link LM_STATE_CACHE_FLOATS}): later epochs cost what training from scratch costs.
 */
export class LmFeatureTrunk extends Module {
  readonly typeName = 'LmFeatureTrunk';
  readonly embedding: Embedding;
  readonly rnn: RecurrentModule;
  /** Features it adds per token: the top layer's hidden size. */
  readonly width: number;
  /** States `[len, width]` by the sequence's ids; cleared whenever a weight may have changed. */
  private readonly cache = new Map<string, Float32Array>();
  private cachedFloats = 0;
  private version = -1;

  /** @throws ConfigError for sizes the layers refuse. */
  constructor(spec: LmFeaturesSpec, options: { vocabSize: number; random: Random }) {
    super();
    const { random } = options;
    this.embedding = this.registerModule(
      'embedding',
      new Embedding(options.vocabSize, spec.embeddingDim, { paddingIdx: PAD_ID, random }),
    );
    // NOTE: no dropout: the trunk is frozen and runs the same in training and evaluation.
    this.rnn = this.registerModule(
      'rnn',
      buildRecurrent(
        { ...spec.recurrent, dropout: 0, weightDrop: 0 },
        { inputSize: spec.embeddingDim, random },
      ),
    );
    this.width = (spec.recurrent.bidirectional ? 2 : 1) * spec.recurrent.hiddenSize;
    for (const p of this.parameters()) p.requiresGrad = false;
  }

  /**
   * The trunk's top-layer outputs, outside the autograd graph.
   * @param batch ids `[L, N]` time-major with lengths `[N]`
   * @returns `[L, N, width]`, zero past each sequence's end
   */
  states(batch: TimeMajorIds): Tensor {
    this.checkVersion();
    const L = batch.steps;
    const N = batch.batch;
    const H = this.width;
    const sequences = splitSequences(batch);
    const keys = sequences.map((s) => s.join(','));
    const missing = [...new Set(keys.filter((k) => !this.cache.has(k)))];
    const computed = new Map<string, Float32Array>();
    if (missing.length > 0) {
      const fresh = this.compute(missing.map((k) => sequences[keys.indexOf(k)] as number[]));
      missing.forEach((k, i) => {
        const s = fresh[i] as Float32Array;
        computed.set(k, s);
        if (this.cachedFloats + s.length <= LM_STATE_CACHE_FLOATS) {
          this.cache.set(k, s);
          this.cachedFloats += s.length;
        }
      });
    }
    const out = new Float32Array(L * N * H);
    keys.forEach((k, n) => {
      const s = (this.cache.get(k) ?? computed.get(k)) as Float32Array;
      for (let t = 0; t < s.length / H; t++)
        out.set(s.subarray(t * H, (t + 1) * H), (t * N + n) * H);
    });
    return new Tensor(out, [L, N, H]);
  }

  /** The states of each sequence `[len, width]`, run as one batch outside autograd. */
  private compute(sequences: readonly (readonly number[])[]): Float32Array[] {
    const batch = timeMajor(sequences);
    const output = noGrad(() => {
      const x = this.embedding.forward(batch.ids, [batch.steps, batch.batch]);
      return runRecurrent(this.rnn, x, { lengths: batch.lengths }).output;
    });
    const H = this.width;
    const M = batch.batch;
    return sequences.map((s, n) => {
      const states = new Float32Array(s.length * H);
      for (let t = 0; t < s.length; t++) {
        states.set(output.data.subarray((t * M + n) * H, (t * M + n + 1) * H), t * H);
      }
      return states;
    });
  }

  /** Forgets the kept states when the weights are not the ones they were computed with (a load, a test's edit). */
  private checkVersion(): void {
    // NOTE: a hash of every weight's bits (a pass over the trunk's weights, small beside a
    // forward pass); the trunk never trains, so it changes only when weights are loaded or set.
    let version = 0;
    for (const p of this.parameters()) {
      const bits = new Uint32Array(p.data.buffer, p.data.byteOffset, p.data.length);
      for (let i = 0; i < bits.length; i++)
        version = (Math.imul(version, 31) + (bits[i] as number)) | 0;
    }
    if (version === this.version) return;
    this.version = version;
    this.cache.clear();
    this.cachedFloats = 0;
  }
}

/** The id sequences of a time-major batch, each cut at its length. */
function splitSequences(batch: TimeMajorIds): number[][] {
  const out: number[][] = [];
  for (let n = 0; n < batch.batch; n++) {
    const len = batch.lengths[n] as number;
    const s = new Array<number>(len);
    for (let t = 0; t < len; t++) s[t] = batch.ids[t * batch.batch + n] as number;
    out.push(s);
  }
  return out;
}

/**
 * `embedded` `[L, N, E]` joined with the trunk's states for the same ids: `[L, N, E + width]`;
 * `embedded` itself when there is no trunk.
 */
export function withLmStates(
  trunk: LmFeatureTrunk | null,
  embedded: Tensor,
  batch: TimeMajorIds,
): Tensor {
  if (trunk === null) return embedded;
  const states = trunk.states(batch);
  const E = embedded.shape[2] as number;
  return concatLast([embedded, states], [batch.steps, batch.batch, E + trunk.width]);
}

/** The names of a model's trunk parameters (the ones a run keeps frozen). */
export function lmFeatureNames(model: Module): string[] {
  return [...model.namedParameters()]
    .map(([name]) => name)
    .filter((name) => name.startsWith(LM_FEATURES_PREFIX));
}

/**
 * The description of the frozen trunk `model.lmFeatures` adds: one layer (kind
 * 'language-model', no fields to edit) holding its embedding and recurrent tensors (`lm.*`), and
 * the features it adds per token; no layers and 0 without one.
 */
export function lmFeatureLayers(
  spec: RunSpec,
  o: { vocabSize: number; notation: Notation },
): { layers: LayerDescription[]; width: number; activations: (L: number, N: number) => number } {
  const lm = spec.model.lmFeatures;
  if (lm === undefined) return { layers: [], width: 0, activations: () => 0 };
  const r = { ...lm.recurrent, dropout: 0 };
  const width = (r.bidirectional ? 2 : 1) * r.hiddenSize;
  const embedding = embeddingLayer({
    kind: 'embedding',
    prefix: 'lm.embedding',
    vocabSize: o.vocabSize,
    dim: lm.embeddingDim,
    notation: o.notation,
  });
  const rnn = recurrentLayer({
    kind: 'encoder',
    prefix: 'lm.rnn',
    spec: r,
    inputSize: lm.embeddingDim,
    notation: o.notation,
  });
  const layers = [
    layerOf(
      'language-model',
      `frozen: ${embedding.module} → ${rnn.module}`,
      { inputs: embedding.inputs, outputs: rnn.outputs.slice(0, 1) },
      [...embedding.tensors, ...rnn.tensors],
    ),
  ];
  return {
    layers,
    width,
    activations: (L, N) => L * N * lm.embeddingDim + recurrentActivationFloats(r, L, N),
  };
}
