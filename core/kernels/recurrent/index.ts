/** Fused recurrent-layer kernels: one layer, one direction, the whole sequence, forward and BPTT. */

import type { CellType } from '../api/recurrent.ts';
import { gruCell } from './gruCell.ts';
import { lstmCell } from './lstmCell.ts';
import { rnnReluCell, rnnTanhCell } from './rnnCell.ts';
import type { CellKernel } from './sequence.ts';

export type { CellType } from '../api/recurrent.ts';
export {
  type CellKernel,
  type Gemm,
  type LayerBackwardOptions,
  type LayerCache,
  type LayerForwardOptions,
  type LayerForwardResult,
  type LayerGrads,
  makeSchedule,
  recurrentBackward,
  recurrentForward,
} from './sequence.ts';

/** The kernel of a cell type. */
export function cellKernel(cell: CellType): CellKernel {
  switch (cell) {
    case 'rnn-tanh':
      return rnnTanhCell;
    case 'rnn-relu':
      return rnnReluCell;
    case 'lstm':
      return lstmCell;
    case 'gru':
      return gruCell;
  }
}
