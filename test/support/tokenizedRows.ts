/** A classify read's result as plain arrays, so tests compare two reads (one thread against two) with toEqual. */
import type { TokenizedRows } from '../../core/tasks/classify/data.ts';

export function plainRows(r: TokenizedRows) {
  return {
    tokens: r.tokens,
    ids: [...r.store.ids],
    offsets: [...r.store.offsets],
    lengths: [...r.store.lengths],
    rowLabels: [...r.store.labels],
    labels: r.labels,
  };
}
