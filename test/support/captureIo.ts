/** Test helper: the CLI's real I/O with stdout and stderr captured as strings. */
import { type CliIo, nodeIo } from '../../cli/io.ts';

/** The real file system and streams of `nodeIo`, except that what the command prints is kept in `out` and `err`. */
export function captureIo(): CliIo & { out: string; err: string } {
  const io = {
    ...nodeIo,
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
