/** Tests of the renderer's project store over a fake desktop: datasets join the project, edits are saved debounced, opening brings data and settings back (a dataset above one IPC message too, read in slices through the real preload), save/save-as, File menu commands, locating a moved file. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ReadOptions } from '../../core/data/readOptions.ts';
import type {
  MenuCommand,
  ProjectView,
  RecentProject,
  SavedSpec,
} from '../../electron/common/ipc/api.ts';
import { MAX_IPC_BYTES } from '../../electron/common/ipc/channels.ts';
import { createStudioApi } from '../../electron/preload/studioApi.ts';
import { grantedFileMain } from '../../test/support/grantedFileMain.ts';
import { inspectFile } from '../features/data/inspectFile.ts';
import { createProjectStore, type ProjectDesktop, upsertSpec } from './project.ts';
import { defaultRunSpec } from './runSpec.ts';
import { createStudioStore, type StudioStore } from './store.ts';

const CSV = 'text,label\ngood food,pos\nbad service,neg\nlovely place,pos\nawful,neg\n';

function blankView(id: string, name = 'Untitled'): ProjectView {
  return {
    project: {
      app: 'rnn-studio',
      kind: 'project',
      version: 1,
      id,
      name,
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
      datasets: [],
      specs: [],
      runs: [],
    },
    path: null,
    dirty: false,
    datasets: {},
  };
}

const ref = (id: string, path: string) => ({
  id,
  name: path.split('/').at(-1) as string,
  path,
  size: CSV.length,
  mtimeMs: 0,
  headSha256: 'a'.repeat(64),
});

/** A desktop whose project lives in memory; dialogs answer with `dialog.*`. */
function fakeDesktop(start: ProjectView) {
  let view = structuredClone(start);
  const calls: string[] = [];
  const files = new Map<string, Uint8Array>([['/data/reviews.csv', new TextEncoder().encode(CSV)]]);
  // NOTE: files are read back through the real preload over a stand-in for main's channels, so
  // the slicing, the size limits and the change check are those of the app.
  const main = grantedFileMain(files);
  const preload = createStudioApi({
    ipc: {
      invoke: async (channel, payload) => main.reply(channel, payload) ?? { ok: true, value: null },
      on: () => () => undefined,
    },
    getPathForFile: () => '',
  }).desktop as NonNullable<ReturnType<typeof createStudioApi>['desktop']>;
  const recent: RecentProject[] = [];
  const projects = new Map<string, ProjectView>();
  const dialog = { open: null as string | null, saveAs: null as string | null };
  const menu = new Set<(c: MenuCommand) => void>();
  const changed = new Set<(v: ProjectView) => void>();
  const out = () => structuredClone(view);
  const desktop: ProjectDesktop = {
    async project() {
      return out();
    },
    async newProject(name) {
      calls.push(`newProject ${name}`);
      view = blankView(`p-${calls.length}`, name);
      return out();
    },
    async openProjectDialog() {
      calls.push('openProjectDialog');
      const found = dialog.open === null ? undefined : projects.get(dialog.open);
      if (found === undefined) return null;
      view = structuredClone(found);
      return out();
    },
    async openRecentProject(path) {
      calls.push(`openRecentProject ${path}`);
      const found = projects.get(path);
      if (found === undefined) throw new Error(`Project: '${path}' is gone.`);
      view = structuredClone(found);
      return out();
    },
    async recentProjects() {
      return structuredClone(recent);
    },
    async saveProject() {
      calls.push('saveProject');
      if (view.path === null) throw new Error('Project: choose where to save it first (Save As…).');
      view.dirty = false;
      projects.set(view.path, structuredClone(view));
      return out();
    },
    async saveProjectAs() {
      calls.push('saveProjectAs');
      if (dialog.saveAs === null) return null;
      view.path = dialog.saveAs;
      view.dirty = false;
      view.project.name = dialog.saveAs.replace(/^.*\//, '').replace('.rnnproj', '');
      projects.set(view.path, structuredClone(view));
      recent.unshift({ path: view.path, name: view.project.name, openedAt: '' });
      return out();
    },
    async addDatasetToProject(path) {
      calls.push(`addDatasetToProject ${path}`);
      const id = `d-${view.project.datasets.length + 1}`;
      view.project.datasets.push(ref(id, path));
      view.datasets[id] = { status: 'ok' };
      view.dirty = true;
      return out();
    },
    async locateDataset(datasetId, options) {
      calls.push(`locateDataset ${datasetId} ${options.acceptChanged}`);
      if (!options.acceptChanged) {
        throw new Error(
          "Project: '/data/other.csv' is not the same file as 'reviews.csv' (size or content differ); choose it anyway to use it instead.",
        );
      }
      view.project.datasets = view.project.datasets.map((d) =>
        d.id === datasetId ? { ...d, path: '/data/reviews.csv' } : d,
      );
      view.datasets[datasetId] = { status: 'ok' };
      return out();
    },
    async setProjectSpecs(specs) {
      calls.push(`setProjectSpecs ${specs.map((s) => s.datasetId).join(',')}`);
      view.project.specs = structuredClone(specs);
      view.dirty = true;
      return out();
    },
    openGrantedFile(path, name, o) {
      calls.push(`openGrantedFile ${path}`);
      return preload.openGrantedFile(path, name, o);
    },
    onMenuCommand(listener) {
      menu.add(listener);
      return () => menu.delete(listener);
    },
    onProjectChanged(listener) {
      changed.add(listener);
      return () => changed.delete(listener);
    },
  };
  return {
    desktop,
    calls,
    files,
    main,
    dialog,
    projects,
    view: () => view,
    menu: (c: MenuCommand) => {
      for (const l of menu) l(c);
    },
    changed: (v: ProjectView) => {
      for (const l of changed) l(v);
    },
  };
}

/**
 * Loads `file` into `studio` as the Data section would. With `headBytes`, only the rows within
 * the first that many bytes are inspected (the whole file is still what is loaded): inspecting
 * millions of rows is the Data section's business, and slow here.
 */
async function importInto(
  studio: StudioStore,
  file: File,
  grantedPath: string,
  o: { headBytes?: number; reading?: ReadOptions | undefined } = {},
): Promise<void> {
  let inspected: Blob = file;
  if (o.headBytes !== undefined && file.size > o.headBytes) {
    const head = new Uint8Array(await file.slice(0, o.headBytes).arrayBuffer());
    inspected = file.slice(0, head.lastIndexOf(10) + 1);
  }
  const reading = o.reading ?? {};
  const { inspection, preview } = await inspectFile(inspected, { fileName: file.name, reading });
  studio.loadDataset({ file, reading, inspection, preview, grantedPath });
}

function setup(start: ProjectView = blankView('p-0'), o: { headBytes?: number } = {}) {
  const fake = fakeDesktop(start);
  const studio = createStudioStore();
  const store = createProjectStore({
    desktop: fake.desktop,
    studio,
    importDataset: (file, i) =>
      importInto(studio, file, i.grantedPath, { ...o, reading: i.reading }),
    specDelayMs: 20,
  });
  return { ...fake, studio, store };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const settle = () => sleep(60);

/**
 * A classify CSV of at least `size` bytes: the header, then a block of varied rows repeated
 * whole (so every row stays complete).
 */
function largeCsv(size: number): Uint8Array {
  const rows = Array.from(
    { length: 4000 },
    (_, i) => `${i % 2 === 0 ? 'good food' : 'bad service'} ${i},${i % 2 === 0 ? 'pos' : 'neg'}\n`,
  );
  const header = new TextEncoder().encode('text,label\n');
  const block = new TextEncoder().encode(rows.join(''));
  const copies = Math.ceil((size - header.length) / block.length);
  const bytes = new Uint8Array(header.length + copies * block.length);
  bytes.set(header, 0);
  for (let c = 0; c < copies; c++) bytes.set(block, header.length + c * block.length);
  return bytes;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function savedProject(path = '/data/reviews.csv'): ProjectView {
  const spec = defaultRunSpec('classify');
  spec.data = { ...spec.data, textColumn: 'text', labelColumn: 'label' };
  spec.model = { ...spec.model, embeddingDim: 48 };
  spec.train = { ...spec.train, epochs: 7 };
  const view = blankView('p-saved', 'reviews');
  view.path = '/projects/reviews.rnnproj';
  view.project.datasets = [ref('d-1', path)];
  view.project.specs = [{ id: 'spec-d-1', name: 'reviews.csv', datasetId: 'd-1', spec }];
  view.datasets = { 'd-1': { status: 'ok' } };
  return view;
}

describe('project store', () => {
  it('adds a loaded desktop file to the project and saves spec edits once after a burst', async () => {
    const rig = setup();
    await rig.store.connect();
    await importInto(rig.studio, new File([CSV], 'reviews.csv'), '/data/reviews.csv');
    await settle();
    expect(rig.calls).toContain('addDatasetToProject /data/reviews.csv');
    expect(rig.store.getState().activeDatasetId).toBe('d-1');
    const sentBefore = rig.calls.filter((c) => c.startsWith('setProjectSpecs')).length;
    for (const dim of [20, 30, 40]) {
      rig.studio.setModel({ ...rig.studio.getState().spec.model, embeddingDim: dim });
    }
    await settle();
    expect(rig.calls.filter((c) => c.startsWith('setProjectSpecs')).length).toBe(sentBefore + 1);
    expect(rig.view().project.specs[0]?.spec.model.embeddingDim).toBe(40);
    expect(rig.view().project.specs[0]?.datasetId).toBe('d-1');
  });

  it('opening a saved project reads its dataset back and restores its settings without dirtying it', async () => {
    const rig = setup();
    rig.projects.set('/projects/reviews.rnnproj', savedProject());
    rig.dialog.open = '/projects/reviews.rnnproj';
    await rig.store.connect();
    await rig.store.open();
    await settle();
    const { dataset, spec, roles } = rig.studio.getState();
    expect(rig.calls).toContain('openGrantedFile /data/reviews.csv');
    expect(dataset?.grantedPath).toBe('/data/reviews.csv');
    expect(spec.model.embeddingDim).toBe(48);
    expect(spec.train.epochs).toBe(7);
    expect(roles).toMatchObject({ text: 'text', label: 'label' });
    expect(rig.store.getState().activeDatasetId).toBe('d-1');
    expect(rig.store.getState().view?.project.name).toBe('reviews');
    expect(rig.calls.filter((c) => c.startsWith('setProjectSpecs'))).toEqual([]);
  });

  it('reads a saved dataset back with the reading options saved in its spec', async () => {
    const rig = setup();
    const view = savedProject();
    const saved = view.project.specs[0]?.spec as NonNullable<
      (typeof view.project.specs)[0]
    >['spec'];
    saved.data = { ...saved.data, textColumn: 'column 1', labelColumn: 'column 2' };
    saved.data.reading = { header: 'no' };
    rig.projects.set('/projects/reviews.rnnproj', view);
    rig.dialog.open = '/projects/reviews.rnnproj';
    await rig.store.connect();
    await rig.store.open();
    await settle();
    const { dataset, spec, roles } = rig.studio.getState();
    expect(dataset?.inspection.hasHeader).toBe(false);
    expect(dataset?.inspection.rows).toBe(5);
    expect(dataset?.inspection.reading.decisions.header).toEqual({ by: 'user' });
    expect(spec.data.reading).toMatchObject({ header: 'no', delimiter: ',', format: 'csv' });
    expect(roles).toMatchObject({ text: 'column 1', label: 'column 2' });
  });

  it('reopens a dataset larger than one IPC message, read in slices with progress', async () => {
    const bytes = largeCsv(MAX_IPC_BYTES + 2 * 1024 * 1024);
    const rig = setup(blankView('p-0'), { headBytes: 64 * 1024 });
    rig.files.set('/data/big.csv', bytes);
    rig.projects.set('/projects/big.rnnproj', savedProject('/data/big.csv'));
    await rig.store.connect();
    const progress: number[] = [];
    rig.store.subscribe(() => {
      const p = rig.store.getState().loadingProgress;
      if (p !== null && p.bytesRead !== progress.at(-1)) progress.push(p.bytesRead);
    });
    await rig.store.openRecent('/projects/big.rnnproj');
    expect(rig.store.getState().error).toBeNull();
    const { dataset, spec } = rig.studio.getState();
    if (dataset === null) throw new Error('the dataset did not come back');
    expect(dataset.grantedPath).toBe('/data/big.csv');
    expect(dataset.file.name).toBe('big.csv');
    expect(dataset.file.size).toBe(bytes.length);
    expect(sha256(new Uint8Array(await dataset.file.arrayBuffer()))).toBe(sha256(bytes));
    expect(spec.model.embeddingDim).toBe(48);
    expect(rig.main.slices.length).toBeGreaterThan(8);
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(bytes.length);
    expect(progress).toHaveLength(rig.main.slices.length + 1);
    expect(rig.store.getState()).toMatchObject({
      activeDatasetId: 'd-1',
      loadingDatasetId: null,
      loadingProgress: null,
    });
  });

  it('shows which file changed, and what to do, when a dataset changes while it is read back', async () => {
    const bytes = largeCsv(9 * 1024 * 1024);
    const grown = largeCsv(10 * 1024 * 1024);
    const rig = setup(blankView('p-0'), { headBytes: 64 * 1024 });
    rig.files.set('/data/big.csv', bytes);
    rig.projects.set('/projects/big.rnnproj', savedProject('/data/big.csv'));
    await rig.store.connect();
    rig.store.subscribe(() => {
      if ((rig.store.getState().loadingProgress?.bytesRead ?? 0) > 0) {
        rig.files.set('/data/big.csv', grown);
      }
    });
    await rig.store.openRecent('/projects/big.rnnproj');
    expect(rig.store.getState().error).toEqual({
      message: `Open file: '/data/big.csv' must keep its size of ${bytes.length} bytes while it is read, got ${grown.length} bytes. Wait until the program writing it has finished, then open it again.`,
    });
    expect(rig.studio.getState().dataset).toBeNull();
    expect(rig.store.getState()).toMatchObject({ loadingDatasetId: null, loadingProgress: null });
  });

  it('restores the settings of a project whose dataset moved and offers no data until located', async () => {
    const moved = savedProject();
    moved.datasets = { 'd-1': { status: 'missing' } };
    const rig = setup();
    rig.projects.set('/projects/reviews.rnnproj', moved);
    await rig.store.connect();
    await rig.store.openRecent('/projects/reviews.rnnproj');
    expect(rig.studio.getState().dataset).toBeNull();
    expect(rig.studio.getState().spec.model.embeddingDim).toBe(48);
    expect(rig.calls.some((c) => c.startsWith('openGrantedFile'))).toBe(false);
  });

  it('shows main’s refusal of a different located file and takes it when the user accepts', async () => {
    const moved = savedProject();
    moved.datasets = { 'd-1': { status: 'missing' } };
    const rig = setup(moved);
    await rig.store.connect();
    await rig.store.locate('d-1', { acceptChanged: false });
    expect(rig.store.getState().error).toEqual({
      message:
        "Project: '/data/other.csv' is not the same file as 'reviews.csv' (size or content differ); choose it anyway to use it instead.",
      acceptChangedFor: 'd-1',
    });
    await rig.store.locate('d-1', { acceptChanged: true });
    expect(rig.store.getState().error).toBeNull();
    expect(rig.store.getState().view?.datasets['d-1']).toEqual({ status: 'ok' });
    expect(rig.studio.getState().dataset?.grantedPath).toBe('/data/reviews.csv');
  });

  it('saves an unsaved project through Save As, sending a pending edit first', async () => {
    const rig = setup();
    await rig.store.connect();
    await importInto(rig.studio, new File([CSV], 'reviews.csv'), '/data/reviews.csv');
    await settle();
    rig.studio.setModel({ ...rig.studio.getState().spec.model, embeddingDim: 33 });
    rig.dialog.saveAs = '/projects/mine.rnnproj';
    await rig.store.save();
    const order = rig.calls.filter((c) => /^(setProjectSpecs|saveProject)/.test(c));
    expect(order.at(-2)).toBe('setProjectSpecs d-1');
    expect(order.at(-1)).toBe('saveProjectAs');
    expect(rig.store.getState().view?.path).toBe('/projects/mine.rnnproj');
    expect(rig.store.getState().recent.map((r) => r.name)).toEqual(['mine']);
    await rig.store.save();
    expect(rig.calls.at(-1)).toBe('saveProject');
  });

  it('carries out File menu commands and a new project starts Data over', async () => {
    const rig = setup();
    rig.projects.set('/projects/reviews.rnnproj', savedProject());
    await rig.store.connect();
    rig.menu({ command: 'open-recent-project', path: '/projects/reviews.rnnproj' });
    await settle();
    expect(rig.studio.getState().dataset).not.toBeNull();
    rig.menu({ command: 'new-project' });
    await settle();
    expect(rig.calls).toContain('newProject Untitled');
    expect(rig.studio.getState().dataset).toBeNull();
    expect(rig.studio.getState().spec).toEqual(defaultRunSpec('classify'));
    expect(rig.store.getState().view?.project.name).toBe('Untitled');
  });

  it('brings back the data and settings of a project main opened before the window connected', async () => {
    const rig = setup(savedProject());
    await rig.store.connect();
    expect(rig.studio.getState().dataset?.grantedPath).toBe('/data/reviews.csv');
    expect(rig.studio.getState().spec.model.embeddingDim).toBe(48);
    expect(rig.store.getState().activeDatasetId).toBe('d-1');
  });

  it('reflects a save main made itself without reloading the data', async () => {
    const rig = setup(savedProject());
    await rig.store.connect();
    const saved = { ...savedProject(), dirty: false };
    saved.project.name = 'renamed';
    const reads = rig.calls.filter((c) => c.startsWith('openGrantedFile')).length;
    rig.changed(saved);
    await settle();
    expect(rig.store.getState().view?.project.name).toBe('renamed');
    expect(rig.calls.filter((c) => c.startsWith('openGrantedFile')).length).toBe(reads);
  });

  it('keeps one saved spec per dataset, the latest edited first', () => {
    const spec = defaultRunSpec('classify');
    let specs: SavedSpec[] = [];
    specs = upsertSpec(specs, { datasetId: 'a', name: 'a.csv', spec });
    specs = upsertSpec(specs, { datasetId: 'b', name: 'b.csv', spec });
    specs = upsertSpec(specs, { datasetId: 'a', name: 'a.csv', spec });
    expect(specs.map((s) => s.id)).toEqual(['spec-a', 'spec-b']);
  });
});
