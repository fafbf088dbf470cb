/** Tests the project file: round trip, a newer format refused with a clear message, damaged files named, and a crash mid-save in a real child process. */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tinyClassifySpec } from '../../../test/support/tinyClassify.ts';
import { type Project, parseProject } from '../../common/projectSchema.ts';
import type { RunRecord } from '../../common/runRecord.ts';
import { readProject, writeProject } from './projectFile.ts';

const run: RunRecord = {
  runId: 'run-1',
  spec: tinyClassifySpec(2),
  dataset: { path: '/data/reviews.csv', fileName: 'reviews.csv' },
  state: 'finished',
  createdAt: '2025-01-01T00:00:00.000Z',
  endedAt: '2025-01-01T00:01:00.000Z',
  history: [{ epoch: 0, step: 13, trainLoss: 0.6, val: { accuracy: 0.8 }, lr: 0.002, seconds: 1 }],
  metrics: { accuracy: 0.9 },
  baseline: { accuracy: 0.5 },
  finishReason: 'completed',
  error: null,
  checkpoints: { last: '/ud/runs/run-1/last.ckpt', best: '/ud/runs/run-1/best.ckpt' },
  models: [{ format: 'rnnmodel', path: '/out/m.rnnmodel', savedAt: '2025-01-01T00:02:00.000Z' }],
};

function sampleProject(name = 'Reviews'): Project {
  return {
    app: 'rnn-studio',
    kind: 'project',
    version: 1,
    id: 'p-1',
    name,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    datasets: [
      {
        id: 'd-1',
        name: 'reviews.csv',
        path: '/data/reviews.csv',
        size: 1234,
        mtimeMs: 1_700_000_000_000,
        headSha256: 'a'.repeat(64),
      },
    ],
    specs: [{ id: 's-1', name: 'small GRU', datasetId: 'd-1', spec: tinyClassifySpec(3) }],
    runs: [run],
  };
}

describe('project file', () => {
  it('round-trips datasets, specs and runs through an atomic write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-proj-'));
    const path = join(dir, 'reviews.rnnproj');
    await writeProject(path, sampleProject());
    await expect(readProject(path)).resolves.toEqual(sampleProject());
    expect(readdirSync(dir)).toEqual(['reviews.rnnproj']);
  });

  it('refuses a project from a newer version with a message saying to update', () => {
    const text = JSON.stringify({ ...sampleProject(), version: 2, newThing: true });
    expect(() => parseProject(text, '/p/future.rnnproj')).toThrow(
      "Project: '/p/future.rnnproj' was saved by a newer RNN Studio (project format 2); this version opens format 1 and older. Update RNN Studio to open it.",
    );
  });

  it('names what is wrong with a damaged project and refuses other JSON', () => {
    const damaged = { ...sampleProject(), datasets: [{ id: 'd-1' }] };
    expect(() => parseProject(JSON.stringify(damaged), 'x.rnnproj')).toThrow(
      /^Project: 'x.rnnproj' is damaged: datasets.0.name: /,
    );
    expect(() => parseProject('{"hello": 1}', 'x.rnnproj')).toThrow(
      "Project: 'x.rnnproj' must be an RNN Studio project file.",
    );
    expect(() => parseProject('{', 'x.rnnproj')).toThrow(
      /^Project: 'x.rnnproj' must be an RNN Studio project \(JSON\), got unreadable text: /,
    );
  });

  it('leaves the previous project intact when the process dies in the middle of a save', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-proj-crash-'));
    const path = join(dir, 'reviews.rnnproj');
    await writeProject(path, sampleProject('Before'));
    const before = readFileSync(path, 'utf8');
    const script = join(dir, 'save.mts');
    // The child saves a new version through a file system that writes half the bytes of the
    // temporary file, then kills its own process with SIGKILL: a crash mid-save.
    writeFileSync(
      script,
      `import { open } from 'node:fs/promises';
import { writeProject } from ${JSON.stringify(join(import.meta.dirname, 'projectFile.ts'))};
import { nodeAtomicWriteFs } from ${JSON.stringify(join(import.meta.dirname, '..', 'atomicFile.ts'))};
const project = JSON.parse(process.argv[3]);
await writeProject(process.argv[2], project, {
  fs: {
    ...nodeAtomicWriteFs,
    async writeAndFlush(path, data) {
      const handle = await open(path, 'wx');
      await handle.write(data.subarray(0, data.length >> 1));
      await handle.sync();
      process.kill(process.pid, 'SIGKILL');
    },
  },
});
`,
    );
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', script, path, JSON.stringify(sampleProject('After'))],
      { cwd: join(import.meta.dirname, '..', '..', '..'), stdio: 'ignore' },
    );
    const signal = await new Promise((resolve) => child.on('exit', (_code, s) => resolve(s)));
    expect(signal).toBe('SIGKILL');
    expect(readFileSync(path, 'utf8')).toBe(before);
    await expect(readProject(path)).resolves.toMatchObject({ name: 'Before' });
    // The half-written temporary file is beside it, never in its place.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toHaveLength(1);
  });

  it('refuses a folder or a pipe named as a project at once, without blocking', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-project-'));
    const folder = join(dir, 'folder.rnnproj');
    mkdirSync(folder);
    const fifo = join(dir, 'pipe.rnnproj');
    execFileSync('mkfifo', [fifo]);
    for (const path of [folder, fifo]) {
      await expect(readProject(path)).rejects.toThrow(
        `Project: '${path}' must be a regular file, got a folder, pipe or device.`,
      );
    }
  });
});
