/** The plumbing every task's prepare and restore share: the spec's task check, per-split parts and sizes, and a restored model ready for inference. */
import { ConfigError } from '../../errors.ts';
import { formatCount, formatMiB, MAX_MODEL_PARAMETERS } from '../../io/guards/limits.ts';
import type { Module, StateDict } from '../../nn/module.ts';
import type { RunSpec, TaskKind } from '../spec.ts';
import type {
  DataSizes,
  ModelDescription,
  Predictor,
  RestoredTask,
  SplitName,
  TaskState,
} from '../task.ts';

/** One value per split. */
export type SplitParts<T> = { readonly [name in SplitName]: T };

/** The tasks `train.initFrom` may start (seq2seq: its encoder, by fine-tuning). */
const STARTS_FROM_LM: readonly TaskKind[] = ['classify', 'tag', 'seq2seq'];

/**
 * Checks that a spec is for task `kind`.
 * @throws ConfigError `<kind>: spec.task must be '<kind>', got '<task>'.`
 */
export function checkTaskKind(spec: RunSpec, kind: TaskKind): void {
  if (spec.task !== kind) {
    throw new ConfigError(`${kind}: spec.task must be '${kind}', got '${spec.task}'.`);
  }
  if (spec.train.initFrom !== undefined && !STARTS_FROM_LM.includes(kind)) {
    // NOTE: forecast reads numbers, a captioner's encoder reads images, and a language model does
    // not start another language model.
    throw new ConfigError(
      `${kind}: train.initFrom must be left out (only classify, tag and seq2seq start from a language model), got '${spec.train.initFrom}'.`,
      'init-from',
    );
  }
  if (spec.train.initFromBackward !== undefined && kind !== 'classify' && kind !== 'tag') {
    throw new ConfigError(
      `${kind}: train.initFromBackward must be left out (only classify and tag read a backward language model's states), got '${spec.train.initFromBackward}'.`,
      'init-from',
    );
  }
  if (spec.model.lmFeatures !== undefined && kind !== 'classify' && kind !== 'tag') {
    throw new ConfigError(
      `${kind}: spec.model.lmFeatures must be left out (only classify and tag read a language model's states), got a trunk.`,
      'init-from',
    );
  }
  if (spec.model.direction !== undefined && kind !== 'generate') {
    throw new ConfigError(
      `${kind}: spec.model.direction must be left out (only a language model reads its text in a chosen direction), got '${spec.model.direction}'.`,
    );
  }
  checkWordVectorsFit(spec, kind);
  if (spec.model.charEncoder !== undefined && kind !== 'tag') {
    throw new ConfigError(
      `${kind}: spec.model.charEncoder must be left out (only the tag task reads words by their characters), got an encoder.`,
    );
  }
  if (spec.model.inputDropout !== undefined && kind !== 'tag' && kind !== 'generate') {
    throw new ConfigError(
      `${kind}: spec.model.inputDropout must be left out (only tag and generate drop their recurrent stack's input), got ${spec.model.inputDropout}.`,
    );
  }
}

/** `model.wordVectors` needs a word embedding (classify, tag, seq2seq) and no language model to start from. */
function checkWordVectorsFit(spec: RunSpec, kind: TaskKind): void {
  const vectors = spec.model.wordVectors;
  if (vectors === undefined) return;
  if (kind === 'forecast' || kind === 'generate') {
    throw new ConfigError(
      `${kind}: model.wordVectors must be left out (classify, tag and seq2seq start from word vectors), got '${vectors.file}'.`,
      'word-vectors',
    );
  }
  if (spec.train.initFrom !== undefined) {
    throw new ConfigError(
      `${kind}: model.wordVectors and train.initFrom must not both be set (the language model brings its own embedding); remove one.`,
      'word-vectors',
      { key: 'vectors-with-init-from', params: { task: kind, file: vectors.file } },
    );
  }
}

/** `f` of every split's part, called in the order train, val, test. */
export function mapSplits<T, U>(parts: SplitParts<T>, f: (part: T) => U): SplitParts<U> {
  const train = f(parts.train);
  const val = f(parts.val);
  const test = f(parts.test);
  return { train, val, test };
}

/** Examples per split of parts held as arrays. */
export function splitSizes(parts: SplitParts<{ readonly length: number }>): DataSizes {
  return { train: parts.train.length, val: parts.val.length, test: parts.test.length };
}

/** How much larger than its weights a described model may be before it is refused unbuilt: twice the values the file holds, plus this many. */
const FIT_SLACK = 2 ** 20;

/**
 * Refuses, before the model is built, a spec that describes a model far larger than the weights
 * saved with it: a spec may ask for any size (a 5 KB file can name hidden 4096 × 8 layers), so the
 * description's parameter count must be under {@link MAX_MODEL_PARAMETERS} and at most twice the
 * values the weights really hold (plus {@link FIT_SLACK}); building then costs at most about what the
 * file itself holds. A closer misfit is named key by key and shape by shape when the weights load.
 * @param description the task's `describeModel(spec, sizes from the state)` (arithmetic only).
 * @throws ConfigError ('state-dict') naming both counts, or the cap.
 */
export function checkWeightsFit(description: ModelDescription, weights: StateDict): void {
  const implied = description.totalParameters;
  if (implied > MAX_MODEL_PARAMETERS) {
    throw new ConfigError(
      `the spec describes a model of ${formatCount(implied)} parameters; RNN Studio opens models of at most ${formatCount(MAX_MODEL_PARAMETERS)} parameters (${formatMiB(4 * MAX_MODEL_PARAMETERS)} of float32).`,
      'state-dict',
    );
  }
  let held = 0;
  for (const w of Object.values(weights)) held += w.data.length;
  if (implied > 2 * held + FIT_SLACK) {
    throw new ConfigError(
      `the spec and task state describe a model of ${formatCount(implied)} parameters, far more than the ${formatCount(held)} model.safetensors holds; the file is damaged or was edited. Export the model again.`,
      'state-dict',
    );
  }
}

/**
 * A restored task: loads `weights` into `model` (in eval mode) and puts it beside the predictor,
 * the state it was restored from and `evaluateFile`.
 * @throws ConfigError when the weights do not fit the model.
 */
export function restoredTask(options: {
  model: Module;
  weights: StateDict;
  state: { readonly kind: TaskKind };
  predictor: Predictor;
  evaluateFile: RestoredTask['evaluateFile'];
}): RestoredTask {
  const { model, predictor } = options;
  model.loadStateDict(options.weights);
  model.eval();
  return {
    ...predictor,
    model,
    state: options.state as TaskState,
    evaluateFile: options.evaluateFile,
  };
}
