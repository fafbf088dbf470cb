/** The model's forecasts of a part kept for the weights that made them: the end of a run scores validation and test several times with the same weights (the interval, the final report, the outcome), and one pass over a big split takes minutes. */
import type { Module } from '../../nn/module.ts';

/** Forecasts of one part in original units and the mean squared loss in model units. */
export interface PartForecasts {
  predicted: Float64Array;
  loss: number;
}

/**
 * A key that changes whenever any weight does: two FNV-1a hashes (different seeds) over the bits
 * of every parameter, with their shapes' sizes. Hashing ~10⁵ weights is microseconds; a forward pass
 * over a split is seconds to minutes.
 */
export function weightsKey(model: Module): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (const p of model.parameters()) {
    const bits = new Uint32Array(p.data.buffer, p.data.byteOffset, p.data.length);
    a = Math.imul(a ^ bits.length, 0x01000193);
    b = Math.imul(b ^ bits.length, 0x85ebca6b);
    for (let i = 0; i < bits.length; i++) {
      const v = bits[i] as number;
      a = Math.imul(a ^ v, 0x01000193);
      b = Math.imul(b ^ (v >>> 7) ^ (v << 25), 0x85ebca6b);
    }
  }
  return `${(a >>> 0).toString(16)}:${(b >>> 0).toString(16)}`;
}

/** Forecasts per part name, each kept with the key of the weights it was computed with. */
export class PredictionCache {
  private readonly kept = new Map<string, { key: string; forecasts: PartForecasts }>();

  constructor(private readonly model: Module) {}

  /** The part's forecasts for the current weights: kept ones if the weights are unchanged, else `compute()`'s (then kept). */
  get(name: string, compute: () => PartForecasts): PartForecasts {
    const key = weightsKey(this.model);
    const hit = this.kept.get(name);
    if (hit?.key === key) return hit.forecasts;
    const forecasts = compute();
    this.kept.set(name, { key, forecasts });
    return forecasts;
  }
}
