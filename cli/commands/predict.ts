/** `rnn-studio predict --model <m> (--text "…" | --input <file> | --data <file>)`: predictions of a saved model, one per input. */
import { decodeBytes, parseEncodingName } from '../../core/data/encoding.ts';
import type { ReadOptions } from '../../core/data/readOptions.ts';
import type { TaskKind } from '../../core/tasks/spec.ts';
import type { PredictInput, Prediction } from '../../core/tasks/task.ts';
import { FILE_INPUT_TASKS, predictInputsFromFile } from '../../core/train/fileInputs.ts';
import { restoreBundle, type TaskLookup } from '../../core/train/modelBundle.ts';
import { numberOption, type ParsedArgs, UsageError } from '../args.ts';
import { installBackend } from '../backend.ts';
import { readImageFile } from '../imageSource.ts';
import { type CliIo, EXIT_BAD_ARGUMENTS, EXIT_OK } from '../io.ts';
import { READING_FLAGS, READING_USAGE, READING_VALUES, readingFromArgs } from '../readingFlags.ts';
import { parseOrUsage, readUserFile, reportUserError } from './eval.ts';

export const PREDICT_USAGE = `Usage: rnn-studio predict --model <model.rnnmodel> (--text "…" | --input <file> | --data <file> | --image <file>) [--json]
                          [--future ROWS] [--temperature T] [--top-k K] [--beam-size B] [--max-tokens N] [--seed N] [--greedy]
                          [reading options, with --data]

classify, tag, seq2seq, generate: each line of --input (or the --text) is one input; generate uses it
as the prompt. forecast: the input is the last L rows of values, rows separated by newlines or ';'
and features by ','; a model with known-future columns also needs --future "a,b;c,d" (their next H
rows). caption: --image <JPEG or PNG> gives the beam's captions (--greedy, --beam-size B); with
--json the best caption's attention over the image regions too. With --json, prints one line {"type":"result","predictions":[…]}.
--encoding LABEL: the encoding of --input (default: the training file's, saved in the model, else
detected).
--data <file>: a data file like the training file (classify, tag, seq2seq, generate): one prediction
per row of the model's input column, or per sentence for a tagger. It is read as the training file
was (the options saved in the model); reading options given here replace those.
${READING_USAGE}`;

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
    case 'caption':
      return p.candidates.length > 1
        ? [
            p.text,
            ...p.candidates.slice(1).map((c) => `  also (${c.score.toFixed(3)}): ${c.text}`),
          ].join('\n')
        : p.text;
    default: {
      const never: never = p;
      return JSON.stringify(never);
    }
  }
}

/**
 * Reading options describe a file: with --text none applies, with --input (lines) only
 * --encoding; --data takes them all.
 * @throws UsageError naming the first option that does not apply.
 */
function refuseReadingWithout(args: ParsedArgs): void {
  if (args.options.has('data')) return;
  const allowed = args.options.has('input') ? ['encoding'] : [];
  const names: string[] = [...READING_VALUES, ...READING_FLAGS];
  const extra = names.find((name) => !allowed.includes(name) && args.options.has(name));
  if (extra !== undefined) {
    throw new UsageError(
      `Option '--${extra}' applies to '--data' files${allowed.length > 0 ? "; '--input' (one input per line) takes only '--encoding'" : ''}.`,
    );
  }
}

/** Predictions for every row (or sentence) of a data file read as the training file was. */
async function predictData(
  io: CliIo,
  o: {
    dataPath: string;
    bundle: ReturnType<typeof restoreBundle>['bundle'];
    restored: ReturnType<typeof restoreBundle>['restored'];
    given: ReadOptions;
    decode: PredictInput['decode'];
    json: boolean;
  },
): Promise<number> {
  const { spec } = o.bundle;
  if (spec.task === 'forecast') {
    io.stderr(
      `rnn-studio predict: Option '--data' reads ${FILE_INPUT_TASKS.join(', ')} inputs; a forecast model takes its last rows with '--input' or '--text'.\n`,
    );
    return EXIT_BAD_ARGUMENTS;
  }
  const reading = { ...spec.data.reading, ...o.given };
  const bytes = await readUserFile(io, o.dataPath);
  const inputs = await predictInputsFromFile(bytes, { fileName: o.dataPath, spec, reading });
  const extra =
    o.decode !== undefined && Object.keys(o.decode).length > 0 ? { decode: o.decode } : {};
  const predictions = inputs.map((input) => o.restored.predict({ ...input, ...extra }));
  io.stdout(
    o.json
      ? `${JSON.stringify({ type: 'result', predictions })}\n`
      : `${predictions.map(describe).join('\n')}\n`,
  );
  return EXIT_OK;
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
      'data',
      'image',
      'future',
      'temperature',
      'top-k',
      'beam-size',
      'max-tokens',
      'seed',
      ...READING_VALUES,
    ],
    flags: ['json', 'greedy', ...READING_FLAGS],
    required: ['model'],
  });
  if (typeof args === 'number') return args;
  installBackend();
  let decode: PredictInput['decode'];
  let given: ReadOptions = {};
  try {
    const sources = ['text', 'input', 'data', 'image'].filter((name) => args.options.has(name));
    if (sources.length !== 1) {
      throw new UsageError("Give exactly one of '--text', '--input', '--data' and '--image'.");
    }
    decode = decodeOptions(args);
    given = readingFromArgs(args);
    refuseReadingWithout(args);
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
    const imagePath = args.options.get('image');
    if (typeof imagePath === 'string') {
      const image = await readImageFile(io, imagePath);
      const extra = decode !== undefined && Object.keys(decode).length > 0 ? { decode } : {};
      const prediction = restored.predict({ image, ...extra });
      io.stdout(
        args.options.has('json')
          ? `${JSON.stringify({ type: 'result', predictions: [prediction] })}\n`
          : `${describe(prediction)}\n`,
      );
      return EXIT_OK;
    }
    const dataPath = args.options.get('data');
    if (typeof dataPath === 'string') {
      return await predictData(io, {
        dataPath,
        bundle,
        restored,
        given,
        decode,
        json: args.options.has('json'),
      });
    }
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
