/** `rnn-studio bench --recipe`: option errors, and one epoch of a recipe run by both the core and the export's train.py on the same file. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreEpoch, peakRssFrom, torchEpoch } from '../../bench/recipeBench.ts';
import { UsageError } from '../args.ts';
import type { CliIo } from '../io.ts';
import { benchCommand } from './bench.ts';

const sharedData = join(import.meta.dirname, '..', '..', '..', 'shared', 'data');

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
    readFileBytes: () => Promise.reject(new Error('bench reads no files itself')),
    openFileStream: () => {
      throw new Error('bench reads no files itself');
    },
    fileSize: () => Promise.reject(new Error('bench reads no files itself')),
    writeFileAtomic: () => Promise.reject(new Error('bench writes no files')),
  };
  return io;
}

describe('rnn-studio bench --recipe: options and parsing', () => {
  it('refuses an unknown recipe and a recipe without data, naming the option', async () => {
    await expect(benchCommand(['--recipe', 'nope', '--data', 'x'], memoryIo())).rejects.toThrow(
      /^Option '--recipe' must be one of 'nsmc-sentiment', .+, got 'nope'\.$/,
    );
    await expect(benchCommand(['--recipe', 'klue-ner'], memoryIo())).rejects.toThrow(
      new UsageError("Option '--recipe' needs '--data <file>' or '--data-dir <folder>'."),
    );
  });

  it("reads the core's epoch from its last progress of epoch 1 and refuses a run without it", () => {
    const events = [
      { type: 'training-progress', epoch: 0, step: 5, elapsedSeconds: 1.5 },
      { type: 'training-progress', epoch: 0, step: 10, elapsedSeconds: 3.25 },
      { type: 'training-epoch', epoch: 0, step: 10, seconds: 3.5 },
    ];
    expect(coreEpoch(events)).toEqual({ stepsSeconds: 3.25, epochSeconds: 3.5, steps: 10 });
    expect(() => coreEpoch(events.slice(0, 1).concat(events.slice(2)))).toThrow(
      'bench --recipe: the core run must report the last step of epoch 1, got none.',
    );
  });

  it("times train.py's epoch by its own clock at its last step line of epoch 1, or by the lines' arrival", () => {
    const lines = [
      { at: 1000, obj: { type: 'start' } },
      { at: 1400, obj: { type: 'step', epoch: 1 } },
      { at: 1900, obj: { type: 'step', epoch: 1 } },
      { at: 2100, obj: { type: 'epoch', epoch: 1, seconds: 1.1 } },
    ];
    expect(torchEpoch(lines)).toEqual({ stepsSeconds: 0.9, epochSeconds: 1.1, steps: 2 });
    // A step line with train.py's own seconds is timed by them, not by when it arrived.
    const timed = lines.map((l) =>
      l.obj.type === 'step' ? { ...l, obj: { ...l.obj, seconds: l.at === 1900 ? 0.85 : 0.4 } } : l,
    );
    expect(torchEpoch(timed)).toEqual({ stepsSeconds: 0.85, epochSeconds: 1.1, steps: 2 });
    expect(() => torchEpoch(lines.slice(0, 1))).toThrow(/must log start, its steps and epoch 1/);
  });

  it("takes the peak RSS from /usr/bin/time's last line", () => {
    expect(peakRssFrom('warning\npeak-rss-kb 204800\n')).toBe(200);
    expect(() => peakRssFrom('Killed\n')).toThrow('/usr/bin/time printed no peak RSS');
  });
});

describe('rnn-studio bench --recipe: both sides', () => {
  let dir = '';
  const policy = process.env.OMP_WAIT_POLICY;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-recipe-test-'));
    // NOTE: PyTorch's spinning OpenMP threads crawl on a busy machine; this test checks what ran, not how fast.
    process.env.OMP_WAIT_POLICY = 'passive';
  });
  afterAll(async () => {
    if (policy === undefined) delete process.env.OMP_WAIT_POLICY;
    else process.env.OMP_WAIT_POLICY = policy;
    await rm(dir, { recursive: true, force: true });
  });

  it('trains the same epoch of the tag recipe in the core and in its train.py and compares them', async () => {
    const conllu = await readFile(
      join(sharedData, 'ud-english-ewt', 'en_ewt-ud-dev.conllu'),
      'utf8',
    );
    const small = join(dir, 'small.conllu');
    await writeFile(small, `${conllu.split('\n\n').slice(0, 60).join('\n\n')}\n\n`);
    const io = memoryIo();
    const args = ['--recipe', 'ud-english-pos', '--data', small, '--json'];
    expect(await benchCommand(args, io)).toBe(0);
    const r = JSON.parse(io.out);
    expect(r).toMatchObject({
      recipe: 'ud-english-pos',
      task: 'tag',
      batchSize: 16,
      coreThreads: 2,
    });
    // 60 sentences, 80 % to training, batches of 16: both sides take the same 3 steps.
    expect(r.core.steps).toBe(3);
    expect(r.torch.steps).toBe(3);
    for (const side of [r.core, r.torch]) {
      expect(side.stepsSeconds).toBeGreaterThan(0);
      expect(side.epochSeconds).toBeGreaterThanOrEqual(side.stepsSeconds);
      expect(side.peakRssMiB).toBeGreaterThan(20);
    }
    expect(r.ratio.steps).toBeCloseTo(r.core.stepsSeconds / r.torch.stepsSeconds, 6);
    expect(r.torchInfo).toMatch(
      /^torch 1\.13.*, 2 threads, BLAS: .*openblas.*, OMP_WAIT_POLICY passive$/,
    );
  }, 300_000);
});
