/** The type of `window.studio`: the only surface the renderer can reach, in Electron and web mode. */
import type { TrainerResults, TrainerToHost } from '../../core/protocol/messages.ts';

/** Events the UI subscribes to: trainer logs and errors not tied to a request. */
export type StudioEvent = Exclude<TrainerToHost, { type: 'reply' }>;

export interface StudioApi {
  /** Where the app runs: the Electron desktop app, or the browser edition (web mode). */
  readonly shell: 'electron' | 'web';
  /** Asks the trainer for its core version and host kind. */
  hello(): Promise<TrainerResults['hello']>;
  /** Subscribes to trainer events; returns the unsubscribe function. */
  onEvent(listener: (event: StudioEvent) => void): () => void;
}
