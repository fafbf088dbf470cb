/** A stand-in for main's granted-file channels (file info, whole and ranged reads) over bytes in memory, with main's size limits and messages: shared by the preload and renderer tests. */

import {
  INVOKE_CHANNELS,
  type IpcResult,
  MAX_IPC_SLICE_BYTES,
} from '../../electron/common/ipc/channels.ts';
import { assertIpcSize } from '../../electron/main/datasetFiles.ts';

/** What {@link grantedFileMain} returns. */
export interface GrantedFileMain {
  /**
   * Answers `channel` as main would for the files in the map (others are refused as not
   * granted); null for channels it does not serve.
   */
  reply(channel: string, payload: object): IpcResult<unknown> | null;
  /** The length of every slice served by a ranged read, in order. */
  slices: number[];
}

const fail = (name: string, message: string): IpcResult<unknown> => ({
  ok: false,
  error: { name, message },
});

/**
 * Serves `files` (path → bytes). The map is read on every request, so a test changes a file
 * mid-read by setting a new value.
 */
export function grantedFileMain(files: Map<string, Uint8Array>): GrantedFileMain {
  const slices: number[] = [];
  const reply = (channel: string, payload: object): IpcResult<unknown> | null => {
    const served = [
      INVOKE_CHANNELS.fileInfo,
      INVOKE_CHANNELS.readGrantedFile,
      INVOKE_CHANNELS.readGrantedFileRange,
    ] as string[];
    if (!served.includes(channel)) return null;
    const { path, offset, length } = payload as { path: string; offset: number; length: number };
    const bytes = files.get(path);
    if (bytes === undefined) {
      return fail('FileAccessError', `File access: '${path}' is not a file you opened or dropped.`);
    }
    if (channel === INVOKE_CHANNELS.fileInfo) {
      return { ok: true, value: { path, name: path.split('/').at(-1), size: bytes.length } };
    }
    if (channel === INVOKE_CHANNELS.readGrantedFile) {
      try {
        assertIpcSize('Read file', path, bytes.length);
      } catch (err) {
        return fail((err as Error).name, (err as Error).message);
      }
      return { ok: true, value: bytes.slice() };
    }
    if (length > MAX_IPC_SLICE_BYTES) {
      return fail('PayloadError', `test main: length ${length} is above the slice limit.`);
    }
    if (offset > bytes.length) {
      return fail(
        'FileRangeError',
        `Read file range: offset must be a whole number from 0 to the file's size ${bytes.length}, got ${offset}.`,
      );
    }
    const slice = bytes.slice(offset, offset + length);
    slices.push(slice.length);
    return { ok: true, value: slice };
  };
  return { reply, slices };
}
