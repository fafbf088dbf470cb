/** Number and size formatting for the UI, in the UI language. */

/** `1,234,567` (en) or `1,234,567` (ko). */
export function formatCount(n: number, language: string): string {
  return new Intl.NumberFormat(language).format(n);
}

/** `48.2 KB`, `1.3 MB`, `2.0 GB` (decimal units, as file managers show them). */
export function formatBytes(bytes: number, language: string): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 ? 0 : value < 10 ? 1 : 0;
  return `${new Intl.NumberFormat(language, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/** `12.5 %` */
export function formatPercent(fraction: number, language: string): string {
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(
    fraction,
  );
}

const AXIS = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });
const AXIS_COMPACT = new Intl.NumberFormat('en-US', {
  notation: 'compact',
  maximumSignificantDigits: 3,
});

/**
 * A chart value in three significant digits: `1,500`, `80,000`, `0.123`; millions and more
 * compact (`8.25M`); below 0.01 in exponent form (`1.0e-3`, learning rates and small losses).
 */
export function formatChartNumber(y: number): string {
  const a = Math.abs(y);
  if (y === 0 || !Number.isFinite(y)) return String(y);
  if (a < 0.01) return y.toExponential(1);
  return a >= 1e6 ? AXIS_COMPACT.format(y) : AXIS.format(y);
}
