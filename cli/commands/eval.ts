/** `rnn-studio eval --model <m> --data <file>`: the saved model's metrics on every example of a file, beside the task's trivial baseline. */

import type { ReadOptions } from '../../core/data/readOptions.ts';
import type { TaskLookup } from '../../core/train/modelBundle.ts';
import { restoreBundle } from '../../core/train/modelBundle.ts';
import { type ParsedArgs, parseArgs, UsageError } from '../args.ts';
import { installBackend } from '../backend.ts';
import { openImageSource } from '../imageSource.ts';
import { type CliIo, EXIT_BAD_ARGUMENTS, EXIT_OK, EXIT_USER_ERROR } from '../io.ts';
import { READING_FLAGS, READING_USAGE, READING_VALUES, readingFromArgs } from '../readingFlags.ts';
import { fileProblem, forecastMetricsLine, formatMetrics, userErrorLine } from './train.ts';

export const EVAL_USAGE = `Usage: rnn-studio eval --model <model.rnnmodel> --data <file> [reading options] [--json]

Evaluates the model on every example of the file (same format and columns as for training) and
prints its metrics next to the trivial baseline's. A caption model takes an image folder or zip:
its test part (split as in training) is scored with BLEU-1..4 against every reference, beside
the nearest-neighbour baseline. The file is read as the training file was (the
options saved in the model); options given here replace those. With --json, prints one line:
{"type":"result","metrics":{…},"baseline":{…},"examples":N}.
${READING_USAGE}`;

/** Reads a file, turning a missing or unreadable one into a one-line user error. */
export async function readUserFile(io: CliIo, path: string): Promise<Uint8Array> {
  try {
    return await io.readFileBytes(path);
  } catch (err) {
    throw fileProblem(err, path) ?? err;
  }
}

/** Parses options, printing usage and returning null for bad arguments. */
export function parseOrUsage(
  argv: string[],
  io: CliIo,
  spec: { command: string; usage: string; values: string[]; flags: string[]; required: string[] },
): ParsedArgs | number {
  try {
    const args = parseArgs(argv, { values: spec.values, flags: [...spec.flags, 'help'] });
    if (args.options.has('help')) {
      io.stdout(spec.usage);
      return EXIT_OK;
    }
    for (const name of spec.required) {
      if (!args.options.has(name)) throw new UsageError(`Option '--${name}' is required.`);
    }
    if (args.positionals.length > 0) {
      throw new UsageError(`Unexpected argument '${args.positionals[0]}'.`);
    }
    return args;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`rnn-studio ${spec.command}: ${err.message}\n${spec.usage}`);
    return EXIT_BAD_ARGUMENTS;
  }
}

/** Prints a user error as one line and returns exit 1; rethrows anything else. */
export function reportUserError(io: CliIo, command: string, err: unknown): number {
  const line = userErrorLine(err);
  if (line === null) throw err;
  io.stderr(`rnn-studio ${command}: ${line}\n`);
  return EXIT_USER_ERROR;
}

/** A forecast's units-and-metric line (its target is the state's first column), '' for other tasks. */
function forecastTarget(task: string, state: unknown, metrics: Record<string, number>): string {
  if (task !== 'forecast') return '';
  const columns = (state as { columns?: unknown } | null)?.columns;
  const target =
    Array.isArray(columns) && typeof columns[0] === 'string' ? columns[0] : 'the target column';
  return forecastMetricsLine(metrics, target);
}

/** Runs `rnn-studio eval`: exit 0 with the metrics, 1 for an unusable model or file, 2 for bad arguments. */
export async function runEval(
  argv: string[],
  io: CliIo,
  options: { tasks: TaskLookup },
): Promise<number> {
  const args = parseOrUsage(argv, io, {
    command: 'eval',
    usage: EVAL_USAGE,
    values: ['model', 'data', ...READING_VALUES],
    flags: ['json', ...READING_FLAGS],
    required: ['model', 'data'],
  });
  if (typeof args === 'number') return args;
  let given: ReadOptions;
  try {
    given = readingFromArgs(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`rnn-studio eval: ${err.message}\n${EVAL_USAGE}`);
    return EXIT_BAD_ARGUMENTS;
  }
  installBackend();
  const modelPath = args.options.get('model') as string;
  const dataPath = args.options.get('data') as string;
  try {
    const modelBytes = await readUserFile(io, modelPath);
    const { bundle, restored } = restoreBundle(modelBytes, {
      fileName: modelPath,
      tasks: options.tasks,
    });
    const images = bundle.spec.task === 'caption' ? await openImageSource(io, dataPath) : undefined;
    const bytes = images === undefined ? await readUserFile(io, dataPath) : new Uint8Array(0);
    const reading = { ...bundle.spec.data.reading, ...given };
    const { model, baseline } = await restored.evaluateFile({
      fileName: dataPath,
      bytes,
      reading,
      ...(images === undefined ? {} : { images }),
    });
    if (args.options.has('json')) {
      io.stdout(
        `${JSON.stringify({ type: 'result', metrics: model.metrics, baseline: baseline.metrics, examples: model.examples })}\n`,
      );
    } else {
      io.stdout(
        `${model.examples} examples\nmodel:    ${formatMetrics(model.metrics)}\nbaseline: ${formatMetrics(baseline.metrics)}${baseline.description ? ` (${baseline.description})` : ''}\n${forecastTarget(bundle.spec.task, bundle.taskState, model.metrics)}`,
      );
    }
    return EXIT_OK;
  } catch (err) {
    return reportUserError(io, 'eval', err);
  }
}
