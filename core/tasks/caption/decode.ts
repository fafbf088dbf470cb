/** Greedy and beam decoding of the captioner from an image's decoder start, one autograd-free step at a time through the model's own `decode` (seq2seq's search, before its decoding moved to a prepared stepper). */
import { BOS_ID, EOS_ID } from '../../data/vocab.ts';
import { ConfigError } from '../../errors.ts';
import type { AttentionMemory } from '../../nn/attention.ts';
import '../../tensor/ops.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import type { RecurrentState } from '../common/recurrent.ts';
import type { BeamHypothesis, BeamOptions } from '../seq2seq/decode.ts';
import type { DecodedStep } from '../seq2seq/model.ts';

// TODO(h22cap): run on seq2seq's prepared stepper (decodeStep.ts) once it takes any decoder parts.

/** What decoding needs of a model: one decoder step over a batch (seq2seq, caption). */
export interface StepDecoder {
  decode(
    ids: Int32Array,
    shape: [number, number],
    state: RecurrentState,
    memory: AttentionMemory | null,
  ): DecodedStep & { logits: Tensor };
}

/** Where decoding starts: the decoder's initial state and the attention memory (null without attention). */
export interface DecoderStart {
  state: RecurrentState;
  memory: AttentionMemory | null;
}

/**
 * Greedy decoding of `rows` sequences from a decoder start (as {@link greedyDecode} after the
 * encoder; as the captioner starts from images). Call inside `noGrad`.
 * @returns the generated ids per row, without <eos>.
 */
export function greedyDecodeFrom(
  model: StepDecoder,
  start: DecoderStart,
  options: { maxLength: number; rows: number },
): number[][] {
  {
    const N = options.rows;
    const enc = start;
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
  }
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

function logSoftmaxRow(data: Float32Array, offset: number, V: number, out: Float64Array): void {
  let max = Number.NEGATIVE_INFINITY;
  for (let v = 0; v < V; v++) max = Math.max(max, data[offset + v] as number);
  let sum = 0;
  for (let v = 0; v < V; v++) sum += Math.exp((data[offset + v] as number) - max);
  const logZ = max + Math.log(sum);
  for (let v = 0; v < V; v++) out[v] = (data[offset + v] as number) - logZ;
}

/** @throws ConfigError for beamSize < 1, maxLength < 1 or a negative lengthPenalty. */
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
 * Beam search from a decoder start of one row (the captioner starts from an image). Call inside `noGrad`.
 * @returns finished hypotheses, best normalised score first.
 * @throws ConfigError for out-of-range options.
 */
export function beamSearchFrom(
  model: StepDecoder,
  start: DecoderStart,
  options: BeamOptions,
): BeamHypothesis[] {
  const { beamSize: K, lengthPenalty: alpha, maxLength } = options;
  checkBeamOptions(options);
  const norm = (logProb: number, length: number): number => logProb / length ** alpha;
  {
    const enc = start;
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
  }
}
