/** The CLI's reading flags reach the trainer, the saved model, eval and convert: a ';'-separated file read with --header no fails on its column names, with --header yes --delimiter ';' it trains, and eval reads it again without the flags. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConvert } from '../../cli/commands/convert.ts';
import { runEval } from '../../cli/commands/eval.ts';
import { runPredict } from '../../cli/commands/predict.ts';
import { runTrain } from '../../cli/commands/train.ts';
import { readBundle } from '../../core/io/bundle.ts';
import { taskDefinition } from '../../core/tasks/registry/index.ts';
import { captureIo } from '../support/captureIo.ts';

const tasks = taskDefinition;

function reviews(): { dir: string; data: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-reading-'));
  const data = join(dir, 'reviews.txt');
  const rows = Array.from(
    { length: 30 },
    (_, i) => `${i % 2 ? 'good fun' : 'bad dull'} ${i};${i % 2 ? 'positive' : 'negative'}`,
  );
  writeFileSync(data, `comment;positive\n${rows.join('\n')}\n`);
  return { dir, data };
}

const SMALL = ['--task', 'classify', '--hidden', '4', '--embedding-dim', '4', '--epochs', '1'];

describe('reading flags on the command line', () => {
  it('trains with the given header and delimiter, keeps them in the model, and eval reads the same way', async () => {
    const { dir, data } = reviews();
    const out = join(dir, 'm.rnnmodel');
    const guessed = captureIo();
    const columns = ['--text-col', 'comment', '--label-col', 'positive'];
    // Detection finds this header although 'positive' is also a label; '--header no' overrides it.
    const noHeader = [...SMALL, ...columns, '--header', 'no', '--data', data, '--out', out];
    expect(await runTrain(noHeader, guessed, { tasks })).toBe(1);
    expect(guessed.err).toMatch(/the column must be one of 'column 1', 'column 2', got 'comment'/);

    const io = captureIo();
    const flags = ['--header', 'yes', '--delimiter', ';'];
    const argv = [...SMALL, ...columns, ...flags, '--data', data, '--out', out];
    expect(await runTrain(argv, io, { tasks })).toBe(0);
    const spec = readBundle(readFileSync(out)).spec;
    expect(spec.data.reading).toMatchObject({ header: 'yes', delimiter: ';', encoding: 'utf-8' });

    const ev = captureIo();
    expect(await runEval(['--model', out, '--data', data, '--json'], ev, { tasks })).toBe(0);
    expect(JSON.parse(ev.out)).toMatchObject({ examples: 30 });
    const other = join(dir, 'other.csv');
    writeFileSync(other, 'comment,positive\ngood fun,positive\n');
    const ev2 = captureIo();
    const evArgs = ['--model', out, '--data', other, '--delimiter', ',', '--json'];
    expect(await runEval(evArgs, ev2, { tasks })).toBe(0);
    expect(JSON.parse(ev2.out)).toMatchObject({ examples: 1 });

    const pr = captureIo();
    expect(await runPredict(['--model', out, '--text', 'x', '--decimal', ','], pr, { tasks })).toBe(
      2,
    );
    expect(pr.err.split('\n')[0]).toBe(
      "rnn-studio predict: Option '--decimal' applies to '--data' files.",
    );
  });

  it('converts a European file to plain CSV with the options given, and Excel serial dates to ISO unless told', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-convert-'));
    const data = join(dir, 'eu.csv');
    writeFileSync(data, 'station;temp;note\nA;3,14;"a, b"\nB;-999;x\nC;1.234,5;y\n');
    const out = join(dir, 'plain.csv');
    const io = captureIo();
    const argv = [data, '--to', 'csv', '--out', out, '--decimal', ',', '--missing', '-999'];
    expect(await runConvert(argv, io)).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('station,temp,note\nA,3.14,"a, b"\nB,,x\nC,1234.5,y\n');
    const serials = join(dir, 'serials.csv');
    writeFileSync(serials, 'Date,sales\n43831,1\n43832,2\n43833,3\n');
    const iso = captureIo();
    expect(await runConvert([serials, '--to', 'csv'], iso)).toBe(0);
    expect(iso.out).toBe('Date,sales\n2020-01-01,1\n2020-01-02,2\n2020-01-03,3\n');
    const plainNumbers = captureIo();
    expect(await runConvert([serials, '--to', 'csv', '--serial-dates', 'none'], plainNumbers)).toBe(
      0,
    );
    expect(plainNumbers.out).toBe('Date,sales\n43831,1\n43832,2\n43833,3\n');
    const bad = captureIo();
    expect(await runConvert([data, '--to', 'xlsx'], bad)).toBe(2);
    expect(bad.err.split('\n')[0]).toBe(
      "rnn-studio convert: Option '--to' must be 'csv', got 'xlsx'.",
    );
  });
});
