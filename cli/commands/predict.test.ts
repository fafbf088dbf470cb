/** Tests of predict and eval with the shared reading flags: `predict --data` reads a file as the model's training file was (or as the flags say), a tagger trained on hand-chosen CoNLL columns reads its files the same way, and flags that cannot apply are refused. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBundle } from '../../core/io/bundle.ts';
import { taskDefinition } from '../../core/tasks/registry/index.ts';
import { captureIo } from '../../test/support/captureIo.ts';
import { runEval } from './eval.ts';
import { runPredict } from './predict.ts';
import { runTrain } from './train.ts';

const tasks = taskDefinition;
const SMALL = ['--hidden', '4', '--embedding-dim', '4', '--epochs', '1'];

/** A fresh folder with `files` written into it; returns the folder. */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-predict-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Runs predict with `argv` and returns the exit code and what it printed. */
async function predict(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await runPredict(argv, io, { tasks });
  return { code, out: io.out, err: io.err };
}

describe('predict --data and the reading flags', () => {
  it('predicts every row of a file read as the training file was, or as the flags say', async () => {
    const rows = Array.from({ length: 24 }, (_, i) =>
      i % 2 ? `good fun ${i};positive` : `bad dull ${i};negative`,
    );
    const dir = folder({
      'reviews.txt': `comment;verdict\n${rows.join('\n')}\n`,
      'wrapped.json': JSON.stringify({ items: [{ comment: 'good fun' }, { comment: 'bad' }] }),
      'plain.csv': 'comment,verdict\ngood fun,?\nbad dull,?\nfun,?\n',
    });
    const model = join(dir, 'm.rnnmodel');
    const train = captureIo();
    const flags = ['--header', 'yes', '--delimiter', ';'];
    const columns = ['--text-col', 'comment', '--label-col', 'verdict'];
    const argv = ['--task', 'classify', ...SMALL, ...columns, ...flags];
    expect(
      await runTrain([...argv, '--data', join(dir, 'reviews.txt'), '--out', model], train, {
        tasks,
      }),
    ).toBe(0);
    expect(readBundle(readFileSync(model)).spec.data.reading).toMatchObject({ delimiter: ';' });

    // No flags: the ';' and the header saved in the model.
    const same = await predict(['--model', model, '--data', join(dir, 'reviews.txt'), '--json']);
    expect(same.err).toBe('');
    expect(JSON.parse(same.out).predictions).toHaveLength(24);
    // Flags replace the saved options: another delimiter, another format and its JSON path.
    const csv = await predict([
      '--model',
      model,
      '--data',
      join(dir, 'plain.csv'),
      '--delimiter',
      ',',
    ]);
    expect(csv.out.trim().split('\n')).toHaveLength(3);
    expect(csv.out).toMatch(/^(positive|negative)\t/);
    const json = ['--format', 'json', '--json-path', 'items', '--json'];
    const wrapped = await predict(['--model', model, '--data', join(dir, 'wrapped.json'), ...json]);
    expect(wrapped.err).toBe('');
    expect(JSON.parse(wrapped.out).predictions).toHaveLength(2);
    // A column the file lacks is named, on one line.
    const lacking = await predict(['--model', model, '--data', join(dir, 'plain.csv')]);
    expect(lacking.code).toBe(1);
    expect(lacking.err).toMatch(
      /^rnn-studio predict: '.*plain\.csv': the column must be one of 'comment,verdict', got 'comment'\. Choose an existing column\.\n$/,
    );
  });

  it('trains a tagger on hand-chosen CoNLL columns; predict and eval read its files the same way', async () => {
    const sentence = (s: number) =>
      [
        `; sentence ${s} checked`,
        `1 the DET x`,
        `2 dog NOUN x`,
        `3 ${s % 2 ? 'runs' : 'sleeps'} VERB x`,
      ].join('\n');
    const text = `${Array.from({ length: 20 }, (_, s) => sentence(s)).join('\n\n')}\n`;
    const dir = folder({ 'pos.txt': text });
    const data = join(dir, 'pos.txt');
    const model = join(dir, 'tagger.rnnmodel');
    const conll = ['--token-column', '2', '--tag-column', '3', '--comment-prefix', ';'];
    const io = captureIo();
    const argv = ['--task', 'tag', ...SMALL, ...conll, '--data', data, '--out', model];
    expect(await runTrain(argv, io, { tasks })).toBe(0);
    expect(readBundle(readFileSync(model)).spec.data.reading).toMatchObject({
      format: 'conll',
      conll: { tokenColumn: 1, tagColumn: 2, commentPrefix: ';' },
    });
    const tagged = await predict(['--model', model, '--data', data, '--json']);
    expect(tagged.err).toBe('');
    const predictions = JSON.parse(tagged.out).predictions;
    expect(predictions).toHaveLength(20);
    expect(predictions[0].tokens).toEqual(['the', 'dog', 'sleeps']);
    const ev = captureIo();
    expect(await runEval(['--model', model, '--data', data, '--json'], ev, { tasks })).toBe(0);
    expect(JSON.parse(ev.out)).toMatchObject({ examples: 20 });
  });

  it('refuses reading flags that cannot apply, naming them, with the shared parser’s checks', async () => {
    const dir = folder({});
    const model = join(dir, 'absent.rnnmodel');
    const text = await predict(['--model', model, '--text', 'x', '--decimal', ',']);
    expect(text.code).toBe(2);
    expect(text.err.split('\n')[0]).toBe(
      "rnn-studio predict: Option '--decimal' applies to '--data' files.",
    );
    const lines = await predict(['--model', model, '--input', 'in.txt', '--no-header']);
    expect(lines.err.split('\n')[0]).toBe(
      "rnn-studio predict: Option '--no-header' applies to '--data' files; '--input' (one input per line) takes only '--encoding'.",
    );
    const both = await predict([
      '--model',
      model,
      '--data',
      'd.csv',
      '--header',
      'yes',
      '--no-header',
    ]);
    expect(both.err.split('\n')[0]).toBe(
      "rnn-studio predict: Options '--header' and '--no-header' exclude each other.",
    );
    const ev = captureIo();
    const evArgs = ['--model', model, '--data', 'd.csv', '--token-column', '2'];
    expect(await runEval(evArgs, ev, { tasks })).toBe(2);
    expect(ev.err.split('\n')[0]).toBe(
      "rnn-studio eval: Options '--token-column' and '--tag-column' must be given together (with '--comment-prefix' too).",
    );
  });
});
