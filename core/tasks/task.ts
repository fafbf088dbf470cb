/** The contract every task (classify, forecast, tag, seq2seq, generate) implements for the training loop, bundles, the CLI and the UI. */
import type { ByteSource, FileBytes } from '../data/byteSource.ts';
import type { Inspection } from '../data/inspect.ts';
import type { ReadOptions } from '../data/readOptions.ts';
import type { SeriesRanges } from '../data/seriesRanges.ts';
import type { Module, StateDict } from '../nn/module.ts';
import type { Random } from '../random.ts';
import type { Tensor } from '../tensor/tensor.ts';
import type { BaselineName, ForecastOutcome } from './forecastOutcome.ts';
import type { RunSpec, TaskKind } from './spec.ts';

/** Told after each evaluation batch: examples scored so far of `total`. */
export type EvaluationProgress = (examples: number, total: number) => void;

/** A trained language model as read from its bundle, handed to `prepare` by the host. */
export interface LanguageModelInit {
  /** The bundle's file name, for messages and the run's record. */
  readonly fileName: string;
  /** The spec the language model was trained with. */
  readonly spec: RunSpec;
  /** Its task state (a generate state: tokenizer and vocabulary). */
  readonly taskState: unknown;
  /** Its weights under PyTorch names (core/io's SafetensorsInput: this folder sits below core/io). */
  readonly weights: ReadonlyMap<
    string,
    { readonly shape: readonly number[]; readonly data: Float32Array }
  >;
}

/** What the transfer did, for the run's notes and the saved task state. */
export interface TransferReport {
  /** The language model's file name. */
  fileName: string;
  /** The backward language model's file name (`train.initFromBackward`), when one was read. */
  backwardFileName?: string;
  /** Weights copied, by name (`embedding.weight`, `rnn.weight_ih_l0`, …). */
  loaded: string[];
  /** Training tokens read with the language model's tokenizer. */
  trainTokens: number;
  /** Of those, how many are not in its vocabulary and map to `<unk>`. */
  unknownTokens: number;
}

/** A word-vector file the host streams to `prepare` (`spec.model.wordVectors` names it). */
export interface WordVectorSource {
  /** The file's name, for messages and the run's notes. */
  readonly fileName: string;
  /** Its bytes in chunks of any size, read once, in order (a file of any size is streamed). */
  chunks(): AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  /** Told after each chunk: bytes read so far (the host's progress bar). */
  readonly onProgress?: (bytesRead: number) => void;
}

/** What the word vectors covered, for the run's notes and the CLI. */
export interface WordVectorReport {
  /** The vector file's name. */
  fileName: string;
  /** 'vec' (a "count dim" first line) or 'glove' (none). */
  format: 'vec' | 'glove';
  /** Numbers per vector: the embedding's width. */
  dim: number;
  /** Vectors in the file. */
  vectors: number;
  /** Words of the vocabulary (specials excluded), and how many have a vector. */
  vocabTypes: number;
  coveredTypes: number;
  /** Tokens of the training part, and how many are words with a vector. */
  trainTokens: number;
  coveredTokens: number;
  /** True when the embedding stays as the vectors gave it. */
  freeze: boolean;
}

/** Decoded pixels: RGBA, 8 bits per channel, row-major (core/data/captions' `DecodedImage`). */
export interface ImagePixels {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array | Uint8ClampedArray;
}

/**
 * caption: where the images are and how the host decodes them (core never touches files or
 * codecs). The shapes of core/data/captions' `ImageFolder` and `ImageDecoder`, spelt out here
 * because that folder sits above io/, which builds on this one.
 */
export interface ImageSource {
  readonly folder: {
    readonly name: string;
    readonly paths: readonly string[];
    read(path: string): Promise<Uint8Array>;
  };
  readonly decoder: { decode(bytes: Uint8Array, name: string): Promise<ImagePixels> };
}

/** Tensors by name with their shapes, as read from a `.safetensors` file (e.g. a torchvision state dict). */
export type NamedTensors = ReadonlyMap<
  string,
  { readonly shape: readonly number[]; readonly data: Float32Array }
>;

/** A JSON value: what a task's `state` is made of (it is written to config.json of a bundle as is). */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/**
 * Everything a task fitted on the training part besides the weights: vocabularies, label maps,
 * scalers, tokenizer settings, resolved column names. JSON-serialisable; `kind` guards against
 * restoring one task's state into another.
 */
export interface TaskState {
  /** The task this state belongs to. */
  readonly kind: TaskKind;
  /** Task-specific fields (each task documents and validates its own). */
  readonly [key: string]: JsonValue;
}

/** A metric and its direction, e.g. `{ name: 'accuracy', higherIsBetter: true }`. */
export interface MetricDirection {
  /** A key of {@link Metrics} (ARCHITECTURE.md names: accuracy, macroF1, tokenAccuracy, entityF1, bleu, mae, rmse, mape, naiveMae, perplexity, loss). */
  readonly name: string;
  /** True when a larger value is better (accuracy), false when smaller is (loss, perplexity, mae). */
  readonly higherIsBetter: boolean;
}

/** Scalar metrics by name (the keys of the CLI's `--json` result object). */
export type Metrics = Record<string, number>;

/** Which part of the data: training, validation (early stopping) or the held-out test. */
export type SplitName = 'train' | 'val' | 'test';

/** A confusion matrix: `counts[gold][predicted]` over `labels` in id order. */
export interface ConfusionMatrix {
  /** Class names, in the order of rows and columns. */
  readonly labels: readonly string[];
  /** `counts[i][j]` = examples of gold class i predicted as class j. */
  readonly counts: readonly (readonly number[])[];
}

/** Precision, recall and F1 of one class, tag or entity type. */
export interface LabelScores {
  /** The class, tag or entity type. */
  readonly label: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Gold occurrences (examples, tokens or entity spans). */
  readonly support: number;
}

/** The result of evaluating a model (or a baseline) on one split or file. */
export interface EvaluationReport {
  /** Examples evaluated (sentences, rows, windows, pairs or text chunks). */
  readonly examples: number;
  /** Scalar metrics; a model's report includes `loss` (mean per example/token as the task trains). */
  readonly metrics: Metrics;
  /** classify: the confusion matrix. */
  readonly confusion?: ConfusionMatrix;
  /** classify: per-class scores; tag: per-tag (POS) or per-entity-type (NER) scores. */
  readonly perLabel?: readonly LabelScores[];
  /** What the baseline is, for a baseline's report (e.g. 'majority class 'positive''). */
  readonly description?: string;
  /** forecast: MAE per step ahead, 1…H. */
  readonly maeByStep?: readonly number[];
}

/**
 * One training batch. Tasks extend it with their payload (ids, lengths, targets); the loop only
 * reads the counts for throughput and weighting.
 */
export interface TaskBatch {
  /** Examples in the batch (for examples per second). */
  readonly examples: number;
  /** Target tokens or values the loss averages over (for tokens per second). */
  readonly tokens: number;
}

/** Sizes of the data behind a prepared task. */
export interface DataSizes {
  /** Examples per split after filtering (empty lines and rows dropped). */
  readonly train: number;
  readonly val: number;
  readonly test: number;
}

/** Inputs of {@link TaskDefinition.prepare}. */
export interface PrepareInput {
  /** The run spec (already validated by `runSpecSchema`). */
  readonly spec: RunSpec;
  /** The file's name, for error messages (`'reviews.csv', line 12: …`). */
  readonly fileName: string;
  /**
   * The file (any encoding core/data detects): its bytes in memory (tests, recipes, small files),
   * or a {@link ByteSource} the task reads a piece at a time — the CLI and the app's trainers pass
   * one, so preparing never holds a big file whole (readers that need the whole file — workbooks,
   * Parquet, JSON documents, CoNLL-U, seq2seq and generate tables — collect it with `wholeBytes`).
   */
  readonly bytes: FileBytes;
  /**
   * Generator for weight initialisation and dropout. The caller owns it so a checkpoint can save
   * `random.getState()`. Splits do not use it: they are seeded by `spec.train.seed` alone.
   */
  readonly random: Random;
  /**
   * The trained language model `spec.train.initFrom` names, read by the host; the task takes its
   * tokenizer, vocabulary, embedding and recurrent weights (core/tasks/common/transfer.ts).
   */
  readonly initFrom?: LanguageModelInit;
  /**
   * The backward language model `spec.train.initFromBackward` names, read by the host; its frozen
   * states join the forward one's (core/tasks/common/transfer.ts).
   */
  readonly initFromBackward?: LanguageModelInit;
  /**
   * The word vectors `spec.model.wordVectors` names, streamed by the host; the task reads the rows
   * of its vocabulary into the embedding (core/tasks/common/wordVectors.ts).
   */
  readonly wordVectors?: WordVectorSource;
  /**
   * The host's inspection of these bytes, when it made one and `spec.data.reading` holds the
   * options that inspection decided (the CLI's train): the task reads the file by it instead of
   * inspecting the head again. Classify, forecast and tag use it; the other tasks read as before.
   */
  readonly inspection?: Inspection;
  /**
   * A second thread the host offers for reading a big file (the CLI's worker thread): forecast
   * and classify read the second half of `bytes` on it (core/data/seriesRanges.ts). Without it, one thread.
   */
  readonly seriesRanges?: SeriesRanges;
  /** caption: the image folder (or zip) and the host's decoder; `bytes` is then unused. */
  readonly images?: ImageSource;
  /** caption with `model.image.weights`: the backbone's state dict the host read from that file. */
  readonly backboneWeights?: NamedTensors;
}

/**
 * A task ready to train: data parsed and split, preprocessing fitted on the training part only,
 * model built. The training loop drives it: for each epoch `trainBatches`, for each batch
 * `loss(batch).backward()`, clip, step; then `evaluate('val')`.
 */
export interface PreparedTask<B extends TaskBatch = TaskBatch> {
  /** The task kind. */
  readonly kind: TaskKind;
  /** The spec this task was prepared from (defaults filled in by the task where the spec left them open). */
  readonly spec: RunSpec;
  /** The metric to early-stop and pick the best checkpoint on (may refine the definition's, e.g. entityF1 for NER data). */
  readonly primaryMetric: MetricDirection;
  /** JSON state to store in a bundle beside the weights; with them, `restore` rebuilds the predictor. */
  readonly state: TaskState;
  /** The whole model; `stateDict()` gives the weights under PyTorch names. */
  readonly model: Module;
  /** What was taken from `initFrom` (absent when the model starts fresh). */
  readonly transfer?: TransferReport;
  /** What the word vectors covered (absent without `spec.model.wordVectors`). */
  readonly wordVectors?: WordVectorReport;
  /**
   * Parameters that never train in this run, by name (a frozen word-vector embedding); the
   * fine-tuning plan leaves them frozen in every epoch.
   */
  readonly frozen?: readonly string[];
  /** Examples per split. */
  readonly sizes: DataSizes;
  /**
   * One epoch of training batches, shuffled by `random` (text tasks bucket by length so a batch
   * holds similar lengths). The same random state gives the same batches.
   */
  trainBatches(random: Random): Iterable<B>;
  /**
   * Forward pass in training mode (dropout on) and the loss.
   * @returns a scalar Tensor (shape `[]`) attached to the graph; the caller calls `backward()`.
   */
  loss(batch: B): Tensor;
  /**
   * Evaluates the model on a split in eval mode without gradients (the model is left in eval mode;
   * `loss` switches back to training mode).
   * `onProgress` is told the examples scored so far after each batch (seq2seq: of greedy decoding).
   * @returns the task's metrics and `loss`; `examples` is 0 and metrics are NaN for an empty split.
   */
  evaluate(split: SplitName, onProgress?: EvaluationProgress): EvaluationReport;
  /** The trivial baseline on a split (majority class, last value, most frequent tag per word, copy, unigram/bigram). */
  baseline(split: SplitName): EvaluationReport;
  /** A predictor over the current weights (shares them: later training steps show up in it). */
  predictor(): Predictor;
  /** Layers, shapes and parameter counts of this model with the fitted sizes. */
  describeModel(): ModelDescription;
  /**
   * forecast: the run's report beyond metrics (target mode and why, MAE per step ahead, the
   * warning when the model loses to a baseline), for the current weights.
   */
  outcome?(): ForecastOutcome;
  /**
   * The primary metric's parts per example of a split for the current weights (see
   * {@link ExampleScores}); absent where the metric does not split by example (F1, BLEU).
   */
  exampleScores?(split: SplitName): ExampleScores;
  /**
   * Fits what depends on the final weights and is saved with them in `state` (forecast: the
   * prediction interval from the validation errors). The trainer calls it once the best weights
   * are back in the model, before the final evaluation of `split`, with that evaluation's progress
   * (a task that scores `split` here reports it, and may keep what it scored for the evaluation).
   */
  finalize?(split: SplitName, onProgress: EvaluationProgress): void;
}

/**
 * A split's primary metric in parts, one per example, so two models can be compared example by
 * example (auto-tune's final comparison): the metric is Σ values / Σ weights (forecast MAE: a
 * window's absolute errors summed over its H steps, weight H).
 */
export interface ExampleScores {
  readonly values: Float64Array;
  readonly weights: Float64Array;
}

/** Inputs of {@link TaskDefinition.restore}. */
export interface RestoreInput {
  /** The spec the model was trained with. */
  readonly spec: RunSpec;
  /** The task state saved with the model. */
  readonly state: TaskState;
  /** The weights under PyTorch names (e.g. from model.safetensors). */
  readonly weights: StateDict;
}

/** Inputs of {@link RestoredTask.evaluateFile}. */
export interface EvaluateFileInput {
  /** The file's name, for error messages. */
  readonly fileName: string;
  /** The file's bytes, in the same format and columns as the training file. */
  readonly bytes: Uint8Array;
  /** How to read the file; default the options the model was trained with (`spec.data.reading`). */
  readonly reading?: ReadOptions | undefined;
  /** caption: the image folder with its captions file (`bytes` is then unused). */
  readonly images?: ImageSource;
}

/** A saved model loaded for inference and evaluation (CLI `predict` / `eval`, the Try screen). */
export interface RestoredTask extends Predictor {
  /** The model with the saved weights, in eval mode. */
  readonly model: Module;
  /** The task state it was restored from. */
  readonly state: TaskState;
  /**
   * Evaluates on every example of a file (no split), with the model and its baseline.
   * @throws DatasetError when the file cannot be read with the trained columns.
   */
  evaluateFile(
    input: EvaluateFileInput,
  ): Promise<{ model: EvaluationReport; baseline: EvaluationReport }>;
}

/** Decoding options for generate and seq2seq predictions. */
export interface DecodeOptions {
  /** generate / seq2seq: most tokens to produce; default the task's (e.g. 200 characters). */
  readonly maxTokens?: number;
  /** generate: softmax temperature > 0; default 1. */
  readonly temperature?: number;
  /** generate: sample from the k most likely tokens only (0 = all); default 0. */
  readonly topK?: number;
  /** generate / seq2seq: pick the most likely token each step instead of sampling; default false for generate. */
  readonly greedy?: boolean;
  /** generate: the sampling seed (the same seed gives the same text); default 0. */
  readonly seed?: number;
  /** seq2seq: beam size (1 = greedy). */
  readonly beamSize?: number;
  /** seq2seq: length-normalisation exponent α (score / length^α); default 1. */
  readonly lengthPenalty?: number;
}

/** One prediction request; each task reads the fields it needs and throws ConfigError for missing ones. */
export interface PredictInput {
  /** classify / seq2seq: the input text; tag: a sentence split on whitespace; generate: the prompt (may be ''). */
  readonly text?: string;
  /** tag: pre-split tokens (takes precedence over `text`). */
  readonly tokens?: readonly string[];
  /** forecast: the last L rows, `[L][features]` in the original units and the trained column order. */
  readonly rows?: readonly (readonly number[])[];
  /** forecast with known-future columns: their values at the H forecast steps, `[H][known columns]`, original units. */
  readonly future?: readonly (readonly number[])[];
  /** caption: the image's pixels, decoded by the host. */
  readonly image?: ImagePixels;
  /** generate / seq2seq / caption decoding options. */
  readonly decode?: DecodeOptions;
  /**
   * classify: also compute which tokens moved the decision ({@link ClassifyPrediction.importance});
   * costs one batched forward over N copies of the input. Default false.
   */
  readonly explain?: boolean;
}

/** classify: one token's share in the decision, by occlusion. */
export interface TokenImportance {
  /** The token as the model read it (after tokenizing and truncating). */
  readonly token: string;
  /**
   * p(predicted class | text) − p(predicted class | text without this token), in [−1, 1]:
   * positive when the token supported the decision, negative when it spoke against it.
   */
  readonly delta: number;
}

/** classify: the label and every class's probability (sorted by probability, highest first). */
export interface ClassifyPrediction {
  readonly kind: 'classify';
  readonly label: string;
  readonly probabilities: readonly { readonly label: string; readonly probability: number }[];
  /** With `explain`: every token's occlusion importance for `label`, in reading order. */
  readonly importance?: readonly TokenImportance[];
}

/** An entity span over tokens: `[start, end)` token indices. */
export interface PredictedSpan {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  /** The span's tokens joined by spaces. */
  readonly text: string;
}

/** tag: a tag per token and the entity spans merged from IOB-style tags (empty for POS tags). */
export interface TagPrediction {
  readonly kind: 'tag';
  readonly tokens: readonly string[];
  readonly tags: readonly string[];
  readonly entities: readonly PredictedSpan[];
  /** Per token, the softmax probability the model gives its chosen tag (in (0, 1]). */
  readonly confidences?: readonly number[];
}

/** generate: the continuation of the prompt. */
export interface GeneratePrediction {
  readonly kind: 'generate';
  /** The prompt followed by the generated text. */
  readonly text: string;
  /** The generated tokens only. */
  readonly generated: readonly string[];
}

/** forecast: the next H values of the target in its original units. */
export interface ForecastPrediction {
  readonly kind: 'forecast';
  readonly values: readonly number[];
  /**
   * The best baseline's forecast from the end of the training file (when predicting from there),
   * offered when the model loses to it.
   */
  readonly baseline?: { readonly name: BaselineName; readonly values: readonly number[] };
  /**
   * The prediction interval around `values` (absolute bounds per step, original units): where
   * `level` of the validation errors fell. Absent for models saved without one.
   */
  readonly interval?: {
    readonly level: number;
    readonly lower: readonly number[];
    readonly upper: readonly number[];
  };
}

/** seq2seq: the best output and, for beam search, every finished hypothesis with its score. */
export interface Seq2seqPrediction {
  readonly kind: 'seq2seq';
  readonly text: string;
  readonly candidates: readonly { readonly text: string; readonly score: number }[];
  /** For the best output of a model with attention (absent without attention). */
  readonly attention?: AttentionMatrix;
}

/** seq2seq: where the decoder looked in the source while writing each output token. */
export interface AttentionMatrix {
  /** Source tokens as the encoder read them (after tokenizing and truncating). */
  readonly source: readonly string[];
  /** Output tokens of the best hypothesis (without <eos>). */
  readonly output: readonly string[];
  /** `[output.length][source.length]`: each row is a softmax over the source and sums to 1. */
  readonly weights: readonly (readonly number[])[];
}

/** caption: the best caption, every beam hypothesis, and with attention where the model looked for each word. */
export interface CaptionPrediction {
  readonly kind: 'caption';
  readonly text: string;
  readonly candidates: readonly { readonly text: string; readonly score: number }[];
  /** For the best caption of a model with attention (absent without attention). */
  readonly attention?: ImageAttention;
}

/** caption: per output word, a softmax over the feature map's regions (row-major over the grid). */
export interface ImageAttention {
  /** Rows and columns of regions; region (r, c) covers the image's r-th of `rows` horizontal bands and c-th of `cols` vertical ones. */
  readonly grid: { readonly rows: number; readonly cols: number };
  /** The part of the image the grid covers, in the image's own pixels: the transform's centre crop (fractional). */
  readonly region: {
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
  };
  /** The caption's tokens (without <eos>). */
  readonly output: readonly string[];
  /** `[output.length][rows · cols]`, each row summing to 1. */
  readonly weights: readonly (readonly number[])[];
}

/** What `predict` returns, by task. */
export type Prediction =
  | ClassifyPrediction
  | TagPrediction
  | GeneratePrediction
  | ForecastPrediction
  | Seq2seqPrediction
  | CaptionPrediction;

/** Inference over fixed weights (eval mode, no gradients). */
export interface Predictor {
  /** The task kind. */
  readonly kind: TaskKind;
  /**
   * Predicts for one input.
   * @throws ConfigError when `input` lacks what the task needs or options are out of range.
   */
  predict(input: PredictInput): Prediction;
}

/**
 * A dimension of a tensor in the model view: a size the model fixes, or a symbol the batch decides:
 * `L` sequence length, `N` batch, `T` target length (seq2seq), `C` characters per word and `W`
 * distinct words in a batch (tag's character encoder).
 */
export type Dim = number | 'L' | 'N' | 'T' | 'C' | 'W';

/** One tensor flowing between layers, e.g. `output (L, N, 256)`. */
export interface ShapeInfo {
  /** PyTorch's name for it: 'ids', 'input', 'output', 'h_n', 'c_n', 'logits', … */
  readonly name: string;
  /** In PyTorch's order: `(L, N, features)`, or `(N, L, features)` with batch_first. */
  readonly dims: readonly Dim[];
}

/** A learnable tensor under its state-dict key, e.g. `rnn.weight_ih_l0` `[512, 64]`. */
export interface ParamTensor {
  readonly name: string;
  readonly shape: readonly number[];
}

/** The kinds of layer the model view draws, one card each. */
export type LayerKind =
  | 'embedding'
  | 'char-encoder'
  | 'language-model'
  | 'input-dropout'
  | 'encoder'
  | 'bridge'
  | 'decoder-embedding'
  | 'image-encoder'
  | 'decoder'
  | 'attention'
  | 'pooling'
  | 'dropout'
  | 'head';

/** One layer of a model, as the model view draws it: what goes in, what comes out, what it learns. */
export interface LayerDescription {
  readonly kind: LayerKind;
  /** The PyTorch module it corresponds to, e.g. `nn.LSTM(64, 128, num_layers=2, bidirectional=True)`. */
  readonly module: string;
  /** Input shapes. */
  readonly inputs: readonly ShapeInfo[];
  /** Output shapes (recurrent layers list output, h_n and, for LSTM, c_n). */
  readonly outputs: readonly ShapeInfo[];
  /** Its learnable tensors, under the keys of the model's `stateDict()`. */
  readonly tensors: readonly ParamTensor[];
  /** Parameters of this layer (the sum of its tensors' sizes). */
  readonly parameters: number;
  /** Never trained (a frozen language model, a frozen image encoder): no gradients or optimizer state. */
  readonly frozen?: boolean;
}

/** How shapes and modules are written: PyTorch's `batch_first` puts N before L. */
export interface Notation {
  readonly batchFirst: boolean;
}

/** Sizes the model depends on that the data decides; known after `prepare`, estimated before. */
export interface SizeHints {
  /** Input vocabulary (specials included). */
  readonly vocabSize?: number;
  /** classify: classes; tag: tags. */
  readonly numClasses?: number;
  /** seq2seq: target vocabulary. */
  readonly targetVocabSize?: number;
  /** forecast: input features per step. */
  readonly numFeatures?: number;
  /** tag with a character encoder: the character vocabulary (padding and unknown included). */
  readonly charVocabSize?: number;
  /** Typical sequence length L for the memory estimate. */
  readonly sequenceLength?: number;
}

/** A model summary for the UI: layers, parameter counts and a memory estimate. */
export interface ModelDescription {
  readonly layers: readonly LayerDescription[];
  /** Sum of the layers' parameters. */
  readonly totalParameters: number;
  /** Of those, the parameters of frozen layers (never trained). */
  readonly frozenParameters: number;
  /** Bytes: parameters (float32); gradients and Adam's two moments of the trained ones; activations for one batch. */
  readonly memory: {
    readonly parameterBytes: number;
    readonly gradientBytes: number;
    readonly optimizerBytes: number;
    /** Activations kept for backward for one batch of `spec.train.batchSize` at the hinted length. */
    readonly activationBytes: number;
    readonly totalBytes: number;
  };
  /** Sizes used, and whether they were estimated (before the data was read). */
  readonly sizes: SizeHints & { readonly estimated: boolean };
}

/** One task: how to check a spec, prepare data and model, restore a saved model, and describe it. */
export interface TaskDefinition {
  /** The task kind. */
  readonly kind: TaskKind;
  /** The default metric to early-stop on (a PreparedTask may refine it). */
  readonly primaryMetric: MetricDirection;
  /**
   * Checks the task-specific rules the zod schema cannot (e.g. generate refuses bidirectional).
   * @throws ConfigError naming the field and the reason.
   */
  checkSpec(spec: RunSpec): void;
  /**
   * Parses the file with core/data, splits it by `spec.train.seed`, fits vocabularies / labels /
   * scalers on the training part only and builds the model with `random`.
   * Async because core/data's inspection and readers are.
   * @throws ConfigError for a spec the task refuses; DatasetError for a file it cannot use.
   */
  prepare(input: PrepareInput): Promise<PreparedTask>;
  /**
   * Rebuilds the model from a saved spec, state and weights for inference and evaluation.
   * @throws ConfigError when the state belongs to another task or the weights do not fit.
   */
  restore(input: RestoreInput): RestoredTask;
  /**
   * Layers with PyTorch-notation shapes, parameter counts and a memory estimate; sizes the data
   * decides come from `hints` or are estimated from the spec (`sizes.estimated` says which);
   * `notation` writes sequences batch-first (default: `{ batchFirst: false }`, as the models run).
   */
  describeModel(spec: RunSpec, hints?: SizeHints, notation?: Notation): ModelDescription;
}
