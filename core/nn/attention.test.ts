/** Tests for attention: PyTorch parity (test/fixtures/attention.json), finite differences, masking and errors. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gradcheck } from '../autograd/gradcheck.ts';
import { Random } from '../random.ts';
import { backward } from '../tensor/autograd.ts';
import '../tensor/ops.ts';
import { Tensor } from '../tensor/tensor.ts';
import { Attention, type AttentionKind } from './attention.ts';

interface Case {
  kind: AttentionKind;
  queryDim: number;
  keyDim: number;
  attnDim: number;
  masked: boolean;
  N: number;
  T: number;
  S: number;
  params: Record<string, { shape: number[]; data: number[] }>;
  query: number[];
  keys: number[];
  mask: number[];
  context: number[];
  weights: number[];
  upContext: number[];
  upWeights: number[];
  gradQuery: number[];
  gradKeys: number[];
  gradParams: Record<string, number[]>;
}

const fixture = JSON.parse(
  readFileSync(new URL('../../test/fixtures/attention.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

function expectClose(actual: Float32Array, expected: readonly number[], tol = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs((actual[i] as number) - (expected[i] as number))).toBeLessThan(
      tol * (1 + Math.abs(expected[i] as number)),
    );
  }
}

describe('Attention matches PyTorch 1.13 (test/fixtures/attention.json)', () => {
  for (const c of fixture.cases) {
    it(`${c.kind}${c.masked ? ' with padding masked' : ''}: context, weights and every gradient`, () => {
      const attn = new Attention({
        kind: c.kind,
        queryDim: c.queryDim,
        keyDim: c.keyDim,
        attnDim: c.attnDim,
      });
      const names = [...attn.namedParameters()].map(([n, p]) => [n, [...p.shape]]);
      expect(names).toEqual(Object.entries(c.params).map(([n, v]) => [n, v.shape]));
      attn.loadStateDict(
        Object.fromEntries(
          Object.entries(c.params).map(([n, v]) => [
            n,
            { data: Float32Array.from(v.data), shape: v.shape },
          ]),
        ),
      );
      const query = new Tensor(Float32Array.from(c.query), [c.N, c.T, c.queryDim], {
        requiresGrad: true,
      });
      const keys = new Tensor(Float32Array.from(c.keys), [c.N, c.S, c.keyDim], {
        requiresGrad: true,
      });
      const { context, weights } = attn.forward(query, keys, Float32Array.from(c.mask));
      expectClose(context.data, c.context);
      expectClose(weights.data, c.weights);
      const loss = context
        .mul(new Tensor(Float32Array.from(c.upContext), context.shape))
        .sum()
        .add(weights.mul(new Tensor(Float32Array.from(c.upWeights), weights.shape)).sum());
      backward(loss);
      expectClose(query.grad?.data as Float32Array, c.gradQuery);
      expectClose(keys.grad?.data as Float32Array, c.gradKeys);
      for (const [name, p] of attn.namedParameters()) {
        expectClose(p.grad?.data as Float32Array, c.gradParams[name] as number[]);
      }
    });
  }
});

describe('Attention gradients', () => {
  for (const kind of ['dot', 'general', 'bahdanau'] as const) {
    it(`${kind}: pass a finite-difference check with a padding mask`, () => {
      const rng = new Random(7);
      const attn = new Attention({ kind, queryDim: 3, keyDim: 3, attnDim: 4, random: rng });
      const q = new Tensor(rng.fillUniform(new Float32Array(2 * 2 * 3), -1, 1), [2, 2, 3], {
        requiresGrad: true,
      });
      const k = new Tensor(rng.fillUniform(new Float32Array(2 * 4 * 3), -1, 1), [2, 4, 3], {
        requiresGrad: true,
      });
      const mask = Float32Array.from([1, 1, 1, 0, 1, 1, 0, 0]);
      const params = attn.parameters();
      gradcheck(
        (qq, kk) => {
          const out = attn.forward(qq as Tensor, kk as Tensor, mask);
          return out.context.sum().add(out.weights.mul(out.weights).sum());
        },
        [q, k, ...params],
        { eps: 1e-2, atol: 2e-3, rtol: 2e-2 },
      );
    });
  }
});

describe('Attention masking and errors', () => {
  it('gives zero weight to padded source positions', () => {
    const attn = new Attention({ kind: 'dot', queryDim: 2, keyDim: 2 });
    const keys = new Tensor(Float32Array.from([1, 0, 0, 1, 5, 5]), [1, 3, 2]);
    const q = new Tensor(Float32Array.from([1, 1]), [1, 1, 2]);
    const { weights } = attn.forward(q, keys, Float32Array.from([1, 1, 0]));
    expect(weights.data[2]).toBe(0);
    expect((weights.data[0] as number) + (weights.data[1] as number)).toBeCloseTo(1, 6);
  });

  it('rejects dot attention with different query and key widths', () => {
    expect(() => new Attention({ kind: 'dot', queryDim: 4, keyDim: 8 })).toThrow(
      "Attention: 'dot' scores need keyDim equal to queryDim 4, got 8.",
    );
  });

  it('rejects a mask row without a real position', () => {
    const attn = new Attention({ kind: 'general', queryDim: 2, keyDim: 2 });
    const keys = new Tensor(new Float32Array(4), [1, 2, 2]);
    expect(() => attn.memory(keys, Float32Array.from([0, 0]))).toThrow(
      'Attention: mask row 0 must mark at least 1 real position, got none.',
    );
  });

  it('rejects a query of the wrong width', () => {
    const attn = new Attention({ kind: 'bahdanau', queryDim: 2, keyDim: 2 });
    const keys = new Tensor(new Float32Array(4), [1, 2, 2]);
    const q = new Tensor(new Float32Array(3), [1, 1, 3]);
    expect(() => attn.forward(q, keys)).toThrow(
      'Attention: query must have shape [1, T, 2], got [1, 1, 3].',
    );
  });
});
