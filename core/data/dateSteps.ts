/** The regular step of a date column (hourly, daily, business days, monthly…) and the gaps in it, tallied online while a table is scanned: bounded memory whatever the row count. */
import { excelSerialToMs, parseDateCell, parseTimeOfDay } from './dates.ts';

/** The unit of a regular step. */
export type StepUnit =
  | 'second'
  | 'minute'
  | 'hour'
  | 'day'
  | 'business-day'
  | 'week'
  | 'month'
  | 'quarter'
  | 'year';

/** A regular step and the gaps found in it. */
export interface DateStep {
  unit: StepUnit;
  /** Units per step (`every: 15, unit: 'minute'`). */
  every: number;
  /** Places where one or more steps are missing. */
  gaps: number;
  /** Steps missing in all. */
  missing: number;
  /** The first gap in the file's order: the instants (ms) on either side of it. */
  firstGap?: { after: number; before: number };
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** Distinct steps kept; a column with more has no regular step. */
const MAX_KEYS = 64;
/** Share of steps that may be irregular (or duplicates) in a regular column. */
const IRREGULAR_SHARE = 0.05;

interface KeyTally {
  count: number;
  /** Order in which the key was first seen, and that first pair. */
  seq: number;
  first: [number, number];
}

/** Counts keys (bounded) with the first pair seen for each. */
class Histogram {
  readonly keys = new Map<number, KeyTally>();
  overflow = false;
  private seq = 0;

  add(key: number, a: number, b: number): void {
    const k = this.keys.get(key);
    if (k !== undefined) k.count++;
    else if (this.keys.size >= MAX_KEYS) this.overflow = true;
    else this.keys.set(key, { count: 1, seq: this.seq++, first: [a, b] });
  }

  /** The most frequent key among those `accept` takes. */
  modal(accept: (key: number) => boolean): [number, KeyTally] | undefined {
    let best: [number, KeyTally] | undefined;
    for (const e of this.keys)
      if (accept(e[0]) && (best === undefined || e[1].count > best[1].count)) best = e;
    return best;
  }
}

/**
 * A step in ms, snapped to whole days when within two hours of them: local midnights written as
 * UTC instants move by an hour where clocks change (`07:00Z` in winter, `08:00Z` in summer).
 */
function snapped(d: number): number {
  const days = Math.round(d / DAY);
  return days >= 1 && Math.abs(d - days * DAY) <= 2 * HOUR ? days * DAY : d;
}

/** Day of the week of an instant (0 Sunday … 6 Saturday, UTC). */
function weekday(t: number): number {
  // NOTE: 1970-01-01 was a Thursday.
  return (((Math.floor(t / DAY) + 4) % 7) + 7) % 7;
}

/** Calendar months from `a` to `b` when both are the same day of the month (or both its last day), else -1. */
function monthsApart(a: number, b: number): number {
  if (b - a < 27 * DAY) return -1;
  const x = new Date(a);
  const y = new Date(b);
  const lastDay = (d: Date): boolean => new Date(d.getTime() + DAY).getUTCDate() === 1;
  if (x.getUTCDate() !== y.getUTCDate() && !(lastDay(x) && lastDay(y))) return -1;
  return (y.getUTCFullYear() - x.getUTCFullYear()) * 12 + y.getUTCMonth() - x.getUTCMonth();
}

/** Weekdays from `a` to `b` (whole days apart, `a` excluded, `b` included), or -1. */
function weekdaysApart(a: number, b: number): number {
  const d = snapped(b - a);
  if (d % DAY !== 0) return -1;
  const days = d / DAY;
  const start = weekday(a);
  let n = 0;
  for (let i = 1; i <= days && i <= 366; i++) {
    const wd = (start + i) % 7;
    if (wd !== 0 && wd !== 6) n++;
  }
  return n;
}

/** The consecutive instants of one reading of a column: how far apart they are. */
export class StepTally {
  private prev = Number.NaN;
  private direction = 0;
  private unordered = false;
  private weekend = false;
  private pairs = 0;
  private readonly ms = new Histogram();
  private readonly months = new Histogram();
  private readonly weekdays = new Histogram();

  /** Adds the next row's instant (NaN: the cell is missing or unreadable, skipped). */
  add(t: number): void {
    if (Number.isNaN(t)) return;
    const wd = weekday(t);
    if (wd === 0 || wd === 6) this.weekend = true;
    const p = this.prev;
    this.prev = t;
    if (Number.isNaN(p)) return;
    const sign = Math.sign(t - p);
    if (sign !== 0 && this.direction === 0) this.direction = sign;
    else if (sign !== 0 && sign !== this.direction) this.unordered = true;
    if (this.unordered) return;
    const [a, b] = t >= p ? [p, t] : [t, p];
    this.pairs++;
    this.ms.add(snapped(b - a), a, b);
    this.months.add(monthsApart(a, b), a, b);
    this.weekdays.add(weekdaysApart(a, b), a, b);
  }

  /** The regular step, or null when the instants are unordered, too few or irregular. */
  step(): DateStep | null {
    if (this.unordered || this.pairs < 2 || this.ms.overflow) return null;
    const modal = this.ms.modal((d) => d > 0);
    if (modal === undefined) return null;
    const [step] = modal;
    if (step >= 28 * DAY) return this.calendarStep();
    if (step === DAY && !this.weekend && !this.weekdays.overflow) {
      return this.counted(this.weekdays, 1, 'business-day', 1);
    }
    const unit = fixedUnit(step);
    if (unit === null) return null;
    return this.counted(this.ms, step, unit[0], unit[1]);
  }

  private calendarStep(): DateStep | null {
    if (this.months.overflow) return null;
    const modal = this.months.modal((m) => m > 0);
    if (modal === undefined) return null;
    const m = modal[0];
    const [unit, every] =
      m % 12 === 0 ? ['year', m / 12] : m % 3 === 0 ? ['quarter', m / 3] : ['month', m];
    return this.counted(this.months, m, unit as StepUnit, every);
  }

  /**
   * Gaps and missing steps counted in `h`, whose keys are multiples of `step` when regular; null
   * when more than a few keys are not, or fewer than half the steps are one `step`.
   */
  private counted(h: Histogram, step: number, unit: StepUnit, every: number): DateStep | null {
    let irregular = 0;
    let gaps = 0;
    let missing = 0;
    let firstGap: KeyTally | undefined;
    for (const [key, k] of h.keys) {
      if (key === step) continue;
      if (key <= 0 || key % step !== 0) {
        irregular += k.count;
        continue;
      }
      gaps += k.count;
      missing += k.count * (key / step - 1);
      if (firstGap === undefined || k.seq < firstGap.seq) firstGap = k;
    }
    const regular = h.keys.get(step)?.count ?? 0;
    if (irregular > this.pairs * IRREGULAR_SHARE || regular < this.pairs / 2) return null;
    const [after, before] = firstGap?.first ?? [0, 0];
    return {
      unit,
      every,
      gaps,
      missing,
      ...(firstGap !== undefined ? { firstGap: { after, before } } : {}),
    };
  }
}

/** The unit and count of a fixed step in ms (`2 * HOUR` → hour × 2), or null. */
function fixedUnit(step: number): [StepUnit, number] | null {
  if (step % WEEK === 0) return ['week', step / WEEK];
  if (step % DAY === 0) return ['day', step / DAY];
  if (step % HOUR === 0) return ['hour', step / HOUR];
  if (step % MINUTE === 0) return ['minute', step / MINUTE];
  if (step % SECOND === 0) return ['second', step / SECOND];
  return null;
}

/** Date columns tracked per table (the first ones whose first value is a date). */
export const MAX_STEP_COLUMNS = 3;

/**
 * Step tallies of one date column: the day-first reading too when its first date is numeric
 * (`03/04/2020`), and with the next column's time of day when that cell held one at the start.
 */
export class ColumnSteps {
  private readonly monthFirst = new StepTally();
  private readonly dayFirst: StepTally | null;
  private readonly timedMonthFirst: StepTally | null;
  private readonly timedDayFirst: StepTally | null;

  /**
   * @param column the column's position in the record
   * @param serial the column holds Excel serial days, not written dates
   * @param first the column's first value; `next` the cell after it in the same record
   */
  constructor(
    readonly column: number,
    private readonly serial: boolean,
    first: string,
    next: string | undefined,
  ) {
    const both = !serial && parseDateCell(first)?.dayFirst !== undefined;
    const timed = next !== undefined && !Number.isNaN(parseTimeOfDay(next));
    this.dayFirst = both ? new StepTally() : null;
    this.timedMonthFirst = timed ? new StepTally() : null;
    this.timedDayFirst = timed && both ? new StepTally() : null;
  }

  /** Adds a row's date cell and the cell after it. */
  add(cell: string | undefined, next: string | undefined): void {
    const v = cell ?? '';
    let mdy: number;
    let dmy: number;
    if (this.serial) {
      mdy = dmy = excelSerialToMs(v);
    } else {
      const p = parseDateCell(v);
      if (p === null) return;
      mdy = p.dayFirst === undefined || p.monthFirst === true ? p.time : Number.NaN;
      dmy =
        p.dayFirst === undefined ? p.time : p.dayFirst ? (p.dayFirstTime as number) : Number.NaN;
    }
    this.monthFirst.add(mdy);
    this.dayFirst?.add(dmy);
    if (this.timedMonthFirst === null) return;
    const tod = next === undefined ? Number.NaN : parseTimeOfDay(next);
    this.timedMonthFirst.add(mdy + tod);
    this.timedDayFirst?.add(dmy + tod);
  }

  /** The step under a reading, with the next column's time of day or without (null when not tallied). */
  step(dayFirst: boolean, timed: boolean): DateStep | null {
    const tally = timed
      ? dayFirst && this.timedDayFirst !== null
        ? this.timedDayFirst
        : this.timedMonthFirst
      : dayFirst && this.dayFirst !== null
        ? this.dayFirst
        : this.monthFirst;
    return tally?.step() ?? null;
  }
}

/** How an instant is shown in a note: the day, or the day and minute for steps under a day. */
function shown(ms: number, unit: StepUnit): string {
  const iso = new Date(ms).toISOString();
  return ['second', 'minute', 'hour'].includes(unit)
    ? `${iso.slice(0, 10)} ${iso.slice(11, unit === 'second' ? 19 : 16)}`
    : iso.slice(0, 10);
}

/** An inspection note on a date column's regular step and its gaps. */
export interface DateStepNote {
  kind: 'date-step';
  column: string;
  /** The time-of-day column joined to it, if any. */
  time?: string;
  unit: StepUnit;
  every: number;
  gaps: number;
  missing: number;
  /** The first gap: the last instant before it and the first after it, as shown (`2004-03-11 04:00`). */
  firstGap?: { after: string; before: string };
  text: string;
}

/** The note for `step` of column `column` (joined with `time`). */
export function dateStepNote(step: DateStep, column: string, time?: string): DateStepNote {
  const { unit, every, gaps, missing } = step;
  const gap =
    step.firstGap === undefined
      ? undefined
      : { after: shown(step.firstGap.after, unit), before: shown(step.firstGap.before, unit) };
  const what = `${column}${time !== undefined ? ` + ${time}` : ''}`;
  const each = every === 1 ? unit.replace('-', ' ') : `${every} ${unit.replace('-', ' ')}s`;
  const gapText =
    gap === undefined
      ? 'no gaps'
      : `${gaps} gap${gaps === 1 ? '' : 's'}, ${missing} step${missing === 1 ? '' : 's'} missing in all (the first between ${gap.after} and ${gap.before})`;
  return {
    kind: 'date-step',
    column,
    ...(time !== undefined ? { time } : {}),
    unit,
    every,
    gaps,
    missing,
    ...(gap !== undefined ? { firstGap: gap } : {}),
    text: `'${what}': one row every ${each}; ${gapText}.`,
  };
}
