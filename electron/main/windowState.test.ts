/** Tests remembering the window's bounds and keeping them on screen. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW_STATE,
  fitToDisplays,
  loadWindowState,
  saveWindowState,
} from './windowState.ts';

const laptop = { x: 0, y: 0, width: 1440, height: 875 };
const monitorRight = { x: 1440, y: 0, width: 2560, height: 1415 };

describe('fitToDisplays', () => {
  it('keeps a position that is still on a display', () => {
    const state = { x: 1600, y: 100, width: 1200, height: 800, maximized: false };
    expect(fitToDisplays(state, [laptop, monitorRight])).toEqual(state);
  });

  it('drops the position when its display was unplugged, so the OS centres the window', () => {
    const state = { x: 1600, y: 100, width: 1200, height: 800, maximized: true };
    expect(fitToDisplays(state, [laptop])).toEqual({ width: 1200, height: 800, maximized: true });
  });

  it('shrinks a size larger than every display', () => {
    const state = { x: 0, y: 0, width: 3000, height: 2000, maximized: false };
    expect(fitToDisplays(state, [laptop])).toEqual({
      x: 0,
      y: 0,
      width: 1440,
      height: 875,
      maximized: false,
    });
  });
});

describe('window state file', () => {
  it('round-trips through an atomic save', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rnn-studio-window-'));
    const file = join(dir, 'window-state.json');
    const state = { x: 10, y: 20, width: 1000, height: 700, maximized: false };
    await saveWindowState(file, state);
    await expect(loadWindowState(file, () => {})).resolves.toEqual(state);
    await rm(dir, { recursive: true, force: true });
  });

  it('falls back to the default and says why when the file is damaged', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rnn-studio-window-'));
    const file = join(dir, 'window-state.json');
    await writeFile(file, '{"width": 10, "height": 700, "maximized": false}');
    const warnings: string[] = [];
    await expect(loadWindowState(file, (w) => warnings.push(w))).resolves.toEqual(
      DEFAULT_WINDOW_STATE,
    );
    expect(warnings).toEqual([
      `Window state ignored: '${file}': width: Too small: expected number to be >=400`,
    ]);
    await rm(dir, { recursive: true, force: true });
  });

  it('uses the default silently on first run', async () => {
    const warnings: string[] = [];
    await expect(
      loadWindowState(join(tmpdir(), 'rnn-studio-no-such-dir', 'w.json'), (w) => warnings.push(w)),
    ).resolves.toEqual(DEFAULT_WINDOW_STATE);
    expect(warnings).toEqual([]);
  });
});
