/** How metric values are written in the UI: fractions as percentages, errors with three significant digits. */

/** Metrics that are fractions in [0, 1] and read best as percentages. */
const FRACTIONS = new Set(['accuracy', 'macroF1', 'tokenAccuracy', 'entityF1', 'exactMatch', 'f1']);

/** Metrics already in percent (MAPE): written with a % sign. */
const PERCENTS = new Set(['mape', 'naiveMape']);

/** BLEU and captioning's BLEU-1…4, on sacreBLEU's 0–100 scale. */
const BLEU = /^bleu[1-4]?$/;

/** True when higher values of the metric are better. */
export function higherIsBetter(name: string): boolean {
  const base = name.replace(/^baseline\./, '');
  return FRACTIONS.has(base) || BLEU.test(base);
}

/** `87.5 %` for accuracy-like metrics, `17.7 %` for MAPE, `21.3` for BLEU, `2.17` for MAE, `0.4321` for loss. */
export function formatMetric(name: string, value: number, language: string): string {
  if (!Number.isFinite(value)) return '—';
  const base = name.replace(/^baseline\./, '');
  if (FRACTIONS.has(base)) {
    return new Intl.NumberFormat(language, {
      style: 'percent',
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    }).format(value);
  }
  if (PERCENTS.has(base)) {
    return new Intl.NumberFormat(language, {
      style: 'percent',
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    }).format(value / 100);
  }
  if (BLEU.test(base)) return value.toFixed(1);
  if (base === 'loss') return value.toFixed(4);
  return new Intl.NumberFormat(language, { maximumSignificantDigits: 4 }).format(value);
}

/** The metric a task's charts and headlines lead with. */
export function primaryMetricOf(task: string, available: readonly string[]): string {
  const preferred: Record<string, readonly string[]> = {
    classify: ['accuracy', 'macroF1'],
    forecast: ['mae', 'rmse'],
    tag: ['entityF1', 'tokenAccuracy'],
    seq2seq: ['bleu', 'exactMatch'],
    generate: ['perplexity'],
    caption: ['bleu'],
  };
  for (const m of preferred[task] ?? []) if (available.includes(m)) return m;
  return available.find((m) => m !== 'loss') ?? 'loss';
}
