/** The plain-TypeScript backend: the reference implementation and the fallback everywhere. */
import type { Backend } from '../backend.ts';
import { gemmJs } from './gemm.ts';

export const jsBackend: Backend = {
  name: 'js',
  gemm: gemmJs,
};
