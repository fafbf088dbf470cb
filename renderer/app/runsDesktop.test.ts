/** Tests of the runs store's two shells: the desktop app starts and resumes runs through main's queue (desktop.startRun/resumeRun), web mode through trainer requests. */
import { describe, expect, it } from 'vitest';
import type { RunEvent, RunRecord } from '../../electron/common/ipc/api.ts';
import { defaultRunSpec } from './runSpec.ts';
import { createRunsStore, type RunsStudio } from './runs.ts';

const spec = defaultRunSpec('classify');

function record(runId: string, state: RunRecord['state']): RunRecord {
  return {
    runId,
    spec,
    dataset: { path: '/home/ana/reviews.csv', fileName: 'reviews.csv' },
    state,
    createdAt: '2025-01-01T00:00:00.000Z',
    endedAt: null,
    history: [],
    metrics: null,
    baseline: null,
    finishReason: null,
    error: null,
    checkpoints: { last: null, best: null },
    models: [],
  };
}

/** A fake window.studio: every call is logged; `desktop` only when `shell` is 'electron'. */
function fakeStudio(shell: 'electron' | 'web') {
  const calls: string[] = [];
  const runListeners = new Set<(e: RunEvent) => void>();
  const studio = {
    onEvent: () => () => undefined,
    async request(message: { type: string; runId?: string }) {
      calls.push(`request ${message.type}`);
      switch (message.type) {
        case 'list-runs':
          return { runs: [] };
        case 'start-training':
          return { runId: message.runId, state: 'running', task: 'classify', epoch: 0, step: 0 };
        case 'resume-training':
          return { runId: message.runId, state: 'running', task: 'classify', epoch: 0, step: 3 };
        default:
          throw new Error(`unexpected ${message.type}`);
      }
    },
    ...(shell === 'electron'
      ? {
          desktop: {
            async startRun(s: typeof spec, path: string) {
              calls.push(`startRun ${s.task} ${path}`);
              return record('desk-1', 'queued');
            },
            async resumeRun(runId: string) {
              calls.push(`resumeRun ${runId}`);
              return record(runId, 'queued');
            },
            async runs() {
              calls.push('runs');
              return [];
            },
            onRunEvent(listener: (e: RunEvent) => void) {
              runListeners.add(listener);
              return () => runListeners.delete(listener);
            },
          },
        }
      : {}),
  } as unknown as RunsStudio;
  const emitRun = (e: RunEvent) => {
    for (const l of runListeners) l(e);
  };
  return { studio, calls, emitRun };
}

const file = new File(['text,label\na,0\n'], 'reviews.csv');

describe('runs in the desktop app', () => {
  it("starts a run with desktop.startRun on the dataset's granted path, never start-training", async () => {
    const { studio, calls } = fakeStudio('electron');
    const store = createRunsStore();
    await store.attach(studio);
    const runId = await store.start({ spec, file, grantedPath: '/home/ana/reviews.csv' });
    expect(runId).toBe('desk-1');
    expect(calls).toContain('startRun classify /home/ana/reviews.csv');
    expect(calls).not.toContain('request start-training');
    const run = store.getState().runs[0];
    expect(run?.state).toBe('queued');
    expect(run?.fileName).toBe('reviews.csv');
    expect(run?.label).toBe('#1 · reviews · BiGRU 128');
    expect(store.getState().selected).toBe('desk-1');
  });

  it('refuses data without a file on disk, naming it', async () => {
    const { studio, calls } = fakeStudio('electron');
    const store = createRunsStore();
    await store.attach(studio);
    await expect(store.start({ spec, file })).rejects.toThrow(
      "Runs: the desktop app trains on a file on disk, got 'reviews.csv' which exists only in the app; save it and choose the saved file.",
    );
    expect(calls.filter((c) => c.startsWith('startRun'))).toEqual([]);
  });

  it('saves data with no file on disk through desktop.saveDataset, then starts on the saved path', async () => {
    const { studio, calls } = fakeStudio('electron');
    const saved: { name: string; text: string }[] = [];
    const desktop = studio.desktop as NonNullable<RunsStudio['desktop']>;
    (desktop as { saveDataset: NonNullable<typeof desktop.saveDataset> }).saveDataset = async (
      name,
      bytes,
    ) => {
      saved.push({ name, text: new TextDecoder().decode(bytes) });
      return { path: '/userData/datasets/0123456789abcdef-reviews.csv', name, size: bytes.length };
    };
    const store = createRunsStore();
    await store.attach(studio);
    await store.start({ spec, file });
    expect(saved).toEqual([{ name: 'reviews.csv', text: 'text,label\na,0\n' }]);
    expect(calls).toContain('startRun classify /userData/datasets/0123456789abcdef-reviews.csv');
  });

  it('grants a file picked in the page by its own path, never copying its bytes; saves one with no file on disk', async () => {
    const { studio, calls } = fakeStudio('electron');
    const desktop = studio.desktop as NonNullable<RunsStudio['desktop']>;
    const saved: string[] = [];
    const inputs: unknown[] = [];
    // A big vector file picked in the page: on disk, so it has a path (webUtils.getPathForFile).
    const onDisk = new Map<File, string>();
    const vectors = new File(['w 0.1 0.2\n'], 'cc.ko.300.vec');
    onDisk.set(file, '/home/ana/reviews.csv');
    onDisk.set(vectors, '/home/ana/cc.ko.300.vec');
    Object.assign(desktop, {
      async addDroppedFile(f: File) {
        const path = onDisk.get(f);
        if (path === undefined) throw new Error(`Drop: the file must be on disk, got '${f.name}'.`);
        return { path, name: f.name, size: f.size };
      },
      async saveDataset(name: string, bytes: Uint8Array) {
        saved.push(name);
        return { path: `/userData/datasets/${name}`, name, size: bytes.length };
      },
      async startRun(s: typeof spec, path: string, given: unknown) {
        calls.push(`startRun ${s.task} ${path}`);
        inputs.push(given);
        return record('desk-1', 'queued');
      },
    });
    const store = createRunsStore();
    await store.attach(studio);
    await store.start({ spec, file, wordVectors: vectors });
    // A bundled sample's bytes have no file on disk: saved first.
    const sample = new File(['text,label\nb,1\n'], 'sample.csv');
    await store.start({ spec, file: sample, wordVectors: vectors });
    expect(calls.filter((c) => c.startsWith('startRun'))).toEqual([
      'startRun classify /home/ana/reviews.csv',
      'startRun classify /userData/datasets/sample.csv',
    ]);
    expect(inputs).toEqual([
      { wordVectorsPath: '/home/ana/cc.ko.300.vec' },
      { wordVectorsPath: '/home/ana/cc.ko.300.vec' },
    ]);
    expect(saved).toEqual(['sample.csv']);
  });

  it('shows the queue place of a queued run from run-updated', async () => {
    const { studio, emitRun } = fakeStudio('electron');
    const store = createRunsStore();
    await store.attach(studio);
    await store.start({ spec, file, grantedPath: '/home/ana/reviews.csv' });
    emitRun({
      type: 'run-updated',
      run: record('desk-1', 'queued'),
      queuePosition: 1,
      note: 'wait',
    });
    expect(store.getState().runs[0]?.queue).toEqual({ position: 1, note: 'wait' });
    emitRun({
      type: 'run-updated',
      run: record('desk-1', 'running'),
      queuePosition: null,
      note: null,
    });
    expect(store.getState().runs[0]?.state).toBe('running');
    expect(store.getState().runs[0]?.queue).toBeUndefined();
  });

  it('marks a run interrupted by a trainer crash and resumes it from its checkpoint through main', async () => {
    const { studio, calls, emitRun } = fakeStudio('electron');
    const store = createRunsStore();
    await store.attach(studio);
    await store.start({ spec, file, grantedPath: '/home/ana/reviews.csv' });
    emitRun({
      type: 'run-interrupted',
      runId: 'desk-1',
      reason: 'The trainer process crashed (exit code 9).',
      hasCheckpoint: true,
    });
    const run = store.getState().runs[0];
    expect(run?.state).toBe('interrupted');
    expect(run?.interruption).toEqual({
      reason: 'The trainer process crashed (exit code 9).',
      hasCheckpoint: true,
    });
    // main then records the run as failed; it stays interrupted with its Resume offer.
    emitRun({
      type: 'run-updated',
      run: record('desk-1', 'failed'),
      queuePosition: null,
      note: null,
    });
    expect(store.getState().runs[0]?.state).toBe('interrupted');
    await store.resume('desk-1');
    expect(calls).toContain('resumeRun desk-1');
    expect(calls).not.toContain('request resume-training');
    expect(store.getState().runs[0]?.state).toBe('queued');
    expect(store.getState().runs[0]?.interruption).toBeUndefined();
  });

  it('resumes a paused run with resume-training on the trainer', async () => {
    const { studio, calls, emitRun } = fakeStudio('electron');
    const store = createRunsStore();
    await store.attach(studio);
    await store.start({ spec, file, grantedPath: '/home/ana/reviews.csv' });
    emitRun({
      type: 'run-updated',
      run: record('desk-1', 'paused'),
      queuePosition: null,
      note: null,
    });
    await store.resume('desk-1');
    expect(calls).toContain('request resume-training');
    expect(calls).not.toContain('resumeRun desk-1');
  });

  it("lists main's runs of the session on attach", async () => {
    const { studio, calls } = fakeStudio('electron');
    const store = createRunsStore();
    await store.attach(studio);
    expect(calls.slice(0, 2)).toEqual(['runs', 'request list-runs']);
  });
});

describe('runs in web mode', () => {
  it("starts a run with start-training carrying the file's bytes", async () => {
    const { studio, calls } = fakeStudio('web');
    const store = createRunsStore({ newRunId: () => 'web-1' });
    await store.attach(studio);
    const runId = await store.start({ spec, file });
    expect(runId).toBe('web-1');
    expect(calls).toEqual(['request list-runs', 'request start-training']);
    expect(store.getState().runs[0]?.state).toBe('running');
  });
});

describe('caption runs in the two shells', () => {
  const captionSpec = defaultRunSpec('caption');

  it("web mode sends the folder's File handles with start-training; the desktop app starts on the granted folder", async () => {
    const web = fakeStudio('web');
    const sent: unknown[] = [];
    const request = web.studio.request.bind(web.studio);
    (web.studio as { request: unknown }).request = async (m: { type: string }) => {
      sent.push(m);
      return request(m as never);
    };
    const webStore = createRunsStore();
    await webStore.attach(web.studio);
    const image = new File([new Uint8Array(3)], 'a.jpg');
    const files = [{ path: 'img/a.jpg', file: image }];
    await webStore.start({ spec: captionSpec, images: { fileName: 'photos', files } });
    const start = sent.find((m) => (m as { type: string }).type === 'start-training');
    expect((start as { data: unknown }).data).toEqual({ fileName: 'photos', files });
    expect(webStore.getState().runs[0]?.fileName).toBe('photos');

    const desk = fakeStudio('electron');
    const deskStore = createRunsStore();
    await deskStore.attach(desk.studio);
    await deskStore.start({ spec: captionSpec, grantedPath: '/home/ana/photos' });
    expect(desk.calls).toContain('startRun caption /home/ana/photos');
    expect(desk.calls).not.toContain('request start-training');
  });

  it('the desktop app refuses a folder picked in the page (it opens folders through its dialog)', async () => {
    const { studio } = fakeStudio('electron');
    const store = createRunsStore();
    await store.attach(studio);
    const files = [{ path: 'a.jpg', file: new File(['x'], 'a.jpg') }];
    await expect(
      store.start({ spec: captionSpec, images: { fileName: 'photos', files } }),
    ).rejects.toThrow(
      "Runs: the desktop app trains a captioner on a folder chosen with its Open Folder dialog or a zip, got the folder 'photos' picked in the page.",
    );
  });
});

describe('a run reading a forward and a backward language model', () => {
  const lmSpec = { ...spec, train: { ...spec.train, initFrom: 'fwd.rnnmodel' } };
  const forward = { fileName: 'fwd.rnnmodel', bytes: new Uint8Array([1, 2]) };
  const backward = { fileName: 'bwd.rnnmodel', bytes: new Uint8Array([3, 4, 5]) };

  it('web mode: start-training carries both bundles', async () => {
    const { studio } = fakeStudio('web');
    const sent: Record<string, unknown>[] = [];
    const request = studio.request.bind(studio);
    studio.request = ((message: Parameters<typeof request>[0]) => {
      sent.push(message as unknown as Record<string, unknown>);
      return request(message);
    }) as typeof studio.request;
    const store = createRunsStore();
    await store.attach(studio);
    await store.start({ spec: lmSpec, file, initFrom: forward, initFromBackward: backward });
    const start = sent.find((m) => m.type === 'start-training');
    expect(start?.initFrom).toEqual(forward);
    expect(start?.initFromBackward).toEqual(backward);
  });

  it('desktop: a backward model with no file is saved first; a granted one goes by its path', async () => {
    const { studio } = fakeStudio('electron');
    const desktop = studio.desktop as NonNullable<RunsStudio['desktop']>;
    const inputs: unknown[] = [];
    desktop.startRun = async (_s, _path, given) => {
      inputs.push(given);
      return record('desk-1', 'queued');
    };
    (desktop as { saveDataset: NonNullable<typeof desktop.saveDataset> }).saveDataset = async (
      name,
      bytes,
    ) => ({ path: `/userData/datasets/${name}`, name, size: bytes.length });
    const store = createRunsStore();
    await store.attach(studio);
    const granted = { ...forward, grantedPath: '/home/ana/fwd.rnnmodel' };
    const start = { spec: lmSpec, file, grantedPath: '/home/ana/reviews.csv', initFrom: granted };
    await store.start({ ...start, initFromBackward: backward });
    await store.start({
      ...start,
      initFromBackward: { ...backward, grantedPath: '/home/ana/bwd.rnnmodel' },
    });
    expect(inputs).toEqual([
      {
        initFromPath: '/home/ana/fwd.rnnmodel',
        initFromBackwardPath: '/userData/datasets/bwd.rnnmodel',
      },
      { initFromPath: '/home/ana/fwd.rnnmodel', initFromBackwardPath: '/home/ana/bwd.rnnmodel' },
    ]);
  });
});
