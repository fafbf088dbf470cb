/** The auto-tune search space: the settings that matter most for recurrent models, sampled around a base spec with a seeded generator. */
import { Random } from '../random.ts';
import { DEFAULT_WINDOW } from '../tasks/forecast/describe.ts';
import { DEFAULT_TOKENIZERS, type RunSpec } from '../tasks/spec.ts';

/** What one trial changes from the base spec (the leaderboard's columns). */
export interface TrialConfig {
  /** Text tasks with a tokenizer (classify, seq2seq, generate). */
  tokenizer?: 'char' | 'word' | 'bpe';
  /** Text tasks: embedding width. */
  embeddingDim?: number;
  hiddenSize: number;
  numLayers: number;
  /** Dropout before the head, between stacked layers (2+), and on tag's encoder input. */
  dropout: number;
  lr: number;
  /** tag: whether each word also gets a character BiLSTM. */
  charEncoder?: boolean;
  /** forecast: the input window's length in time steps. */
  window?: number;
  /** forecast: the learning-rate schedule over the epochs. */
  schedule?: 'constant' | 'step' | 'cosine' | 'plateau';
  /** A cosine tail (anneal.ts): the trial whose best weights it starts from. */
  annealFrom?: number;
  /** A cosine tail: its epochs. */
  annealEpochs?: number;
}

/** Limits the data sets on a draw. */
export interface SpaceLimits {
  /** forecast: the longest window the training part allows (enough windows left to learn from). */
  maxWindow?: number;
}

/** The values each setting is drawn from. */
export const SEARCH_VALUES = {
  tokenizer: ['char', 'word', 'bpe'] as const,
  embeddingDim: [32, 64, 128, 256],
  hiddenSize: [64, 128, 256],
  numLayers: [1, 2],
  dropout: [0, 0.2, 0.4],
  // NOTE: log-spaced around Adam's usual 1e-3 (RNN studies tune lr on a log scale first:
  // Greff et al. 2017, "LSTM: A Search Space Odyssey", https://arxiv.org/abs/1503.04069).
  lr: [5e-4, 1e-3, 2e-3, 4e-3, 8e-3],
} as const;

/** forecast models are small: fewer units search better in the same time. */
const FORECAST_HIDDEN = [32, 64, 128] as const;

/**
 * forecast windows, as multiples of the base spec's: how far back a series' pattern reaches is
 * what the defaults know least about (a cycle longer than the default 30 steps, as the sunspots'
 * 11 years of months, is cut off).
 */
const WINDOW_FACTORS = [0.5, 1, 2, 4] as const;

/**
 * forecast schedules: a series' validation error swings from epoch to epoch at a constant rate
 * (sunspots: 14.9 to 15.9 over the defaults' last 10 epochs); a decaying rate settles it.
 */
const FORECAST_SCHEDULES = ['constant', 'cosine', 'plateau'] as const;

/** forecast: the windows a draw picks from, the base's own included, none above `maxWindow`. */
export function windowChoices(base: number, maxWindow = Number.POSITIVE_INFINITY): number[] {
  const choices = WINDOW_FACTORS.map((f) => Math.max(2, Math.round(base * f))).filter(
    (w) => w === base || w <= maxWindow,
  );
  return [...new Set(choices)];
}

function hasTokenizer(spec: RunSpec): boolean {
  // A model that starts from a language model keeps its tokenizer.
  return spec.task in DEFAULT_TOKENIZERS && spec.train.initFrom === undefined;
}

/** The base spec's own settings, as the first trial tries them. */
export function configOf(spec: RunSpec): TrialConfig {
  const { recurrent } = spec.model;
  const tokenizer =
    spec.data.tokenizer ?? DEFAULT_TOKENIZERS[spec.task as keyof typeof DEFAULT_TOKENIZERS];
  return {
    ...(hasTokenizer(spec) && tokenizer !== undefined ? { tokenizer } : {}),
    ...(spec.model.embeddingDim === undefined ? {} : { embeddingDim: spec.model.embeddingDim }),
    hiddenSize: recurrent.hiddenSize,
    numLayers: recurrent.numLayers,
    dropout: spec.model.headDropout ?? recurrent.dropout,
    lr: spec.train.lr,
    ...(spec.task === 'tag' ? { charEncoder: spec.model.charEncoder !== undefined } : {}),
    ...(spec.task === 'forecast'
      ? { window: spec.data.window ?? DEFAULT_WINDOW, schedule: spec.train.schedule }
      : {}),
  };
}

function pick<T>(random: Random, values: readonly T[]): T {
  return values[random.int(values.length)] as T;
}

/** A random config over the dimensions the base spec has. */
function sampleConfig(base: RunSpec, random: Random, limits: SpaceLimits): TrialConfig {
  const own = configOf(base);
  const hidden = base.task === 'forecast' ? FORECAST_HIDDEN : SEARCH_VALUES.hiddenSize;
  return {
    ...(own.tokenizer === undefined ? {} : { tokenizer: pick(random, SEARCH_VALUES.tokenizer) }),
    ...(own.embeddingDim === undefined
      ? {}
      : { embeddingDim: pick(random, SEARCH_VALUES.embeddingDim) }),
    hiddenSize: pick(random, hidden),
    numLayers: pick(random, SEARCH_VALUES.numLayers),
    dropout: pick(random, SEARCH_VALUES.dropout),
    lr: pick(random, SEARCH_VALUES.lr),
    ...(own.charEncoder === undefined ? {} : { charEncoder: random.next() < 0.5 }),
    ...(own.window === undefined
      ? {}
      : { window: pick(random, windowChoices(own.window, limits.maxWindow)) }),
    ...(own.schedule === undefined ? {} : { schedule: pick(random, FORECAST_SCHEDULES) }),
  };
}

/**
 * `count` distinct configs: the base spec's own first, then random draws from `seed` (the same
 * seed and base give the same list). `o.seen` (configs tried before, base included) are not
 * drawn again, and the base is then not first: a later round of the search draws new settings.
 * @throws RangeError when count is not a positive integer.
 */
export function sampleConfigs(
  base: RunSpec,
  count: number,
  seed: number,
  o: { limits?: SpaceLimits; seen?: readonly TrialConfig[] } = {},
): TrialConfig[] {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`sampleConfigs: count must be a positive integer, got ${count}.`);
  }
  const random = new Random(seed);
  const configs = o.seen === undefined ? [configOf(base)] : [];
  const seen = new Set([...configs, ...(o.seen ?? [])].map((c) => JSON.stringify(c)));
  // NOTE: a small space (forecast has 3·2·3·5·4·3 = 1,080 points) can run out; give up after enough draws.
  for (let tries = 0; configs.length < count && tries < count * 50; tries++) {
    const config = sampleConfig(base, random, o.limits ?? {});
    const key = JSON.stringify(config);
    if (seen.has(key)) continue;
    seen.add(key);
    configs.push(config);
  }
  return configs;
}

/** The base spec with a trial's settings applied (a new object; the base is not changed). */
export function specWith(base: RunSpec, config: TrialConfig): RunSpec {
  const spec = JSON.parse(JSON.stringify(base)) as RunSpec;
  if (config.tokenizer !== undefined) spec.data.tokenizer = config.tokenizer;
  if (config.embeddingDim !== undefined) spec.model.embeddingDim = config.embeddingDim;
  spec.model.recurrent.hiddenSize = config.hiddenSize;
  spec.model.recurrent.numLayers = config.numLayers;
  // PyTorch warns on dropout between layers with one layer: it has no effect there.
  spec.model.recurrent.dropout = config.numLayers > 1 ? config.dropout : 0;
  spec.model.headDropout = config.dropout;
  if (spec.task === 'tag') {
    if (config.charEncoder === false) delete spec.model.charEncoder;
    else if (config.charEncoder === true && spec.model.charEncoder === undefined) {
      spec.model.charEncoder = { embeddingDim: 25, hiddenSize: 25 };
    }
    if (spec.model.inputDropout !== undefined || config.dropout > 0) {
      spec.model.inputDropout = config.dropout;
    }
  }
  if (config.window !== undefined) spec.data.window = config.window;
  if (config.schedule !== undefined && config.schedule !== base.train.schedule) {
    spec.train.schedule = config.schedule;
    // NOTE: a cosine run ends where its rate has decayed, at its last epoch; early stopping on a
    // noisy validation score cuts it while the rate is still high (sunspots: LSTM 64, lr 0.004,
    // cosine stopped at epoch 7 of 30 with validation MAE 14.80 under patience 5, and reached
    // 14.37 trained to its end). Its best epoch's weights are kept either way.
    if (config.schedule === 'cosine') spec.train.earlyStoppingPatience = 0;
  }
  spec.train.lr = config.lr;
  return spec;
}

/** The config in a few words for logs and the CLI: `word emb 64 · hidden 128 × 1 · dropout 0.2 · lr 0.002`. */
export function describeConfig(config: TrialConfig): string {
  return [
    config.tokenizer,
    config.embeddingDim === undefined ? undefined : `emb ${config.embeddingDim}`,
    `hidden ${config.hiddenSize} × ${config.numLayers}`,
    `dropout ${config.dropout}`,
    `lr ${config.lr}`,
    config.charEncoder === undefined ? undefined : config.charEncoder ? 'char-BiLSTM' : 'no chars',
    config.window === undefined ? undefined : `window ${config.window}`,
    config.schedule === undefined ? undefined : `${config.schedule} lr`,
    config.annealFrom === undefined
      ? undefined
      : `then ${config.annealEpochs} epochs of cosine lr from trial ${config.annealFrom}'s best`,
  ]
    .filter((part) => part !== undefined)
    .join(' · ');
}

/** Tokens per text relative to words: characters make sequences about 5 times longer, BPE subwords about 1.5. */
const TOKENS_PER_WORD = { word: 1, bpe: 1.5, char: 5 } as const;

/**
 * A step's work per token that does not grow with the recurrent weights (a kernel call per time
 * step, the embedding lookup, head, loss and optimizer), in multiply-adds of the recurrent stack
 * that take as long. Measured on the build machine (docs/results.md "Auto-tune: a step's fixed
 * cost"): an LSTM classifier on the Yelp sentences, batch 16, word tokens, embedding = hidden from
 * 4 to 256, took 2.5, 3.8, 9.0, 24.6 and 103 ms a step; a line through them crosses zero
 * multiply-adds at about 2,900 (least squares) to 3,900 (best fit of the step-time ratios).
 * NOTE: without it a 4-wide spec's 256-wide setting costs 4,096 of its steps by multiply-adds,
 * where it took 41; the search then wrongly found no room for challengers (the spec first).
 */
export const STEP_OVERHEAD_MULTIPLY_ADDS = 3000;

/**
 * A config's training cost per step relative to `base`'s, from the recurrent stack's multiply-adds
 * per token (input and hidden weights of every layer and direction) plus the step's fixed work per
 * token ({@link STEP_OVERHEAD_MULTIPLY_ADDS}), times the tokens per text (a forecast window's steps):
 * the search plans its budget with the mean over its configs, since a bigger setting is slower.
 */
export function relativeCost(config: TrialConfig, base: TrialConfig, directions: number): number {
  const cost = (c: TrialConfig) => {
    const input = c.embeddingDim ?? 1;
    const h = c.hiddenSize;
    const perToken =
      directions * (input * h + h * h + (c.numLayers - 1) * (directions * h * h + h * h));
    return (
      (perToken + STEP_OVERHEAD_MULTIPLY_ADDS) *
      TOKENS_PER_WORD[c.tokenizer ?? 'word'] *
      (c.window ?? 1)
    );
  };
  return cost(config) / cost(base);
}
