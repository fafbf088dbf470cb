/**
 * Weights move both ways between the core and PyTorch through safetensors: a state dict the core
 * writes loads into torch.nn.RNN/LSTM/GRU with load_state_dict and gives the core's outputs, and a
 * file torch writes loads into the core's modules and gives torch's outputs. Runs where
 * /usr/bin/python3 imports torch; elsewhere it says so and skips.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readSafetensors,
  type SafetensorsInput,
  writeSafetensors,
} from '../../core/io/safetensors.ts';
import { GRU, LSTM, RNN, type RNNOptions } from '../../core/nn/rnn.ts';
import { Random } from '../../core/random.ts';
import { noGrad } from '../../core/tensor/autograd.ts';
import { Tensor } from '../../core/tensor/tensor.ts';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./safetensors_interop.py', import.meta.url));
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
if (!hasTorch) {
  console.log(
    `safetensors interop: torch is absent (${PYTHON} cannot import torch), so this suite is skipped.`,
  );
}

type ModuleName = 'RNN' | 'LSTM' | 'GRU';
interface Config {
  name: string;
  module: ModuleName;
  options: RNNOptions;
  withH0: boolean;
}

const configs: Config[] = [
  {
    name: 'rnn_tanh_2layer_bi',
    module: 'RNN',
    options: { inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true },
    withH0: true,
  },
  {
    name: 'rnn_relu_nobias_bf',
    module: 'RNN',
    options: { inputSize: 2, hiddenSize: 5, nonlinearity: 'relu', bias: false, batchFirst: true },
    withH0: false,
  },
  {
    name: 'lstm_2layer_bi_bf',
    module: 'LSTM',
    options: { inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true, batchFirst: true },
    withH0: true,
  },
  { name: 'lstm_1layer', module: 'LSTM', options: { inputSize: 4, hiddenSize: 3 }, withH0: false },
  {
    name: 'gru_2layer',
    module: 'GRU',
    options: { inputSize: 3, hiddenSize: 4, numLayers: 2 },
    withH0: true,
  },
  {
    name: 'gru_bi_bf',
    module: 'GRU',
    options: { inputSize: 2, hiddenSize: 3, bidirectional: true, batchFirst: true },
    withH0: false,
  },
];

function makeModule(c: Config, random: Random): RNN | LSTM | GRU {
  const options = { ...c.options, random };
  if (c.module === 'RNN') return new RNN(options);
  return c.module === 'LSTM' ? new LSTM(options) : new GRU(options);
}

/** Runs the core module; returns output, h_n and (LSTM) c_n keyed as the Python script names them. */
function runCore(
  module: RNN | LSTM | GRU,
  x: Tensor,
  h0: Tensor | null,
  c0: Tensor | null,
): Record<string, Tensor> {
  return noGrad((): Record<string, Tensor> => {
    if (module instanceof LSTM) {
      const [output, [hN, cN]] = module.forward(x, h0 && c0 ? [h0, c0] : null);
      return { output, h_n: hN, c_n: cN };
    }
    const [output, hN] = module.forward(x, h0);
    return { output, h_n: hN };
  });
}

function randomTensor(shape: number[], random: Random): Tensor {
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  return new Tensor(random.fillUniform(data, -1, 1), shape);
}

function expectSameTensor(
  actual: { shape: readonly number[]; data: Float32Array },
  expected: { shape: readonly number[]; data: Float32Array },
  label: string,
): void {
  expect([...actual.shape], label).toEqual([...expected.shape]);
  let worst = 0;
  for (let i = 0; i < expected.data.length; i++) {
    worst = Math.max(worst, Math.abs((actual.data[i] as number) - (expected.data[i] as number)));
  }
  expect(worst, `${label}: largest difference`).toBeLessThanOrEqual(1e-5);
}

describe.skipIf(!hasTorch)(
  'safetensors interop with PyTorch 1.13 nn.RNN / nn.LSTM / nn.GRU',
  () => {
    let work = '';
    const coreOutputs = new Map<string, Record<string, Tensor>>();

    beforeAll(() => {
      work = mkdtempSync(join(tmpdir(), 'safetensors-interop-'));
      const random = new Random(2024);
      for (const c of configs) {
        const module = makeModule(c, random);
        const batch = 2;
        const length = 4;
        const d = c.options.bidirectional ? 2 : 1;
        const layers = c.options.numLayers ?? 1;
        const x = randomTensor(
          c.options.batchFirst
            ? [batch, length, c.options.inputSize]
            : [length, batch, c.options.inputSize],
          random,
        );
        const h0 = c.withH0
          ? randomTensor([d * layers, batch, c.options.hiddenSize], random)
          : null;
        const c0 =
          c.withH0 && c.module === 'LSTM'
            ? randomTensor([d * layers, batch, c.options.hiddenSize], random)
            : null;
        coreOutputs.set(c.name, runCore(module, x, h0, c0));
        const entries: [string, SafetensorsInput][] = [...module.namedParameters()].map(
          ([n, p]) => [n, p],
        );
        entries.push(['input.x', x]);
        if (h0) entries.push(['input.h0', h0]);
        if (c0) entries.push(['input.c0', c0]);
        writeFileSync(
          join(work, `core_${c.name}.safetensors`),
          writeSafetensors(entries, { module: c.module, format: 'pt' }),
        );
      }
      writeFileSync(join(work, 'configs.json'), JSON.stringify(configs));
      const result = spawnSync(PYTHON, [SCRIPT, work], { encoding: 'utf8', timeout: 120_000 });
      if (result.status !== 0) {
        throw new Error(`${SCRIPT} failed with status ${result.status}:\n${result.stderr}`);
      }
    }, 180_000);

    afterAll(() => {
      if (work) rmSync(work, { recursive: true, force: true });
    });

    for (const c of configs) {
      it(`${c.name}: the core's state dict loads into torch.nn.${c.module} and gives the core's outputs`, () => {
        const torchOut = readSafetensors(
          readFileSync(join(work, `torch_out_${c.name}.safetensors`)),
        ).tensors;
        const ours = coreOutputs.get(c.name) as Record<string, Tensor>;
        expect([...torchOut.keys()].sort()).toEqual(Object.keys(ours).sort());
        for (const [key, value] of Object.entries(ours)) {
          expectSameTensor(
            value,
            torchOut.get(key) as { shape: number[]; data: Float32Array },
            key,
          );
        }
      });

      it(`${c.name}: torch's state dict loads into the core's ${c.module} and gives torch's outputs`, () => {
        const file = readSafetensors(readFileSync(join(work, `torch_${c.name}.safetensors`)));
        expect(file.metadata.module).toBe(c.module);
        const weights = Object.fromEntries(
          [...file.tensors].filter(([k]) => !k.startsWith('input.') && !k.startsWith('expected.')),
        );
        const module = makeModule(c, new Random(1));
        expect(Object.keys(weights).sort()).toEqual(
          [...module.namedParameters()].map(([n]) => n).sort(),
        );
        module.loadStateDict(weights);
        const get = (key: string): Tensor | null => {
          const t = file.tensors.get(key);
          return t ? new Tensor(t.data, t.shape) : null;
        };
        const outputs = runCore(module, get('input.x') as Tensor, get('input.h0'), get('input.c0'));
        for (const [key, value] of Object.entries(outputs)) {
          expectSameTensor(
            value,
            file.tensors.get(`expected.${key}`) as { shape: number[]; data: Float32Array },
            key,
          );
        }
      });
    }

    it('reads F16, BF16 and F64 tensors written by torch exactly as torch converts them to float32', () => {
      const { tensors } = readSafetensors(readFileSync(join(work, 'dtypes.safetensors')));
      for (const dtype of ['F16', 'BF16', 'F64'] as const) {
        const stored = tensors.get(`as_${dtype}`);
        expect(stored?.dtype).toBe(dtype);
        expect(stored?.data).toEqual(tensors.get(`expected_${dtype}`)?.data);
      }
    });
  },
);
