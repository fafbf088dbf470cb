/** The tensor layer's tanh on the WebAssembly kernels: the one elementwise map whose per-value cost (Math.tanh) outweighs copying the values in and out of wasm memory. */
import type { TensorKernels } from '../api/backend.ts';
import { unary as unaryJs } from '../js/elementwise.ts';
import type { WasmKernels } from './wasmKernels.ts';

/**
 * TensorKernels.unary with tanh in the kernels (the fused cells' tanhV, within a few float32 ulps
 * of Math.tanh) and every other map in TypeScript. Every tanh goes to the kernels, however short:
 * a value's tanh must not depend on how many values it came with (a beam of one row and a batch
 * of them give the same scores).
 */
export function wasmUnary(kernels: WasmKernels): TensorKernels['unary'] {
  return (op, x, out, p, q) => {
    const n = out.length;
    if (op !== 'tanh') {
      unaryJs(op, x, out, p, q);
      return;
    }
    if (n === 0) return;
    kernels.withScratch((sc) => {
      const at = sc.putReadOnly(x, n);
      const to = sc.take(n);
      sc.exports.tanhRows(at, to, n);
      out.set(sc.view(to, n));
    });
  };
}
