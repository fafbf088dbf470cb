/** Attention over encoder outputs: Luong (dot, general) and Bahdanau (additive) scores with a padding mask. */
import { ConfigError, ShapeError } from '../errors.ts';
import { globalRandom, type Random } from '../random.ts';
import { releaseDataAfterBackward } from '../tensor/autograd.ts';
import { matmul } from '../tensor/matmul.ts';
import '../tensor/ops.ts';
import { formatShape } from '../tensor/shape.ts';
import { Tensor } from '../tensor/tensor.ts';
import { Linear } from './linear.ts';
import { Module } from './module.ts';

/** Which score function. */
export type AttentionKind = 'dot' | 'general' | 'bahdanau';

export interface AttentionOptions {
  /**
   * 'dot': s = qᵀk (Luong); 'general': s = qᵀ·W_a·k (Luong); 'bahdanau': s = vᵀ tanh(W_q q + W_k k + b)
   * (Bahdanau et al. 2015, additive).
   */
  kind: AttentionKind;
  /** Features of a query (the decoder state), D_q. */
  queryDim: number;
  /** Features of a key / value (an encoder output), D_k. 'dot' needs D_k = D_q. */
  keyDim: number;
  /** 'bahdanau': width of the hidden score layer; default D_q. */
  attnDim?: number;
  /** Generator for the initial weights; default `globalRandom`. */
  random?: Random;
}

/**
 * Encoder outputs made ready once per source batch and reused at every decoder step:
 * keys transposed for the score product (Luong) or projected (Bahdanau), and the mask.
 */
export interface AttentionMemory {
  /** The encoder outputs [N, S, D_k] (also the values). */
  readonly keys: Tensor;
  /** [N, D_k, S] for 'dot' / 'general', null for 'bahdanau'. */
  readonly keysT: Tensor | null;
  /** W_k·k + b as [N, 1, S, A] for 'bahdanau', null otherwise. */
  readonly projected: Tensor | null;
  /** 1 at padded source positions as [N, 1, S], or null when nothing is padded. */
  readonly padMask: Tensor | null;
}

/** The result of one attention call. */
export interface AttentionOutput {
  /** Σ_s α_s · k_s: [N, T, D_k]. */
  context: Tensor;
  /** The attention weights α (a softmax over S, zero at padding): [N, T, S]. */
  weights: Tensor;
}

/**
 * Attention of T decoder queries over S encoder outputs. Parameters: 'general' → `linear.weight`
 * [D_k, D_q] (no bias); 'bahdanau' → `query_proj.weight` [A, D_q], `key_proj.weight` [A, D_k],
 * `key_proj.bias` [A], `v.weight` [1, A].
 */
export class Attention extends Module {
  readonly typeName = 'Attention';
  readonly kind: AttentionKind;
  readonly queryDim: number;
  readonly keyDim: number;
  readonly attnDim: number;
  private readonly linear: Linear | null = null;
  private readonly queryProj: Linear | null = null;
  private readonly keyProj: Linear | null = null;
  private readonly v: Linear | null = null;

  /** @throws ConfigError for an unknown kind, a non-positive size, or 'dot' with D_q ≠ D_k. */
  constructor(options: AttentionOptions) {
    super();
    const { kind, queryDim, keyDim } = options;
    const attnDim = options.attnDim ?? queryDim;
    if (kind !== 'dot' && kind !== 'general' && kind !== 'bahdanau') {
      throw new ConfigError(
        `Attention: kind must be 'dot', 'general' or 'bahdanau', got '${String(kind)}'.`,
      );
    }
    for (const [name, v] of [
      ['queryDim', queryDim],
      ['keyDim', keyDim],
      ['attnDim', attnDim],
    ] as const) {
      if (!Number.isInteger(v) || v <= 0) {
        throw new ConfigError(`Attention: ${name} must be a positive integer, got ${v}.`);
      }
    }
    if (kind === 'dot' && queryDim !== keyDim) {
      throw new ConfigError(
        `Attention: 'dot' scores need keyDim equal to queryDim ${queryDim}, got ${keyDim}.`,
      );
    }
    this.kind = kind;
    this.queryDim = queryDim;
    this.keyDim = keyDim;
    this.attnDim = attnDim;
    const random = options.random ?? globalRandom;
    if (kind === 'general') {
      this.linear = this.registerModule(
        'linear',
        new Linear(queryDim, keyDim, { bias: false, random }),
      );
    } else if (kind === 'bahdanau') {
      this.queryProj = this.registerModule(
        'query_proj',
        new Linear(queryDim, attnDim, { bias: false, random }),
      );
      this.keyProj = this.registerModule('key_proj', new Linear(keyDim, attnDim, { random }));
      this.v = this.registerModule('v', new Linear(attnDim, 1, { bias: false, random }));
    }
  }

  /**
   * Prepares encoder outputs for repeated queries (one decoding pass).
   * @param keys encoder outputs [N, S, D_k].
   * @param mask [N·S] row-major, 1 at real source positions and 0 at padding (as padSequences
   *   gives); every row needs at least one 1. Omit when nothing is padded.
   * @throws ShapeError for a wrong keys or mask shape, or a row with no real position.
   */
  memory(keys: Tensor, mask?: Float32Array | null): AttentionMemory {
    if (keys.ndim !== 3 || keys.shape[2] !== this.keyDim) {
      throw new ShapeError(
        `Attention: keys must have shape [N, S, ${this.keyDim}], got ${formatShape(keys.shape)}.`,
      );
    }
    const [N, S] = keys.shape as [number, number, number];
    let padMask: Tensor | null = null;
    if (mask !== undefined && mask !== null) {
      if (mask.length !== N * S) {
        throw new ShapeError(
          `Attention: mask must have N·S = ${N * S} entries, got ${mask.length}.`,
        );
      }
      const pad = new Float32Array(N * S);
      for (let n = 0; n < N; n++) {
        let real = 0;
        for (let s = 0; s < S; s++) {
          const m = mask[n * S + s] as number;
          pad[n * S + s] = m === 0 ? 1 : 0;
          if (m !== 0) real++;
        }
        if (real === 0) {
          throw new ShapeError(
            `Attention: mask row ${n} must mark at least 1 real position, got none.`,
          );
        }
      }
      padMask = new Tensor(pad, [N, 1, S]);
    }
    if (this.kind === 'bahdanau') {
      // The projected keys are read by each step's sum alone; their array goes back to the pool
      // once the backward walk has passed the projection (after every step's rule).
      const projected = releaseDataAfterBackward((this.keyProj as Linear).forward(keys)).reshape([
        N,
        1,
        S,
        this.attnDim,
      ]);
      return { keys, keysT: null, projected, padMask };
    }
    // Read by the score products alone (never past the backward).
    return {
      keys,
      keysT: releaseDataAfterBackward(keys.transpose(1, 2)),
      projected: null,
      padMask,
    };
  }

  /**
   * Attends with queries [N, T, D_q] over a prepared memory.
   * @returns context [N, T, D_k] and weights [N, T, S].
   * @throws ShapeError when the query's batch or width does not fit.
   */
  attend(query: Tensor, memory: AttentionMemory): AttentionOutput {
    const [N, S] = memory.keys.shape as [number, number, number];
    if (query.ndim !== 3 || query.shape[0] !== N || query.shape[2] !== this.queryDim) {
      throw new ShapeError(
        `Attention: query must have shape [${N}, T, ${this.queryDim}], got ${formatShape(query.shape)}.`,
      );
    }
    const T = query.shape[1] as number;
    let scores: Tensor;
    if (this.kind === 'bahdanau') {
      const q = (this.queryProj as Linear).forward(query).reshape([N, T, 1, this.attnDim]);
      // NOTE: each intermediate below is read by the next op alone (its forward and its backward),
      // so its array goes back to the pool once the backward walk has passed it.
      const hidden = releaseDataAfterBackward(q.add(memory.projected as Tensor).tanh());
      scores = (this.v as Linear).forward(hidden).reshape([N, T, S]);
    } else {
      const q =
        this.kind === 'general'
          ? releaseDataAfterBackward((this.linear as Linear).forward(query))
          : query;
      scores = releaseDataAfterBackward(matmul(q, memory.keysT as Tensor));
    }
    // PyTorch parity: masked_fill(pad, -inf) before the softmax, so padding gets weight 0.
    if (memory.padMask !== null)
      scores = releaseDataAfterBackward(
        scores.maskedFill(memory.padMask, Number.NEGATIVE_INFINITY),
      );
    const weights = scores.softmax(2);
    const context = matmul(weights, memory.keys);
    return { context, weights };
  }

  /**
   * One-shot attention: `attend(query, memory(keys, mask))`.
   * @param query [N, T, D_q]; keys [N, S, D_k]; mask [N·S] with 1 at real positions.
   * @returns context [N, T, D_k] and weights [N, T, S].
   * @throws ShapeError as {@link Attention.memory} and {@link Attention.attend}.
   */
  forward(query: Tensor, keys: Tensor, mask?: Float32Array | null): AttentionOutput {
    return this.attend(query, this.memory(keys, mask));
  }
}
