import { describe, expect, it } from 'vitest';
import { type Dumped, expectCloseToTorch, loadCases } from '../../test/fixtures/torchFixtures.ts';
import { gradcheck } from '../autograd/gradcheck.ts';
import { ConfigError, ShapeError } from '../errors.ts';
import { Random } from '../random.ts';
import { backward, makeResult } from '../tensor/autograd.ts';
import { Embedding } from './embedding.ts';

interface Case {
  name: string;
  numEmbeddings: number;
  embeddingDim: number;
  paddingIdx: number | null;
  weight: Dumped;
  ids: number[];
  idsShape: number[];
  w: Dumped;
  output: Dumped;
  gradWeight: Dumped;
}

const cases = loadCases<Case>('rnn_embedding.json');

describe('Embedding matches PyTorch', () => {
  it.each(cases.map((c) => [`${c.name} (paddingIdx ${c.paddingIdx})`, c] as const))(
    '%s',
    (_, c) => {
      const options = c.paddingIdx === null ? {} : { paddingIdx: c.paddingIdx };
      const emb = new Embedding(c.numEmbeddings, c.embeddingDim, options);
      emb.loadStateDict({
        weight: { data: Float32Array.from(c.weight.data), shape: c.weight.shape },
      });
      const y = emb.forward(c.ids, c.idsShape);
      expectCloseToTorch(y, c.output, 'output');
      const w = Float32Array.from(c.w.data);
      let s = 0;
      for (let i = 0; i < y.size; i++) s += y.data[i] * w[i];
      backward(
        makeResult(new Float32Array([s]), [], {
          op: 'dot',
          inputs: [y],
          backward: (g) => [w.map((v) => v * g[0])],
        }),
      );
      expectCloseToTorch(emb.weight.grad, c.gradWeight, 'weight.grad');
    },
  );
});

describe('Embedding', () => {
  it('zeroes the padding row at init (negative index counts from the end)', () => {
    const emb = new Embedding(5, 3, { paddingIdx: -2, random: new Random(1) });
    expect(emb.paddingIdx).toBe(3);
    expect([...emb.weight.data.subarray(9, 12)]).toEqual([0, 0, 0]);
    expect([...emb.weight.data.subarray(0, 3)].every((v) => v !== 0)).toBe(true);
  });

  it('passes a finite-difference check on the weight (ids off the padding row)', () => {
    const emb = new Embedding(6, 2, { paddingIdx: 0, random: new Random(4) });
    expect(() => gradcheck(() => emb.forward([1, 3, 1, 2, 5], [5]), [emb.weight])).not.toThrow();
  });

  it('rejects an out-of-range id and a mismatched shape', () => {
    const emb = new Embedding(4, 2);
    expect(() => emb.forward([1, 4])).toThrow(ShapeError);
    expect(() => emb.forward([1, 4])).toThrow(
      'Embedding: ids[1] must be an integer in [0, 4), got 4.',
    );
    expect(() => emb.forward([1, 2, 3], [2, 2])).toThrow(
      'Embedding: ids length must equal the product of shape [2, 2], got 3.',
    );
  });

  it('rejects a paddingIdx out of range', () => {
    expect(() => new Embedding(4, 2, { paddingIdx: 4 })).toThrow(ConfigError);
    expect(() => new Embedding(4, 2, { paddingIdx: 4 })).toThrow(
      'Embedding: paddingIdx must be an integer in [-4, 4), got 4.',
    );
  });
});
