/** `rnn-studio bench`: argument errors, one JSON object per workload, and the backend restored afterwards. */
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { getBackend, setBackend } from '../../core/kernels/backend.ts';
import { jsBackend } from '../../core/kernels/js/index.ts';
import { UsageError } from '../args.ts';
import type { CliIo } from '../io.ts';
import { benchCommand } from './bench.ts';

function memoryIo(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
    readFileBytes: () => Promise.reject(new Error('bench reads no files')),
    openFileStream: () => {
      throw new Error('bench reads no files');
    },
    fileSize: () => Promise.reject(new Error('bench reads no files')),
    writeFileAtomic: () => Promise.reject(new Error('bench writes no files')),
  };
  return io;
}

describe('rnn-studio bench', () => {
  afterEach(() => setBackend(jsBackend));

  it('rejects an unknown workload, backend or step count with the option named', async () => {
    const io = memoryIo();
    await expect(benchCommand(['--workload', 'W5'], io)).rejects.toThrow(
      new UsageError("Option '--workload' must be one of W1, W2, W3, W4, got 'W5'."),
    );
    await expect(benchCommand(['--backend', 'gpu'], io)).rejects.toThrow(
      "Option '--backend' must be 'js' or 'wasm', got 'gpu'.",
    );
    await expect(benchCommand(['--steps', '0'], io)).rejects.toThrow(
      "Option '--steps' must be an integer ≥ 1, got '0'.",
    );
    await expect(benchCommand(['--fast'], io)).rejects.toThrow("Unknown option '--fast'.");
  });

  it('--recipe names a missing data file in one line before either side starts', async () => {
    const io = memoryIo();
    const missing = '/nonexistent-rnn-studio-data/en_ewt-ud-dev.conllu';
    const run = benchCommand(['--recipe', 'ud-english-pos', '--data', missing], io);
    await expect(run).rejects.toThrow(`cannot read '${missing}': no such file.`);
    await expect(run).rejects.toMatchObject({ name: 'ConfigError' });
  });

  it('prints one JSON object for W1 with step statistics, inference, memory and a falling loss', async () => {
    const io = memoryIo();
    const status = await benchCommand(
      [
        '--workload',
        'W1',
        '--backend',
        'wasm',
        '--steps',
        '3',
        '--warmup',
        '1',
        '--no-torch',
        '--json',
      ],
      io,
    );
    expect(status).toBe(0);
    const lines = io.out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const r = JSON.parse(lines[0] as string);
    expect(r.workload).toBe('W1');
    expect(r.backend).toBe('wasm');
    expect(r.steps).toBe(3);
    expect(r.msPerStep.min).toBeGreaterThan(0);
    expect(r.msPerStep.min).toBeLessThanOrEqual(r.msPerStep.median);
    expect(r.msPerStep.median).toBeLessThanOrEqual(r.msPerStep.max);
    // Process CPU per step: the whole process's clock, so at least some of the step's work.
    expect(r.cpuMsPerStep.min).toBeGreaterThan(0);
    expect(r.cpuMsPerStep.min).toBeLessThanOrEqual(r.cpuMsPerStep.median);
    expect(r.cpuMsPerStep.median).toBeLessThanOrEqual(r.cpuMsPerStep.max);
    expect(r.inference.what).toBe('forward');
    expect(r.torchMsPerStep).toBeNull();
    expect(r.ratio).toBeNull();
    expect(r.torchNote).toBe('PyTorch not run (--no-torch)');
    expect(r.loss.last).toBeLessThan(r.loss.first);
    expect(r.peakRssMB).toBeGreaterThan(0);
    expect(getBackend()).toBe(jsBackend);
  });

  it('times W4 greedy decoding and beam search of size 4 beside its training step', async () => {
    const io = memoryIo();
    const args = ['--workload', 'W4', '--backend', 'wasm', '--steps', '1', '--warmup', '0'];
    expect(await benchCommand([...args, '--no-torch', '--json'], io)).toBe(0);
    const r = JSON.parse(io.out.trim());
    expect(r.inference.what).toBe('greedy decoding, 20 steps');
    expect(r.beam.what).toBe('beam search (size 4), 20 steps');
    expect(r.beam.ms.min).toBeGreaterThan(0);
    expect(r.beam.torchMs).toBeNull();
  }, 60_000);

  it('times the gemm shapes of a workload with --gemm', async () => {
    const io = memoryIo();
    const status = await benchCommand(
      ['--gemm', '--workload', 'W1', '--backend', 'wasm', '--json'],
      io,
    );
    expect(status).toBe(0);
    const rows = io.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.backend)).toEqual(Array(5).fill(['wasm', 'wasm-resident']).flat());
    for (const row of rows) {
      expect(row.label).toContain('W1');
      expect(row.gflops).toBeGreaterThan(0);
      expect(row.cpuGflops === null || row.cpuGflops > 0).toBe(true);
    }
  });

  it('times each workload layer with the TypeScript loop and the fused wasm layer with --layers', async () => {
    const io = memoryIo();
    const status = await benchCommand(['--layers', '--backend', 'wasm', '--json'], io);
    expect(status).toBe(0);
    const rows = io.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.implementation)).toEqual(Array(5).fill(['ts', 'wasm-fused']).flat());
    for (const row of rows) {
      expect(row.forwardMs).toBeGreaterThan(0);
      expect(row.backwardMs).toBeGreaterThan(0);
    }
  });

  it('runs the PyTorch script beside the core and prints the ratio (or says why not)', async () => {
    let hasTorch = false;
    try {
      execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
      hasTorch = true;
    } catch (err) {
      // Reported below: the bench must then say that PyTorch did not run.
      expect(err).toBeInstanceOf(Error);
    }
    const io = memoryIo();
    const args = [
      '--workload',
      'W1',
      '--backend',
      'wasm',
      '--steps',
      '2',
      '--warmup',
      '1',
      '--json',
    ];
    expect(await benchCommand(args, io)).toBe(0);
    const r = JSON.parse(io.out.trim());
    if (!hasTorch) {
      expect(r.torchNote).toMatch(/^PyTorch not run: /);
      return;
    }
    expect(r.torchMsPerStep).toBeGreaterThan(0);
    expect(r.ratio).toBeCloseTo(r.msPerStep.median / r.torchMsPerStep, 10);
    expect(r.inference.torchMs).toBeGreaterThan(0);
    // Only a reference-BLAS torch may add a note (the ratio is then flagged as unfair).
    if (r.torchNote !== null) expect(r.torchNote).toContain('REFERENCE BLAS');
  });

  it('--cnn prints resnet18 forward + backward in images per second, and refuses a bad batch', async () => {
    const io = memoryIo();
    await expect(benchCommand(['--cnn', '--batch', '0'], io)).rejects.toThrow(
      "Option '--batch' must be an integer ≥ 1, got '0'.",
    );
    const args = ['--cnn', '--backend', 'wasm', '--batch', '2', '--size', '32', '--steps', '1'];
    const status = await benchCommand([...args, '--warmup', '0', '--no-torch', '--json'], io);
    expect(status).toBe(0);
    const r = JSON.parse(io.out.trim());
    expect([r.batch, r.size, r.steps]).toEqual([2, 32, 1]);
    expect(r.ours.what).toBe('rnn-studio wasm');
    expect(r.ours.imagesPerSecond).toBeCloseTo(2 / (r.ours.ms.median / 1000), 6);
    expect(r.torch).toEqual({ reason: 'not run (--no-torch)' });
    expect(getBackend()).toBe(jsBackend);
  }, 60_000);
});
