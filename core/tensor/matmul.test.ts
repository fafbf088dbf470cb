/** Tests of matmul: 2-D and batched products, batch broadcasting, transposes folded into gemm. */
import { afterEach, describe, expect, it } from 'vitest';
import { gradcheck } from '../autograd/gradcheck.ts';
import { type GemmOptions, getBackend, jsBackend, setBackend } from '../kernels/backend.ts';
import { Random } from '../random.ts';
import { matmul, randn, tensor } from './ops.ts';

const rng = new Random(9);
const leaf = (shape: number[]) => randn(shape, rng, { requiresGrad: true });

afterEach(() => setBackend(jsBackend));

describe('matmul', () => {
  it('multiplies 2-D matrices', () => {
    const a = tensor([
      [1, 2],
      [3, 4],
    ]);
    const b = tensor([
      [5, 6, 7],
      [8, 9, 10],
    ]);
    expect(matmul(a, b).tolist()).toEqual([
      [21, 24, 27],
      [47, 54, 61],
    ]);
  });

  it('shares a 2-D or batch-1 operand across the batch of the other', () => {
    const a = randn([3, 2, 4], rng);
    const w = randn([4, 5], rng);
    const y = matmul(a, w);
    expect(y.shape).toEqual([3, 2, 5]);
    const second = matmul(tensor(a.data.slice(8, 16), [2, 4]), w);
    expect(Array.from(y.data.slice(10, 20))).toEqual(Array.from(second.data));
    expect(matmul(w.reshape([1, 4, 5]).transpose(1, 2), a.transpose(1, 2)).shape).toEqual([
      3, 5, 2,
    ]);
  });

  it('rejects inner sizes that differ, verbatim', () => {
    expect(() => matmul(randn([2, 3]), randn([4, 5]))).toThrowError(
      'matmul: a.size(-1) must equal b.size(-2), got 3 and 4.',
    );
  });

  it('rejects 1-D or 4-D operands and batches that neither match nor are 1', () => {
    expect(() => matmul(randn([3]), randn([3, 2]))).toThrowError(
      'matmul: operands must be 2-D or 3-D, got shapes [3] and [3, 2].',
    );
    expect(() => matmul(randn([2, 3, 4]), randn([3, 4, 5]))).toThrowError(
      'matmul: batch sizes must match or be 1, got 2 and 3.',
    );
  });

  const shapes: [number[], number[]][] = [
    [
      [3, 4],
      [4, 5],
    ],
    [
      [2, 3, 4],
      [2, 4, 5],
    ],
    [
      [2, 3, 4],
      [4, 5],
    ],
    [
      [3, 4],
      [2, 4, 5],
    ],
    [
      [1, 3, 4],
      [3, 4, 2],
    ],
    [
      [3, 3, 4],
      [1, 4, 2],
    ],
  ];
  for (const [sa, sb] of shapes) {
    it(`passes gradcheck for ${JSON.stringify(sa)} @ ${JSON.stringify(sb)}`, () => {
      gradcheck((a, b) => matmul(a, b), [leaf(sa), leaf(sb)]);
    });
  }

  it('runs forward and backward on the backend gemm with transposes as flags, never copies', () => {
    const calls: GemmOptions[] = [];
    setBackend({
      name: 'js',
      gemm: (o) => {
        calls.push(o);
        jsBackend.gemm(o);
      },
    });
    expect(getBackend().name).toBe('js');
    const x = leaf([4, 3, 5]);
    const w = leaf([5, 6]);
    matmul(x, w).sum().backward();
    expect(calls.length).toBe(3);
    expect(calls.map((c) => [c.m, c.n, c.k, c.transA ?? false, c.transB ?? false])).toEqual([
      [12, 6, 5, false, false],
      [12, 5, 6, false, true],
      [5, 6, 12, true, false],
    ]);
    expect(calls[1].b).toBe(w.data);
    expect(calls[2].a).toBe(x.data);
  });
});
