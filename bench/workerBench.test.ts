/** The trainer host's bench message: a valid request gets one workload's timing on the installed kernels, a bad one an error naming the field. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getBackend, setBackend } from '../core/kernels/backend.ts';
import { createWasmBackend } from '../core/kernels/wasm/index.ts';
import { answerBenchRequest, type BenchReply } from './workerBench.ts';

async function ask(raw: unknown): Promise<BenchReply[]> {
  const replies: BenchReply[] = [];
  await answerBenchRequest(raw, (reply) => replies.push(reply));
  return replies;
}

describe('answerBenchRequest', () => {
  const previous = getBackend();
  beforeEach(() => setBackend(createWasmBackend()));
  afterEach(() => setBackend(previous));

  it('times the asked workload and reports the kernels it ran on', async () => {
    const [reply] = await ask({
      type: 'bench-workload',
      id: 7,
      workload: 'W1',
      steps: 2,
      warmup: 1,
    });
    expect(reply?.type).toBe('bench-workload-result');
    if (reply?.type !== 'bench-workload-result') return;
    expect(reply.id).toBe(7);
    const r = reply.result;
    expect(r.workload).toBe('W1');
    expect(r.steps).toBe(2);
    expect(r.msPerStep.min).toBeGreaterThan(0);
    expect(r.msPerStep.min).toBeLessThanOrEqual(r.msPerStep.median);
    expect(r.loss.last).toBeLessThan(r.loss.first);
    expect(r.inference?.what).toBe('forward');
    expect(r).toMatchObject({ backend: 'wasm', threads: 1 });
    expect(r.variant).toMatch(/^(relaxed-)?simd$/);
  });

  it('answers a malformed request with an error naming the field, keeping its id', async () => {
    expect(
      await ask({ type: 'bench-workload', id: 3, workload: 'W9', steps: 1, warmup: 0 }),
    ).toEqual([
      {
        type: 'bench-workload-error',
        id: 3,
        message: expect.stringMatching(/^Bench request: workload: .+\.$/),
      },
    ]);
    const [noId] = await ask({ type: 'bench-workload', steps: 0 });
    expect(noId).toMatchObject({ type: 'bench-workload-error', id: null });
  });
});
