/** Tests of the broadcast planner and the elementwise kernels on raw arrays. */
import { describe, expect, it } from 'vitest';
import { broadcastPlan } from '../api/broadcast.ts';
import { binaryBroadcast, sumToOperand, unary } from './elementwise.ts';

describe('broadcastPlan', () => {
  it('collapses [B, T, H] + [H] into B·T contiguous rows of H', () => {
    const plan = broadcastPlan([2, 3, 4], [[2, 3, 4], [4]]);
    expect(plan.rows).toBe(6);
    expect(plan.n).toBe(4);
    expect(plan.inner).toEqual([1, 1]);
    expect(Array.from(plan.offsets[0])).toEqual([0, 4, 8, 12, 16, 20]);
    expect(Array.from(plan.offsets[1])).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('walks a column operand with inner stride 0', () => {
    const plan = broadcastPlan(
      [3, 2],
      [
        [3, 1],
        [1, 2],
      ],
    );
    expect(plan.inner).toEqual([0, 1]);
    expect(Array.from(plan.offsets[0])).toEqual([0, 1, 2]);
    expect(Array.from(plan.offsets[1])).toEqual([0, 0, 0]);
  });

  it('drives binaryBroadcast and its inverse sumToOperand', () => {
    const a = new Float32Array([1, 2, 3]);
    const b = new Float32Array([10, 20]);
    const out = new Float32Array(6);
    binaryBroadcast('add', a, b, out, broadcastPlan([3, 2], [[3, 1], [2]]));
    expect(Array.from(out)).toEqual([11, 21, 12, 22, 13, 23]);
    const back = new Float32Array(2);
    sumToOperand(out, back, broadcastPlan([3, 2], [[2]]), -1);
    expect(Array.from(back)).toEqual([-36, -66]);
  });
});

describe('unary', () => {
  it('clamps with infinite bounds standing for a missing one and keeps NaN', () => {
    const out = new Float32Array(3);
    unary('clamp', new Float32Array([-5, Number.NaN, 5]), out, -1, Number.POSITIVE_INFINITY);
    expect(Array.from(out)).toEqual([-1, Number.NaN, 5]);
  });
});
