/** The word-vector file of `train --word-vectors`: streamed from disk a chunk at a time, its reading shown as a live progress line (or JSON events). */
import { basename } from 'node:path';
import type { WordVectorSource } from '../core/tasks/task.ts';
import { fileProblem, regularFileSize, streamRegularFile } from './inputFiles.ts';
import type { CliIo } from './io.ts';

const MIB = 1024 * 1024;

/** `reading word vectors 'cc.ko.300.vec': 120.5/1,200.0 MiB (10%)`. */
export function formatVectorsLine(fileName: string, bytesRead: number, totalBytes: number): string {
  const mib = (n: number) =>
    (n / MIB).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const percent = totalBytes > 0 ? Math.floor((100 * bytesRead) / totalBytes) : 100;
  return `reading word vectors '${fileName}': ${mib(bytesRead)}/${mib(totalBytes)} MiB (${percent}%)`;
}

const ERASE = '\r\x1b[2K';

/**
 * Prints the reading's progress: on a terminal one line redrawn in place (erased when done), off a
 * terminal a plain line per further tenth, with `--json` a `vectors-progress` object per tenth.
 */
function progressPrinter(
  io: CliIo,
  json: boolean,
  file: { name: string; size: number },
): (bytesRead: number) => void {
  const terminal = json ? null : (io.stdoutTerminal?.() ?? null);
  let lastTenth = -1;
  return (bytesRead) => {
    const done = bytesRead >= file.size;
    if (terminal !== null) {
      const line = formatVectorsLine(file.name, bytesRead, file.size);
      io.stdout(done ? ERASE : `${ERASE}${line.slice(0, Math.max(10, terminal.columns - 1))}`);
      return;
    }
    const tenth = file.size > 0 ? Math.floor((10 * bytesRead) / file.size) : 10;
    if (tenth <= lastTenth) return;
    lastTenth = tenth;
    const event = {
      type: 'vectors-progress',
      fileName: file.name,
      bytesRead,
      totalBytes: file.size,
    };
    io.stdout(
      json
        ? `${JSON.stringify(event)}\n`
        : `${formatVectorsLine(file.name, bytesRead, file.size)}\n`,
    );
  };
}

/** The file's chunks, a file-system failure while reading turned into the one-line message. */
async function* chunksOf(path: string): AsyncGenerator<Uint8Array> {
  try {
    yield* streamRegularFile(path);
  } catch (err) {
    throw fileProblem(err, path) ?? err;
  }
}

/**
 * The vector file at `path` as a streamed source (never read whole), after checking it is a
 * regular file.
 * @throws ConfigError (one line naming the path) for a missing or unreadable file or a folder.
 */
export async function vectorFileSource(
  path: string,
  o: { io: CliIo; json: boolean },
): Promise<WordVectorSource> {
  let size: number;
  try {
    size = await regularFileSize(path);
  } catch (err) {
    throw fileProblem(err, path) ?? err;
  }
  const name = basename(path);
  return {
    fileName: name,
    chunks: () => chunksOf(path),
    onProgress: progressPrinter(o.io, o.json, { name, size }),
  };
}
