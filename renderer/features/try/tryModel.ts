/** The model the Try section uses — the selected run's or an opened .rnnmodel — and the requests on it (predict, export). */

import { useSyncExternalStore } from 'react';
import { readBundle } from '../../../core/io/bundle.ts';
import type { ExportFormat } from '../../../core/io/export/formats.ts';
import type { ModelSource } from '../../../core/protocol/messages.ts';
import type { RequestOf } from '../../../core/protocol/trainerClient.ts';
import type { RunSpec, TaskKind } from '../../../core/tasks/spec.ts';
import type { Prediction } from '../../../core/tasks/task.ts';
import { getStudio } from '../../app/bridge.ts';
import { downloadBytes } from '../../components/download.ts';
import { exportZip } from './exportZip.ts';

/** One prediction input as the protocol carries it (text, tokens or rows, and decoding options). */
export type PredictInput = RequestOf<'predict'>['inputs'][number];

/** A model to try: where the trainer finds it, and what the demos need to know about it. */
export interface TryModel {
  source: ModelSource;
  task: TaskKind;
  spec: RunSpec;
  /** The run's label or the bundle's file name. */
  label: string;
  /** The task state saved with the model (forecast: columns, window, horizon, last rows). */
  taskState: unknown;
  /** Held-out metrics stored with the model. */
  metrics: Record<string, number>;
}

let opened: TryModel | null = null;
const listeners = new Set<() => void>();

/** The opened .rnnmodel, if any (it replaces the run's model in Try until closed). */
export function useOpenedModel(): TryModel | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => opened,
  );
}

function setOpened(model: TryModel | null): void {
  opened = model;
  for (const l of listeners) l();
}

/**
 * Reads a .rnnmodel chosen by the user (File API in web mode and Electron alike) and makes it
 * the model of the Try section.
 * @throws ConfigError / DatasetError from readBundle for a file that is not a model.
 */
export async function openModelFile(file: File): Promise<TryModel> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const bundle = readBundle(bytes, file.name);
  const model: TryModel = {
    source: { bundle: bytes, fileName: file.name },
    task: bundle.spec.task,
    spec: bundle.spec,
    label: file.name,
    taskState: bundle.taskState,
    metrics: bundle.metrics,
  };
  setOpened(model);
  return model;
}

/** Goes back to the selected run's model. */
export function closeOpenedModel(): void {
  setOpened(null);
}

/** Predictions of `model` for `inputs`. @throws the trainer's error (e.g. ConfigError for bad input). */
export async function predict(model: ModelSource, inputs: PredictInput[]): Promise<Prediction[]> {
  const studio = await getStudio();
  const { predictions } = await studio.request({ type: 'predict', model, inputs });
  return predictions;
}

/** The bundle bytes of a run's best model (`export-bundle`). */
export async function exportRunBundle(
  runId: string,
): Promise<{ bytes: Uint8Array; fileName: string }> {
  const studio = await getStudio();
  return studio.request({ type: 'export-bundle', runId });
}

/** The task state and metrics of a run's model, read from its exported bundle. */
export async function runModelDetails(
  runId: string,
): Promise<{ taskState: unknown; metrics: Record<string, number> }> {
  const { bytes, fileName } = await exportRunBundle(runId);
  const bundle = readBundle(bytes, fileName);
  return { taskState: bundle.taskState, metrics: bundle.metrics };
}

/** The desktop's export functions, when the Electron shell offers them (feature-detected: electron/ is evolving). */
interface DesktopExport {
  exportModel?: (runId: string, which: 'best' | 'last') => Promise<string | null>;
}

/**
 * Saves a run's model as .rnnmodel: through the desktop's save dialog when
 * `window.studio.desktop.exportModel` exists (null when the user cancelled), else as a download
 * of the `export-bundle` bytes from a Blob URL (web mode).
 * @returns the saved path or file name, or null when cancelled.
 */
export async function exportRunModel(runId: string): Promise<string | null> {
  const studio = await getStudio();
  const desktop = studio.desktop as DesktopExport | undefined;
  if (typeof desktop?.exportModel === 'function') {
    try {
      return await desktop.exportModel(runId, 'best');
    } catch (err) {
      // NOTE: main's run registry knows only runs it queued; others are exported as bytes.
      console.warn('The desktop export refused this run; downloading it instead.', err);
    }
  }
  const { bytes, fileName } = await exportRunBundle(runId);
  downloadBytes(bytes, fileName, 'application/zip');
  return fileName;
}

/**
 * Exports a model for PyTorch or ONNX: in the desktop app `desktop.exportFolder` asks for a new
 * folder and writes it there (null when cancelled); in web mode the folder's files
 * (core/io/export) are zipped and downloaded as `<name>-<format>.zip`.
 * @param model a run's id, or an opened bundle's bytes and file name
 * @returns the saved folder or zip name, or null when cancelled.
 * @throws ConfigError from the exporter for a task it cannot export.
 */
export async function exportModelFolder(
  model: { runId: string } | { bundle: Uint8Array; fileName: string },
  format: ExportFormat,
): Promise<string | null> {
  const studio = await getStudio();
  if ('runId' in model && studio.desktop !== undefined) {
    return studio.desktop.exportFolder(model.runId, 'best', format);
  }
  const { bytes, fileName } =
    'runId' in model
      ? await exportRunBundle(model.runId)
      : { bytes: model.bundle, fileName: model.fileName };
  const zipName = `${fileName.replace(/\.rnnmodel$/i, '')}-${format}.zip`;
  downloadBytes(exportZip(readBundle(bytes, fileName), format), zipName, 'application/zip');
  return zipName;
}
