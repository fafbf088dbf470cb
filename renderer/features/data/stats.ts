/** Statistics of a dataset preview for the Data section: class balance, sequence lengths, the target series. */
import {
  charTokens,
  type DateReading,
  isMissing,
  labelOf,
  parseDateAs,
  parseNumber,
  wordTokens,
} from '../../../core/data/index.ts';
import type { DataSpec } from '../../../core/tasks/spec.ts';

/** One class and how many rows carry it. */
export interface ClassCount {
  label: string;
  count: number;
}

/** Rows per label, most frequent first (ties by label); blank labels are left out, as the trainer does. */
export function classBalance(labels: readonly string[]): ClassCount[] {
  const counts = new Map<string, number>();
  for (const raw of labels) {
    const label = labelOf(raw);
    if (label === null) continue;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts]
    .map(([label, count]) => ({ label, count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** A histogram bin `[from, to)` of lengths. */
export interface LengthBin {
  from: number;
  to: number;
  count: number;
}

/** Length summary: bins plus the percentiles that matter for `maxLength`. */
export interface LengthHistogram {
  bins: LengthBin[];
  max: number;
  median: number;
  p95: number;
  /** Texts measured (at most `limit`). */
  measured: number;
}

/** Token count of each text under the tokenizer (`char` or `word`; BPE is measured as words). */
export function tokenLengths(
  texts: readonly string[],
  tokenizer: DataSpec['tokenizer'],
  limit = 20_000,
): number[] {
  const split = tokenizer === 'char' ? charTokens : wordTokens;
  return texts.slice(0, limit).map((t) => split(t).length);
}

/** A histogram of `lengths` in at most `binCount` bins of equal integer width. */
export function lengthHistogram(lengths: readonly number[], binCount = 20): LengthHistogram {
  if (lengths.length === 0) return { bins: [], max: 0, median: 0, p95: 0, measured: 0 };
  const sorted = [...lengths].sort((a, b) => a - b);
  const max = sorted[sorted.length - 1] as number;
  const width = Math.max(1, Math.ceil((max + 1) / binCount));
  const bins: LengthBin[] = [];
  for (let from = 0; from <= max; from += width) bins.push({ from, to: from + width, count: 0 });
  for (const n of lengths) (bins[Math.floor(n / width)] as LengthBin).count++;
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return { bins, max, median: at(0.5), p95: at(0.95), measured: lengths.length };
}

/** One point of the plotted series: the row index or date, and the value. */
export interface SeriesPoint {
  x: number;
  /** Row label for the tooltip (the date text, or the row number). */
  label: string;
  y: number | null;
}

/**
 * The target series for a line plot, reduced to at most `maxPoints` points by keeping each
 * bucket's minimum and maximum (so spikes stay visible). Missing or non-numeric values are null.
 * Dates such as `03/04/2020` are read in `order` (the trainer's reading of the date column: an order, or Excel serial numbers).
 */
export function seriesPoints(
  values: readonly string[],
  dates: readonly string[] | null,
  options: { order?: DateReading | undefined; maxPoints?: number } = {},
): SeriesPoint[] {
  const maxPoints = options.maxPoints ?? 1000;
  const points: SeriesPoint[] = values.map((raw, i) => {
    const v = isMissing(raw) ? Number.NaN : parseNumber(raw);
    const date = dates?.[i];
    const time = date === undefined ? Number.NaN : parseDateAs(date, options.order);
    return {
      x: Number.isNaN(time) ? i : time,
      label: date ?? String(i + 1),
      y: Number.isNaN(v) ? null : v,
    };
  });
  if (points.length <= maxPoints) return points;
  const bucket = Math.ceil(points.length / (maxPoints / 2));
  const out: SeriesPoint[] = [];
  for (let start = 0; start < points.length; start += bucket) {
    const part = points.slice(start, start + bucket).filter((p) => p.y !== null);
    if (part.length === 0) continue;
    let lo = part[0] as SeriesPoint;
    let hi = lo;
    for (const p of part) {
      if ((p.y as number) < (lo.y as number)) lo = p;
      if ((p.y as number) > (hi.y as number)) hi = p;
    }
    out.push(...(lo.x <= hi.x ? [lo, hi] : [hi, lo]).filter((p, i, a) => a.indexOf(p) === i));
  }
  return out;
}
