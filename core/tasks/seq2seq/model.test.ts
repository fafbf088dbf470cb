/** Tests of the seq2seq network and its decoders: PyTorch parity (test/fixtures/seq2seq.json), greedy/beam agreement and stopping at <eos>. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describedTensors } from '../../../test/support/taskTesting.ts';
import { EOS_ID } from '../../data/vocab.ts';
import { crossEntropy } from '../../nn/losses.ts';
import { Random } from '../../random.ts';
import { backward } from '../../tensor/autograd.ts';
import { presetSpec } from '../presets.ts';
import type { RecurrentSpec } from '../spec.ts';
import { makeBatch } from './data.ts';
import { beamSearch, greedyDecode } from './decode.ts';
import { seq2seqTask } from './index.ts';
import { type Seq2seqConfig, Seq2seqModel } from './model.ts';

interface Case {
  config: {
    name: string;
    enc: RecurrentSpec['cell'];
    dec: RecurrentSpec['cell'];
    bi: boolean;
    layers: number;
    He: number;
    Hd: number;
    E: number;
    Vs: number;
    Vt: number;
    attention: Seq2seqConfig['attention'];
  };
  params: Record<string, { shape: number[]; data: number[] }>;
  src: number[];
  lengths: number[];
  shape: [number, number];
  tgtIn: number[];
  tgtOut: number[];
  tgtShape: [number, number];
  logits: number[];
  loss: number;
  grads: Record<string, number[]>;
}

const fixture = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/seq2seq.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

function rec(cell: RecurrentSpec['cell'], hiddenSize: number, numLayers: number, bi: boolean) {
  return {
    cell,
    hiddenSize,
    numLayers,
    bidirectional: bi,
    dropout: 0,
    nonlinearity: 'tanh' as const,
  };
}

function modelOf(c: Case['config'], random = new Random(0)): Seq2seqModel {
  return new Seq2seqModel(
    {
      srcVocab: c.Vs,
      tgtVocab: c.Vt,
      embeddingDim: c.E,
      encoder: rec(c.enc, c.He, c.layers, c.bi),
      decoder: rec(c.dec, c.Hd, c.layers, false),
      attention: c.attention,
      headDropout: 0,
    },
    random,
  );
}

function expectClose(actual: Float32Array, expected: readonly number[], tol = 2e-5): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs((actual[i] as number) - (expected[i] as number))).toBeLessThan(
      tol * (1 + Math.abs(expected[i] as number)),
    );
  }
}

describe('Seq2seqModel matches a PyTorch 1.13 re-implementation (test/fixtures/seq2seq.json)', () => {
  for (const c of fixture.cases) {
    it(`${c.config.name}: names, logits, loss and every gradient`, () => {
      const model = modelOf(c.config);
      expect([...model.namedParameters()].map(([n, p]) => [n, [...p.shape]])).toEqual(
        Object.entries(c.params).map(([n, v]) => [n, v.shape]),
      );
      model.loadStateDict(
        Object.fromEntries(
          Object.entries(c.params).map(([n, v]) => [
            n,
            { data: Float32Array.from(v.data), shape: v.shape },
          ]),
        ),
      );
      model.eval();
      const enc = model.encode(Int32Array.from(c.src), c.shape, Int32Array.from(c.lengths));
      const { logits } = model.decode(Int32Array.from(c.tgtIn), c.tgtShape, enc.state, enc.memory);
      expectClose(logits.data, c.logits);
      const loss = crossEntropy(logits, c.tgtOut, { ignoreIndex: 0 });
      expect(loss.item()).toBeCloseTo(c.loss, 5);
      backward(loss);
      for (const [name, p] of model.namedParameters()) {
        expectClose(p.grad?.data as Float32Array, c.grads[name] as number[]);
      }
    });
  }
});

describe('seq2seq decoding', () => {
  const config = fixture.cases[1]?.config as Case['config'];
  const sources = [
    { src: [1, 2, 3, 4], tgt: [] },
    { src: [5, 6], tgt: [] },
    { src: [3, 3, 1], tgt: [] },
  ];

  it('beam search with one beam gives the greedy output, batched or not', () => {
    const model = modelOf(config, new Random(3)).eval();
    const batched = greedyDecode(model, makeBatch(sources), { maxLength: 6 });
    sources.forEach((s, i) => {
      const single = greedyDecode(model, makeBatch([s]), { maxLength: 6 });
      expect(single[0]).toEqual(batched[i]);
      const beam = beamSearch(model, makeBatch([s]), {
        beamSize: 1,
        lengthPenalty: 1,
        maxLength: 6,
      });
      expect(beam[0]?.ids).toEqual(batched[i]);
    });
  });

  it('returns beamSize hypotheses, best normalised score first, none containing <eos>', () => {
    const model = modelOf(config, new Random(5)).eval();
    const hyps = beamSearch(model, makeBatch([sources[0] as { src: number[]; tgt: [] }]), {
      beamSize: 4,
      lengthPenalty: 0.6,
      maxLength: 5,
    });
    expect(hyps.length).toBe(4);
    for (let i = 1; i < hyps.length; i++) {
      expect((hyps[i - 1] as { score: number }).score).toBeGreaterThanOrEqual(
        (hyps[i] as { score: number }).score,
      );
    }
    for (const h of hyps) {
      expect(h.ids.includes(EOS_ID)).toBe(false);
      expect(h.ids.length).toBeLessThanOrEqual(5);
    }
  });

  it('stops a greedy row at <eos> when the model always prefers it', () => {
    const model = modelOf(config, new Random(7)).eval();
    const bias = model.out.bias?.data as Float32Array;
    bias.fill(-50);
    bias[EOS_ID] = 50;
    expect(greedyDecode(model, makeBatch(sources), { maxLength: 6 })).toEqual([[], [], []]);
  });

  it('rejects a beam size below 1', () => {
    const model = modelOf(config);
    expect(() =>
      beamSearch(model, makeBatch([sources[0] as { src: number[]; tgt: [] }]), {
        beamSize: 0,
        lengthPenalty: 1,
        maxLength: 5,
      }),
    ).toThrow('beamSearch: beamSize must be an integer ≥ 1, got 0.');
  });
});

describe('seq2seq describeModel', () => {
  for (const c of fixture.cases) {
    it(`counts the parameters the network has: ${c.config.name}`, () => {
      const spec = presetSpec('seq2seq');
      spec.model = {
        embeddingDim: c.config.E,
        recurrent: rec(c.config.enc, c.config.He, c.config.layers, c.config.bi),
        decoder: rec(c.config.dec, c.config.Hd, c.config.layers, false),
        attention: c.config.attention,
        headDropout: 0,
      };
      const d = seq2seqTask.describeModel(spec, {
        vocabSize: c.config.Vs,
        targetVocabSize: c.config.Vt,
      });
      // The names and shapes of PyTorch's state_dict() for the same network.
      const torch = Object.entries(c.params).map(([k, p]) => `${k} [${p.shape.join(', ')}]`);
      expect(describedTensors(d)).toEqual(torch.sort());
      const count = Object.values(c.params).reduce((s, p) => s + p.data.length, 0);
      expect(d.totalParameters).toBe(count);
      expect(d.sizes.estimated).toBe(false);
    });
  }
});
