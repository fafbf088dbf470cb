/** The app's shared state (the dataset being used and the RunSpec being built) as a tiny external store for React. */
import { useSyncExternalStore } from 'react';
import type { ColumnRoles, Inspection, ReadOptions } from '../../core/data/index.ts';
import type { MessageDetail } from '../../core/errors.ts';
import {
  type DerivedColumn,
  type ModelSpec,
  type RunSpec,
  runSpecSchema,
  type TaskKind,
} from '../../core/tasks/spec.ts';
import type { LoadedCaptions } from '../features/data/captions/inspectCaptions.ts';
import type { Preview } from '../features/data/preview.ts';
import type { ReadingCarryNote } from '../features/data/readingCarry.ts';
import { rolesForTask } from '../features/data/taskRoles.ts';
import { applyRoles, defaultRunSpec, rolesFromSpec } from './runSpec.ts';

/** A file the user loaded, with what the importer found in it. */
export interface LoadedDataset {
  /** The file itself, kept so it can be inspected again (another encoding) or sent to training. */
  file: File;
  /** Set when the file is one of the bundled samples. */
  sampleId?: string;
  /**
   * Desktop app only: the file's path as main granted it (picked or dropped), which
   * `desktop.startRun` needs; absent in web mode and for bytes with no file on disk (samples,
   * recipe downloads).
   */
  grantedPath?: string;
  /** Set when the dataset was loaded by a recipe (core/recipes), with that recipe's name. */
  recipe?: string;
  /** The reading options the user fixed (encoding, delimiter, header…); `inspection.reading` holds every option used. */
  reading: ReadOptions;
  /** Set when the previous file's fixes were weighed for this one: which were kept and which dropped. */
  carried?: ReadingCarryNote;
  inspection: Inspection;
  preview: Preview;
}

/** Split settings the RunSpec does not carry (yet): how rows are assigned to the splits. */
export interface SplitOptions {
  /** classify: keep each class's share in every split. */
  stratified: boolean;
}

/** Where the current import stands (shown by the Data section, kept when the user switches sections). */
export type ImportStatus =
  | { status: 'idle' }
  | { status: 'reading'; fileName: string; totalBytes: number; bytesRead: number; records: number }
  | {
      status: 'failed';
      /** The refused file, so it can be inspected again with another encoding. */
      file: File;
      fileName: string;
      name: string;
      message: string;
      code?: string;
      /** `message` as a key and parameters, worded in the UI's language when present. */
      detail?: MessageDetail;
      /** The file's size and the limit it broke, for refusals by size. */
      fileBytes?: number;
      limitBytes?: number;
    };

export interface StudioState {
  dataset: LoadedDataset | null;
  /** caption: the image folder or zip chosen instead of a table file (then `dataset` is null). */
  captions: LoadedCaptions | null;
  import: ImportStatus;
  /** Column roles chosen in the Data section; `spec.data` is derived from them. */
  roles: ColumnRoles;
  spec: RunSpec;
  split: SplitOptions;
  /** How shapes are written in the Model section (PyTorch's `batch_first`). */
  batchFirst: boolean;
}

/** A store with the app's actions. */
export interface StudioStore {
  getState(): StudioState;
  subscribe(listener: () => void): () => void;
  /** Uses a newly inspected file: its suggested task, roles and that task's default spec. */
  loadDataset(dataset: LoadedDataset): void;
  /**
   * Replaces the dataset after a re-inspection (another encoding, header or delimiter), keeping
   * task and roles if they still fit; otherwise the file's suggested task and roles, with the
   * user's training settings (and model, for the same task) kept.
   */
  replaceDataset(dataset: LoadedDataset): void;
  clearDataset(): void;
  /** Uses a captioning folder or zip: the task becomes caption with its default model; training settings are kept. */
  loadCaptions(captions: LoadedCaptions): void;
  setImport(status: ImportStatus): void;
  /** Switches task: guessed roles, the task's default model; split settings are kept. */
  setTask(task: TaskKind): void;
  setRoles(roles: ColumnRoles): void;
  setSpec(update: (spec: RunSpec) => RunSpec): void;
  setModel(model: ModelSpec): void;
  setSplit(split: SplitOptions): void;
  setBatchFirst(batchFirst: boolean): void;
  /**
   * Uses a recipe's whole spec for the loaded dataset: its task, columns (as roles), model and
   * training settings; split settings other than the spec's are kept.
   */
  applyRecipe(recipe: { name: string; spec: RunSpec }): void;
  /**
   * Uses a spec saved in a project for the loaded dataset (or none): its task, columns (as roles),
   * model and training settings; split settings and batch_first are kept.
   */
  applySavedSpec(spec: RunSpec): void;
  /** Back to the start (no dataset, classify's default spec), as a new project begins. */
  reset(): void;
}

function specFor(task: TaskKind, roles: ColumnRoles, keep?: RunSpec): RunSpec {
  const spec = defaultRunSpec(task);
  spec.data = applyRoles(spec.data, task, roles);
  if (keep !== undefined) {
    const { seed, valSplit, testSplit } = keep.train;
    spec.train = { ...spec.train, seed, valSplit, testSplit };
  }
  return spec;
}

/**
 * `spec` reading the file as the loaded dataset was read: `data.reading` is the inspection's
 * complete options (the user's and the guessed), so training, the saved model and the export
 * read it exactly as the Data section showed it. Without a dataset the spec is kept as it is.
 */
function withReading(spec: RunSpec, dataset: LoadedDataset | null): RunSpec {
  if (dataset === null) return spec;
  const reading = dataset.inspection.reading.options;
  if (JSON.stringify(spec.data.reading) === JSON.stringify(reading)) return spec;
  return { ...spec, data: { ...spec.data, reading: structuredClone(reading) } };
}

function initialState(): StudioState {
  return {
    dataset: null,
    captions: null,
    import: { status: 'idle' },
    roles: {},
    spec: defaultRunSpec('classify'),
    split: { stratified: true },
    batchFirst: false,
  };
}

/** Creates a store; the app uses the one {@link studioStore}, tests make their own. */
export function createStudioStore(): StudioStore {
  let state: StudioState = initialState();
  // NOTE: derived columns exist for forecast only; a switch to another task shelves them here, a
  // switch back brings them back (for the same dataset).
  let shelvedDerived: DerivedColumn[] = [];
  const listeners = new Set<() => void>();
  const set = (next: Partial<StudioState>): void => {
    const merged = { ...state, ...next };
    state = { ...merged, spec: withReading(merged.spec, merged.dataset) };
    for (const l of listeners) l();
  };
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    loadDataset(dataset) {
      shelvedDerived = [];
      const task = dataset.inspection.suggestedTask;
      const roles = { ...dataset.inspection.roles };
      set({
        dataset,
        captions: null,
        roles,
        spec: specFor(task, roles),
        import: { status: 'idle' },
      });
    },
    replaceDataset(dataset) {
      const names = new Set(dataset.inspection.columns.map((c) => c.name));
      const fits = Object.values(state.roles)
        .flat()
        .every((v) => typeof v !== 'string' || names.has(v));
      if (fits) {
        set({ dataset, import: { status: 'idle' } });
        return;
      }
      // NOTE: the same file read another way (a header row, a delimiter) renames its columns, so
      // the roles are guessed again; the model and training settings the user chose stay.
      shelvedDerived = [];
      const task = dataset.inspection.suggestedTask;
      const roles = { ...dataset.inspection.roles };
      const spec =
        task === state.spec.task
          ? { ...state.spec, data: applyRoles(state.spec.data, task, roles) }
          : { ...specFor(task, roles), train: { ...state.spec.train } };
      set({ dataset, roles, spec, import: { status: 'idle' } });
    },
    clearDataset() {
      shelvedDerived = [];
      set({ dataset: null, captions: null, roles: {}, import: { status: 'idle' } });
    },
    loadCaptions(captions) {
      shelvedDerived = [];
      const spec = specFor('caption', {}, state.spec);
      set({ dataset: null, captions, roles: {}, spec, import: { status: 'idle' } });
    },
    setImport(status) {
      set({ import: status });
    },
    setTask(task) {
      const roles = state.dataset === null ? {} : rolesForTask(task, state.dataset.inspection);
      const spec = specFor(task, roles, state.spec);
      if (state.spec.task === 'forecast') shelvedDerived = state.spec.data.derivedColumns ?? [];
      if (task === 'forecast' && shelvedDerived.length > 0) {
        spec.data = { ...spec.data, derivedColumns: shelvedDerived };
      }
      set({ roles, spec });
    },
    setRoles(roles) {
      set({
        roles,
        spec: { ...state.spec, data: applyRoles(state.spec.data, state.spec.task, roles) },
      });
    },
    setSpec(update) {
      set({ spec: update(state.spec) });
    },
    setModel(model) {
      set({ spec: { ...state.spec, model } });
    },
    setSplit(split) {
      set({ split });
    },
    setBatchFirst(batchFirst) {
      set({ batchFirst });
    },
    applyRecipe(recipe) {
      const spec = runSpecSchema.parse(structuredClone(recipe.spec));
      const dataset = state.dataset === null ? null : { ...state.dataset, recipe: recipe.name };
      const roles = dataset === null ? {} : rolesFromSpec(spec.task, spec.data, dataset.inspection);
      set({ dataset, roles, spec });
    },
    applySavedSpec(saved) {
      const spec = runSpecSchema.parse(structuredClone(saved));
      const roles =
        state.dataset === null ? {} : rolesFromSpec(spec.task, spec.data, state.dataset.inspection);
      set({ roles, spec });
    },
    reset() {
      shelvedDerived = [];
      set({ ...initialState(), batchFirst: state.batchFirst });
    },
  };
}

/** The app's store. */
export const studioStore: StudioStore = createStudioStore();

/** Reads a slice of the app state and re-renders when it changes. */
export function useStudio<T>(select: (state: StudioState) => T): T {
  return useSyncExternalStore(studioStore.subscribe, () => select(studioStore.getState()));
}
