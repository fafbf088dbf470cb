/** The compute core's public surface: pure TypeScript that runs in any process. */

export { type GradcheckOptions, gradcheck } from './autograd/gradcheck.ts';
export * as gallery from './data/gallery/index.ts';
export * as data from './data/index.ts';
export * as samples from './data/samples/index.ts';
export { assertNever, ConfigError, DatasetError, ProtocolError, ShapeError } from './errors.ts';
export {
  BUNDLE_FORMAT,
  type HistoryEntry,
  type ModelBundle,
  readBundle,
  writeBundle,
} from './io/bundle.ts';
export {
  EXPORT_FORMAT,
  EXPORTABLE_TASKS,
  type ExportFile,
  exportPytorch,
} from './io/export/pytorch.ts';
export {
  readSafetensors,
  type SafetensorsDtype,
  type SafetensorsFile,
  type SafetensorsInput,
  type SafetensorsTensor,
  writeSafetensors,
} from './io/safetensors.ts';
export {
  type Backend,
  type GemmOptions,
  getBackend,
  jsBackend,
  setBackend,
} from './kernels/backend.ts';
export {
  type CellType,
  cellKernel,
  type LayerForwardOptions,
  recurrentBackward,
  recurrentForward,
} from './kernels/recurrent/index.ts';
export {
  type BleuOptions,
  type BleuResult,
  type BleuSmooth,
  type BleuTokenize,
  corpusBleu,
  exactMatch,
  tokenize13a,
  tokenizeChar,
} from './metrics/bleu.ts';
export {
  accuracy,
  type ClassScores,
  classScores,
  confusionMatrix,
  macroF1,
} from './metrics/classification.ts';
export {
  type ForecastErrors,
  type ForecastReport,
  forecastErrors,
  forecastReport,
  naiveForecast,
} from './metrics/forecast.ts';
export { perplexity } from './metrics/perplexity.ts';
export {
  type Chunk,
  type EntityScores,
  entityF1,
  entityScores,
  seqevalChunks,
  tokenAccuracy,
} from './metrics/tagging.ts';
export {
  Attention,
  type AttentionKind,
  type AttentionMemory,
  type AttentionOptions,
  type AttentionOutput,
} from './nn/attention.ts';
export { BatchNorm2d, type BatchNormOptions, batchNorm } from './nn/batchNorm.ts';
export { Conv2d, type Conv2dOptions, type Conv2dWindow, conv2d } from './nn/conv.ts';
export { Dropout, type DropoutOptions, dropout } from './nn/dropout.ts';
export { Embedding, type EmbeddingOptions } from './nn/embedding.ts';
export { Linear, type LinearOptions, linear } from './nn/linear.ts';
export {
  type CrossEntropyOptions,
  crossEntropy,
  type HuberOptions,
  huber,
  l1,
  linearCrossEntropy,
  mse,
  type Reduction,
  type RegressionLossOptions,
  type SmoothL1Options,
  smoothL1,
} from './nn/losses.ts';
export { type LoadStateDictOptions, Module, type StateDict, type StateEntry } from './nn/module.ts';
export {
  AdaptiveAvgPool2d,
  adaptiveAvgPool2d,
  MaxPool2d,
  type MaxPool2dOptions,
  maxPool2d,
} from './nn/pooling.ts';
export { BasicBlock, ResNet18, type ResNetOptions } from './nn/resnet.ts';
export {
  type ForwardOptions as RecurrentForwardOptions,
  GRU,
  LSTM,
  type LSTMOptions,
  type RecurrentOptions,
  RNN,
  type RNNOptions,
  rnnParameterNames,
} from './nn/rnn.ts';
export { type Layer, ReLU, Sequential } from './nn/sequential.ts';
export type { Size2 } from './nn/window.ts';
export {
  Adam,
  type AdamBuffers,
  type AdamHyper,
  type AdamOptions,
  AdamW,
  adamUpdate,
} from './optim/adam.ts';
export { type ClipGradNormOptions, clipGradNorm } from './optim/clipGrad.ts';
export {
  CosineAnnealingLR,
  type CosineAnnealingLROptions,
  LinearLR,
  type LinearLROptions,
  LRScheduler,
  ReduceLROnPlateau,
  type ReduceLROnPlateauOptions,
  type SchedulerStateDict,
  StepLR,
  type StepLROptions,
} from './optim/lrScheduler.ts';
export {
  type HasLearningRate,
  Optimizer,
  type OptimizerStateDict,
  type ParamState,
  type ZeroGradOptions,
} from './optim/optimizer.ts';
export { SGD, type SGDHyper, type SGDOptions, sgdUpdate } from './optim/sgd.ts';
export * from './protocol/messages.ts';
export { createTrainerClient, type TrainerClient, TrainerError } from './protocol/trainerClient.ts';
export { validateTrainerMessage, validateTrainerRequest } from './protocol/validate.ts';
export { globalRandom, manualSeed, Random } from './random.ts';
export {
  joinTableFiles,
  type LocalizedText,
  RECIPES,
  type Recipe,
  type RecipeDataFile,
  type RecipeDataset,
  type RecipeResult,
  type RecipeSources,
  type ReferenceFigure,
  recipeByName,
  recipeDataFile,
  recipeSampleFile,
  recipeSources,
} from './recipes/index.ts';
export { presetSpec } from './tasks/presets.ts';
export { availableTasks, taskDefinition } from './tasks/registry/index.ts';
export {
  type DataSpec,
  type ModelSpec,
  type RecurrentSpec,
  type RunSpec,
  runSpecSchema,
  type TaskKind,
  type TrainSpec,
  taskKindSchema,
} from './tasks/spec.ts';
export type * from './tasks/task.ts';
export { backward, isGradEnabled, makeResult, noGrad } from './tensor/autograd.ts';
// Re-exporting ops.ts also installs the Tensor methods (.add, .matmul, .backward, …).
export * from './tensor/ops.ts';
export { broadcastShapes, formatShape, normalizeDim } from './tensor/shape.ts';
export {
  type GradNode,
  type NestedArray,
  type ReduceOptions,
  sizeOf,
  Tensor,
  type TensorOptions,
} from './tensor/tensor.ts';
export {
  type CheckpointKind,
  type CheckpointStore,
  decodeCheckpoint,
  encodeCheckpoint,
  memoryCheckpointStore,
  type TrainingCheckpoint,
} from './train/checkpoint.ts';
export {
  BROWSER_MAX_TRAINING_FILE_BYTES,
  type BrowserFileRefusal,
  browserFileRefusal,
  estimateTrainingMemory,
  type MemoryVerdict,
  memoryVerdict,
  type TrainingMemoryEstimate,
} from './train/memoryBudget.ts';
export { bundleFromTask, restoreBundle, type TaskLookup } from './train/modelBundle.ts';
export { TrainingService, type TrainingServiceOptions } from './train/service.ts';
export { DivergenceError } from './train/setup.ts';
export {
  type FinishReason,
  type TrainingResult,
  TrainingRun,
  type TrainingRunEvent,
  type TrainingRunOptions,
} from './train/trainer.ts';
export {
  createTrainerEndpoint,
  setProcessTrainingService,
  type TrainerEndpoint,
} from './train/trainerEndpoint.ts';
export { CORE_VERSION } from './version.ts';
