/** Entry of the `rnn-studio` process: runs the CLI against the real streams and file system. */
import { nodeIo } from './io.ts';
import { runCli } from './main.ts';

process.exitCode = await runCli(process.argv.slice(2), nodeIo);
