/** The declarative run spec (JSON): which task, which data columns, which model, how to train. */
import { z } from 'zod';
import { derivedColumnSchema } from '../data/derived.ts';
import { readOptionsSchema } from '../data/readOptions.ts';
import { TASK_KINDS, type TaskKind } from '../data/roles.ts';

export {
  type DerivedColumn,
  type DerivedOp,
  derivedColumnSchema,
  derivedOpSchema,
} from '../data/derived.ts';

/** One recurrent stack, in PyTorch's terms (nn.RNN / nn.LSTM / nn.GRU). */
export const recurrentSpecSchema = z
  .object({
    /** Cell type. */
    cell: z.enum(['rnn', 'lstm', 'gru']),
    /** Features in the hidden state (H_out). */
    hiddenSize: z.number().int().min(1).max(4096),
    /** Stacked layers. */
    numLayers: z.number().int().min(1).max(8),
    /** Run a second direction over the reversed sequence (D = 2). */
    bidirectional: z.boolean(),
    /** Dropout on the outputs of every layer but the last (training only). */
    dropout: z.number().min(0).max(0.95),
    /** RNN cells only: the nonlinearity. */
    nonlinearity: z.enum(['tanh', 'relu']),
    /**
     * DropConnect on the hidden-to-hidden weights in training (AWD-LSTM's weight drop, a language
     * model's main regulariser; Merity et al. 2018). Not in the exported train.py.
     */
    weightDrop: z.number().min(0).max(0.95).optional(),
  })
  .strict();
export type RecurrentSpec = z.infer<typeof recurrentSpecSchema>;

/** Which columns (or CoNLL fields) feed the task; names as `inspect` reports them. */
export const dataSpecSchema = z
  .object({
    /** classify / generate: the text column. */
    textColumn: z.string().optional(),
    /** classify: the label column. */
    labelColumn: z.string().optional(),
    /**
     * classify: names for the label column's codes (`{ "0": "negative", "1": "positive" }`), read
     * in place of the codes, so the model's classes, Try, Evaluate, the bundle and the export
     * show the names; codes without a name stay as they are.
     */
    labelNames: z.record(z.string().max(200), z.string().trim().min(1).max(200)).optional(),
    /** forecast: the value to predict; seq2seq: the target text column. */
    targetColumn: z.string().optional(),
    /** forecast: other numeric input columns. */
    featureColumns: z.array(z.string()).optional(),
    /** forecast: columns computed from two others, in order (see {@link derivedColumnSchema}). */
    derivedColumns: z.array(derivedColumnSchema).max(16).optional(),
    /**
     * forecast: feature columns known in advance (a calendar, a published forecast): besides the
     * window, their values at the H forecast steps are fed to the head.
     */
    knownFutureColumns: z.array(z.string()).max(32).optional(),
    /** forecast: the date column to sort by. */
    dateColumn: z.string().optional(),
    /** seq2seq: the source text column. */
    sourceColumn: z.string().optional(),
    /** tag (CoNLL-U): which field holds the tag. */
    tagField: z.enum(['upos', 'xpos']).optional(),
    /** Text tasks: how text becomes tokens. */
    tokenizer: z.enum(['char', 'word', 'bpe']).optional(),
    /** Vocabulary: drop tokens seen fewer times than this in the training part. */
    minFreq: z.number().int().min(1).optional(),
    /** Vocabulary: keep at most this many tokens (plus the specials). */
    maxVocab: z.number().int().min(10).optional(),
    /** BPE: merges to learn. */
    bpeMerges: z.number().int().min(1).optional(),
    /** Text tasks: truncate sequences to this many tokens. */
    maxLength: z.number().int().min(1).optional(),
    /** forecast: input window length L. */
    window: z.number().int().min(1).optional(),
    /** forecast: steps ahead to predict H. */
    horizon: z.number().int().min(1).optional(),
    /**
     * forecast: how the model sees its target — 'level', 'change' (from the last value),
     * 'window-norm' (levels normalised by each window's mean and spread) or 'auto' (chosen on the
     * validation split; the default). See core/tasks/forecast/targetMode.ts.
     */
    targetMode: z.enum(['auto', 'level', 'change', 'window-norm']).optional(),
    /** forecast, older specs: true means targetMode 'change', false 'level' (targetMode wins when both are given). */
    predictChanges: z.boolean().optional(),
    /** forecast: how inputs are scaled (fitted on the training part only). */
    scaling: z.enum(['zscore', 'minmax', 'none']).optional(),
    /** forecast: what to do with missing values. */
    missing: z.enum(['forward-fill', 'drop']).optional(),
    /**
     * How the file is read (format, encoding, delimiter, header, decimal separator, missing codes…),
     * as the Data section showed it; left out, every option is guessed from the file. Training,
     * `eval`, `predict` and the PyTorch export all read with these.
     */
    reading: readOptionsSchema.optional(),
  })
  .strict();
export type DataSpec = z.infer<typeof dataSpecSchema>;

/** tag: the per-word character encoder (a bidirectional LSTM over the word's characters). */
export const charEncoderSpecSchema = z
  .object({
    /** Width of a character's embedding. */
    embeddingDim: z.number().int().min(1).max(512),
    /** Hidden size of each direction; the word gets 2 · hiddenSize features. */
    hiddenSize: z.number().int().min(1).max(1024),
  })
  .strict();
export type CharEncoderSpec = z.infer<typeof charEncoderSpecSchema>;

/** caption: the image encoder (a CNN) whose feature map the recurrent decoder starts from or attends over. */
export const imageEncoderSpecSchema = z
  .object({
    /** 'cnn': a small CNN trained from scratch; 'resnet18': torchvision's resnet18 (weights from `weights`, else random). */
    backbone: z.enum(['cnn', 'resnet18']),
    /** Keep the backbone's weights fixed (eval mode): its features are then computed once per image. */
    freeze: z.boolean(),
    /** Images are resized (shorter side) and centre-cropped to imageSize × imageSize pixels. */
    imageSize: z.number().int().min(16).max(512),
    /** cnn: output channels of the first block, doubled by each further block. */
    width: z.number().int().min(4).max(256).optional(),
    /** cnn: blocks of Conv2d 3×3 → BatchNorm2d → ReLU → MaxPool2d(2). */
    blocks: z.number().int().min(1).max(6).optional(),
    /** Dropout on the image features before the decoder (training only). */
    featureDropout: z.number().min(0).max(0.95).optional(),
    /** Ablation: the decoder gets zeros instead of the image's features (the proof a model uses the image). */
    zeroImage: z.boolean().optional(),
    /** resnet18: the torchvision state dict (`.safetensors`) by file name; the host reads it. */
    weights: z.string().min(1).optional(),
  })
  .strict();
export type ImageEncoderSpec = z.infer<typeof imageEncoderSpecSchema>;

/** The model: an embedding (text tasks), a recurrent encoder, and the task's head. */
export const modelSpecSchema = z
  .object({
    /** Text tasks: embedding width. */
    embeddingDim: z.number().int().min(1).max(4096).optional(),
    /** The recurrent stack (the encoder for seq2seq). */
    recurrent: recurrentSpecSchema,
    /** classify: how the sequence becomes one vector. */
    pooling: z.enum(['last', 'mean', 'max']).optional(),
    /** seq2seq: the decoder stack (unidirectional). */
    decoder: recurrentSpecSchema.optional(),
    /** seq2seq: attention over encoder outputs. */
    attention: z.enum(['none', 'luong', 'bahdanau']).optional(),
    /** Dropout before the head. */
    headDropout: z.number().min(0).max(0.95).optional(),
    /**
     * tag: a character encoder per word — an embedding of the word's characters (original case)
     * read by a bidirectional LSTM whose two final states join the word embedding (PyTorch:
     * nn.Embedding + nn.LSTM(bidirectional=True) over each word). Carries unseen words and case.
     */
    charEncoder: charEncoderSpecSchema.optional(),
    /**
     * tag, generate: dropout on each token's input to the recurrent stack (tag: word embedding ‖
     * character features), in training only (PyTorch: nn.Dropout before the recurrent layer, as
     * Lample et al. 2016 and AWD-LSTM's input dropout).
     */
    inputDropout: z.number().min(0).max(0.95).optional(),
    /**
     * classify, tag, seq2seq (the source side): pre-trained word vectors (fastText `.vec` or GloVe
     * `.txt`, by file name; the host streams the file to `prepare`). The embedding takes the
     * vectors' width (`embeddingDim` follows the file) and, for each vocabulary word in the file,
     * its vector; words not in the file keep a fresh row drawn as PyTorch draws them (N(0, 1)).
     * Only those rows are saved (the embedding itself), never the file.
     */
    wordVectors: z
      .object({
        /** The vector file's name. */
        file: z.string().min(1).max(260),
        /** Keep the embedding as the vectors gave it (true) or fine-tune it with the rest (false). */
        freeze: z.boolean(),
      })
      .strict()
      .optional(),
    /**
     * generate: the order in which the language model reads each text: 'forward' (left to right,
     * the default) or 'backward' (right to left: ELMo's backward language model, whose state at a
     * token sums up the text to its right). The tokenizer and vocabulary are fitted on the text as
     * written, so a forward and a backward model of the same text share them; a prompt is the
     * text's end, and the model writes what comes before it.
     */
    direction: z.enum(['forward', 'backward']).optional(),
    /** caption: the image encoder; `recurrent` is then the decoder and `attention` whether it attends over the feature map. */
    image: imageEncoderSpecSchema.optional(),
    /**
     * classify, tag (written by `prepare` with `train.transfer: 'features'`): the language model's
     * trunk (its embedding → recurrent stack, weights `lm.*`), kept frozen beside the model's own;
     * its top layer's output at each token joins the token's embedding as input to `recurrent`
     * (ELMo's use of a language model, Peters et al. 2018).
     */
    lmFeatures: z
      .object({
        /** The language model's embedding width. */
        embeddingDim: z.number().int().min(1).max(4096),
        /** The language model's recurrent stack (unidirectional). */
        recurrent: recurrentSpecSchema,
        /**
         * A backward language model's trunk (`train.initFromBackward`, weights `lm.backward.*`),
         * run over each sequence right to left: its state at a token (the text to the token's
         * right) joins the forward model's state at that token (ELMo's pair).
         */
        backward: z
          .object({
            embeddingDim: z.number().int().min(1).max(4096),
            recurrent: recurrentSpecSchema,
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type ModelSpec = z.infer<typeof modelSpecSchema>;

/** Embedding width of each text task when `model.embeddingDim` is left out. */
export const DEFAULT_EMBEDDING_DIMS = {
  classify: 64,
  tag: 100,
  seq2seq: 128,
  generate: 64,
  caption: 128,
} as const;

/** How each text task splits text when `data.tokenizer` is left out (tag files come tokenised). */
export const DEFAULT_TOKENIZERS = {
  classify: 'word',
  seq2seq: 'word',
  generate: 'char',
  caption: 'word',
} as const;

/** seq2seq: the attention when `model.attention` is left out. */
export const DEFAULT_ATTENTION = 'luong' satisfies NonNullable<ModelSpec['attention']>;

/** seq2seq: the decoder stack — `model.decoder`, else the encoder's settings in one direction. */
export function seq2seqDecoder(model: ModelSpec): RecurrentSpec {
  return model.decoder ?? { ...model.recurrent, bidirectional: false };
}

/** How `train.initFrom` starts a model when `train.transfer` is left out. */
export const DEFAULT_TRANSFER: 'fine-tune' | 'features' = 'features';

/**
 * How `train.initFrom` starts a model of `task` when `train.transfer` is left out: seq2seq's encoder
 * only fine-tunes (its source embedding and encoder become the language model's), the other tasks
 * {@link DEFAULT_TRANSFER}.
 */
export function defaultTransfer(task: TaskKind): 'fine-tune' | 'features' {
  return task === 'seq2seq' ? 'fine-tune' : DEFAULT_TRANSFER;
}

/** How to train. */
export const trainSpecSchema = z
  .object({
    epochs: z.number().int().min(1).max(100_000),
    batchSize: z.number().int().min(1).max(65_536),
    /** Learning rate. */
    lr: z.number().positive().max(10),
    optimizer: z.enum(['adam', 'adamw', 'sgd']),
    weightDecay: z.number().min(0),
    /** Clip the global gradient norm to this (0 = off; on by default for recurrent models). */
    clipNorm: z.number().min(0),
    /** LR schedule. */
    schedule: z.enum(['constant', 'step', 'cosine', 'plateau']),
    /** Seed for initialisation, dropout, shuffling and splits. */
    seed: z.number().int().min(0),
    /** Fraction held out for validation. */
    valSplit: z.number().min(0).max(0.5),
    /** Fraction held out for the final test. */
    testSplit: z.number().min(0).max(0.5),
    /** Stop when the validation metric has not improved for this many epochs (0 = off). */
    earlyStoppingPatience: z.number().int().min(0),
    /** Stop after this many minutes (0 = no limit). */
    maxMinutes: z.number().min(0),
    /** classify: weight the loss by inverse class frequency in the training part ('balanced'); default 'none'. */
    classWeights: z.enum(['none', 'balanced']).optional(),
    /**
     * classify, tag, seq2seq: the trained language model (a generate `.rnnmodel`) this model starts
     * from, by file name. Its tokenizer, vocabulary, embedding and recurrent layers are taken (seq2seq:
     * for the source side and the encoder); the head (seq2seq: the decoder) is fresh.
     * The host reads the file and hands it to `prepare` (PrepareInput.initFrom).
     */
    initFrom: z.string().min(1).optional(),
    /**
     * classify, tag with `transfer: 'features'`: a backward language model (a generate
     * `.rnnmodel` with `model.direction: 'backward'`, trained on the same text with the same
     * tokenizer as `initFrom`'s), by file name. Its states join the forward model's
     * (`model.lmFeatures.backward`). The host reads the file (PrepareInput.initFromBackward).
     */
    initFromBackward: z.string().min(1).optional(),
    /**
     * Which layers train in which epoch: 'gradual' (ULMFiT) trains only the head in epoch 1, adds
     * the top recurrent layer in epoch 2, the next one down in epoch 3, …, the embedding last;
     * 'none' trains everything from the start. Default 'gradual' with `initFrom`, else 'none'.
     */
    unfreeze: z.enum(['gradual', 'none']).optional(),
    /**
     * Discriminative learning rates: the head trains at `lr`, the top recurrent layer at
     * `lr / d`, the next at `lr / d²`, …, the embedding lowest. Default 2.6 (ULMFiT) with
     * `initFrom`, else 1 (one rate for all).
     */
    layerLrDecay: z.number().min(1).max(100).optional(),
    /**
     * How `initFrom` starts the model: 'fine-tune' (ULMFiT) takes the language model's embedding
     * and recurrent layers as the model's own and trains them on; 'features' (ELMo) keeps the
     * language model frozen beside a fresh embedding and recurrent stack, which read its states
     * (`model.lmFeatures`; not seq2seq). Default: {@link defaultTransfer}.
     */
    transfer: z.enum(['fine-tune', 'features']).optional(),
  })
  .strict();
export type TrainSpec = z.infer<typeof trainSpecSchema>;

/** The tasks of docs/ARCHITECTURE.md. */
export const taskKindSchema = z.enum(TASK_KINDS);
export type { TaskKind };

/** A whole run: everything needed to reproduce a training from a data file. */
export const runSpecSchema = z
  .object({
    /** Format version of this spec. */
    version: z.literal(1),
    task: taskKindSchema,
    data: dataSpecSchema,
    model: modelSpecSchema,
    train: trainSpecSchema,
  })
  .strict();
export type RunSpec = z.infer<typeof runSpecSchema>;

/** A deep copy of `spec` (plain JSON data) that the caller may change without touching the original. */
export function copySpec(spec: RunSpec): RunSpec {
  return JSON.parse(JSON.stringify(spec)) as RunSpec;
}
