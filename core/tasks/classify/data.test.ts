/** Tests of classify encoding in one pass: the same vocabulary and ids as tokenizing the training texts and then every part again. */
import { describe, expect, it } from 'vitest';
import { labelStrings } from '../../../test/support/tokenizedRows.ts';
import { encodeLabels, fitLabels } from '../../data/batching.ts';
import { tokenize } from '../../data/tokenizers.ts';
import { sequenceOf } from '../../data/tokenStore.ts';
import { buildVocab, vocabFromCounts } from '../../data/vocab.ts';
import { pick } from '../common/batching.ts';
import {
  countTokens,
  encodeExamples,
  partOf,
  readLabelledTexts,
  readTokenizedRows,
  tokenizeOnce,
  vocabIds,
} from './data.ts';
import { distinctLabels, labelIdsOf, rowLabelsOf } from './rowLabels.ts';

describe('tokenizeOnce', () => {
  const texts = ['The cat sat.', '', 'A dog, a cat!', 'zebra crossing', 'the the dog'];
  const tokenizer = { kind: 'word', lowercase: true } as const;
  const train = [0, 2, 4];
  const test = [1, 3];

  it('fits the vocabulary on the training rows and encodes every part as two passes would', () => {
    const inTrain = Uint8Array.from(texts, (_, i) => (train.includes(i) ? 1 : 0));
    const once = tokenizeOnce(texts, { tokenizer, maxLength: 3, inTrain });
    const vocab = vocabFromCounts(once.trainCounts, {});
    const twoPass = buildVocab(
      train.map((i) => tokenize(tokenizer, texts[i] as string).slice(0, 3)),
    );
    expect(vocab.tokens).toEqual(twoPass.tokens);
    vocabIds(once, vocab);
    for (const part of [train, test]) {
      const labels = part.map((i) => i % 2);
      const got = partOf(once.store, part, labels);
      const want = encodeExamples(
        part.map((i) => texts[i] as string),
        labels,
        { tokenizer, vocab, maxLength: 3 },
      );
      expect(got.count).toBe(want.count);
      for (let k = 0; k < got.count; k++) {
        expect([...sequenceOf(got, k)]).toEqual([...sequenceOf(want, k)]);
        expect(got.labels[k]).toBe(want.labels[k]);
      }
    }
    expect(vocab.id('zebra')).toBe(vocab.id('<unk>'));
  });
});

describe('readTokenizedRows', () => {
  const csv = [
    'review,rating',
    '"Great, really great!",pos',
    ',neg',
    '"Awful. Just awful",neg',
    'no label here,',
    '"Fine, I guess", pos ',
    '"...",neu',
  ].join('\n');
  const bytes = new TextEncoder().encode(csv);
  const options = {
    fileName: 'r.csv',
    textColumn: 'review',
    labelColumn: 'rating',
    choose: (_f: string, a: string | undefined) => a as string,
  };
  const tokenizer = { kind: 'word', lowercase: true } as const;

  it('keeps the rows, labels and tokens of reading the texts first, without keeping a text', async () => {
    const rows = await readLabelledTexts(bytes, options);
    const streamed = await readTokenizedRows(bytes, { ...options, tokenizer, maxLength: 3 });
    expect(labelStrings(streamed.labels)).toEqual(rows.labels);
    expect(streamed.labels.names).toEqual(['pos', 'neg', 'neu']);
    expect([...streamed.labels.codes]).toEqual([0, 1, 0, 2]);
    const all = rows.texts.map((_, i) => i);
    const once = tokenizeOnce(rows.texts, {
      tokenizer,
      maxLength: 3,
      inTrain: new Uint8Array(rows.texts.length).fill(1),
    });
    expect(countTokens(streamed.store, streamed.tokens, all)).toEqual(once.trainCounts);
    for (const i of all) {
      expect([...sequenceOf(streamed.store, i)].map((id) => streamed.tokens[id])).toEqual(
        tokenize(tokenizer, rows.texts[i] as string).slice(0, 3),
      );
    }
  });

  it('tokenizes non-ASCII texts (the segmenter) and ASCII ones (ids straight from the text) alike', async () => {
    const mixed = new TextEncoder().encode(
      'review,rating\n"정말 좋아요, Great!",pos\n"great GREAT café",pos\n"최악 awful_thing",neg\n',
    );
    const rows = await readLabelledTexts(mixed, options);
    const streamed = await readTokenizedRows(mixed, { ...options, tokenizer, maxLength: 50 });
    rows.texts.forEach((text, i) => {
      expect([...sequenceOf(streamed.store, i)].map((id) => streamed.tokens[id])).toEqual(
        tokenize(tokenizer, text),
      );
    });
    expect(streamed.tokens.filter((t) => t === 'great')).toHaveLength(1);
  });

  it('says when the label column is empty, as the table reader does', async () => {
    // NOTE: inspection leaves an all-blank column out (and `NA` is a class, see labelOf), so the
    // column is not found, in the stream as in readLabelledTexts.
    const none = new TextEncoder().encode('review,rating\ngood,\nbad, \n');
    const message = "'r.csv': the column must be one of 'review', got 'rating'.";
    await expect(readTokenizedRows(none, { ...options, tokenizer, maxLength: 3 })).rejects.toThrow(
      message,
    );
    await expect(readLabelledTexts(none, options)).rejects.toThrow(message);
  });
});

describe('distinctLabels and labelIdsOf', () => {
  const strings = ['b', 'a', 'b', 'c', 'a', 'd', 'b'];
  const labels = rowLabelsOf(strings);
  const where = { fileName: 'r.csv', column: 'rating' };

  it('fit the classes and encode each part as picking every row would', () => {
    const train = [0, 1, 2, 4];
    expect(distinctLabels(labels, train)).toEqual(['b', 'a']);
    const encoding = fitLabels(pick(strings, train), where);
    expect(fitLabels(distinctLabels(labels, train), where)).toEqual(encoding);
    const part = [6, 4, 1, 2];
    let asked = 0;
    const ids = labelIdsOf(labels, part, (l) => {
      asked++;
      return encodeLabels(encoding, [l], where)[0] as number;
    });
    expect([...ids]).toEqual([...encodeLabels(encoding, pick(strings, part), where)]);
    expect(asked).toBe(2);
  });

  it('throw at the first row whose label the classes lack, with the message of encoding every row', () => {
    const encoding = fitLabels(['a', 'b'], where);
    const part = [0, 3, 5];
    const encode = (l: string) => encodeLabels(encoding, [l], where)[0] as number;
    const message = (f: () => unknown) => {
      try {
        f();
        return 'none';
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(message(() => labelIdsOf(labels, part, encode))).toBe(
      message(() => encodeLabels(encoding, pick(strings, part), where)),
    );
    expect(message(() => labelIdsOf(labels, part, encode))).toMatch(/the label 'c'/);
  });
});
