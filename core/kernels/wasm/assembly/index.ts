// Entry of the WebAssembly kernels module: re-exports every kernel and the start of free memory.
//
// Built by build/scripts/buildWasm.mjs (asc --enable simd, optionally relaxed-simd, --runtime stub).
// The module owns no allocator: the TypeScript side lays out linear memory above heapBase().

export { adamStep } from './adam';
export { linearArgmaxColumns, linearArgmaxRows, pickArgmaxRows } from './argmax';
export { CELL_GRU, CELL_LSTM, CELL_RNN_RELU, CELL_RNN_TANH } from './cells';
export { tanhRows } from './elementwise';
export { greedyDecodeRows } from './greedy';
export { gemm, gemmBlock, gemmRows, gemmWorkspaceFloats, packBAll, packedBFloats } from './gemm';
export { gemmSplitColumn } from './split';
export { linearTopLogProbRows } from './topLogProbs';
export { columnSums, recurrentLayerBackward, recurrentLayerForward } from './recurrent';
export {
  softmaxCrossEntropy,
  softmaxCrossEntropyBackward,
  softmaxCrossEntropyWithGrad,
} from './softmax';

/** First byte of linear memory not used by static data; the host's layout starts here. */
export function heapBase(): usize {
  return __heap_base;
}

/** Whether this build uses relaxed-SIMD fused multiply-add (1) or plain SIMD (0). */
export function relaxedSimd(): i32 {
  return ASC_FEATURE_RELAXED_SIMD ? 1 : 0;
}
