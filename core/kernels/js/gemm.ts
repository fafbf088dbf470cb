/** Plain-TypeScript matrix multiply, the reference every faster backend is checked against. */
import type { GemmOptions } from '../api/backend.ts';

/**
 * C = alpha · op(A) · op(B) + beta · C (+ bias), row-major. Loop orders are chosen per transpose
 * case so the innermost loop walks memory contiguously.
 */
export function gemmJs(o: GemmOptions): void {
  const { m, n, k, a, b, c } = o;
  const alpha = o.alpha ?? 1;
  const beta = o.beta ?? 0;
  const transA = o.transA ?? false;
  const transB = o.transB ?? false;
  const mn = m * n;
  if (beta === 0) c.fill(0, 0, mn);
  else if (beta !== 1) for (let i = 0; i < mn; i++) c[i] = (c[i] as number) * beta;

  if (!transB) {
    // C[i, :] += alpha * A(i, p) * B[p, :]  — B rows are contiguous.
    for (let i = 0; i < m; i++) {
      const ci = i * n;
      for (let p = 0; p < k; p++) {
        const av = alpha * (transA ? (a[p * m + i] as number) : (a[i * k + p] as number));
        if (av === 0) continue;
        const bp = p * n;
        for (let j = 0; j < n; j++) c[ci + j] = (c[ci + j] as number) + av * (b[bp + j] as number);
      }
    }
  } else if (!transA) {
    // C[i, j] += alpha * dot(A[i, :], B[j, :])  — both rows contiguous.
    for (let i = 0; i < m; i++) {
      const ai = i * k;
      const ci = i * n;
      for (let j = 0; j < n; j++) {
        const bj = j * k;
        let s = 0;
        for (let p = 0; p < k; p++) s += (a[ai + p] as number) * (b[bj + p] as number);
        c[ci + j] = (c[ci + j] as number) + alpha * s;
      }
    }
  } else {
    // Both transposed: C[i, j] += alpha * sum_p A[p, i] * B[j, p].
    for (let i = 0; i < m; i++) {
      const ci = i * n;
      for (let j = 0; j < n; j++) {
        const bj = j * k;
        let s = 0;
        for (let p = 0; p < k; p++) s += (a[p * m + i] as number) * (b[bj + p] as number);
        c[ci + j] = (c[ci + j] as number) + alpha * s;
      }
    }
  }
  const bias = o.bias;
  if (bias !== undefined) {
    for (let i = 0; i < m; i++) {
      const ci = i * n;
      for (let j = 0; j < n; j++) c[ci + j] = (c[ci + j] as number) + (bias[j] as number);
    }
  }
}
