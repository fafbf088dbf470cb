/** The `rnn-studio` command: dispatches to one module per subcommand; no training logic here. */
import { CORE_VERSION } from '../core/version.ts';
import { UsageError } from './args.ts';
import { type CliIo, EXIT_BAD_ARGUMENTS, EXIT_OK, EXIT_USER_ERROR } from './io.ts';

/** A subcommand: parses its own arguments and returns the exit status. */
type Command = (args: string[], io: CliIo) => Promise<number>;

interface CommandEntry {
  summary: string;
  /** Loaded on demand so `--help` and `--version` stay instant. */
  load: () => Promise<Command>;
}

const COMMANDS: Record<string, CommandEntry> = {};

/** The task registry, loaded with the commands that need it. */
async function taskLookup() {
  return (await import('../core/tasks/registry.ts')).taskDefinition;
}

/** Registers a subcommand (called by the command table below). */
function command(name: string, summary: string, load: () => Promise<Command>): void {
  COMMANDS[name] = { summary, load };
}

// The command table: one line per subcommand of docs/ARCHITECTURE.md's contract.
command('inspect', 'show what the importer guesses about a data file', async () => {
  return (await import('./commands/inspect.ts')).inspectCommand;
});
command('train', 'train a model on a data file', async () => {
  const [{ runTrain }, tasks] = await Promise.all([import('./commands/train.ts'), taskLookup()]);
  return (args, io) => runTrain(args, io, { tasks, handleSignals: true });
});
command('eval', 'evaluate a saved model on a data file', async () => {
  const [{ runEval }, tasks] = await Promise.all([import('./commands/eval.ts'), taskLookup()]);
  return (args, io) => runEval(args, io, { tasks });
});
command('export', 'export a saved model as a PyTorch folder', async () => {
  const [{ runExport }, tasks] = await Promise.all([import('./commands/export.ts'), taskLookup()]);
  return (args, io) => runExport(args, io, { tasks });
});
command(
  'import',
  'turn a PyTorch export folder (or what its train.py wrote) into a model',
  async () => {
    const [{ runImport }, tasks] = await Promise.all([
      import('./commands/import.ts'),
      taskLookup(),
    ]);
    return (args, io) => runImport(args, io, { tasks });
  },
);
command('bench', 'time the W1–W4 training steps beside PyTorch', async () => {
  return (await import('./commands/bench.ts')).benchCommand;
});
command('convert', 'write a data file as plain CSV, read as the app reads it', async () => {
  return (await import('./commands/convert.ts')).runConvert;
});
command('predict', 'predict with a saved model', async () => {
  const [{ runPredict }, tasks] = await Promise.all([
    import('./commands/predict.ts'),
    taskLookup(),
  ]);
  return (args, io) => runPredict(args, io, { tasks });
});

export function helpText(): string {
  const lines = [
    `RNN Studio ${CORE_VERSION} — train recurrent neural networks on your own data.`,
    '',
    'Usage: rnn-studio <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)}${c.summary}`),
    '',
    'Options:',
    '  --help      show this help',
    '  --version   print the version',
    '',
  ];
  return lines.join('\n');
}

/** Runs the CLI with `argv` (without node and script) and returns the exit status. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(helpText());
    return name === undefined ? EXIT_BAD_ARGUMENTS : EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${CORE_VERSION}\n`);
    return EXIT_OK;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (entry === undefined) {
    io.stderr(`rnn-studio: unknown command '${name}'. Run 'rnn-studio --help' for the list.\n`);
    return EXIT_BAD_ARGUMENTS;
  }
  try {
    const run = await entry.load();
    return await run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`rnn-studio ${name}: ${err.message}\n`);
      return EXIT_BAD_ARGUMENTS;
    }
    const e = err instanceof Error ? err : new Error(String(err));
    io.stderr(`rnn-studio ${name}: ${e.message}\n`);
    if (!['DatasetError', 'ConfigError', 'ShapeError'].includes(e.name) && e.stack !== undefined) {
      io.stderr(`${e.stack}\n`);
    }
    return EXIT_USER_ERROR;
  }
}
