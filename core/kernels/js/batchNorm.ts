/** Plain-TypeScript batch normalisation over [batch, channels, plane]: statistics, forward and backward. */
import type {
  BatchNormBackwardOptions,
  BatchNormForwardOptions,
  BatchNormGrads,
} from '../api/image.ts';

/** Per-channel batch mean and biased variance, two passes in float64. */
export function batchNormStatsJs(
  x: Float32Array,
  batch: number,
  channels: number,
  plane: number,
): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(channels);
  const variance = new Float64Array(channels);
  const count = batch * plane;
  for (let c = 0; c < channels; c++) {
    let s = 0;
    for (let n = 0; n < batch; n++) {
      const at = (n * channels + c) * plane;
      for (let i = 0; i < plane; i++) s += x[at + i] as number;
    }
    const m = s / count;
    let q = 0;
    for (let n = 0; n < batch; n++) {
      const at = (n * channels + c) * plane;
      for (let i = 0; i < plane; i++) {
        const d = (x[at + i] as number) - m;
        q += d * d;
      }
    }
    mean[c] = m;
    variance[c] = q / count;
  }
  return { mean, variance };
}

/** out = (x − mean) · invStd · γ + β. */
export function batchNormForwardJs(o: BatchNormForwardOptions): void {
  const { x, batch, channels, plane, mean, invStd, weight, bias, out } = o;
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      const scale = (invStd[c] as number) * (weight === null ? 1 : (weight[c] as number));
      const shift = (bias === null ? 0 : (bias[c] as number)) - (mean[c] as number) * scale;
      const at = (n * channels + c) * plane;
      for (let i = 0; i < plane; i++) out[at + i] = (x[at + i] as number) * scale + shift;
    }
  }
}

/**
 * dβ = Σ g, dγ = Σ g·x̂; dx = γ·invStd·(g − [batchStats] (dβ + x̂·dγ)/M) with M = batch·plane,
 * the batch statistics' own gradient included only when they are the batch's.
 */
export function batchNormBackwardJs(o: BatchNormBackwardOptions): BatchNormGrads {
  const { g, x, batch, channels, plane, mean, invStd, weight } = o;
  const dWeight = new Float32Array(channels);
  const dBias = new Float32Array(channels);
  const dx = o.needDx ? new Float32Array(x.length) : null;
  const count = batch * plane;
  for (let c = 0; c < channels; c++) {
    const m = mean[c] as number;
    const s = invStd[c] as number;
    let sg = 0;
    let sgx = 0;
    for (let n = 0; n < batch; n++) {
      const at = (n * channels + c) * plane;
      for (let i = 0; i < plane; i++) {
        const gi = g[at + i] as number;
        sg += gi;
        sgx += gi * ((x[at + i] as number) - m) * s;
      }
    }
    dBias[c] = sg;
    dWeight[c] = sgx;
    if (dx === null) continue;
    const k = s * (weight === null ? 1 : (weight[c] as number));
    const meanG = o.batchStats ? sg / count : 0;
    const meanGx = o.batchStats ? sgx / count : 0;
    for (let n = 0; n < batch; n++) {
      const at = (n * channels + c) * plane;
      for (let i = 0; i < plane; i++) {
        const xhat = ((x[at + i] as number) - m) * s;
        dx[at + i] = k * ((g[at + i] as number) - meanG - xhat * meanGx);
      }
    }
  }
  return { dx, dWeight, dBias };
}
