/** The Model section's word-vector choice: the width read from a real file's first lines, what the choice writes into the spec, what it refuses, and what a run is sent. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { presetSpec } from '../../../core/tasks/presets.ts';
import { runSpecSchema } from '../../../core/tasks/spec.ts';
import {
  chooseVectors,
  forgetVectors,
  VectorChoiceError,
  withoutWordVectors,
  withWordVectors,
  wordVectorsFor,
} from './wordVectors.ts';

const dataDir = join(import.meta.dirname, '..', '..', '..', 'test', 'data', 'wordVectors');
const fileOf = (name: string) => new File([readFileSync(join(dataDir, name))], name);

describe('word-vector choice', () => {
  it('reads the width of a real fastText and GloVe file from their first lines', async () => {
    expect(await chooseVectors(fileOf('lee_fasttext.vec'))).toMatchObject({
      fileName: 'lee_fasttext.vec',
      dim: 10,
      format: 'vec',
    });
    expect(await chooseVectors(fileOf('test_glove.txt'))).toMatchObject({
      dim: 50,
      format: 'glove',
    });
  });

  it('writes model.wordVectors and the embedding width into the spec, and takes them out again', async () => {
    const v = await chooseVectors(fileOf('lee_fasttext.vec'));
    const spec = withWordVectors(presetSpec('tag'), v, true);
    expect(spec.model).toMatchObject({
      embeddingDim: 10,
      wordVectors: { file: 'lee_fasttext.vec', freeze: true },
    });
    expect(runSpecSchema.safeParse(spec).success).toBe(true);
    expect(wordVectorsFor(spec)).toBe(v.file);
    expect(withoutWordVectors(spec).model.wordVectors).toBeUndefined();
    expect(wordVectorsFor(withoutWordVectors(spec))).toBeUndefined();
  });

  it('refuses a file that is not word vectors with core refusal, and a spec whose file is no longer open', async () => {
    const csv = new File(['text,label\ngood movie,1\n'], 'reviews.csv');
    const err = await chooseVectors(csv).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VectorChoiceError);
    expect((err as VectorChoiceError).detail?.key).toBe('vectors-dimension-cap');
    const spec = withWordVectors(
      presetSpec('classify'),
      await chooseVectors(fileOf('test_glove.txt')),
      false,
    );
    forgetVectors();
    expect(() => wordVectorsFor(spec)).toThrow(VectorChoiceError);
  });
});
