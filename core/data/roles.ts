/** Suggests a task and column roles from inferred column types (date + numbers → forecast, two texts → seq2seq, …). */
import type { ColumnStats } from './columnTypes.ts';

/** The tasks of docs/ARCHITECTURE.md (the data layer suggests them; core/tasks defines them). */
export const TASK_KINDS = [
  'classify',
  'forecast',
  'tag',
  'seq2seq',
  'generate',
  'caption',
] as const;
/** One of {@link TASK_KINDS}. */
export type TaskKind = (typeof TASK_KINDS)[number];

/** Which column plays which part; every value is a column name (or a field name for CoNLL). */
export interface ColumnRoles {
  /** classify, generate: the text column. */
  text?: string;
  /** classify (and seq2seq files that carry one): the label column. */
  label?: string;
  /** forecast: the date/time column to sort by. */
  date?: string;
  /** forecast: a time-of-day column (`18.00.00`) added to `date` to make one timestamp. */
  time?: string;
  /** forecast: integer year, month, day columns that together make the date. */
  dateParts?: { year: string; month: string; day: string };
  /** forecast: the value to predict; seq2seq: the target text. */
  target?: string;
  /** forecast: other numeric inputs. */
  features?: string[];
  /** forecast: a column that splits a long-format file into several series (e.g. a ticker). */
  group?: string;
  /** seq2seq: the source text. */
  source?: string;
  /** tag: the token and tag fields. */
  token?: string;
  tag?: string;
}

const TARGET_PATTERNS = [
  /^close$/i,
  /^adj[ _]?close$/i,
  /close/i,
  /price|value|target|amount|sales|demand|births|count|load|temp|^y$/i,
];

/** The column a forecast should predict: a close-like name first, else the last numeric column. */
function pickTarget(numeric: readonly ColumnStats[]): ColumnStats | undefined {
  for (const re of TARGET_PATTERNS) {
    const hit = numeric.find((c) => re.test(c.name));
    if (hit !== undefined) return hit;
  }
  return numeric[numeric.length - 1];
}

function findDateParts(columns: readonly ColumnStats[]): ColumnRoles['dateParts'] | undefined {
  const ints = columns.filter((c) => c.type === 'integer');
  const year = ints.find((c) => /^year$/i.test(c.name));
  const month = ints.find((c) => /^month$/i.test(c.name));
  const day = ints.find((c) => /^(day|date|date_of_month|day_of_month|dom)$/i.test(c.name));
  if (year === undefined || month === undefined || day === undefined) return undefined;
  return { year: year.name, month: month.name, day: day.name };
}

function isLowCardinality(c: ColumnStats): boolean {
  if (c.type === 'category') return true;
  return (
    c.type === 'integer' &&
    !c.distinctCapped &&
    c.distinct >= 2 &&
    c.distinct <= 20 &&
    c.present >= 4 * c.distinct
  );
}

/**
 * True for a column that carries no signal as an input or target: constant, empty, an identifier
 * (row index, codes with leading zeros, unique ids).
 */
export function isUninformative(c: ColumnStats): boolean {
  return (
    c.present === 0 ||
    (c.distinct <= 1 && !c.distinctCapped) ||
    c.type === 'id' ||
    c.rowIndex === true ||
    c.leadingZeros === true
  );
}

/**
 * True when the first two text columns are of like length (a question and its answer, a sentence
 * and its translation), not a short title beside a long review.
 */
function isTextPair(texts: readonly ColumnStats[]): boolean {
  const [a, b] = texts;
  if (a === undefined || b === undefined) return false;
  const ratio =
    Math.max(a.meanLength, b.meanLength) / Math.max(1, Math.min(a.meanLength, b.meanLength));
  return ratio < 3;
}

/**
 * Suggests a task and roles for a table. Constant, empty and identifier columns are never
 * suggested. Rules, in order: a date (or year/month/day) column with a numeric column → forecast
 * with a close-like target; text with a low-cardinality column (a rating, a class) → classify on
 * the longest text (unless the first two texts are a pair of like length); two text columns →
 * seq2seq; one text column → generate; numbers only →
 * forecast in row order; otherwise classify (on the last category column when there is no text).
 */
export function suggestForTable(all: readonly ColumnStats[]): {
  task: TaskKind;
  roles: ColumnRoles;
} {
  const columns = all.filter((c) => !isUninformative(c));
  const date = all.find((c) => c.type === 'date' && c.present > 0);
  const next = date === undefined ? undefined : all[all.indexOf(date) + 1];
  const time = next?.timeOfDay === true ? next : undefined;
  const dateParts = date === undefined ? findDateParts(all) : undefined;
  const partNames = new Set(dateParts === undefined ? [] : Object.values(dateParts));
  const numeric = columns.filter(
    (c) => (c.type === 'number' || c.type === 'integer') && !partNames.has(c.name),
  );
  const texts = columns.filter((c) => c.type === 'text');
  const lowCard = columns.filter((c) => isLowCardinality(c) && !partNames.has(c.name));
  if ((date !== undefined || dateParts !== undefined) && numeric.length > 0) {
    const target = pickTarget(numeric) as ColumnStats;
    const group =
      date !== undefined &&
      time === undefined &&
      !date.distinctCapped &&
      date.distinct < date.present
        ? columns.find((c) => c.type === 'category')
        : undefined;
    return {
      task: 'forecast',
      roles: {
        ...(date !== undefined ? { date: date.name } : {}),
        ...(time !== undefined ? { time: time.name } : {}),
        ...(dateParts !== undefined ? { dateParts } : {}),
        target: target.name,
        features: numeric.filter((c) => c !== target).map((c) => c.name),
        ...(group !== undefined ? { group: group.name } : {}),
      },
    };
  }
  const label = lowCard.find((c) => !texts.includes(c));
  if (texts.length >= 1 && label !== undefined && !isTextPair(texts)) {
    const text = [...texts].sort((a, b) => b.meanLength - a.meanLength)[0] as ColumnStats;
    return { task: 'classify', roles: { text: text.name, label: label.name } };
  }
  if (texts.length >= 2) {
    const [source, target] = texts as [ColumnStats, ColumnStats];
    return {
      task: 'seq2seq',
      roles: {
        source: source.name,
        target: target.name,
        ...(label !== undefined ? { label: label.name } : {}),
      },
    };
  }
  if (texts.length === 1 && label !== undefined) {
    return { task: 'classify', roles: { text: (texts[0] as ColumnStats).name, label: label.name } };
  }
  if (texts.length === 1)
    return { task: 'generate', roles: { text: (texts[0] as ColumnStats).name } };
  if (numeric.length > 0 && texts.length === 0) {
    const target = pickTarget(numeric) as ColumnStats;
    return {
      task: 'forecast',
      roles: {
        target: target.name,
        features: numeric.filter((c) => c !== target).map((c) => c.name),
      },
    };
  }
  // Without text, every column is a category or a small integer: the class is conventionally the
  // last one (UCI and Weka layouts such as contact-lenses: age, …, contact_lenses).
  const fallbackLabel = texts.length === 0 ? lowCard.at(-1) : (label ?? lowCard[0]);
  return {
    task: 'classify',
    roles: fallbackLabel !== undefined ? { label: fallbackLabel.name } : {},
  };
}
