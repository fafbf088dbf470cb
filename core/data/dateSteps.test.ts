/** Tests of the regular step of a date column and its gaps: fixed units, business days, calendar months, clock changes, and the columns that have no step. */
import { describe, expect, it } from 'vitest';
import { dateStepNote, StepTally } from './dateSteps.ts';
import { inspectBytes } from './inspect.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const utc = (y: number, m: number, d: number, h = 0): number => Date.UTC(y, m - 1, d, h);

function stepOf(times: readonly number[]) {
  const t = new StepTally();
  for (const x of times) t.add(x);
  return t.step();
}

describe('StepTally', () => {
  it('finds an hourly step and counts the gaps and missing hours, naming the first gap', () => {
    const hours = [0, 1, 2, 5, 6, 7, 8, 10, 11].map((h) => utc(2004, 3, 10) + h * HOUR);
    expect(stepOf(hours)).toEqual({
      unit: 'hour',
      every: 1,
      gaps: 2,
      missing: 3,
      firstGap: { after: utc(2004, 3, 10, 2), before: utc(2004, 3, 10, 5) },
    });
  });

  it('reads 15-minute and weekly steps in their units', () => {
    expect(stepOf([0, 1, 2, 3].map((i) => i * 15 * 60_000))).toMatchObject({
      unit: 'minute',
      every: 15,
      gaps: 0,
    });
    expect(stepOf([0, 1, 2, 4].map((i) => utc(2020, 1, 6) + i * 7 * DAY))).toMatchObject({
      unit: 'week',
      every: 1,
      gaps: 1,
      missing: 1,
    });
  });

  it('takes weekday-only dates as business days: Friday to Monday is one step, a holiday a gap', () => {
    // 2020-01-01 is a Wednesday; the 20th (Monday) is left out.
    const days = [1, 2, 3, 6, 7, 8, 9, 10, 13, 14, 15, 16, 17, 21, 22].map((d) => utc(2020, 1, d));
    expect(stepOf(days)).toMatchObject({ unit: 'business-day', every: 1, gaps: 1, missing: 1 });
  });

  it('counts calendar months (28 to 31 days) and month ends, and quarters', () => {
    const months = [1, 2, 3, 4, 6, 7].map((m) => utc(2021, m, 1));
    expect(stepOf(months)).toMatchObject({ unit: 'month', every: 1, gaps: 1, missing: 1 });
    const ends = [utc(2021, 1, 31), utc(2021, 2, 28), utc(2021, 3, 31), utc(2021, 4, 30)];
    expect(stepOf(ends)).toMatchObject({ unit: 'month', gaps: 0 });
    const quarters = [1, 4, 7, 10].map((m) => utc(2021, m, 1));
    expect(stepOf(quarters)).toMatchObject({ unit: 'quarter', every: 1, gaps: 0 });
  });

  it('keeps local midnights moved by a clock change on the same daily step', () => {
    const days = [7, 7, 8, 8, 7].map((h, i) => utc(2021, 3, 26 + i, h));
    expect(stepOf(days)).toMatchObject({ unit: 'day', every: 1, gaps: 0 });
  });

  it('reads newest-first files the same way', () => {
    const hours = [11, 10, 9, 7, 6].map((h) => utc(2004, 3, 10, h));
    expect(stepOf(hours)).toMatchObject({ unit: 'hour', gaps: 1, missing: 1 });
  });

  it('has no step for unordered dates, repeated dates (several series) or too few', () => {
    expect(stepOf([1, 3, 2, 4].map((d) => utc(2020, 1, d)))).toBeNull();
    expect(stepOf([1, 1, 2, 2, 3, 3].map((d) => utc(2020, 1, d)))).toBeNull();
    expect(stepOf([utc(2020, 1, 1), utc(2020, 1, 2)])).toBeNull();
    expect(stepOf([1, 2, 4, 8, 16, 32].map((d) => utc(2020, 1, d)))).toBeNull();
  });
});

describe('the date-step note', () => {
  it('carries the unit, counts and first gap for the UI, and says it in English', () => {
    const note = dateStepNote(
      {
        unit: 'hour',
        every: 1,
        gaps: 2,
        missing: 3,
        firstGap: { after: utc(2004, 3, 10, 2), before: utc(2004, 3, 10, 5) },
      },
      'Date',
      'Time',
    );
    expect(note).toEqual({
      kind: 'date-step',
      column: 'Date',
      time: 'Time',
      unit: 'hour',
      every: 1,
      gaps: 2,
      missing: 3,
      firstGap: { after: '2004-03-10 02:00', before: '2004-03-10 05:00' },
      text: "'Date + Time': one row every hour; 2 gaps, 3 steps missing in all (the first between 2004-03-10 02:00 and 2004-03-10 05:00).",
    });
  });

  it('is reported by inspection for the suggested date column, read day first where the data says so', async () => {
    const days = [1, 2, 3, 5, 6, 13, 14].map(
      (d) => `${String(d).padStart(2, '0')}/01/2020,${d * 3}`,
    );
    const got = await inspectBytes(new TextEncoder().encode(`day,sales\n${days.join('\n')}\n`), {
      fileName: 'sales.csv',
    });
    expect(got.notes).toContainEqual(
      expect.objectContaining({
        kind: 'date-step',
        column: 'day',
        unit: 'day',
        gaps: 2,
        missing: 7,
      }),
    );
  });
});
