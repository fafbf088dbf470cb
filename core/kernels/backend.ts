/**
 * The switch that installs a kernel backend (the plain-TypeScript one unless another was
 * installed). The interface every backend implements is core/kernels/api/, re-exported here.
 */
import type { Backend } from './api/backend.ts';
import { createJsBackend, jsBackend } from './js/index.ts';

export type {
  AdamStepOptions,
  Backend,
  BinaryOp,
  CopySlabOptions,
  DropoutMaskOptions,
  GemmOptions,
  LinearBackwardOptions,
  LinearCrossEntropyOptions,
  LinearCrossEntropyResult,
  LinearGrads,
  SoftmaxCrossEntropyBackwardOptions,
  SoftmaxCrossEntropyGradResult,
  SoftmaxCrossEntropyOptions,
  SoftmaxCrossEntropyResult,
  TensorKernels,
  UnaryOp,
  XoshiroState,
} from './api/backend.ts';
export { type BroadcastPlan, broadcastPlan } from './api/broadcast.ts';
export type {
  BatchNormBackwardOptions,
  BatchNormForwardOptions,
  BatchNormGrads,
  ImageKernels,
  WindowGeometry,
} from './api/image.ts';
export { jsBackend };

/** What setBackend accepts: a name and gemm at least; missing kernels come from the TypeScript backend. */
export type BackendInput = Pick<Backend, 'name' | 'gemm'> & Partial<Backend>;

let current: Backend | null = null;

/**
 * Installs the backend every op uses from now on. A complete backend is installed as given; a
 * partial one (e.g. a gemm wrapper in a test) gets the TypeScript kernels for what it lacks.
 */
export function setBackend(backend: BackendInput): void {
  const keys = Object.keys(jsBackend) as (keyof Backend)[];
  const complete = keys.every((key) => backend[key] !== undefined);
  // NOTE: a partial backend's gemm also drives the TypeScript time loop of the recurrent kernels.
  current = complete ? (backend as Backend) : { ...createJsBackend(backend.gemm), ...backend };
}

/** The backend in use; the plain-TypeScript one unless another was installed. */
export function getBackend(): Backend {
  return current ?? jsBackend;
}
