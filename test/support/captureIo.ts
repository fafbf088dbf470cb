/** Test helper: the CLI's real I/O with stdout and stderr captured as strings. */
import { type CliIo, nodeIo } from '../../cli/io.ts';

/**
 * The real file system and streams of `nodeIo`, except that what the command prints is kept in
 * `out` and `err`, and stdout is a pipe unless `terminal` gives it a terminal's width.
 */
export function captureIo(
  options: { terminal?: { columns: number } } = {},
): CliIo & { out: string; err: string } {
  const io = {
    ...nodeIo,
    stdoutTerminal: () => options.terminal ?? null,
    out: '',
    err: '',
    stdout: (t: string) => {
      io.out += t;
    },
    stderr: (t: string) => {
      io.err += t;
    },
  };
  return io;
}
