/**
 * The end-to-end tests' entry of the web build, loaded before the app only in a build of mode 'e2e'
 * (build/vite/e2eHooksPlugin.ts; no production bundle contains it): with `?e2e-hooks` a synthetic
 * run history of any length for the Train charts, with `?e2e-desktop` a desktop API the test provides.
 */
import type { DesktopApi, StudioApi } from '../../electron/common/ipc/api.ts';
import { startWebStudio } from '../web/webStudio.ts';

import { defaultRunSpec } from './runSpec.ts';
import type { EpochEvent, RunView } from './runs.ts';
import { runsStore } from './runs.ts';

/** What the hook adds to `window`. */
export interface StudioTestHooks {
  /**
   * Shows a finished classify run with `steps` steps (a falling noisy loss, a cosine LR, gradient
   * norms) over `epochs` epochs in Train, replacing an earlier synthetic run; calling it again
   * with more steps extends the same run, as live progress would.
   */
  syntheticRun(options: { steps: number; epochs: number }): string;
}

const RUN_ID = 'synthetic-history';

function syntheticRun({ steps, epochs }: { steps: number; epochs: number }): string {
  const spec = defaultRunSpec('classify');
  const series = { step: [], loss: [], smoothed: [], lr: [], gradNorm: [] } as RunView['steps'];
  let smooth = 0;
  for (let i = 0; i < steps; i++) {
    // NOTE: a deterministic pseudo-noise, so screenshots and timings repeat.
    const noise = Math.sin(i * 12.9898) * 0.5 + Math.sin(i * 0.013) * 0.1;
    const loss = 0.3 + 0.4 * Math.exp(-i / (steps / 5)) + 0.08 * noise;
    smooth = i === 0 ? loss : 0.98 * smooth + 0.02 * loss;
    series.step.push(i + 1);
    series.loss.push(loss);
    series.smoothed.push(smooth);
    series.lr.push(1e-3 * 0.5 * (1 + Math.cos((Math.PI * i) / steps)));
    series.gradNorm.push(1 + Math.abs(noise) * 2);
  }
  const perEpoch = Math.max(1, Math.floor(steps / epochs));
  const epochEvents: EpochEvent[] = Array.from({ length: epochs }, (_, e) => ({
    type: 'training-epoch',
    runId: RUN_ID,
    epoch: e,
    step: Math.min(steps, (e + 1) * perEpoch),
    trainLoss: series.smoothed[Math.min(steps, (e + 1) * perEpoch) - 1] as number,
    val: { loss: 0.35 + 0.3 * Math.exp(-e / 4), accuracy: 0.6 + 0.3 * (1 - Math.exp(-e / 4)) },
    lr: 1e-3,
    best: true,
    seconds: 1,
  }));
  runsStore.importRun({
    runId: RUN_ID,
    task: 'classify',
    spec,
    fileName: 'synthetic.csv',
    label: `Synthetic · ${steps.toLocaleString('en')} steps`,
    startedAt: Date.now(),
    state: 'finished',
    progress: null,
    steps: series,
    epochs: epochEvents,
    finished: null,
    error: null,
    logs: [],
    evaluation: null,
    version: 0,
  });
  return RUN_ID;
}

/** Installs `window.__studioTest` when the URL asks for the hooks. */
function installTestHooks(): void {
  if (!new URLSearchParams(window.location.search).has('e2e-hooks')) return;
  (window as Window & { __studioTest?: StudioTestHooks }).__studioTest = { syntheticRun };
}

/**
 * With `?e2e-desktop`, exposes `window.studio` before the app starts, as the preload does in
 * Electron: web mode's trainer with the desktop API the end-to-end test installed as
 * `window.__studioTestDesktop` (its project functions are main's real ProjectSession, run by the
 * test), so web mode behaves like the desktop app.
 */
function installTestDesktop(): void {
  if (!new URLSearchParams(window.location.search).has('e2e-desktop')) return;
  const w = window as Window & { __studioTestDesktop?: DesktopApi; studio?: StudioApi };
  const desktop = w.__studioTestDesktop;
  if (desktop === undefined) return;
  const web = startWebStudio();
  w.studio = {
    shell: 'electron',
    hello: () => web.hello(),
    request: web.request,
    onEvent: (listener) => web.onEvent(listener),
    desktop,
  };
}

installTestHooks();
installTestDesktop();
