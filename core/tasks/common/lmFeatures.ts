/** ELMo's use of language models: a forward one's trunk (embedding → recurrent stack), and optionally a backward one's, run frozen beside a model's own, and their top layers' states at each token join that token's embedding. */
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

/** Where, inside the trunk, the backward language model sits: `lm.backward.embedding.weight`, `lm.backward.rnn.*`. */
export const LM_BACKWARD_PREFIX = 'backward.';

/** One language model's trunk spec: embedding width and recurrent stack. */
type TrunkSpec = Pick<LmFeaturesSpec, 'embeddingDim' | 'recurrent'>;

/** A frozen embedding (padding_idx 0) → recurrent stack, without dropout; `parameters()` never require grad. */
class FrozenTrunk extends Module {
  readonly typeName: string = 'FrozenTrunk';
  readonly embedding: Embedding;
  readonly rnn: RecurrentModule;
  /** Features per token: the top layer's output width. */
  readonly outputWidth: number;

  constructor(spec: TrunkSpec, options: { vocabSize: number; random: Random }) {
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
    this.outputWidth = (spec.recurrent.bidirectional ? 2 : 1) * spec.recurrent.hiddenSize;
  }

  /** The top layer's states of each sequence `[len, outputWidth]`, run as one batch outside autograd. */
  run(sequences: readonly (readonly number[])[]): Float32Array[] {
    const batch = timeMajor(sequences);
    const output = noGrad(() => {
      const x = this.embedding.forward(batch.ids, [batch.steps, batch.batch]);
      return runRecurrent(this.rnn, x, { lengths: batch.lengths }).output;
    });
    const H = this.outputWidth;
    const M = batch.batch;
    return sequences.map((s, n) => {
      const states = new Float32Array(s.length * H);
      for (let t = 0; t < s.length; t++) {
        states.set(output.data.subarray((t * M + n) * H, (t * M + n + 1) * H), t * H);
      }
      return states;
    });
  }
}

/** The backward language model's trunk (`lm.backward.*`): it reads each sequence right to left. */
class BackwardTrunk extends FrozenTrunk {
  override readonly typeName = 'LmBackwardTrunk';
}

/** Floats of trunk states kept for reuse (64 MiB); sequences beyond it are computed each time. */
export const LM_STATE_CACHE_FLOATS = 16 * 2 ** 20;

/**
 * The language model's embedding (`embedding`, padding_idx 0) [V, E_lm] and recurrent stack
 * (`rnn`), and with `spec.backward` a backward language model's (`backward.embedding`,
 * `backward.rnn`) run over each sequence reversed, never trained: every parameter's
 * `requiresGrad` is false and the forward pass records no graph, so the model around it trains as
 * if its states were part of the input. A token's features are the forward model's state there ‖
 * the backward model's state there (ELMo's pair: the text to its left, the text to its right). A
 * sequence's states depend on its ids alone, so they are computed once and kept (up to
 * {@link LM_STATE_CACHE_FLOATS}): later epochs cost what training from scratch costs.
 */
export class LmFeatureTrunk extends FrozenTrunk {
  override readonly typeName = 'LmFeatureTrunk';
  /** The backward language model (`model.lmFeatures.backward`), else null. */
  readonly backward: BackwardTrunk | null;
  /** Features it adds per token: the forward top layer's width, plus the backward one's. */
  readonly width: number;
  /** States `[len, width]` by the sequence's ids; cleared whenever a weight may have changed. */
  private readonly cache = new Map<string, Float32Array>();
  private cachedFloats = 0;
  private version = -1;

  /** @throws ConfigError for sizes the layers refuse. */
  constructor(spec: LmFeaturesSpec, options: { vocabSize: number; random: Random }) {
    super(spec, options);
    this.backward =
      spec.backward === undefined
        ? null
        : this.registerModule('backward', new BackwardTrunk(spec.backward, options));
    this.width = this.outputWidth + (this.backward?.outputWidth ?? 0);
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

  /** The states of each sequence `[len, width]`: forward ‖ backward (the backward run over the reversed ids, read back in order). */
  private compute(sequences: readonly (readonly number[])[]): Float32Array[] {
    const forward = this.run(sequences);
    if (this.backward === null) return forward;
    const backward = this.backward.run(sequences.map((s) => [...s].reverse()));
    const F = this.outputWidth;
    const B = this.backward.outputWidth;
    return sequences.map((s, n) => {
      const f = forward[n] as Float32Array;
      const b = backward[n] as Float32Array;
      const len = s.length;
      const states = new Float32Array(len * (F + B));
      for (let t = 0; t < len; t++) {
        const r = len - 1 - t;
        states.set(f.subarray(t * F, (t + 1) * F), t * (F + B));
        states.set(b.subarray(r * B, (r + 1) * B), t * (F + B) + F);
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
 * 'language-model', no fields to edit) per language model holding its embedding and recurrent
 * tensors (`lm.*`, then `lm.backward.*`), and the features they add per token; no layers and 0
 * without one.
 */
export function lmFeatureLayers(
  spec: RunSpec,
  o: { vocabSize: number; notation: Notation },
): { layers: LayerDescription[]; width: number; activations: (L: number, N: number) => number } {
  const lm = spec.model.lmFeatures;
  if (lm === undefined) return { layers: [], width: 0, activations: () => 0 };
  const trunks: [string, TrunkSpec, string][] = [['lm', lm, 'frozen']];
  if (lm.backward !== undefined) {
    trunks.push(['lm.backward', lm.backward, 'frozen, right to left']);
  }
  const parts = trunks.map(([prefix, trunk, how]) => trunkLayer(prefix, trunk, how, o));
  return {
    layers: parts.map((p) => p.layer),
    width: parts.reduce((w, p) => w + p.width, 0),
    activations: (L, N) => parts.reduce((a, p) => a + p.activations(L, N), 0),
  };
}

/** One frozen language model's layer description, its width per token and activation floats. */
function trunkLayer(
  prefix: string,
  trunk: TrunkSpec,
  how: string,
  o: { vocabSize: number; notation: Notation },
): { layer: LayerDescription; width: number; activations: (L: number, N: number) => number } {
  const r = { ...trunk.recurrent, dropout: 0 };
  const embedding = embeddingLayer({
    kind: 'embedding',
    prefix: `${prefix}.embedding`,
    vocabSize: o.vocabSize,
    dim: trunk.embeddingDim,
    notation: o.notation,
  });
  const rnn = recurrentLayer({
    kind: 'encoder',
    prefix: `${prefix}.rnn`,
    spec: r,
    inputSize: trunk.embeddingDim,
    notation: o.notation,
  });
  const layer = layerOf(
    'language-model',
    `${how}: ${embedding.module} → ${rnn.module}`,
    { inputs: embedding.inputs, outputs: rnn.outputs.slice(0, 1) },
    [...embedding.tensors, ...rnn.tensors],
    { frozen: true },
  );
  return {
    layer,
    width: (r.bidirectional ? 2 : 1) * r.hiddenSize,
    activations: (L, N) => L * N * trunk.embeddingDim + recurrentActivationFloats(r, L, N),
  };
}
