/** Decoding for recurrent decoders (seq2seq's, and captioning's from an image): batched greedy search and beam search with length normalisation, on the prepared decoder (no autograd, state resident, all beams of all rows in one step). */

import { BOS_ID, EOS_ID } from '../../data/vocab.ts';
import { ConfigError } from '../../errors.ts';
import type { AttentionMemory } from '../../nn/attention.ts';
import { noGrad } from '../../tensor/autograd.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import type { RecurrentState } from '../common/recurrent.ts';
import {
  type DecoderRows,
  DecoderStepper,
  prepareGreedyDecoder,
  type SteppedDecoder,
  stepsWithoutAttention,
  type TopStepOutput,
} from './decodeStep.ts';
import type { Seq2seqModel } from './model.ts';

/** A padded source batch: ids [N·S] row-major, shape [N, S], lengths [N]. */
export interface SourceBatch {
  ids: Int32Array;
  shape: [number, number];
  lengths: Int32Array;
}

/**
 * Where decoding starts: the decoder's initial state (h `[L, N, H]`, c for an LSTM) and, with
 * attention, the memory over each row's source (seq2seq's encoder outputs, an image's regions).
 */
export interface DecoderStart {
  state: RecurrentState;
  memory: AttentionMemory | null;
}

/** Runs `fn` with the decoder prepared (and its prepared weights freed afterwards). */
function withStepper<T>(parts: SteppedDecoder, fn: (stepper: DecoderStepper) => T): T {
  return noGrad(() => {
    const stepper = new DecoderStepper(parts);
    try {
      return fn(stepper);
    } finally {
      stepper.free();
    }
  });
}

/** The batch through the model's encoder, without autograd. */
function encodeBatch(model: Seq2seqModel, batch: SourceBatch): DecoderStart {
  return noGrad(() => model.encode(batch.ids, batch.shape, batch.lengths));
}

/**
 * Greedy decoding of a whole batch at once: each step feeds back the most likely token; a row
 * stops at <eos> (not included) or after `maxLength` tokens. The model runs as in eval mode.
 * @returns the generated target ids per source row.
 */
export function greedyDecode(
  model: Seq2seqModel,
  batch: SourceBatch,
  options: { maxLength: number },
): number[][] {
  return greedyDecodeFrom(model, encodeBatch(model, batch), options);
}

/**
 * {@link greedyDecode} from a given decoder start, one output row per row of its state (the
 * captioner starts from images).
 * @returns the generated ids per row, without <eos>.
 */
export function greedyDecodeFrom(
  parts: SteppedDecoder,
  start: DecoderStart,
  options: { maxLength: number },
): number[][] {
  if (stepsWithoutAttention(parts, start.memory))
    return greedyWithoutAttention(parts, start, options);
  return withStepper(parts, (stepper) => {
    const rows = stepper.start(start.state, start.memory);
    const N = rows.state.rows;
    const prev = new Int32Array(N).fill(BOS_ID);
    const out: number[][] = Array.from({ length: N }, () => []);
    const done = new Uint8Array(N);
    let remaining = N;
    for (let t = 0; t < options.maxLength && remaining > 0; t++) {
      stepper.stepGreedy(prev, rows, prev);
      for (let n = 0; n < N; n++) {
        const best = prev[n] as number;
        if (done[n] === 1) continue;
        if (best === EOS_ID) {
          done[n] = 1;
          remaining--;
        } else (out[n] as number[]).push(best);
      }
    }
    return out;
  });
}

/**
 * {@link greedyDecodeFrom} for a decoder without attention: every step in one backend call
 * (Backend.prepareGreedyDecoder), so the wasm backend's threads each decode their own rows.
 */
function greedyWithoutAttention(
  parts: SteppedDecoder,
  start: DecoderStart,
  options: { maxLength: number },
): number[][] {
  const { h, c } = start.state;
  const N = h.shape[1] as number;
  const steps = options.maxLength;
  const decoder = prepareGreedyDecoder(parts);
  let tokens: Int32Array;
  try {
    tokens = decoder.run({
      rows: N,
      first: new Int32Array(N).fill(BOS_ID),
      h: h.data,
      c: c === null ? null : c.data,
      maxSteps: steps,
      stop: EOS_ID,
    });
  } finally {
    decoder.free();
  }
  return Array.from({ length: N }, (_, n) => {
    const ids: number[] = [];
    for (let t = 0; t < steps; t++) {
      const id = tokens[t * N + n] as number;
      if (id === EOS_ID) break;
      ids.push(id);
    }
    return ids;
  });
}

/** Beam-search options. */
export interface BeamOptions {
  /** Hypotheses kept per step (1 = greedy). */
  beamSize: number;
  /** Length-normalisation exponent α: finished hypotheses are ranked by log p / length^α. */
  lengthPenalty: number;
  /** Most tokens to generate (<eos> excluded). */
  maxLength: number;
}

/**
 * A finished hypothesis: target ids without <bos>/<eos>, its log-probability and normalised
 * score, and with attention, the weights over the source that produced each id.
 */
export interface BeamHypothesis {
  ids: number[];
  logProb: number;
  score: number;
  /** Per id, the attention weights over the S source positions (each sums to 1); absent without attention. */
  attention?: Float32Array[];
}

/** A live hypothesis: its ids, log-probability and, with attention, one weights row per id. */
interface Beam {
  ids: number[];
  logProb: number;
  rows: Float32Array[] | null;
}

/** One source row's search: its live beams (decoder rows, in order) and its finished hypotheses. */
interface RowSearch {
  /** The row's source length: its attention rows keep that many weights (the rest is padding). */
  length: number;
  beams: Beam[];
  finished: BeamHypothesis[];
  active: boolean;
}

/** The first `length` weights of row `b` of attention weights [B, 1, S], copied. */
function weightsRow(weights: Tensor | null, b: number, length: number): Float32Array | null {
  if (weights === null) return null;
  const S = weights.shape[2] as number;
  return weights.data.slice(b * S, b * S + length);
}

function finish(beam: Beam, score: number): BeamHypothesis {
  const h: BeamHypothesis = { ids: beam.ids, logProb: beam.logProb, score };
  if (beam.rows !== null) h.attention = beam.rows;
  return h;
}

function checkBeamOptions(options: BeamOptions): void {
  const { beamSize: K, lengthPenalty: alpha, maxLength } = options;
  if (!Number.isInteger(K) || K < 1) {
    throw new ConfigError(`beamSearch: beamSize must be an integer ≥ 1, got ${K}.`);
  }
  if (!Number.isInteger(maxLength) || maxLength < 1) {
    throw new ConfigError(`beamSearch: maxLength must be an integer ≥ 1, got ${maxLength}.`);
  }
  if (!(alpha >= 0)) {
    throw new ConfigError(`beamSearch: lengthPenalty must be ≥ 0, got ${alpha}.`);
  }
}

/**
 * Beam search for one source sequence: a hypothesis that emits <eos> is finished with
 * length = its tokens + 1 (the <eos>); search stops when `beamSize` hypotheses are finished or
 * after `maxLength` steps (live beams then count as finished). With attention, each hypothesis
 * keeps the weights row of every id it emitted (S floats per token, copied from weights the
 * decoder computes anyway).
 * @param source a batch of exactly one source row.
 * @returns finished hypotheses, best normalised score first.
 * @throws ConfigError for beamSize < 1, maxLength < 1, a negative lengthPenalty or a batch of several rows.
 */
export function beamSearch(
  model: Seq2seqModel,
  source: SourceBatch,
  options: BeamOptions,
): BeamHypothesis[] {
  checkBeamOptions(options);
  if (source.shape[0] !== 1) {
    throw new ConfigError(`beamSearch: source must hold 1 sequence, got ${source.shape[0]}.`);
  }
  return beamSearchBatch(model, source, options)[0] as BeamHypothesis[];
}

/**
 * Beam search for every row of a source batch at once: each row's search is exactly
 * {@link beamSearch} on that row alone, but one decoder step runs the live beams of all rows
 * (up to N·beamSize decoder rows), so the products are large and the weights are read once.
 * @returns per source row, its finished hypotheses, best normalised score first.
 * @throws ConfigError for beamSize < 1, maxLength < 1 or a negative lengthPenalty.
 */
export function beamSearchBatch(
  model: Seq2seqModel,
  batch: SourceBatch,
  options: BeamOptions,
): BeamHypothesis[][] {
  checkBeamOptions(options);
  return beamSearchFrom(model, encodeBatch(model, batch), options, batch.lengths);
}

/**
 * {@link beamSearchBatch} from a given decoder start: a search per row of its state (the
 * captioner starts from images).
 * @param lengths per row, how many attention weights its hypotheses keep (the source length;
 *   the rest is padding); default every position of the memory.
 * @returns per row, its finished hypotheses, best normalised score first.
 * @throws ConfigError for beamSize < 1, maxLength < 1 or a negative lengthPenalty.
 */
export function beamSearchFrom(
  parts: SteppedDecoder,
  start: DecoderStart,
  options: BeamOptions,
  lengths?: ArrayLike<number>,
): BeamHypothesis[][] {
  checkBeamOptions(options);
  const { beamSize: K, lengthPenalty: alpha, maxLength } = options;
  const norm = (logProb: number, length: number): number => logProb / length ** alpha;
  const count = Math.min(2 * K, parts.out.outFeatures);
  return withStepper(parts, (stepper) => {
    let rows: DecoderRows = stepper.start(start.state, start.memory);
    const positions = start.memory === null ? 0 : (start.memory.keys.shape[1] as number);
    const keepsWeights = start.memory !== null;
    const searches: RowSearch[] = Array.from({ length: rows.state.rows }, (_, r) => ({
      length: lengths === undefined ? positions : (lengths[r] as number),
      beams: [{ ids: [], logProb: 0, rows: keepsWeights ? [] : null }],
      finished: [],
      active: true,
    }));
    for (let t = 0; t < maxLength && rows.state.rows > 0; t++) {
      const active = searches.filter((s) => s.active);
      const prev = Int32Array.from(
        active.flatMap((s) => s.beams),
        (b) => b.ids[b.ids.length - 1] ?? BOS_ID,
      );
      // Only the 2K best tokens of a beam can survive the cut in advance().
      const r = stepper.stepTop(prev, rows, count);
      const from: number[] = [];
      let base = 0;
      for (const search of active) {
        const live = search.beams.length;
        advance(search, { step: r, base, count, K, norm, from });
        base += live;
      }
      rows = stepper.select(rows, Int32Array.from(from));
    }
    return searches.map((s) => {
      if (s.finished.length < K) {
        for (const b of s.beams.slice(0, K - s.finished.length)) {
          s.finished.push(finish(b, norm(b.logProb, Math.max(1, b.ids.length))));
        }
      }
      return s.finished.sort((x, y) => y.score - x.score);
    });
  });
}

/**
 * One step of one row's search over its decoder rows [base, base + beams): the best K
 * continuations survive (an <eos> one finishes); the decoder rows they continue from are pushed
 * on `from` while the search goes on.
 */
function advance(
  search: RowSearch,
  o: {
    step: TopStepOutput;
    base: number;
    /** Tokens per decoder row in `step`. */
    count: number;
    K: number;
    norm: (logProb: number, length: number) => number;
    from: number[];
  },
): void {
  const { beams, finished } = search;
  const { K, base, count } = o;
  const { ids, logProbs, weights } = o.step;
  const candidates: { beam: number; token: number; logProb: number }[] = [];
  for (let b = 0; b < beams.length; b++) {
    const baseLogProb = (beams[b] as Beam).logProb;
    for (let i = (base + b) * count; i < (base + b + 1) * count; i++) {
      candidates.push({
        beam: b,
        token: ids[i] as number,
        logProb: baseLogProb + (logProbs[i] as number),
      });
    }
  }
  candidates.sort((x, y) => y.logProb - x.logProb || x.beam - y.beam || x.token - y.token);
  const next: Beam[] = [];
  const from: number[] = [];
  for (const c of candidates) {
    if (next.length >= K || finished.length >= K) break;
    const { ids, rows } = beams[c.beam] as Beam;
    if (c.token === EOS_ID) {
      const done = { ids: [...ids], logProb: c.logProb, rows: rows === null ? null : [...rows] };
      finished.push(finish(done, o.norm(c.logProb, ids.length + 1)));
    } else {
      const row = weightsRow(weights, base + c.beam, search.length);
      next.push({
        ids: [...ids, c.token],
        logProb: c.logProb,
        rows: rows === null || row === null ? null : [...rows, row],
      });
      from.push(base + c.beam);
    }
  }
  // NOTE: a step that keeps no live hypothesis ends the search with its previous beams (the
  // single-row search breaks before replacing them).
  if (next.length === 0) {
    search.active = false;
    return;
  }
  search.beams = next;
  if (finished.length >= K) {
    search.active = false;
    return;
  }
  for (const row of from) o.from.push(row);
}
