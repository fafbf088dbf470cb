/** The reading options travel end to end: a spec's data.reading is how training reads the file, the bundle keeps it, and eval reads the same way; forecast honours an empty input list. */
import { describe, expect, it } from 'vitest';
import { writeBundle } from '../../core/io/bundle.ts';
import { Random } from '../../core/random.ts';
import { forecastTask } from '../../core/tasks/forecast/index.ts';
import { presetSpec } from '../../core/tasks/presets.ts';
import { taskDefinition } from '../../core/tasks/registry.ts';
import type { RunSpec } from '../../core/tasks/spec.ts';
import { bundleFromTask, restoreBundle } from '../../core/train/modelBundle.ts';

/** A review file in UTF-16LE without a BOM, separated by ';', whose label column is named like one of its labels. */
function reviewFile(): Uint8Array {
  const rows = Array.from(
    { length: 40 },
    (_, i) =>
      `${i % 2 ? 'good fun' : 'bad dull'} ${i};${i % 3 === 0 ? 'positive' : i % 2 ? 'positive' : 'negative'}`,
  );
  const text = `comment;positive\n${rows.join('\n')}\n`;
  const bytes = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    bytes[2 * i] = text.charCodeAt(i) & 0xff;
    bytes[2 * i + 1] = text.charCodeAt(i) >> 8;
  }
  return bytes;
}

function classifySpec(reading: RunSpec['data']['reading']): RunSpec {
  const spec = presetSpec('classify');
  spec.data = {
    ...spec.data,
    textColumn: 'comment',
    labelColumn: 'positive',
    tokenizer: 'char',
    ...(reading !== undefined ? { reading } : {}),
  };
  spec.model = {
    ...spec.model,
    embeddingDim: 4,
    recurrent: { ...spec.model.recurrent, hiddenSize: 4, bidirectional: false },
  };
  return spec;
}

const READING = { encoding: 'utf-16le', delimiter: ';', header: 'yes' } as const;

describe('reading options from spec to bundle to eval', () => {
  it('prepares the file exactly as the spec’s options say, whatever detection would guess', async () => {
    const bytes = reviewFile();
    const prepare = (spec: RunSpec) =>
      taskDefinition('classify').prepare({
        spec,
        fileName: 'reviews.txt',
        bytes,
        random: new Random(0),
      });
    // Detection finds BOM-less UTF-16, ';' and the header on its own; a wrong fix still decides.
    const guessed = await prepare(classifySpec(undefined));
    expect(guessed.sizes.train + guessed.sizes.val + guessed.sizes.test).toBe(40);
    await expect(prepare(classifySpec({ ...READING, header: 'no' }))).rejects.toThrow(
      "'reviews.txt': the column must be one of 'column 1', 'column 2', got 'comment'.",
    );
    const task = await prepare(classifySpec(READING));
    expect(task.sizes.train + task.sizes.val + task.sizes.test).toBe(40);
    expect(task.state).toMatchObject({ textColumn: 'comment', labelColumn: 'positive' });
  });

  it('stores the options in the bundle, and eval reads the file with them', async () => {
    const bytes = reviewFile();
    const task = await taskDefinition('classify').prepare({
      spec: classifySpec(READING),
      fileName: 'reviews.txt',
      bytes,
      random: new Random(0),
    });
    const saved = writeBundle(bundleFromTask(task, { history: [], metrics: {} }));
    const { bundle, restored } = restoreBundle(saved, { tasks: taskDefinition });
    expect(bundle.spec.data.reading).toEqual(READING);
    const { model } = await restored.evaluateFile({ fileName: 'reviews.txt', bytes });
    expect(model.examples).toBe(40);
    // A different file for eval (UTF-8, commas) is read with options given for it.
    const utf8 = new TextEncoder().encode(
      'comment,positive\ngood fun 1,positive\nbad 2,negative\n',
    );
    const other = await restored.evaluateFile({
      fileName: 'more.csv',
      bytes: utf8,
      reading: { encoding: 'utf-8', delimiter: ',', header: 'yes' },
    });
    expect(other.model.examples).toBe(2);
  });

  it('still loads a bundle saved before reading options existed', async () => {
    const bytes = new TextEncoder().encode(
      `comment,positive\n${Array.from({ length: 20 }, (_, i) => `w ${i},${i % 2 ? 'a' : 'b'}`).join('\n')}\n`,
    );
    const spec = classifySpec(undefined);
    const task = await taskDefinition('classify').prepare({
      spec,
      fileName: 'old.csv',
      bytes,
      random: new Random(0),
    });
    const bundle = bundleFromTask(task, { history: [], metrics: {} });
    expect('reading' in bundle.spec.data).toBe(false);
    const { restored } = restoreBundle(writeBundle(bundle), { tasks: taskDefinition });
    expect((await restored.evaluateFile({ fileName: 'old.csv', bytes })).model.examples).toBe(20);
  });
});

describe('forecast inputs', () => {
  const day = (i: number) => new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10);
  const rows = Array.from({ length: 60 }, (_, i) => `${day(i)},${(i % 7) + 0.5},${i % 5}`);
  const csv = new TextEncoder().encode(`date,temp,wind\n${rows.join('\n')}\n`);
  const columnsOf = (task: { state: unknown }) => (task.state as { columns: string[] }).columns;
  const prepare = (featureColumns: string[] | undefined) => {
    const spec = presetSpec('forecast');
    spec.data = {
      ...spec.data,
      targetColumn: 'temp',
      dateColumn: 'date',
      window: 4,
      horizon: 3,
      ...(featureColumns !== undefined ? { featureColumns } : {}),
    };
    return forecastTask.prepare({ spec, fileName: 'w.csv', bytes: csv, random: new Random(0) });
  };

  it('uses the target alone when the spec lists no inputs, not the suggested ones', async () => {
    const none = await prepare([]);
    expect(columnsOf(none)).toEqual(['temp']);
    const suggested = await prepare(undefined);
    expect(columnsOf(suggested)).toEqual(['temp', 'wind']);
    const chosen = await prepare(['wind']);
    expect(columnsOf(chosen)).toEqual(['temp', 'wind']);
  });
});
