/** Tests the open-project session on real files: save-as/open round trip, debounced autosave, unsaved autosave under userData, recent list, locating a moved dataset. */
import { existsSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tinyClassifySpec } from '../../../test/support/tinyClassify.ts';
import { EVENT_CHANNELS } from '../../common/ipc/channels.ts';
import { checkEvent } from '../../common/ipc/events.ts';
import { nodeAtomicWriteFs } from '../atomicFile.ts';
import { ProjectSession } from './projectSession.ts';
import { MAX_RECENT } from './recentProjects.ts';

/** What the preload would refuse of the views main sends windows (the event contract). */
const refusedViews: string[] = [];
afterEach(() => {
  expect(refusedViews.splice(0)).toEqual([]);
});

function makeSession(options: { autosaveMs?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-session-'));
  const userDataDir = join(dir, 'userData');
  let writes = 0;
  let id = 0;
  const logs: string[] = [];
  const autosaved: { dirty: boolean; name: string | undefined }[] = [];
  const session = new ProjectSession({
    userDataDir,
    autosaveMs: options.autosaveMs ?? 30,
    fs: {
      ...nodeAtomicWriteFs,
      writeAndFlush: async (path, data) => {
        if (path.includes('.rnnproj.')) writes += 1;
        await nodeAtomicWriteFs.writeAndFlush(path, data);
      },
    },
    newId: () => `id-${++id}`,
    log: (line) => logs.push(line),
    onAutosaved: (view) => {
      const checked = checkEvent(EVENT_CHANNELS.projectChanged, view);
      if (!checked.ok) refusedViews.push(checked.message);
      autosaved.push({ dirty: view.dirty, name: view.project.specs[0]?.name });
    },
  });
  const csv = join(dir, 'reviews.csv');
  writeFileSync(csv, 'text,label\ngood,pos\nbad,neg\n');
  return { dir, userDataDir, session, csv, logs, autosaved, writes: () => writes };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ProjectSession', () => {
  it('saves as a chosen file and opens it again with the same datasets and specs', async () => {
    const rig = makeSession();
    const ref = await rig.session.addDataset(rig.csv);
    rig.session.setSpecs([
      { id: 's', name: 'small', datasetId: ref.id, spec: tinyClassifySpec(2) },
    ]);
    const saved = await rig.session.saveAs(join(rig.dir, 'reviews'));
    expect(saved.path).toBe(join(rig.dir, 'reviews.rnnproj'));
    expect(saved.project.name).toBe('reviews');
    expect(saved.dirty).toBe(false);

    const other = makeSession();
    const opened = await other.session.open(join(rig.dir, 'reviews.rnnproj'));
    expect(opened.project).toEqual(saved.project);
    expect(opened.datasets).toEqual({ [ref.id]: { status: 'ok' } });
  });

  it('autosaves once after a burst of changes, to the chosen file', async () => {
    const rig = makeSession({ autosaveMs: 60 });
    await rig.session.saveAs(join(rig.dir, 'p.rnnproj'));
    const before = rig.writes();
    for (let i = 0; i < 5; i++) {
      rig.session.setSpecs([
        { id: 's', name: `v${i}`, datasetId: null, spec: tinyClassifySpec(1) },
      ]);
      await sleep(10);
    }
    expect(rig.writes()).toBe(before);
    expect(rig.session.view().dirty).toBe(true);
    await sleep(150);
    expect(rig.writes()).toBe(before + 1);
    expect(rig.session.view().dirty).toBe(false);
    const onDisk = JSON.parse(readFileSync(join(rig.dir, 'p.rnnproj'), 'utf8'));
    expect(onDisk.specs[0].name).toBe('v4');
    // Windows hear of the autosave once, with the saved state.
    expect(rig.autosaved).toEqual([{ dirty: false, name: 'v4' }]);
  });

  it('autosaves a project never saved under userData/autosave', async () => {
    const rig = makeSession();
    rig.session.setSpecs([{ id: 's', name: 'draft', datasetId: null, spec: tinyClassifySpec(1) }]);
    await rig.session.flush();
    const path = rig.session.autosavePath();
    expect(path.startsWith(join(rig.userDataDir, 'autosave'))).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8')).specs[0].name).toBe('draft');
  });

  it('refuses a plain save before the project has a file, verbatim', async () => {
    const rig = makeSession();
    await expect(rig.session.save()).rejects.toThrow(
      'Project: choose where to save it first (Save As…).',
    );
  });

  it('keeps the recent list newest first, without duplicates, at most ten', async () => {
    const rig = makeSession();
    for (let i = 0; i < MAX_RECENT + 2; i++) await rig.session.saveAs(join(rig.dir, `p${i}`));
    await rig.session.open(join(rig.dir, 'p3.rnnproj'));
    const recent = await rig.session.recent();
    expect(recent).toHaveLength(MAX_RECENT);
    expect(recent[0]?.path).toBe(join(rig.dir, 'p3.rnnproj'));
    expect(recent[1]?.path).toBe(join(rig.dir, `p${MAX_RECENT + 1}.rnnproj`));
    expect(new Set(recent.map((r) => r.path)).size).toBe(MAX_RECENT);
    expect(existsSync(join(rig.userDataDir, 'recent-projects.json'))).toBe(true);
  });

  it('reports a moved dataset on open and follows it when the user locates it', async () => {
    const rig = makeSession();
    const ref = await rig.session.addDataset(rig.csv);
    await rig.session.saveAs(join(rig.dir, 'p.rnnproj'));
    const moved = join(rig.dir, 'moved.csv');
    renameSync(rig.csv, moved);
    const opened = await rig.session.open(join(rig.dir, 'p.rnnproj'));
    expect(opened.datasets[ref.id]).toEqual({ status: 'missing' });
    const located = await rig.session.locateDataset(ref.id, moved, { acceptChanged: false });
    expect(located.datasets[ref.id]).toEqual({ status: 'ok' });
    expect(located.project.datasets[0]?.path).toBe(moved);
  });

  it('refuses a different file as the located dataset unless accepted', async () => {
    const rig = makeSession();
    const ref = await rig.session.addDataset(rig.csv);
    const other = join(rig.dir, 'other.csv');
    writeFileSync(other, 'x,y\n1,2\n');
    await expect(
      rig.session.locateDataset(ref.id, other, { acceptChanged: false }),
    ).rejects.toThrow(
      `Project: '${other}' is not the same file as 'reviews.csv' (size or content differ); choose it anyway to use it instead.`,
    );
    const accepted = await rig.session.locateDataset(ref.id, other, { acceptChanged: true });
    expect(accepted.project.datasets[0]).toMatchObject({ id: ref.id, path: other, size: 8 });
  });
});
