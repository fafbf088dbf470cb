/** The greedy and beam search as they ran before the prepared decoder (the model's decode per step, the tensor path, from a decoder start): the reference the prepared search's tokens are compared with, for seq2seq and the captioner. */

import { BOS_ID, EOS_ID } from '../../core/data/vocab.ts';
import { ConfigError } from '../../core/errors.ts';
import { getBackend } from '../../core/kernels/backend.ts';
import type { AttentionMemory } from '../../core/nn/attention.ts';
import { noGrad } from '../../core/tensor/autograd.ts';
import '../../core/tensor/ops.ts';
import type { RecurrentState } from '../../core/tasks/common/recurrent.ts';
import type { BeamHypothesis, BeamOptions, DecoderStart } from '../../core/tasks/seq2seq/decode.ts';
import type { DecodedStep } from '../../core/tasks/seq2seq/model.ts';
import type { Tensor } from '../../core/tensor/tensor.ts';
import { crossEntropyLogProbs } from './crossEntropyLogProbs.ts';

/** What the reference needs of a model: one decoder step over a batch (Seq2seqModel, CaptionModel). */
export interface StepDecoder {
  decode(
    ids: Int32Array,
    shape: [number, number],
    state: RecurrentState,
    memory: AttentionMemory | null,
  ): DecodedStep & { logits: Tensor };
}

/**
 * Greedy decoding of every row of a decoder start at once: each step feeds back the most likely
 * token; a row stops at <eos> (not included) or after `maxLength` tokens.
 * @returns the generated ids per row.
 */
export function greedyDecodeReference(
  model: StepDecoder,
  enc: DecoderStart,
  options: { maxLength: number },
): number[][] {
  return noGrad(() => {
    const N = enc.state.h.shape[1] as number;
    let state = enc.state;
    const prev = new Int32Array(N).fill(BOS_ID);
    const out: number[][] = Array.from({ length: N }, () => []);
    const done = new Uint8Array(N);
    let remaining = N;
    for (let t = 0; t < options.maxLength && remaining > 0; t++) {
      const r = model.decode(prev, [N, 1], state, enc.memory);
      state = r.state;
      const V = r.logits.shape[2] as number;
      const data = r.logits.data;
      for (let n = 0; n < N; n++) {
        let best = 0;
        let bestValue = Number.NEGATIVE_INFINITY;
        for (let v = 0; v < V; v++) {
          const x = data[n * V + v] as number;
          if (x > bestValue) {
            bestValue = x;
            best = v;
          }
        }
        prev[n] = best;
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

/** A live hypothesis: its ids, log-probability and, with attention, one weights row per id. */
interface Beam {
  ids: number[];
  logProb: number;
  rows: Float32Array[] | null;
}

/** Weights row `b` of attention weights [B, 1, S], copied (the tensor is freed with its step). */
function weightsRow(weights: Tensor | null, b: number): Float32Array | null {
  if (weights === null) return null;
  const S = weights.shape[2] as number;
  return weights.data.slice(b * S, (b + 1) * S);
}

function finish(beam: Beam, score: number): BeamHypothesis {
  const h: BeamHypothesis = { ids: beam.ids, logProb: beam.logProb, score };
  if (beam.rows !== null) h.attention = beam.rows;
  return h;
}

function selectRows(memory: AttentionMemory, index: Int32Array): AttentionMemory {
  return {
    keys: memory.keys.indexSelect(0, index),
    keysT: memory.keysT === null ? null : memory.keysT.indexSelect(0, index),
    projected: memory.projected === null ? null : memory.projected.indexSelect(0, index),
    padMask: memory.padMask === null ? null : memory.padMask.indexSelect(0, index),
  };
}

function selectState(state: RecurrentState, index: Int32Array): RecurrentState {
  return {
    h: state.h.indexSelect(1, index),
    c: state.c === null ? null : state.c.indexSelect(1, index),
  };
}

/**
 * out[v] = the log-probability of token v in the row, as the installed backend's cross-entropy
 * computes it: minus its loss for target v (so beam scores are the training loss's own terms).
 */
function logSoftmaxRow(data: Float32Array, offset: number, V: number, out: Float64Array): void {
  const every = Array.from({ length: V }, (_, v) => v);
  out.set(crossEntropyLogProbs(getBackend(), data.subarray(offset, offset + V), every));
}

/**
 * Beam search from a decoder start of one row: the live beams run as one batch; a hypothesis that emits
 * <eos> is finished with length = its tokens + 1 (the <eos>); search stops when `beamSize`
 * hypotheses are finished or after `maxLength` steps (live beams then count as finished).
 * With attention, each hypothesis keeps the weights row of every id it emitted (S floats per
 * token, copied from weights the decoder computes anyway).
 * @returns finished hypotheses, best normalised score first.
 * @throws ConfigError for beamSize < 1, maxLength < 1, a negative lengthPenalty or a start of several rows.
 */
export function beamSearchReference(
  model: StepDecoder,
  enc: DecoderStart,
  options: BeamOptions,
): BeamHypothesis[] {
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
  if (enc.state.h.shape[1] !== 1) {
    throw new ConfigError(`beamSearch: start must hold 1 row, got ${enc.state.h.shape[1]}.`);
  }
  const norm = (logProb: number, length: number): number => logProb / length ** alpha;
  return noGrad(() => {
    let memory = enc.memory;
    let state = enc.state;
    let beams: Beam[] = [{ ids: [], logProb: 0, rows: memory === null ? null : [] }];
    const finished: BeamHypothesis[] = [];
    for (let t = 0; t < maxLength && beams.length > 0 && finished.length < K; t++) {
      const B = beams.length;
      const prev = Int32Array.from(beams, (b) => b.ids[b.ids.length - 1] ?? BOS_ID);
      const r = model.decode(prev, [B, 1], state, memory);
      const V = r.logits.shape[2] as number;
      const lp = new Float64Array(V);
      const candidates: { beam: number; token: number; logProb: number }[] = [];
      for (let b = 0; b < B; b++) {
        logSoftmaxRow(r.logits.data, b * V, V, lp);
        // Only the 2K best tokens of a beam can survive the cut below.
        const order = Array.from(lp.keys())
          .sort((x, y) => (lp[y] as number) - (lp[x] as number) || x - y)
          .slice(0, 2 * K);
        const base = (beams[b] as { logProb: number }).logProb;
        for (const v of order)
          candidates.push({ beam: b, token: v, logProb: base + (lp[v] as number) });
      }
      candidates.sort((x, y) => y.logProb - x.logProb || x.beam - y.beam || x.token - y.token);
      const next: Beam[] = [];
      const from: number[] = [];
      for (const c of candidates) {
        if (next.length >= K || finished.length >= K) break;
        const { ids, rows } = beams[c.beam] as Beam;
        if (c.token === EOS_ID) {
          const done = {
            ids: [...ids],
            logProb: c.logProb,
            rows: rows === null ? null : [...rows],
          };
          finished.push(finish(done, norm(c.logProb, ids.length + 1)));
        } else {
          const row = weightsRow(r.weights, c.beam);
          next.push({
            ids: [...ids, c.token],
            logProb: c.logProb,
            rows: rows === null || row === null ? null : [...rows, row],
          });
          from.push(c.beam);
        }
      }
      if (next.length === 0) break;
      const index = Int32Array.from(from);
      state = selectState(r.state, index);
      if (memory !== null) memory = selectRows(memory, index);
      beams = next;
    }
    if (finished.length < K) {
      for (const b of beams.slice(0, K - finished.length)) {
        finished.push(finish(b, norm(b.logProb, Math.max(1, b.ids.length))));
      }
    }
    return finished.sort((x, y) => y.score - x.score);
  });
}
