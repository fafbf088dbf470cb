import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashUniform } from '../../test/fixtures/hashFill.ts';
import {
  checkModuleCase,
  type ModuleCase,
  toStateDict,
  weightedSum,
} from '../../test/fixtures/moduleCases.ts';
import { type Dumped, expectCloseToTorch, loadCases } from '../../test/fixtures/torchFixtures.ts';
import { readSafetensors } from '../io/safetensors.ts';
import { backward, noGrad } from '../tensor/autograd.ts';
import { Tensor } from '../tensor/tensor.ts';
import type { StateDict } from './module.ts';
import { BasicBlock, ResNet18 } from './resnet.ts';

interface BlockOptions {
  inplanes: number;
  planes: number;
  stride: number;
}

interface Fill {
  shape: number[];
  seed: number;
  lo: number;
  hi: number;
}

/** A tensor stored at sampled flat indices with its L2 norm (the ResNet-18 gradients). */
interface Sampled {
  shape: number[];
  index: number[];
  data: number[];
  norm: number;
}

interface ResNetCase {
  entries: (Fill & { name: string; dtype: string })[];
  input: Fill;
  w: Fill;
  output: Dumped;
  outputEval: Dumped;
  gradInput: Sampled;
  grads: (Sampled & { name: string })[];
  runningAfter: Record<string, Sampled>;
}

const blocks = loadCases<ModuleCase<BlockOptions>>('cnn_basicblock.json');

function fill(f: Fill): Float32Array {
  return hashUniform(
    f.seed,
    f.shape.reduce((a, b) => a * b, 1),
    f.lo,
    f.hi,
  );
}

/** The sampled values to 1e-4 + 1e-3 relative and the norm to 1e-3 relative. */
function expectSampled(actual: Float32Array | undefined, expected: Sampled, what: string): void {
  expect(actual, what).toBeDefined();
  const a = actual as Float32Array;
  expect(a.length, `${what} size`).toBe(expected.shape.reduce((x, y) => x * y, 1));
  expected.index.forEach((at, k) => {
    const e = expected.data[k] as number;
    const v = a[at] as number;
    if (!(Math.abs(v - e) <= 1e-4 + 1e-3 * Math.abs(e)))
      expect.fail(`${what}[${at}]: got ${v}, PyTorch ${e}`);
  });
  let sq = 0;
  for (const v of a) sq += v * v;
  expect(Math.abs(Math.sqrt(sq) - expected.norm), `${what} norm`).toBeLessThanOrEqual(
    1e-3 * expected.norm + 1e-4,
  );
}

describe('torchvision BasicBlock', () => {
  it.each(blocks.map((c) => [c.name, c] as const))('%s matches torch', (_, c) => {
    const { inplanes, planes, stride } = c.options;
    checkModuleCase(new BasicBlock(inplanes, planes, stride), c);
  });

  it('loads the state dict torch wrote as safetensors (I64 num_batches_tracked) by name', () => {
    const bytes = readFileSync(
      join(import.meta.dirname, '../../test/fixtures/cnn_basicblock.safetensors'),
    );
    const { tensors } = readSafetensors(new Uint8Array(bytes));
    expect(tensors.get('bn1.num_batches_tracked')?.dtype).toBe('I64');
    const block = new BasicBlock(4, 8, 2);
    block.loadStateDict(Object.fromEntries(tensors));
    const c = blocks.find(
      (k) => k.name === 'basicblock-downsample-train',
    ) as ModuleCase<BlockOptions>;
    const state = block.stateDict();
    for (const e of c.state)
      expectCloseToTorch(new Tensor(state[e.name]?.data ?? new Float32Array(), e.shape), e, e.name);
    expect(state['bn1.num_batches_tracked']?.data[0]).toBe(7);
  });
});

describe('torchvision resnet18 (random weights, [2, 3, 64, 64])', () => {
  const c = loadCases<ResNetCase>('cnn_resnet18.json')[0] as ResNetCase;

  it('has torchvision state-dict names and shapes, in its order', () => {
    const names = Object.entries(new ResNet18().stateDict()).map(([n, e]) => [n, [...e.shape]]);
    expect(names).toEqual(c.entries.map((e) => [e.name, e.shape]));
    expect(names.length).toBe(122);
  });

  it('matches torch forward and backward in training mode, then forward in evaluation mode', () => {
    const model = new ResNet18();
    const state: StateDict = Object.fromEntries(
      c.entries.map((e) => [e.name, { data: fill(e), shape: e.shape }]),
    );
    model.loadStateDict(state);
    model.train();
    const x = new Tensor(fill(c.input), c.input.shape, { requiresGrad: true });
    const y = model.forward(x);
    expectCloseToTorch(y, c.output, 'output');
    backward(weightedSum([[y, fill(c.w)]]));
    expectSampled(x.grad?.data, c.gradInput, 'input grad');
    const params = new Map(model.namedParameters());
    expect([...params.keys()]).toEqual(c.grads.map((g) => g.name));
    for (const g of c.grads) expectSampled(params.get(g.name)?.grad?.data, g, `${g.name} grad`);
    const after = model.stateDict();
    for (const [name, s] of Object.entries(c.runningAfter))
      expectSampled(after[name]?.data, s, name);
    expect(after['bn1.num_batches_tracked']?.data[0]).toBe(1);
    model.eval();
    expectCloseToTorch(
      noGrad(() => model.forward(x)),
      c.outputEval,
      'eval output',
    );
  }, 120_000);

  it('gives the layer4 feature map, whose spatial mean is the pooled feature', () => {
    const model = new ResNet18().eval();
    const x = new Tensor(fill(c.input), c.input.shape);
    const map = noGrad(() => model.featureMap(x));
    expect(map.shape).toEqual([2, 512, 2, 2]);
    const pooled = noGrad(() => model.features(x));
    expect(pooled.shape).toEqual([2, 512]);
    const mean = map.mean([2, 3]);
    for (let i = 0; i < pooled.size; i++)
      expect(pooled.data[i]).toBeCloseTo(mean.data[i] as number, 5);
  });

  it('refuses a state dict with a wrong shape, naming the key', () => {
    const model = new ResNet18();
    const state = toStateDict([
      { name: 'fc.weight', shape: [10, 512], data: new Array(5120).fill(0) },
    ]);
    expect(() => model.loadStateDict(state, { strict: false })).toThrow(
      "ResNet18.loadStateDict: 'fc.weight' must have shape [1000, 512], got [10, 512].",
    );
  });
});
