/** The main window's remembered size, position and maximised flag, kept on screen when restored. */
import { z } from 'zod';
import { type AtomicWriteOptions, readJsonFile, writeJsonAtomic } from './atomicFile.ts';

/** A rectangle in screen coordinates (DIPs), as Electron's `Rectangle`. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const windowStateSchema = z
  .object({
    x: z.number().int().optional(),
    y: z.number().int().optional(),
    width: z.number().int().min(400).max(100_000),
    height: z.number().int().min(300).max(100_000),
    maximized: z.boolean(),
  })
  .strict();

export type WindowState = z.infer<typeof windowStateSchema>;

/** The first-run size; no position, so the OS centres the window. */
export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 820, maximized: false };

/** The least overlap (DIPs on each axis) with some display for a saved position to be kept. */
const MIN_VISIBLE = 64;

/**
 * Keeps a saved state usable on today's displays: a position that is no longer on any display's
 * work area (a monitor was unplugged) is dropped so the OS centres the window, and a size larger
 * than the biggest work area is shrunk to it.
 */
export function fitToDisplays(state: WindowState, workAreas: readonly Rect[]): WindowState {
  if (workAreas.length === 0) return state;
  const maxWidth = Math.max(...workAreas.map((a) => a.width));
  const maxHeight = Math.max(...workAreas.map((a) => a.height));
  const width = Math.min(state.width, maxWidth);
  const height = Math.min(state.height, maxHeight);
  const { x, y } = state;
  if (x === undefined || y === undefined) return { width, height, maximized: state.maximized };
  const visible = workAreas.some((a) => {
    const overlapX = Math.min(x + width, a.x + a.width) - Math.max(x, a.x);
    const overlapY = Math.min(y + height, a.y + a.height) - Math.max(y, a.y);
    return overlapX >= MIN_VISIBLE && overlapY >= MIN_VISIBLE && y >= a.y - 8;
  });
  return visible
    ? { x, y, width, height, maximized: state.maximized }
    : { width, height, maximized: state.maximized };
}

/**
 * Loads the saved state, falling back to the default (and saying why through `warn`) when the
 * file is missing or damaged.
 */
export async function loadWindowState(
  file: string,
  warn: (message: string) => void,
): Promise<WindowState> {
  const read = await readJsonFile(file, windowStateSchema);
  if (read.ok) return read.value;
  if (read.reason === 'invalid') warn(`Window state ignored: ${read.message}`);
  return DEFAULT_WINDOW_STATE;
}

/** Saves the state atomically. */
export function saveWindowState(
  file: string,
  state: WindowState,
  options: AtomicWriteOptions = {},
): Promise<void> {
  return writeJsonAtomic(file, windowStateSchema.parse(state), options);
}
