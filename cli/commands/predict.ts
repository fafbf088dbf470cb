/** `rnn-studio predict --model <m> (--text "…" | --input <file>)`: predictions of a saved model, one per input. */
import { decodeBytes, parseEncodingName } from '../../core/data/encoding.ts';
import type { ReadOptions } from '../../core/data/readOptions.ts';
import type { TaskKind } from '../../core/tasks/spec.ts';
import type { PredictInput, Prediction } from '../../core/tasks/task.ts';
import { restoreBundle, type TaskLookup } from '../../core/train/modelBundle.ts';
import { type ParsedArgs, UsageError } from '../args.ts';
import { installBackend } from '../backend.ts';
import { type CliIo, EXIT_BAD_ARGUMENTS, EXIT_OK } from '../io.ts';
import { READING_VALUES, readingFromArgs } from '../readingFlags.ts';
import { parseOrUsage, readUserFile, reportUserError } from './eval.ts';

export const PREDICT_USAGE = `Usage: rnn-studio predict --model <model.rnnmodel> (--text "…" | --input <file>) [--json]
                          [--future ROWS] [--temperature T] [--top-k K] [--beam-size B] [--max-tokens N] [--seed N] [--greedy]

classify, tag, seq2seq, generate: each line of --input (or the --text) is one input; generate uses it
as the prompt. forecast: the input is the last L rows of values, rows separated by newlines or ';'
and features by ','; a model with known-future columns also needs --future "a,b;c,d" (their next H
rows). With --json, prints one line {"type":"result","predictions":[…]}.
--encoding LABEL: the encoding of --input (default: the training file's, saved in the model, else
detected). The other reading options describe tables and do not apply to these inputs.
`;

function numberOption(args: ParsedArgs, name: string): number | undefined {
  const v = args.options.get(name);
  if (typeof v !== 'string') return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) {
    throw new UsageError(`Option '--${name}' must be a number, got '${v}'.`);
  }
  return n;
}

/** The decode options given on the command line (only those present). */
function decodeOptions(args: ParsedArgs): NonNullable<PredictInput['decode']> {
  const decode: Record<string, number | boolean> = {};
  const map: [string, string][] = [
    ['temperature', 'temperature'],
    ['top-k', 'topK'],
    ['beam-size', 'beamSize'],
    ['max-tokens', 'maxTokens'],
    ['seed', 'seed'],
  ];
  for (const [option, key] of map) {
    const v = numberOption(args, option);
    if (v !== undefined) decode[key] = v;
  }
  if (args.options.has('greedy')) decode.greedy = true;
  return decode;
}

/** Rows of numbers from `'1,2;3,4'` (or one row per line). @throws UsageError naming the row. */
function numberRows(raw: string, what: string): number[][] {
  return raw
    .split(/[;\n]/)
    .map((r) => r.trim())
    .filter((r) => r !== '')
    .map((r, i) =>
      r.split(',').map((cell) => {
        const n = Number(cell.trim());
        if (cell.trim() === '' || !Number.isFinite(n)) {
          throw new UsageError(`${what} row ${i + 1} must hold numbers, got '${r}'.`);
        }
        return n;
      }),
    );
}

/**
 * Turns the raw input text into prediction requests for a task (`future`: a forecast's
 * known-future rows, `'a,b;c,d'`).
 * @throws UsageError for forecast rows that are not numbers (naming the row).
 */
export function inputsFor(
  kind: TaskKind,
  raw: string,
  decode: PredictInput['decode'],
  future?: string,
): PredictInput[] {
  const extra = decode !== undefined && Object.keys(decode).length > 0 ? { decode } : {};
  if (kind === 'forecast') {
    const rows = numberRows(raw, 'Forecast input');
    return [
      {
        rows,
        ...(future === undefined ? {} : { future: numberRows(future, "'--future'") }),
        ...extra,
      },
    ];
  }
  const lines = raw.split('\n').map((l) => l.replace(/\r$/, ''));
  const inputs =
    kind === 'generate' && lines.length === 1 ? lines : lines.filter((l) => l.trim() !== '');
  return inputs.map((text) => ({ text, ...extra }));
}

function describe(p: Prediction): string {
  switch (p.kind) {
    case 'classify':
      return `${p.label}\t${p.probabilities.map((x) => `${x.label}=${x.probability.toFixed(3)}`).join(' ')}`;
    case 'tag':
      return p.tokens.map((t, i) => `${t}/${p.tags[i]}`).join(' ');
    case 'generate':
      return p.text;
    case 'forecast':
      return p.values.map((v) => v.toPrecision(6)).join(', ');
    case 'seq2seq':
      return p.text;
    default: {
      const never: never = p;
      return JSON.stringify(never);
    }
  }
}

/** Runs `rnn-studio predict`: exit 0 with the predictions, 1 for an unusable model or input, 2 for bad arguments. */
export async function runPredict(
  argv: string[],
  io: CliIo,
  options: { tasks: TaskLookup },
): Promise<number> {
  const args = parseOrUsage(argv, io, {
    command: 'predict',
    usage: PREDICT_USAGE,
    values: [
      'model',
      'text',
      'input',
      'future',
      'temperature',
      'top-k',
      'beam-size',
      'max-tokens',
      'seed',
      ...READING_VALUES,
    ],
    flags: ['json', 'greedy'],
    required: ['model'],
  });
  if (typeof args === 'number') return args;
  installBackend();
  let decode: PredictInput['decode'];
  let given: ReadOptions = {};
  try {
    if (args.options.has('text') === args.options.has('input')) {
      throw new UsageError("Give exactly one of '--text' and '--input'.");
    }
    decode = decodeOptions(args);
    given = readingFromArgs(args);
    const tableOnly = READING_VALUES.find((name) => name !== 'encoding' && args.options.has(name));
    if (tableOnly !== undefined) {
      throw new UsageError(
        `Option '--${tableOnly}' does not apply to predict's inputs (one per line); only '--encoding' does.`,
      );
    }
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`rnn-studio predict: ${err.message}\n${PREDICT_USAGE}`);
    return EXIT_BAD_ARGUMENTS;
  }
  const modelPath = args.options.get('model') as string;
  try {
    const { bundle, restored } = restoreBundle(await readUserFile(io, modelPath), {
      fileName: modelPath,
      tasks: options.tasks,
    });
    const text = args.options.get('text');
    const inputPath = args.options.get('input') as string;
    const encoding = given.encoding ?? bundle.spec.data.reading?.encoding;
    const raw =
      typeof text === 'string'
        ? text
        : decodeBytes(await readUserFile(io, inputPath), {
            fileName: inputPath,
            ...(encoding !== undefined ? { encoding: parseEncodingName(encoding) } : {}),
          }).text;
    let inputs: PredictInput[];
    try {
      const future = args.options.get('future');
      inputs = inputsFor(
        restored.kind,
        raw,
        decode,
        typeof future === 'string' ? future : undefined,
      );
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      io.stderr(`rnn-studio predict: ${err.message}\n`);
      return EXIT_BAD_ARGUMENTS;
    }
    const predictions = inputs.map((input) => restored.predict(input));
    if (args.options.has('json')) {
      io.stdout(`${JSON.stringify({ type: 'result', predictions })}\n`);
    } else {
      io.stdout(`${predictions.map(describe).join('\n')}\n`);
    }
    return EXIT_OK;
  } catch (err) {
    return reportUserError(io, 'predict', err);
  }
}
