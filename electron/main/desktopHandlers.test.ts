/** Tests the project, run and export IPC end to end in Node: sender and payload checks, grants, a real session and a real trainer child process. */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { readBundle } from '../../core/io/bundle.ts';
import { presetSpec } from '../../core/tasks/presets.ts';
import { forkNodeTrainer } from '../../test/support/nodeTrainerProcess.ts';
import { tinyClassifyCsv, tinyClassifySpec } from '../../test/support/tinyClassify.ts';
import type { IpcResult } from '../common/ipc/channels.ts';
import { INVOKE_CHANNELS } from '../common/ipc/channels.ts';
import type { DatasetRef, Project } from '../common/projectSchema.ts';
import type { RunRecord } from '../common/runRecord.ts';
import { createAppPageGuard } from './appPage.ts';
import { createDesktopHandlers } from './desktopHandlers.ts';
import { FileGrants } from './fileGrants.ts';
import { type InvokeEventLike, type IpcMainLike, registerIpcHandlers } from './ipc.ts';
import { describeDataset } from './projects/datasetRef.ts';
import { ProjectSession } from './projects/projectSession.ts';
import { RunFiles } from './runs/runFiles.ts';
import { RunRegistry } from './runs/runRegistry.ts';
import { TrainerHost } from './trainerHost.ts';
import { TrainerSupervisor } from './trainerSupervisor.ts';

const APP = 'http://localhost:5173/';
const supervisors: TrainerSupervisor<MessagePort>[] = [];
afterEach(async () => {
  for (const s of supervisors.splice(0)) await s.stop({ graceMs: 2000 });
});

function makeRig(options: { trainer: boolean }) {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-desktop-'));
  const csv = join(dir, 'reviews.csv');
  writeFileSync(csv, tinyClassifyCsv());
  const grants = new FileGrants();
  const session = new ProjectSession({
    userDataDir: join(dir, 'userData'),
    autosaveMs: 20,
    log: () => {},
  });
  const runs = new RunRegistry({
    files: new RunFiles(join(dir, 'userData', 'runs')),
    isDatasetTrusted: (path) => grants.allows(path),
    notify: () => {},
    log: () => {},
  });
  runs.onChange(() => session.setRuns(runs.list()));
  if (options.trainer) {
    const host = new TrainerHost<MessagePort>({ createProcess: forkNodeTrainer, log: () => {} });
    const supervisor = new TrainerSupervisor<MessagePort>({
      host,
      createChannel: () => new MessageChannel(),
      restartPolicy: { maxRestarts: 1, windowMs: 60_000 },
    });
    supervisor.attachMain({
      deliverPort: (port) =>
        runs.attachPort({
          postMessage: (m) => port.postMessage(m),
          onMessage: (l) => void port.on('message', l),
          close: () => port.close(),
        }),
      trainerCrashed: (info, o) => void runs.trainerCrashed(info, o),
    });
    supervisor.start();
    supervisors.push(supervisor);
  }
  const answers = { open: null as string | null, save: null as string | null };
  const recentNotices: string[] = [];
  const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  registerIpcHandlers({
    ipcMain,
    isAppPage: createAppPageGuard({ kind: 'dev-server', url: APP }),
    handlers: createDesktopHandlers({
      grants,
      session,
      runs,
      dialogs: {
        openProject: async () => answers.open,
        saveProject: async () => answers.save,
        locateDataset: async () => null,
        openModel: async () => answers.open,
        saveModel: async () => answers.save,
        saveFolder: async () => answers.save,
        openImageFolder: async () => answers.open,
      },
      onRecentChanged: () => recentNotices.push('recent'),
    }),
  });
  const invoke = async <T>(channel: string, payload: unknown, frameUrl = APP) => {
    const event: InvokeEventLike = { senderFrame: { url: frameUrl }, sender: { id: 1 } };
    return (await handlers.get(channel)?.(event, payload)) as IpcResult<T>;
  };
  return { dir, csv, grants, session, runs, answers, invoke, recentNotices };
}

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('desktop IPC handlers', () => {
  it('refuses to start a run on a path the user never chose', async () => {
    const rig = makeRig({ trainer: false });
    await expect(
      rig.invoke(INVOKE_CHANNELS.runStart, { spec: tinyClassifySpec(1), path: rig.csv }),
    ).resolves.toEqual({
      ok: false,
      error: {
        name: 'FileAccessError',
        message: `File access: '${rig.csv}' is not a file you opened or dropped.`,
      },
    });
  });

  it('refuses project requests from another page and malformed payloads', async () => {
    const rig = makeRig({ trainer: false });
    await expect(
      rig.invoke(INVOKE_CHANNELS.projectGet, {}, 'https://evil.example/'),
    ).resolves.toEqual({
      ok: false,
      error: {
        name: 'SenderError',
        message: `IPC '${INVOKE_CHANNELS.projectGet}': sender must be the app's page, got 'https://evil.example/'.`,
      },
    });
    const bad = await rig.invoke(INVOKE_CHANNELS.runResume, { runId: '../../etc' });
    expect(bad).toMatchObject({ ok: false, error: { name: 'PayloadError' } });
  });

  it('tells main the recent list may have changed after open and save requests succeed, not after failures or reads', async () => {
    const rig = makeRig({ trainer: false });
    rig.answers.save = join(rig.dir, 'Churn.rnnproj');
    await rig.invoke(INVOKE_CHANNELS.projectSaveAsDialog, {});
    expect(rig.recentNotices).toHaveLength(1);
    await rig.invoke(INVOKE_CHANNELS.projectSave, {});
    await rig.invoke(INVOKE_CHANNELS.projectOpenDialog, {});
    expect(rig.recentNotices).toHaveLength(3);
    await rig.invoke(INVOKE_CHANNELS.projectGet, {});
    await rig.invoke(INVOKE_CHANNELS.projectRecent, {});
    const refused = await rig.invoke(INVOKE_CHANNELS.projectOpenRecent, {
      path: join(rig.dir, 'never.rnnproj'),
    });
    expect(refused.ok).toBe(false);
    expect(rig.recentNotices).toHaveLength(3);
  });

  it('refuses to open a project that is not on the recent list without a dialog', async () => {
    const rig = makeRig({ trainer: false });
    const path = join(rig.dir, 'x.rnnproj');
    await expect(rig.invoke(INVOKE_CHANNELS.projectOpenRecent, { path })).resolves.toEqual({
      ok: false,
      error: {
        name: 'ProjectRequestError',
        message: `Project: '${path}' must be on the recent list to open it without a dialog.`,
      },
    });
  });

  it('starts a classifier from a granted language model: the trainer reads it and takes its trunk', async () => {
    const rig = makeRig({ trainer: true });
    const text = join(rig.dir, 'reviews.txt');
    writeFileSync(text, tinyClassifyCsv().split('\n').slice(1, 120).join('\n'));
    rig.grants.grantFile(text);
    rig.grants.grantFile(rig.csv);
    const lmSpec = tinyClassifySpec(1);
    const generate = {
      ...lmSpec,
      task: 'generate' as const,
      data: { tokenizer: 'char' as const, minFreq: 1, maxLength: 40 },
    };
    const lmRun = await rig.invoke<RunRecord>(INVOKE_CHANNELS.runStart, {
      spec: generate,
      path: text,
    });
    if (!lmRun.ok) throw new Error(lmRun.error.message);
    await until(() => rig.runs.get(lmRun.value.runId).state === 'finished', 'the LM to finish');
    rig.answers.save = join(rig.dir, 'lm.rnnmodel');
    await rig.invoke(INVOKE_CHANNELS.exportBundle, { runId: lmRun.value.runId, which: 'best' });
    const spec = tinyClassifySpec(1);
    spec.data.tokenizer = 'char';
    spec.train.initFrom = 'lm.rnnmodel';
    // A copy the user never chose is refused; one opened through the model dialog is granted.
    const copy = join(rig.dir, 'copy.rnnmodel');
    writeFileSync(copy, readFileSync(rig.answers.save));
    const refused = await rig.invoke(INVOKE_CHANNELS.runStart, {
      spec,
      path: rig.csv,
      initFromPath: copy,
    });
    expect(refused).toEqual({
      ok: false,
      error: {
        name: 'FileAccessError',
        message: `File access: '${copy}' is not a file you opened or dropped.`,
      },
    });
    rig.answers.open = null;
    await expect(rig.invoke(INVOKE_CHANNELS.modelOpenDialog, {})).resolves.toEqual({
      ok: true,
      value: null,
    });
    rig.answers.open = copy;
    await expect(rig.invoke(INVOKE_CHANNELS.modelOpenDialog, {})).resolves.toMatchObject({
      ok: true,
      value: { path: copy, name: 'copy.rnnmodel' },
    });
    const started = await rig.invoke<RunRecord>(INVOKE_CHANNELS.runStart, {
      spec,
      path: rig.csv,
      initFromPath: copy,
    });
    if (!started.ok) throw new Error(started.error.message);
    expect(started.value.initFrom).toEqual({ path: copy, fileName: 'lm.rnnmodel' });
    await until(() => rig.runs.get(started.value.runId).state === 'finished', 'the classifier');
    const lm = readBundle(new Uint8Array(readFileSync(join(rig.dir, 'lm.rnnmodel'))));
    rig.answers.save = join(rig.dir, 'clf.rnnmodel');
    await rig.invoke(INVOKE_CHANNELS.exportBundle, { runId: started.value.runId, which: 'best' });
    const clf = readBundle(new Uint8Array(readFileSync(rig.answers.save)));
    expect(clf.vocabularies.vocab).toEqual(lm.vocabularies.vocab);
    // Used as features (the default), the language model's trunk is kept frozen under lm.*.
    expect(Array.from(clf.weights.get('lm.embedding.weight')?.data ?? [])).toEqual(
      Array.from(lm.weights.get('embedding.weight')?.data ?? [0]),
    );
  }, 60_000);

  it('starts a classifier from a forward and a backward language model: the trainer reads both and keeps each frozen trunk', async () => {
    const rig = makeRig({ trainer: true });
    const text = join(rig.dir, 'reviews.txt');
    writeFileSync(text, tinyClassifyCsv().split('\n').slice(1, 120).join('\n'));
    rig.grants.grantFile(text);
    rig.grants.grantFile(rig.csv);
    const trainLm = async (direction: 'forward' | 'backward'): Promise<string> => {
      const base = tinyClassifySpec(1);
      const spec = {
        ...base,
        task: 'generate' as const,
        model: { ...base.model, direction },
        data: { tokenizer: 'char' as const, minFreq: 1, maxLength: 40 },
      };
      const run = await rig.invoke<RunRecord>(INVOKE_CHANNELS.runStart, { spec, path: text });
      if (!run.ok) throw new Error(run.error.message);
      await until(() => rig.runs.get(run.value.runId).state === 'finished', `the ${direction} LM`);
      const saved = join(rig.dir, `${direction}.rnnmodel`);
      rig.answers.save = saved;
      await rig.invoke(INVOKE_CHANNELS.exportBundle, { runId: run.value.runId, which: 'best' });
      // Opened through the model dialog, as the Model section's "Open" does: main grants it.
      rig.answers.open = saved;
      await rig.invoke(INVOKE_CHANNELS.modelOpenDialog, {});
      return saved;
    };
    const forward = await trainLm('forward');
    const backward = await trainLm('backward');
    const spec = tinyClassifySpec(1);
    spec.data.tokenizer = 'char';
    spec.train.initFrom = 'forward.rnnmodel';
    spec.train.initFromBackward = 'backward.rnnmodel';
    spec.train.transfer = 'features';
    // A backward model the user never opened is refused like any other file.
    const stray = join(rig.dir, 'stray.rnnmodel');
    writeFileSync(stray, readFileSync(backward));
    const refused = await rig.invoke(INVOKE_CHANNELS.runStart, {
      spec,
      path: rig.csv,
      initFromPath: forward,
      initFromBackwardPath: stray,
    });
    expect(refused).toEqual({
      ok: false,
      error: {
        name: 'FileAccessError',
        message: `File access: '${stray}' is not a file you opened or dropped.`,
      },
    });
    const started = await rig.invoke<RunRecord>(INVOKE_CHANNELS.runStart, {
      spec,
      path: rig.csv,
      initFromPath: forward,
      initFromBackwardPath: backward,
    });
    if (!started.ok) throw new Error(started.error.message);
    expect(started.value.initFromBackward).toEqual({
      path: backward,
      fileName: 'backward.rnnmodel',
    });
    await until(() => rig.runs.get(started.value.runId).state === 'finished', 'the classifier');
    rig.answers.save = join(rig.dir, 'clf.rnnmodel');
    await rig.invoke(INVOKE_CHANNELS.exportBundle, { runId: started.value.runId, which: 'best' });
    const clf = readBundle(new Uint8Array(readFileSync(rig.answers.save)));
    const fwd = readBundle(new Uint8Array(readFileSync(forward)));
    const bwd = readBundle(new Uint8Array(readFileSync(backward)));
    expect(clf.spec.model.lmFeatures?.backward).toBeDefined();
    const values = (b: typeof clf, name: string) => Array.from(b.weights.get(name)?.data ?? []);
    const trunk = [...bwd.weights.keys()].filter(
      (k) => k.startsWith('embedding.') || k.startsWith('rnn.'),
    );
    expect(trunk.length).toBeGreaterThan(0);
    for (const name of trunk) {
      expect(values(clf, `lm.backward.${name}`), name).toEqual(values(bwd, name));
      expect(values(clf, `lm.${name}`), name).toEqual(values(fwd, name));
    }
    // The two language models learned different weights: the copy is of the right one.
    expect(values(bwd, 'embedding.weight')).not.toEqual(values(fwd, 'embedding.weight'));
  }, 90_000);

  it('runs Auto on a granted file: the record keeps the budget, the exported model keeps the leaderboard', async () => {
    const rig = makeRig({ trainer: true });
    rig.grants.grantFile(rig.csv);
    const auto = { maxMinutes: 0.1, trials: 2 };
    const started = await rig.invoke<RunRecord>(INVOKE_CHANNELS.runStart, {
      spec: tinyClassifySpec(2),
      path: rig.csv,
      auto,
    });
    if (!started.ok) throw new Error(started.error.message);
    expect(started.value.auto).toEqual(auto);
    const runId = started.value.runId;
    await until(() => rig.runs.get(runId).state === 'finished', 'the search and the run');
    rig.answers.save = join(rig.dir, 'auto.rnnmodel');
    await rig.invoke(INVOKE_CHANNELS.exportBundle, { runId, which: 'best' });
    const bundle = readBundle(new Uint8Array(readFileSync(rig.answers.save)));
    const tuning = bundle.tuning as {
      plan: { trials: number; specFirst?: boolean };
      reports: unknown[];
    };
    // The asked-for 2 settings, or the spec alone first when the budget cannot give both a fair look.
    if (tuning.plan.specFirst === true) expect(tuning.plan.trials).toBe(1);
    else expect(tuning.plan.trials).toBe(auto.trials);
    expect(tuning.reports.length).toBeGreaterThan(0);
  }, 120_000);

  it('trains a run on a granted file, exports its .rnnmodel where the user picked, and saves the project with both', async () => {
    const rig = makeRig({ trainer: true });
    rig.grants.grantFile(rig.csv);
    const started = await rig.invoke<RunRecord>(INVOKE_CHANNELS.runStart, {
      spec: tinyClassifySpec(2),
      path: rig.csv,
    });
    if (!started.ok) throw new Error(started.error.message);
    const runId = started.value.runId;
    await until(() => rig.runs.get(runId).state === 'finished', 'the run to finish');

    rig.answers.save = join(rig.dir, 'model.rnnmodel');
    await expect(
      rig.invoke(INVOKE_CHANNELS.exportBundle, { runId, which: 'best' }),
    ).resolves.toEqual({ ok: true, value: rig.answers.save });
    const bundle = readBundle(new Uint8Array(readFileSync(rig.answers.save)));
    expect(bundle.spec.task).toBe('classify');

    rig.answers.save = join(rig.dir, 'onnx');
    await expect(
      rig.invoke(INVOKE_CHANNELS.exportFolder, { runId, which: 'best', format: 'onnx' }),
    ).resolves.toEqual({ ok: true, value: rig.answers.save });
    expect(readdirSync(rig.answers.save).sort()).toEqual(
      expect.arrayContaining(['README.md', 'config.json', 'model.onnx', 'vocab.json']),
    );

    rig.answers.save = join(rig.dir, 'torch');
    await expect(
      rig.invoke(INVOKE_CHANNELS.exportFolder, { runId, which: 'best', format: 'pytorch' }),
    ).resolves.toEqual({ ok: true, value: rig.answers.save });
    expect(readdirSync(rig.answers.save).sort()).toEqual(
      expect.arrayContaining(['README.md', 'config.json', 'model.py', 'model.safetensors']),
    );
    await expect(
      rig.invoke(INVOKE_CHANNELS.exportFolder, { runId, which: 'best', format: 'pytorch' }),
    ).resolves.toEqual({
      ok: false,
      error: {
        name: 'ExportTargetError',
        message: `Export: '${rig.answers.save}' must be a new or empty folder, got one with files in it.`,
      },
    });

    rig.answers.save = join(rig.dir, 'reviews.rnnproj');
    const saved = await rig.invoke<{ project: { runs: RunRecord[]; datasets: unknown[] } }>(
      INVOKE_CHANNELS.projectSaveAsDialog,
      {},
    );
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.value.project.datasets).toHaveLength(1);
    expect(saved.value.project.runs[0]).toMatchObject({
      runId,
      state: 'finished',
      models: [
        { format: 'rnnmodel', path: join(rig.dir, 'model.rnnmodel') },
        { format: 'onnx', path: join(rig.dir, 'onnx') },
        { format: 'pytorch', path: join(rig.dir, 'torch') },
      ],
    });

    // Opened in a fresh app, the project brings its runs and makes its dataset usable again.
    const fresh = makeRig({ trainer: false });
    fresh.answers.open = join(rig.dir, 'reviews.rnnproj');
    const opened = await fresh.invoke<{ project: { runs: RunRecord[] } }>(
      INVOKE_CHANNELS.projectOpenDialog,
      {},
    );
    expect(opened.ok && opened.value.project.runs[0]?.runId).toBe(runId);
    expect(fresh.runs.get(runId).state).toBe('finished');
    expect(fresh.grants.allows(rig.csv)).toBe(true);
  });

  it('opens an image folder from the dialog (granted, listed) and trains a captioner on it without adding it to the project', async () => {
    const rig = makeRig({ trainer: true });
    const photos = join(rig.dir, 'photos');
    cpSync(join(import.meta.dirname, '..', '..', 'test', 'data', 'captions-open'), photos, {
      recursive: true,
    });
    writeFileSync(join(photos, '.hidden.jpg'), 'x');
    rig.answers.open = null;
    await expect(rig.invoke(INVOKE_CHANNELS.openImageFolder, {})).resolves.toEqual({
      ok: true,
      value: null,
    });
    rig.answers.open = photos;
    const listed = await rig.invoke<{ path: string; name: string; files: { path: string }[] }>(
      INVOKE_CHANNELS.openImageFolder,
      {},
    );
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.value.name).toBe('photos');
    expect(listed.value.files.map((f) => f.path)).toContain('captions.csv');
    expect(listed.value.files.map((f) => f.path)).not.toContain('.hidden.jpg');
    expect(rig.grants.allows(join(photos, 'chelsea.jpg'))).toBe(true);

    const refused = await rig.invoke(INVOKE_CHANNELS.runStart, {
      spec: tinyClassifySpec(1),
      path: photos,
    });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        message: `Runs: a folder must train a captioner, got task 'classify' on '${photos}'; choose a data file.`,
      },
    });
    const spec = presetSpec('caption');
    spec.model.image = { backbone: 'cnn', freeze: false, imageSize: 16, width: 4, blocks: 2 };
    spec.data.minFreq = 1;
    spec.train = { ...spec.train, epochs: 1, batchSize: 4 };
    const started = await rig.invoke<RunRecord>(INVOKE_CHANNELS.runStart, { spec, path: photos });
    if (!started.ok) throw new Error(started.error.message);
    const runId = started.value.runId;
    await until(() => ['finished', 'failed'].includes(rig.runs.get(runId).state), 'the run');
    expect(rig.runs.get(runId).error).toBeNull();
    expect(rig.runs.get(runId).metrics).toHaveProperty('bleu');
    expect(rig.session.view().project.datasets).toHaveLength(0);
  }, 120_000);

  it('opening a crafted project grants nothing outside its folder, even with matching fingerprints', async () => {
    const rig = makeRig({ trainer: false });
    const folder = join(rig.dir, 'mailed');
    mkdirSync(folder);
    writeFileSync(join(folder, 'inside.csv'), tinyClassifyCsv());
    symlinkSync(rig.csv, join(folder, 'linked.csv'));
    const refs: DatasetRef[] = await Promise.all([
      describeDataset(join(folder, 'inside.csv'), 'inside'),
      describeDataset('/etc/passwd', 'passwd'),
      describeDataset(rig.csv, 'sibling'),
      describeDataset(join(folder, 'linked.csv'), 'linked'),
    ]);
    const projectPath = join(folder, 'crafted.rnnproj');
    writeFileSync(projectPath, JSON.stringify(craftedProject({ datasets: refs })));
    rig.answers.open = projectPath;
    const opened = await rig.invoke<{ datasets: Record<string, { status: string }> }>(
      INVOKE_CHANNELS.projectOpenDialog,
      {},
    );
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.datasets).toEqual({
      inside: { status: 'ok' },
      passwd: { status: 'unconfirmed' },
      sibling: { status: 'unconfirmed' },
      linked: { status: 'unconfirmed' },
    });
    expect(rig.grants.allows(join(folder, 'inside.csv'))).toBe(true);
    for (const outside of ['/etc/passwd', rig.csv, join(folder, 'linked.csv')]) {
      expect(rig.grants.allows(outside)).toBe(false);
    }
  });

  it('refuses run records of a project that point outside their run folder or at data not opened', async () => {
    const rig = makeRig({ trainer: false });
    const files = new RunFiles(join(rig.dir, 'userData', 'runs'));
    const folder = join(rig.dir, 'mailed');
    mkdirSync(folder);
    const inside = join(folder, 'reviews.csv');
    writeFileSync(inside, tinyClassifyCsv());
    const ref = await describeDataset(inside, 'd1');
    await files.writeCheckpoint('run-good', 'last', new Uint8Array([1]));
    await files.writeCheckpoint('run-other', 'last', new Uint8Array([1]));
    const runs = [
      craftedRun('run-passwd', { path: inside, last: '/etc/passwd' }),
      craftedRun('run-borrow', { path: inside, last: files.checkpointPath('run-other', 'last') }),
      craftedRun('run-shadow', {
        path: '/etc/shadow',
        last: files.checkpointPath('run-good', 'last'),
      }),
      craftedRun('run-good', { path: inside, last: files.checkpointPath('run-good', 'last') }),
    ];
    const projectPath = join(folder, 'runs.rnnproj');
    writeFileSync(projectPath, JSON.stringify(craftedProject({ datasets: [ref], runs })));
    rig.answers.open = projectPath;
    expect((await rig.invoke(INVOKE_CHANNELS.projectOpenDialog, {})).ok).toBe(true);

    expect(rig.runs.get('run-passwd').checkpoints.last).toBeNull();
    await expect(rig.invoke(INVOKE_CHANNELS.runResume, { runId: 'run-passwd' })).resolves.toEqual({
      ok: false,
      error: {
        name: 'RunRequestError',
        message: `Runs: run 'run-passwd' has no checkpoint to resume from (its checkpoint '/etc/passwd' was ignored: a checkpoint must be at '${files.checkpointPath('run-passwd', 'last')}').`,
      },
    });
    expect(rig.runs.get('run-borrow').checkpoints.last).toBeNull();
    await expect(
      rig.invoke(INVOKE_CHANNELS.runResume, { runId: 'run-borrow' }),
    ).resolves.toMatchObject({ ok: false, error: { name: 'RunRequestError' } });
    await expect(rig.invoke(INVOKE_CHANNELS.runResume, { runId: 'run-shadow' })).resolves.toEqual({
      ok: false,
      error: {
        name: 'RunRequestError',
        message:
          "Runs: run 'run-shadow' trains on '/etc/shadow', which is not a file you opened; locate the dataset (Data › Locate…) and resume again.",
      },
    });
    // The honest record keeps its checkpoint and passes both checks (it fails later only
    // because this rig has no trainer).
    expect(rig.runs.get('run-good').checkpoints.last).toBe(
      files.checkpointPath('run-good', 'last'),
    );
    await expect(
      rig.invoke(INVOKE_CHANNELS.runResume, { runId: 'run-good' }),
    ).resolves.toMatchObject({ ok: true, value: { runId: 'run-good', state: 'queued' } });
  });
});

/** A project file as an attacker would write it: valid JSON of the current format. */
function craftedProject(parts: { datasets: DatasetRef[]; runs?: RunRecord[] }): Project {
  return {
    app: 'rnn-studio',
    kind: 'project',
    version: 1,
    id: 'crafted',
    name: 'Crafted',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    datasets: parts.datasets,
    specs: [],
    runs: parts.runs ?? [],
  };
}

/** A failed run record naming its data file and last checkpoint. */
function craftedRun(runId: string, at: { path: string; last: string }): RunRecord {
  return {
    runId,
    spec: tinyClassifySpec(1),
    dataset: { path: at.path, fileName: 'reviews.csv' },
    state: 'failed',
    createdAt: '2026-01-01T00:00:00.000Z',
    endedAt: '2026-01-01T00:01:00.000Z',
    history: [],
    metrics: null,
    baseline: null,
    finishReason: null,
    error: null,
    checkpoints: { last: at.last, best: null },
    models: [],
  };
}
