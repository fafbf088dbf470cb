/** CLI tests of the train command's progress output: a live line redrawn on a terminal, none drawn into a pipe, and --json lines unchanged either way. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forecastTask } from '../../core/tasks/forecast/index.ts';
import { captureIo } from '../../test/support/captureIo.ts';
import { terminalOf } from '../io.ts';
import { runTrain } from './train.ts';

const tasks = () => forecastTask;

function seriesFile(): { dir: string; data: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-progress-'));
  const data = join(dir, 'series.csv');
  const rows = Array.from({ length: 200 }, (_, t) => (10 + Math.sin(t / 5)).toFixed(3));
  writeFileSync(data, `value\n${rows.join('\n')}\n`);
  return { dir, data };
}

const ARGS = ['--task', 'forecast', '--target-col', 'value', '--window', '8', '--hidden', '4'];

async function train(terminal: { columns: number } | undefined, extra: string[] = []) {
  const { dir, data } = seriesFile();
  const io = captureIo(terminal === undefined ? {} : { terminal });
  const out = join(dir, 'm.rnnmodel');
  const args = [...ARGS, '--epochs', '2', '--data', data, '--out', out, ...extra];
  expect(await runTrain(args, io, { tasks })).toBe(0);
  return io;
}

describe('rnn-studio train progress', () => {
  it('draws a live line during each epoch on a terminal and erases it before the epoch line', async () => {
    const io = await train({ columns: 100 });
    // The ANSI erase-line sequence, written as a marker so the patterns stay readable.
    const out = io.out.split('\r\x1b[2K').join('<erase>');
    expect(out).toMatch(
      /<erase>epoch 1\/2 {2}step \d+\/\d+ {2}loss [\d.]+ {2}[\d.,]+ ex\/s {2}ETA \S+/,
    );
    expect(out).toMatch(/<erase>epoch 2\/2 {2}step /);
    // Each epoch's summary starts on an erased line, so no progress text is left before it.
    expect(out).toMatch(/<erase>epoch 1 {2}train loss /);
    // The final summary starts its own line: the live line was erased by then.
    expect(out).toMatch(/(^|\n|<erase>)done: /);
    expect(io.out).toMatch(/\nmodel written to /);
  }, 60_000);

  it('draws no live line into a pipe: plain epoch lines only', async () => {
    const io = await train(undefined);
    expect(io.out).not.toContain('\r');
    expect(io.out).not.toContain('\x1b');
    expect(io.out).toMatch(/^epoch 1 {2}train loss /m);
  }, 60_000);

  it('leaves --json unchanged on a terminal: one JSON object per line', async () => {
    const io = await train({ columns: 100 }, ['--json']);
    const lines = io.out.trim().split('\n');
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(lines.some((l) => JSON.parse(l).type === 'training-progress')).toBe(true);
    expect(JSON.parse(lines.at(-1) as string).type).toBe('result');
  }, 60_000);
});

describe('terminalOf', () => {
  it("gives a TTY's width, 80 when it reports none, and null for a pipe or file", () => {
    expect(terminalOf({ isTTY: true, columns: 132 })).toEqual({ columns: 132 });
    expect(terminalOf({ isTTY: true })).toEqual({ columns: 80 });
    expect(terminalOf({ isTTY: false, columns: 132 })).toBeNull();
    expect(terminalOf({})).toBeNull();
  });
});
