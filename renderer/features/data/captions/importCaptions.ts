/** Starts the reading of a captioning folder or zip: its progress and refusal for the Data section, the result into the app store. */
import { useSyncExternalStore } from 'react';
import type { MessageDetail } from '../../../../core/errors.ts';
import { type StudioStore, studioStore } from '../../../app/store.ts';
import { canvasImageDecoder } from '../../../web/canvasImageDecoder.ts';
import type { CaptionSource } from './captionSource.ts';
import { inspectCaptions } from './inspectCaptions.ts';

/** Where reading the chosen captioning data stands. */
export type CaptionImport =
  | { readonly status: 'idle' }
  | { readonly status: 'reading'; readonly name: string }
  | {
      readonly status: 'failed';
      readonly name: string;
      readonly message: string;
      /** The message as a key and parameters, worded in the UI's language when present. */
      readonly detail?: MessageDetail;
    };

let state: CaptionImport = { status: 'idle' };
const listeners = new Set<() => void>();
let generation = 0;

function set(next: CaptionImport): void {
  state = next;
  for (const l of listeners) l();
}

/** The current caption import (the Data section shows it). */
export function useCaptionImport(): CaptionImport {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}

/** Forgets a refusal (a table file was chosen instead). */
export function clearCaptionImport(): void {
  generation += 1;
  set({ status: 'idle' });
}

/**
 * Reads `source` (captions file, counts, preview) and loads it as the dataset: the task becomes
 * caption with its default model. A later import supersedes one still reading.
 */
export async function importCaptions(
  source: CaptionSource,
  store: StudioStore = studioStore,
): Promise<void> {
  const mine = ++generation;
  set({ status: 'reading', name: source.name });
  try {
    const loaded = await inspectCaptions(source, canvasImageDecoder);
    if (mine !== generation) return;
    store.loadCaptions(loaded);
    set({ status: 'idle' });
  } catch (err) {
    if (mine !== generation) return;
    failCaptionImport(source.name, err);
  }
}

/** Shows why `name` cannot be used (core's message, worded from its key when it has one). */
export function failCaptionImport(name: string, err: unknown): void {
  const e = err instanceof Error ? err : new Error(String(err));
  const detail = (e as { detail?: MessageDetail }).detail;
  set({ status: 'failed', name, message: e.message, ...(detail === undefined ? {} : { detail }) });
}
