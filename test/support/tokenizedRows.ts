/** A classify read's result as plain arrays, so tests compare two reads (one thread against two) with toEqual. */
import type { TokenizedRows } from '../../core/tasks/classify/data.ts';
import type { RowLabels } from '../../core/tasks/classify/rowLabels.ts';

/** Each row's label as a string. */
export function labelStrings(labels: RowLabels): string[] {
  return Array.from(labels.codes, (code) => labels.names[code] as string);
}

export function plainRows(r: TokenizedRows) {
  return {
    tokens: r.tokens,
    ids: [...r.store.ids],
    offsets: [...r.store.offsets],
    lengths: [...r.store.lengths],
    rowLabels: [...r.store.labels],
    labels: labelStrings(r.labels),
  };
}
