/** Starts and cancels imports: the file goes to the inspection worker, the result into the app store. */
import type { ReadOptions } from '../../../core/data/index.ts';
import { trainingFileRefusal } from '../../../core/train/trainingFile.ts';
import { getStudio } from '../../app/bridge.ts';
import { type LoadedDataset, type StudioStore, studioStore } from '../../app/store.ts';
import { carryDerived } from './derivedColumns.ts';
import { ImportFailure, type InspectionTask, inspectInWorker } from './inspector.ts';
import { carryReading } from './readingCarry.ts';

let current: InspectionTask | null = null;

/** Options of {@link importFile}. */
export interface ImportOptions {
  /**
   * Reading options the user (or a saved project) fixed. Left out for a new file, the previous
   * file's fixes are carried over when the new file has the same format (see {@link carryReading}).
   */
  reading?: ReadOptions;
  /** The bundled sample the file was made from. */
  sampleId?: string;
  /** Keep the task and roles when the columns did not change (a re-inspection). */
  reinspect?: boolean;
  /** The file was made in memory (a recipe download): the desktop app saves a copy to train on. */
  inMemory?: boolean;
  /**
   * Desktop app: the path main already granted for these bytes (a project's dataset read back
   * from disk), so the file is neither registered nor saved again.
   */
  grantedPath?: string;
  store?: StudioStore;
}

/**
 * Inspects `file` off the main thread, showing progress in the store; on success the dataset
 * replaces the current one (keeping the derived columns it can still compute), on failure the
 * store holds the importer's message. In the desktop app
 * a dropped or picked file is also granted to main, and data with no file on disk (a sample, a
 * download) is saved by main, so training can read it later.
 */
export async function importFile(file: File, options: ImportOptions = {}): Promise<void> {
  const store = options.store ?? studioStore;
  current?.cancel();
  const host = (await getStudio()).desktop === undefined ? 'browser' : 'desktop';
  const refusal = trainingFileRefusal(host, file.name, file.size);
  if (refusal !== null) {
    // NOTE: refused before reading a byte: the app could inspect it but its trainer would refuse
    // it too (core/train/trainingFile.ts), so the user learns it now, with the reason.
    store.setImport({
      status: 'failed',
      file,
      fileName: file.name,
      name: 'DatasetError',
      message: refusal.message,
      detail: refusal.detail,
      code: refusal.code,
      fileBytes: refusal.params.fileBytes,
      limitBytes: refusal.params.limitBytes,
    });
    return;
  }
  store.setImport({
    status: 'reading',
    fileName: file.name,
    totalBytes: file.size,
    bytesRead: 0,
    records: 0,
  });
  // NOTE: only a file the user picked weighs the previous file's fixes; a re-inspection keeps its
  // own, and samples, recipe downloads and project files are read as they come (or as saved).
  const picked =
    options.reinspect !== true &&
    options.sampleId === undefined &&
    options.inMemory !== true &&
    options.grantedPath === undefined;
  const previous = picked ? store.getState().dataset : null;
  const inspect = (reading: ReadOptions | undefined): InspectionTask => {
    const task = inspectInWorker(file, {
      ...(reading !== undefined ? { reading } : {}),
      onProgress: (p) =>
        store.setImport({
          status: 'reading',
          fileName: file.name,
          totalBytes: p.totalBytes ?? file.size,
          bytesRead: p.bytesRead,
          records: p.records,
        }),
    });
    current = task;
    return task;
  };
  let task = inspect(options.reading);
  const onDisk = options.sampleId === undefined && options.inMemory !== true;
  // NOTE: the grant runs beside the inspection; its path is what desktop.startRun trains on.
  const granted =
    options.grantedPath !== undefined
      ? Promise.resolve(options.grantedPath)
      : onDisk
        ? grantToDesktop(file)
        : saveToDesktop(file);
  try {
    let result = await task.result;
    let reading = options.reading ?? {};
    const carry =
      options.reading === undefined && previous !== null
        ? carryReading(previous, result.inspection)
        : null;
    if (carry !== null && carry.kept.length > 0 && current === task) {
      reading = carry.reading;
      task = inspect(reading);
      result = await task.result;
    }
    const { inspection, preview } = result;
    const grantedPath = await granted;
    if (current !== task) return;
    const dataset: LoadedDataset = {
      file,
      reading,
      inspection,
      preview,
      ...(carry !== null ? { carried: carry.note } : {}),
      ...(options.sampleId !== undefined ? { sampleId: options.sampleId } : {}),
      ...(grantedPath !== null ? { grantedPath } : {}),
    };
    const before = store.getState();
    if (options.reinspect === true) store.replaceDataset(dataset);
    else store.loadDataset(dataset);
    carryDerived(store, before, { reinspect: options.reinspect === true });
  } catch (err) {
    if (current !== task) return;
    if (err instanceof ImportFailure && err.code === 'aborted') {
      store.setImport({ status: 'idle' });
      return;
    }
    const e = err instanceof Error ? err : new Error(String(err));
    const code = err instanceof ImportFailure ? err.code : undefined;
    const detail = err instanceof ImportFailure ? err.detail : undefined;
    store.setImport({
      status: 'failed',
      file,
      fileName: file.name,
      name: e.name,
      message: e.message,
      ...(code !== undefined ? { code } : {}),
      ...(detail !== undefined ? { detail } : {}),
    });
  } finally {
    if (current === task) current = null;
  }
}

/** Cancels the import under way; the worker stops at its next chunk. */
export function cancelImport(): void {
  current?.cancel();
}

/**
 * In Electron, registers the file with main (dropped and picked files alike) and returns its
 * granted path; web mode has no host (null).
 */
async function grantToDesktop(file: File): Promise<string | null> {
  const studio = await getStudio();
  if (studio.desktop === undefined) return null;
  try {
    return (await studio.desktop.addDroppedFile(file)).path;
  } catch (err) {
    // NOTE: a file with no path on disk (dragged from a browser, made by a page) is saved by
    // main instead, up to its IPC size limit.
    console.warn('Data: the desktop app could not register the file; saving a copy.', err);
    return saveToDesktop(file);
  }
}

/**
 * In Electron, has main save bytes with no file on disk (a bundled sample, a recipe download) to
 * the app's data folder and returns the granted path, so Train works at once; web mode: null.
 */
async function saveToDesktop(file: File): Promise<string | null> {
  const studio = await getStudio();
  if (studio.desktop === undefined) return null;
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    return (await studio.desktop.saveDataset(file.name, bytes)).path;
  } catch (err) {
    // NOTE: the preview works without a path; Start explains the failure (runs.ts saves again).
    console.warn('Data: the desktop app could not save the data to disk.', err);
    return null;
  }
}
