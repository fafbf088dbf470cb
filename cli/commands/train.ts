/** `rnn-studio train`: maps options onto a RunSpec (task preset + inspection's roles, or a recipe), trains with atomic checkpoints beside --out, writes the .rnnmodel. */
import { access, mkdir } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { basename, join } from 'node:path';
import { parseDerivedColumns } from '../../core/data/derived.ts';
import type { Inspection } from '../../core/data/inspect.ts';
import type { ReadOptions } from '../../core/data/readOptions.ts';
import { inspectForReading } from '../../core/data/recordStream.ts';
import { ROW_RANGE_MIN_BYTES } from '../../core/data/rowRanges.ts';
import { RANGE_MIN_BYTES, type SeriesRanges } from '../../core/data/seriesRanges.ts';
import { ConfigError } from '../../core/errors.ts';
import { writeBundle } from '../../core/io/bundle.ts';
import { Random } from '../../core/random.ts';
import { RECIPES, type Recipe, recipeByName } from '../../core/recipes/index.ts';
import type { LanguageModelInit } from '../../core/tasks/common/transfer.ts';
import {
  type ForecastOutcome,
  targetModeLine,
  warningLine,
} from '../../core/tasks/forecastOutcome.ts';
import { presetSpec } from '../../core/tasks/presets.ts';
import {
  DEFAULT_TOKENIZERS,
  type RunSpec,
  type TaskKind,
  taskKindSchema,
} from '../../core/tasks/spec.ts';
import type { CheckedByteSource } from '../../core/train/checkedSource.ts';
import {
  type CheckpointKind,
  type CheckpointStore,
  decodeCheckpoint,
} from '../../core/train/checkpoint.ts';
import {
  bundleFromTask,
  languageModelFromBundle,
  type TaskLookup,
} from '../../core/train/modelBundle.ts';
import {
  type TrainingResult,
  TrainingRun,
  type TrainingRunEvent,
} from '../../core/train/trainer.ts';
import {
  choiceOption,
  numberOption,
  type ParsedArgs,
  parseArgs,
  putDefined,
  textOption,
  UsageError,
} from '../args.ts';
import { chooseThreads, installBackend } from '../backend.ts';
import { trainingDataSource } from '../dataSource.ts';
import { fileProblem } from '../inputFiles.ts';
import { type CliIo, EXIT_BAD_ARGUMENTS, EXIT_OK, EXIT_USER_ERROR } from '../io.ts';
import { memoryWarning } from '../memoryWarning.ts';
import { checkModelTarget } from '../outputFiles.ts';
import { ProgressPrinter } from '../progressLine.ts';
import { READING_FLAGS, READING_USAGE, READING_VALUES, readingFromArgs } from '../readingFlags.ts';
import { checkedSpec, putTrainingOptions } from '../specOptions.ts';
import { vectorFileSource } from '../wordVectorsFile.ts';
import { runAutoTrain } from './trainAuto.ts';
import { isCaptionTrain, runTrainCaption } from './trainCaption.ts';

export const TRAIN_USAGE = `Usage: rnn-studio train --task classify|forecast|tag|seq2seq|generate --data <file> --out <model.rnnmodel>
       rnn-studio train <image folder|zip> --task caption --out <model.rnnmodel> (see --task caption --help)
                        [column options] [model options] [training options] [--json] [--resume]
       rnn-studio train --recipe <name> (--data <file> | --data-dir <folder>) --out <model.rnnmodel> [options]

Recipes (spec and data files from the recipe catalogue; options given still override):
  ${RECIPES.map((r) => r.name).join(', ')}
  --data-dir: a folder with the gallery files as <folder>/<gallery id>/<file> or <folder>/<file>.

Columns (omitted ones come from 'rnn-studio inspect'):
  classify --text-col C --label-col C     forecast --target-col C [--feature-cols a,b] [--date-col C] --window L --horizon H
  tag --tag-field upos|xpos               seq2seq --source-col C --target-col C
  forecast --derive "Range = High - Low; …": columns computed row by row (- + * /), usable as target or feature
  forecast --known-future-cols a,b: feature columns known in advance (calendar, published forecasts);
           their values at the H forecast steps are fed to the model too (predict then needs --future)
  forecast --target-mode auto|level|change|window-norm: how the model sees the target (default auto:
           chosen on the validation split); the result names the mode, the naive, seasonal naive and
           Holt-Winters errors, MAE per step ahead, and warns when the model loses to a baseline
Model:    --cell rnn|lstm|gru --hidden N --layers N --bidirectional | --no-bidirectional --dropout P
          --nonlinearity tanh|relu --embedding-dim N --tokenizer char|word|bpe
          --bpe-merges N (merges learned from the training text, default 2000) --min-freq N --max-vocab N
          (vocabulary: tokens seen at least N times in the training part, at most N of them)
          --pooling last|mean|max (classify) --head-dropout P --input-dropout P (tag, generate)
          --weight-drop P (DropConnect on the hidden-to-hidden weights in training, AWD-LSTM's)
Training: --epochs N --batch-size N --lr X --seed N --val-split F --test-split F --max-minutes M
          --optimizer adam|adamw|sgd --weight-decay X --clip-norm X (0 = off)
          --schedule constant|step|cosine|plateau --patience N
          --checkpoint-seconds S (mid-epoch checkpoints; default 30)
Transfer: --init-from <lm.rnnmodel> (classify, tag, seq2seq): start from a trained generate model — its tokenizer,
          vocabulary, embedding and recurrent layers (cell and sizes follow it unless given); new head
          (seq2seq: an LM of the source side's text starts the source side and the encoder, fine-tuned;
          the decoder is new and follows the encoder's layers).
          --transfer fine-tune|features: fine-tune (ULMFiT) trains the LM's layers on as the model's own;
          features (ELMo) keeps them frozen beside a new embedding and recurrent stack that read their
          states at every token (the model's own sizes are free then)
          --unfreeze gradual|none (fine-tune default gradual: head only in epoch 1 (seq2seq: the decoder side), then one layer more each epoch)
          --layer-lr-decay X (fine-tune default 2.6: each lower layer's lr is the one above's / X)
          --init-from-backward <bwd.rnnmodel> (features): a backward LM of the same text and tokenizer;
          its state at each token (the text to its right) joins the forward LM's (ELMo's pair)
          --direction forward|backward (generate): read each text left to right (default) or right to
          left, to train the backward LM
Auto:     --auto --max-minutes M [--trials N] [--seed N]: search the settings that matter most (tokenizer,
          embedding and hidden size, layers, dropout, learning rate; N settings, default 8, the first
          the spec as given, which stays in every round) by successive halving on the validation split,
          a line per finished trial; at the end the spec and the best other setting both train on and
          the other is written only if better on validation by more than 2 standard errors, example by
          example (the bundle keeps the leaderboard). A spec that needs the budget trains first; a
          kept setting trained at a constant rate also tries a cosine tail from its best weights.
          --seed also draws the settings: the same seed, the same trials.
Vectors:  --word-vectors <file.vec|glove.txt> (classify, tag, seq2seq source side): start the embedding
          from pre-trained word vectors, streamed (only the vocabulary's rows are kept and saved); the
          embedding width follows the file; words without a vector get fresh random rows.
          --freeze-vectors keeps the embedding as the vectors gave it (default: fine-tuned)
${READING_USAGE}The model keeps how the file was read, so 'eval' and 'predict' read their files the same way.
Defaults come from the task's preset. Checkpoints go to <out>.ckpt/ (last.ckpt, best.ckpt); --resume
continues from the last one. With --json, every event is one JSON line and the last line is
{"type":"result","metrics":{…},"model":"<out>"}.
`;

const VALUE_OPTIONS = [
  'task',
  'recipe',
  'data',
  'data-dir',
  'out',
  'text-col',
  'label-col',
  'target-col',
  'feature-cols',
  'date-col',
  'derive',
  'target-mode',
  'known-future-cols',
  'window',
  'horizon',
  'tag-field',
  'source-col',
  'cell',
  'hidden',
  'layers',
  'dropout',
  'nonlinearity',
  'embedding-dim',
  'pooling',
  'head-dropout',
  'input-dropout',
  'weight-drop',
  'tokenizer',
  'bpe-merges',
  'min-freq',
  'max-vocab',
  'epochs',
  'batch-size',
  'lr',
  'seed',
  'val-split',
  'test-split',
  'max-minutes',
  'optimizer',
  'clip-norm',
  'schedule',
  'patience',
  'checkpoint-seconds',
  ...READING_VALUES,
  'init-from',
  'init-from-backward',
  'direction',
  'unfreeze',
  'layer-lr-decay',
  'transfer',
  'weight-decay',
  'trials',
  'word-vectors',
] as const;
const FLAG_OPTIONS = [
  'bidirectional',
  'no-bidirectional',
  'json',
  'resume',
  'auto',
  'help',
  'freeze-vectors',
  ...READING_FLAGS,
] as const;

/**
 * The run spec for these options: the task's preset, the columns `inspect` suggests for the file,
 * then every option given. Validated by runSpecSchema.
 * @throws UsageError for a bad value, naming the option.
 */
export function specFromArgs(
  args: ParsedArgs,
  inspection: {
    suggestedTask: TaskKind;
    roles: {
      text?: string;
      label?: string;
      target?: string;
      features?: string[];
      date?: string;
      source?: string;
    };
  },
  base?: RunSpec,
): RunSpec {
  const task = choiceOption(args, 'task', taskKindSchema.options) ?? inspection.suggestedTask;
  if (base !== undefined && base.task !== task) {
    throw new UsageError(`Option '--task' must be '${base.task}' for this recipe, got '${task}'.`);
  }
  const spec = base === undefined ? presetSpec(task) : structuredClone(base);
  const { roles } = inspection;
  const d = spec.data;
  if (task === 'classify') {
    putDefined(d, 'textColumn', textOption(args, 'text-col') ?? roles.text);
    putDefined(d, 'labelColumn', textOption(args, 'label-col') ?? roles.label);
  } else if (task === 'generate') {
    putDefined(d, 'textColumn', textOption(args, 'text-col') ?? roles.text);
  } else if (task === 'forecast') {
    putDefined(d, 'targetColumn', textOption(args, 'target-col') ?? roles.target);
    const features = textOption(args, 'feature-cols')
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    putDefined(d, 'featureColumns', features ?? roles.features);
    putDefined(d, 'dateColumn', textOption(args, 'date-col') ?? roles.date);
    const known = textOption(args, 'known-future-cols')
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    putDefined(d, 'knownFutureColumns', known);
    putDefined(
      d,
      'targetMode',
      choiceOption(args, 'target-mode', ['auto', 'level', 'change', 'window-norm'] as const),
    );
    const derive = textOption(args, 'derive');
    if (derive !== undefined) {
      try {
        d.derivedColumns = parseDerivedColumns(derive);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        throw new UsageError(`Option '--derive': ${e.message}`);
      }
    }
  } else if (task === 'seq2seq') {
    putDefined(d, 'sourceColumn', textOption(args, 'source-col') ?? roles.source);
    putDefined(d, 'targetColumn', textOption(args, 'target-col') ?? roles.target);
  } else if (task === 'tag') {
    putDefined(d, 'tagField', choiceOption(args, 'tag-field', ['upos', 'xpos'] as const));
  }
  putDefined(d, 'window', numberOption(args, 'window'));
  putDefined(d, 'horizon', numberOption(args, 'horizon'));
  putDefined(d, 'tokenizer', choiceOption(args, 'tokenizer', ['char', 'word', 'bpe'] as const));
  putDefined(d, 'bpeMerges', numberOption(args, 'bpe-merges'));
  putDefined(d, 'minFreq', numberOption(args, 'min-freq'));
  putDefined(d, 'maxVocab', numberOption(args, 'max-vocab'));
  const m = spec.model;
  const r = m.recurrent;
  putDefined(r, 'cell', choiceOption(args, 'cell', ['rnn', 'lstm', 'gru'] as const));
  putDefined(r, 'hiddenSize', numberOption(args, 'hidden'));
  putDefined(r, 'numLayers', numberOption(args, 'layers'));
  putDefined(r, 'dropout', numberOption(args, 'dropout'));
  putDefined(r, 'weightDrop', numberOption(args, 'weight-drop'));
  putDefined(r, 'nonlinearity', choiceOption(args, 'nonlinearity', ['tanh', 'relu'] as const));
  if (args.options.has('bidirectional') && args.options.has('no-bidirectional')) {
    throw new UsageError("Options '--bidirectional' and '--no-bidirectional' exclude each other.");
  }
  if (args.options.has('bidirectional')) r.bidirectional = true;
  if (args.options.has('no-bidirectional')) r.bidirectional = false;
  const resized = ['cell', 'hidden', 'layers'].some((o) => args.options.has(o));
  if (m.decoder !== undefined && (base === undefined || resized)) {
    // NOTE: the seq2seq decoder follows the encoder's cell and size unless the spec says otherwise.
    m.decoder = { ...m.decoder, cell: r.cell, hiddenSize: r.hiddenSize, numLayers: r.numLayers };
  }
  putDefined(m, 'embeddingDim', numberOption(args, 'embedding-dim'));
  putDefined(m, 'pooling', choiceOption(args, 'pooling', ['last', 'mean', 'max'] as const));
  putDefined(m, 'headDropout', numberOption(args, 'head-dropout'));
  putDefined(m, 'inputDropout', numberOption(args, 'input-dropout'));
  putDefined(m, 'direction', choiceOption(args, 'direction', ['forward', 'backward'] as const));
  putTrainingOptions(spec.train, args);
  putWordVectors(spec, args);
  return checkedSpec(spec);
}

/** `--word-vectors FILE [--freeze-vectors]` as `model.wordVectors` (by the file's name). */
function putWordVectors(spec: RunSpec, args: ParsedArgs): void {
  const path = textOption(args, 'word-vectors');
  if (path === undefined) {
    if (args.options.has('freeze-vectors')) {
      throw new UsageError("Option '--freeze-vectors' needs '--word-vectors <file>'.");
    }
    return;
  }
  spec.model.wordVectors = { file: basename(path), freeze: args.options.has('freeze-vectors') };
}

/** A checkpoint store writing `<dir>/last.ckpt` and `<dir>/best.ckpt` atomically. */
export function fileCheckpointStore(io: CliIo, dir: string): CheckpointStore {
  const path = (kind: CheckpointKind) => `${dir}/${kind}.ckpt`;
  return {
    save: async (kind, bytes) => {
      await mkdir(dir, { recursive: true });
      await io.writeFileAtomic(path(kind), bytes);
    },
    load: async (kind) => {
      try {
        return await io.readFileBytes(path(kind));
      } catch (err) {
        if ((err as { code?: unknown }).code === 'ENOENT') return null;
        throw err;
      }
    },
  };
}

/** Metrics already in percent, printed with a % sign. */
const PERCENT_METRICS = new Set(['mape', 'naiveMape']);

/** `accuracy 0.8123  macroF1 0.7001  mape 17.70 %` (4 decimals, 2 for percentages), in the metrics' order. */
export function formatMetrics(metrics: Record<string, number>): string {
  return Object.entries(metrics)
    .map(([k, v]) =>
      PERCENT_METRICS.has(k)
        ? `${k} ${v.toFixed(2)} %`
        : `${k} ${Number.isInteger(v) ? v : v.toFixed(4)}`,
    )
    .join('  ');
}

/** The line saying in which units a forecast's errors are and why MAPE or MASE is reported, or ''. */
export function forecastMetricsLine(metrics: Record<string, number>, target: string): string {
  const units = `mae and rmse are in the units of '${target}'.`;
  if (metrics.mape !== undefined)
    return `${units} mape: mean error as % of the actual value (the actual values stay away from zero).\n`;
  if (metrics.mase !== undefined)
    return `${units} No mape: the actual values come near or cross zero, where percentages blow up; mase = mae / the naive forecast's mae on the training part (below 1 beats it).\n`;
  return `${units}\n`;
}

export { fileProblem };

const USER_ERRORS = ['DatasetError', 'ConfigError', 'ShapeError', 'DivergenceError'];

/** The one line shown for a user error (message, then the suggestion if any); null for a bug. */
export function userErrorLine(err: unknown): string | null {
  if (!(err instanceof Error) || !USER_ERRORS.includes(err.name)) return null;
  const suggestion = (err as { suggestion?: unknown }).suggestion;
  return typeof suggestion === 'string' ? `${err.message} ${suggestion}` : err.message;
}

/**
 * Prints a run's events: with --json each as one JSON line, unchanged; otherwise a line per epoch,
 * log messages on stderr, and the live progress line (ProgressPrinter) between them, an auto-tune
 * search's trials included (`maxMinutes`: its budget).
 */
export function eventPrinter(
  io: CliIo,
  json: boolean,
  o: { maxMinutes?: number } = {},
): { onEvent(e: TrainingRunEvent): void; clear(): void } {
  if (json) return { onEvent: (e) => io.stdout(`${JSON.stringify(e)}\n`), clear: () => {} };
  const live = new ProgressPrinter(io.stdout, io.stdoutTerminal?.() ?? null);
  return {
    onEvent(event) {
      if (event.type === 'training-progress') {
        live.progress(event);
      } else if (event.type === 'evaluation-progress') {
        live.evaluation(event);
      } else if (event.type === 'tune-progress') {
        live.search(event.progress, { maxMinutes: o.maxMinutes ?? 0 });
      } else if (event.type === 'training-epoch') {
        live.clear();
        io.stdout(
          `epoch ${event.epoch + 1}  train loss ${event.trainLoss.toFixed(4)}  val ${formatMetrics(event.val)}  lr ${event.lr.toPrecision(3)}${event.best ? '  (best)' : ''}\n`,
        );
      } else if (event.type === 'training-log') {
        live.clear();
        io.stderr(`${event.message}\n`);
      }
    },
    clear: () => live.clear(),
  };
}

/** The `--json` result line: metrics, baseline, the split scored and its size, and for forecasts the target mode, MAE per step ahead and the warning. */
export function resultObject(result: TrainingResult, out: string): Record<string, unknown> {
  const f = result.forecast;
  return {
    type: 'result',
    metrics: result.metrics,
    baseline: result.baseline,
    reason: result.reason,
    // The split the metrics come from and its size: every example of it was scored.
    split: result.evaluation.split,
    examples: result.evaluation.examples,
    model: out,
    peakMemoryBytes: result.peakMemoryBytes,
    ...(f === undefined
      ? {}
      : {
          targetMode: f.targetMode,
          targetModeSetting: f.targetModeSetting,
          ...(f.targetModeScores ? { targetModeScores: f.targetModeScores } : {}),
          ...(f.targetShift === undefined ? {} : { targetShift: f.targetShift }),
          seasonalPeriod: f.seasonalPeriod,
          maeByStep: f.maeByStep,
          ...(f.warning ? { warning: { ...f.warning, message: warningLine(f.warning) } } : {}),
        }),
  };
}

/** The forecast's extra lines for the text output (target mode, MAE per step ahead), or ''. */
function forecastLines(f: ForecastOutcome | undefined): string {
  if (f === undefined) return '';
  const steps =
    f.maeByStep.length > 1
      ? `MAE by step ahead: ${f.maeByStep.map((v, h) => `${h + 1}: ${v === null ? '–' : v.toPrecision(4)}`).join('  ')}\n`
      : '';
  return `${targetModeLine(f)}\n${steps}`;
}

/** The units-and-metric line of a forecast run, '' for other tasks. */
function forecastUnits(spec: RunSpec, metrics: Record<string, number>): string {
  if (spec.task !== 'forecast') return '';
  return forecastMetricsLine(metrics, spec.data.targetColumn ?? 'the target column');
}

interface TrainOptions {
  tasks: TaskLookup;
  /** Stop the run when the process is interrupted (the real CLI); tests leave it off. */
  handleSignals?: boolean;
  /** The computer's memory in bytes for the memory warning (null: unknown); default os.totalmem(). */
  totalMemoryBytes?: number | null;
}

/**
 * Runs `rnn-studio train`. Exit 0 with the model written, 1 with a one-line message for a user
 * error (bad file, diverged training), 2 for bad arguments.
 */
export async function runTrain(argv: string[], io: CliIo, options: TrainOptions): Promise<number> {
  if (isCaptionTrain(argv)) return runTrainCaption(argv, io, options);
  let args: ParsedArgs;
  let reading: ReadOptions;
  try {
    args = parseArgs(argv, { values: VALUE_OPTIONS, flags: FLAG_OPTIONS });
    reading = readingFromArgs(args);
    if (args.options.has('help')) {
      io.stdout(TRAIN_USAGE);
      return EXIT_OK;
    }
    const needed = args.options.has('recipe') && args.options.has('data-dir') ? [] : ['data'];
    for (const required of [...needed, 'out']) {
      if (!args.options.has(required)) throw new UsageError(`Option '--${required}' is required.`);
    }
    if (args.options.has('data-dir') && !args.options.has('recipe')) {
      throw new UsageError("Option '--data-dir' needs '--recipe <name>'.");
    }
    if (args.positionals.length > 0) {
      throw new UsageError(`Unexpected argument '${args.positionals[0]}'.`);
    }
    if (args.options.has('auto')) checkAutoOptions(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`rnn-studio train: ${err.message}\n${TRAIN_USAGE}`);
    return EXIT_BAD_ARGUMENTS;
  }
  const recipeName = textOption(args, 'recipe');
  const recipe = recipeName === undefined ? undefined : recipeByName(recipeName);
  if (recipeName !== undefined && recipe === undefined) {
    io.stderr(
      `rnn-studio train: Option '--recipe' must be one of ${RECIPES.map((r) => `'${r.name}'`).join(', ')}, got '${recipeName}'.\n`,
    );
    return EXIT_BAD_ARGUMENTS;
  }
  installBackend();
  const json = args.options.has('json');
  const dataDir = textOption(args, 'data-dir');
  const dataPaths =
    recipe !== undefined && textOption(args, 'data') === undefined && dataDir !== undefined
      ? await recipeFilePaths(recipe, dataDir)
      : [textOption(args, 'data') as string];
  const dataPath = dataPaths[0] as string;
  const out = textOption(args, 'out') as string;
  const ckptDir = `${out}.ckpt`;
  // NOTE: the file is read a piece at a time by each pass (inspection's head, the task's read),
  // never held whole; a file that changes between passes is refused.
  let source: CheckedByteSource;
  try {
    source = await trainingDataSource(io, dataPaths);
  } catch (err) {
    return userError(io, json, err);
  }
  // NOTE: a big forecast or classify file's second thread starts now, so its start overlaps the
  // inspection.
  const asked = textOption(args, 'task');
  const early =
    (asked === 'forecast' && source.size >= RANGE_MIN_BYTES) ||
    (asked === 'classify' && source.size >= ROW_RANGE_MIN_BYTES);
  const seriesRanges = seriesRangesFor(io, dataPaths, early);
  let spec: RunSpec;
  let initFrom: LanguageModelInit | undefined;
  let initFromBackward: LanguageModelInit | undefined;
  let inspection: Inspection | undefined;
  try {
    initFrom = await readInitFrom(io, textOption(args, 'init-from'));
    initFromBackward = await readInitFrom(io, textOption(args, 'init-from-backward'));
    if (initFromBackward !== undefined && initFrom === undefined) {
      throw new UsageError("Option '--init-from-backward' needs '--init-from <lm.rnnmodel>'.");
    }
    if (recipe === undefined) {
      inspection = await inspectForReading(source, {
        fileName: dataPath,
        reading,
        forReading: true,
      });
      spec = specFromArgs(
        args,
        inspection,
        baseSpec(args, inspection.suggestedTask, undefined, initFrom),
      );
      // NOTE: the complete options inspection used, so training reads the file as inspect showed it.
      spec.data.reading = inspection.reading.options;
    } else {
      spec = specFromArgs(
        args,
        { suggestedTask: recipe.task, roles: {} },
        baseSpec(args, recipe.task, recipe, initFrom),
      );
      const merged = { ...recipe.spec.data.reading, ...reading };
      if (Object.keys(merged).length > 0) spec.data.reading = merged;
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`rnn-studio train: ${err.message}\n`);
      return EXIT_BAD_ARGUMENTS;
    }
    return userError(io, json, err);
  }
  try {
    // Before any training: a folder, read-only disk or missing permission at --out fails now, not after the last epoch.
    await checkModelTarget(out);
  } catch (err) {
    return userError(io, json, err);
  }
  if (args.options.has('auto')) {
    try {
      const printer = eventPrinter(io, json, {
        maxMinutes: numberOption(args, 'max-minutes') as number,
      });
      await runAutoTrain({
        io,
        json,
        tasks: options.tasks,
        spec,
        bytes: source,
        dataPath,
        ...seriesRanges,
        ...(inspection === undefined ? {} : { inspection }),
        out,
        maxMinutes: numberOption(args, 'max-minutes') as number,
        ...(args.options.has('trials') ? { trials: numberOption(args, 'trials') as number } : {}),
        ...(options.handleSignals === undefined ? {} : { handleSignals: options.handleSignals }),
        printer,
        summary: ({ result, spec: s }) => summaryText(result, s, out),
        resultObject,
      });
      return EXIT_OK;
    } catch (err) {
      return userError(io, json, err);
    }
  }
  const store = fileCheckpointStore(io, ckptDir);
  try {
    const resume = args.options.has('resume') ? await store.load('last') : null;
    if (args.options.has('resume') && resume === null) {
      return userError(
        io,
        json,
        new ConfigError(`no checkpoint to resume in '${ckptDir}'; train without --resume.`),
      );
    }
    const resumeFrom =
      resume === null ? undefined : decodeCheckpoint(resume, `${ckptDir}/last.ckpt`);
    // NOTE: a resumed run checks the file first (one pass); a new run takes the fingerprint from
    // preparation's own pass over the file.
    if (resumeFrom !== undefined && !(await source.matches(resumeFrom.data.fingerprint))) {
      return userError(
        io,
        json,
        new ConfigError(
          `the checkpoint in '${ckptDir}' was made from other data than '${dataPath}'; train without --resume.`,
        ),
      );
    }
    if (resumeFrom !== undefined) spec = resumeFrom.spec;
    const bestBytes = resumeFrom === undefined ? null : await store.load('best');
    const best =
      bestBytes === null ? undefined : decodeCheckpoint(bestBytes, `${ckptDir}/best.ckpt`);
    const definition = options.tasks(spec.task);
    definition.checkSpec(spec);
    const warning = memoryWarning({
      task: spec.task,
      fileName: dataPath,
      fileBytes: source.size,
      // NOTE: the data's sizes (vocabulary, classes) are unknown before preparation: the defaults.
      model: definition.describeModel(spec, {}),
      totalMemoryBytes:
        options.totalMemoryBytes === undefined ? totalmem() : options.totalMemoryBytes,
    });
    if (warning !== null) io.stderr(`rnn-studio train: ${warning}\n`);
    const random = new Random(spec.train.seed);
    const vectorsPath = textOption(args, 'word-vectors');
    const named = spec.model.wordVectors?.file;
    if (named !== undefined && vectorsPath === undefined) {
      return userError(
        io,
        json,
        new ConfigError(
          `this run starts its embedding from the word vectors '${named}'; pass --word-vectors <file> again.`,
          'word-vectors',
        ),
      );
    }
    const wordVectors =
      vectorsPath === undefined ? undefined : await vectorFileSource(vectorsPath, { io, json });
    const task = await definition.prepare({
      spec,
      fileName: dataPath,
      bytes: source,
      random,
      ...(initFrom === undefined ? {} : { initFrom }),
      ...(initFromBackward === undefined ? {} : { initFromBackward }),
      ...(wordVectors === undefined ? {} : { wordVectors }),
      ...seriesRanges,
      // NOTE: spec.data.reading holds this inspection's options (above), so the task reads by it
      // instead of inspecting the head again; a resumed run's spec may differ, so it inspects.
      ...(inspection === undefined || resumeFrom !== undefined ? {} : { inspection }),
    });
    const fingerprint = await source.fingerprint();
    const checkpointSeconds = numberOption(args, 'checkpoint-seconds');
    const printer = eventPrinter(io, json);
    const run = new TrainingRun({
      task,
      random,
      data: { fileName: dataPath, fingerprint },
      store,
      onEvent: printer.onEvent,
      ...(resumeFrom === undefined ? {} : { resumeFrom }),
      ...(best === undefined ? {} : { resumeBest: { weights: best.weights, epoch: best.epoch } }),
      ...(checkpointSeconds === undefined ? {} : { checkpointEverySeconds: checkpointSeconds }),
      memoryBytes: () => process.memoryUsage.rss(),
    });
    if (resumeFrom !== undefined && !json) {
      io.stderr(`Resuming from epoch ${resumeFrom.epoch + 1}, step ${resumeFrom.step}.\n`);
    }
    const stop = () => run.stop();
    if (options.handleSignals) process.once('SIGINT', stop);
    const result = await run.run().finally(() => {
      process.removeListener('SIGINT', stop);
      printer.clear();
    });
    const bundle = bundleFromTask(task, { history: result.history, metrics: result.metrics });
    await io.writeFileAtomic(out, writeBundle(bundle));
    if (json) {
      const vectors = task.wordVectors === undefined ? {} : { wordVectors: task.wordVectors };
      io.stdout(`${JSON.stringify({ ...resultObject(result, out), ...vectors })}\n`);
    } else {
      io.stdout(summaryText(result, task.spec, out));
      if (result.forecast?.warning) io.stderr(`${warningLine(result.forecast.warning)}\n`);
    }
    return EXIT_OK;
  } catch (err) {
    return userError(io, json, err);
  }
}

/** The closing lines of a run: why it ended, metrics and baseline, forecast details, where the model went. */
function summaryText(result: TrainingResult, spec: RunSpec, out: string): string {
  return `${result.reason === 'completed' ? 'done' : result.reason}: ${formatMetrics(result.metrics)} (baseline ${formatMetrics(result.baseline)})\n${forecastLines(result.forecast)}${forecastUnits(spec, result.metrics)}model written to ${out}${peakLine(result.peakMemoryBytes)}\n`;
}

/** `--auto` needs a budget and cannot continue a checkpoint or start from a language model. @throws UsageError */
function checkAutoOptions(args: ParsedArgs): void {
  if (!args.options.has('max-minutes')) {
    throw new UsageError("Option '--auto' needs '--max-minutes M' (the search's whole budget).");
  }
  const minutes = numberOption(args, 'max-minutes') as number;
  if (!(minutes > 0)) {
    throw new UsageError(`Option '--max-minutes' must be above 0 with '--auto', got ${minutes}.`);
  }
  for (const other of ['resume', 'init-from', 'init-from-backward', 'word-vectors']) {
    if (args.options.has(other)) {
      throw new UsageError(`Option '--auto' cannot be combined with '--${other}'.`);
    }
  }
  const trials = numberOption(args, 'trials');
  if (trials !== undefined && (!Number.isInteger(trials) || trials < 2 || trials > 64)) {
    throw new UsageError(`Option '--trials' must be a whole number from 2 to 64, got ${trials}.`);
  }
}

/**
 * The language model `--init-from` names, read as a bundle (untrusted: the reader checks it).
 * @throws ConfigError for an unreadable file, DatasetError for one that is not a model.
 */
async function readInitFrom(
  io: CliIo,
  path: string | undefined,
): Promise<LanguageModelInit | undefined> {
  if (path === undefined) return undefined;
  let bytes: Uint8Array;
  try {
    bytes = await io.readFileBytes(path);
  } catch (err) {
    const problem = fileProblem(err, path);
    if (problem === null) throw err;
    throw problem;
  }
  return languageModelFromBundle(bytes, basename(path));
}

/**
 * The spec the options apply to: the recipe's, else the task's preset; with a language model to
 * start from, its embedding width and recurrent stack (so the trunk fits unless options change
 * it) and `train.initFrom` naming it.
 */
function baseSpec(
  args: ParsedArgs,
  suggested: TaskKind,
  recipe: Recipe | undefined,
  lm: LanguageModelInit | undefined,
): RunSpec | undefined {
  if (lm === undefined) return recipe?.spec;
  const task = choiceOption(args, 'task', taskKindSchema.options) ?? suggested;
  const spec = structuredClone(recipe?.spec ?? presetSpec(task));
  if (lm.spec.model.embeddingDim !== undefined)
    spec.model.embeddingDim = lm.spec.model.embeddingDim;
  // The language model's training-only regulariser (weight drop) is its own, not the new model's.
  const { weightDrop: _w, ...recurrent } = lm.spec.model.recurrent;
  spec.model.recurrent = recurrent;
  // A tagger's recurrent layer then reads the word embedding alone, as the language model's did.
  delete spec.model.charEncoder;
  // The language model's tokenizer is the one used (a tagger's words come tokenised; seq2seq's
  // source side takes it from the language model, and data.tokenizer stays the target side's).
  if (task !== 'tag' && task !== 'seq2seq') {
    spec.data.tokenizer = lm.spec.data.tokenizer ?? DEFAULT_TOKENIZERS.generate;
  }
  // seq2seq bridges states layer by layer: the decoder follows the encoder's stack unless given.
  if (task === 'seq2seq') delete spec.model.decoder;
  spec.train.initFrom = lm.fileName;
  const backward = textOption(args, 'init-from-backward');
  if (backward !== undefined) spec.train.initFromBackward = basename(backward);
  return spec;
}

/**
 * The recipe's files under `dir`: `<dir>/<gallery id>/<file>` (the gallery mirror's layout, as in
 * ../shared/data) when that exists, else `<dir>/<file>`.
 */
export async function recipeFilePaths(recipe: Recipe, dir: string): Promise<string[]> {
  const paths: string[] = [];
  for (const file of recipe.dataset.files) {
    const nested = join(dir, recipe.dataset.galleryId, file);
    const exists = await access(nested).then(
      () => true,
      () => false,
    );
    paths.push(exists ? nested : join(dir, file));
  }
  return paths;
}

/**
 * Prints a user error as one line (plus a JSON error object with --json) and returns exit 1;
 * programming errors are rethrown for the CLI's crash handler.
 */
export function userError(io: CliIo, json: boolean, err: unknown): number {
  const line = userErrorLine(err);
  if (line === null) throw err;
  if (json) {
    const e = err as Error & { suggestion?: string };
    io.stdout(
      `${JSON.stringify({ type: 'error', name: e.name, message: e.message, ...(e.suggestion ? { suggestion: e.suggestion } : {}) })}\n`,
    );
  }
  io.stderr(`rnn-studio train: ${line}\n`);
  return EXIT_USER_ERROR;
}

/** A 'peak memory 812 MiB' line for the summary, or nothing when the host could not tell. */
function peakLine(bytes: number | null): string {
  return bytes === null ? '' : `\npeak memory ${Math.round(bytes / (1024 * 1024))} MiB`;
}

/**
 * The second thread a big forecast or classify file is read with (PrepareInput.seriesRanges): one data file on
 * the real file system, unless RNN_STUDIO_THREADS=1 keeps the run to one thread; started `early`
 * when the run is sure to ask for it.
 */
export function seriesRangesFor(
  io: CliIo,
  paths: readonly string[],
  early: boolean,
): { seriesRanges?: SeriesRanges } {
  const ranges =
    paths.length === 1 && chooseThreads() === 2
      ? io.seriesRanges?.(paths[0] as string, { early })
      : undefined;
  return ranges === undefined ? {} : { seriesRanges: ranges };
}
