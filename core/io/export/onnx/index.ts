/** The ONNX export of a model bundle: model.onnx (one graph, or an encoder and a one-step decoder), the vocabularies, config.json, a README (export/formats.ts adds the decoders' predict.py). */
import { ConfigError } from '../../../errors.ts';
import { seq2seqModelConfig } from '../../../tasks/seq2seq/index.ts';
import type { RunSpec, TaskKind } from '../../../tasks/spec.ts';
import { CORE_VERSION } from '../../../version.ts';
import type { ModelBundle } from '../../bundle.ts';
import type { ExportFile } from '../../exportFile.ts';
import {
  buildGenerateGraph,
  buildSeq2seqDecoderGraph,
  buildSeq2seqEncoderGraph,
  generateInputs,
  type Seq2seqShape,
  seq2seqDecoderInputs,
  seq2seqEncoderInputs,
} from './decoderGraphs.ts';
import { buildForecastGraph, forecastGraphState, forecastInputs } from './forecastGraph.ts';
import { OnnxGraphBuilder, type WeightTensor } from './graphBuilder.ts';
import { encodeOnnxModel, ONNX_OPSET, type OnnxValueInfo } from './proto.ts';
import { onnxReadme, type ReadmeGraph } from './readme.ts';
import { buildTaggerGraph, tagInputs } from './tagGraph.ts';
import { buildClassifierGraph, TOKEN_INPUTS } from './tokenGraphs.ts';

/** One graph of an export: its file name and how it is built. */
interface GraphPlan {
  file: string;
  doc: string;
  inputs: readonly OnnxValueInfo[];
  build(g: OnnxGraphBuilder): OnnxValueInfo[];
}

function seq2seqShape(spec: RunSpec): Seq2seqShape {
  const config = seq2seqModelConfig(spec, 0, 0);
  return {
    encoder: config.encoder,
    decoder: config.decoder,
    attention: config.attention,
    embeddingDim: config.embeddingDim,
  };
}

const PLANS: Partial<Record<TaskKind, (spec: RunSpec, taskState: unknown) => GraphPlan[]>> = {
  classify: (spec) => [
    {
      file: 'model.onnx',
      doc: 'Text classifier: token ids → class probabilities.',
      inputs: TOKEN_INPUTS,
      build: (g) => buildClassifierGraph(g, spec),
    },
  ],
  tag: (spec) => [
    {
      file: 'model.onnx',
      doc: 'Sequence tagger: word ids (and characters) → tag probabilities per token.',
      inputs: tagInputs(spec),
      build: (g) => buildTaggerGraph(g, spec),
    },
  ],
  forecast: (spec, taskState) => {
    const state = forecastGraphState(taskState);
    return [
      {
        file: 'model.onnx',
        doc: 'Forecaster: the last rows (and known-future values) in original units → the next values of the target.',
        inputs: forecastInputs(state),
        build: (g) => buildForecastGraph(g, spec, state),
      },
    ];
  },
  generate: (spec) => [
    {
      file: 'model.onnx',
      doc: 'Language model step: ids and state → next-token logits and the new state.',
      inputs: generateInputs(spec),
      build: (g) => buildGenerateGraph(g, spec),
    },
  ],
  seq2seq: (spec) => {
    const shape = seq2seqShape(spec);
    return [
      {
        file: 'encoder.onnx',
        doc: "Seq2seq encoder: source ids → the attention memory and the decoder's first state.",
        inputs: seq2seqEncoderInputs(),
        build: (g) => buildSeq2seqEncoderGraph(g, shape),
      },
      {
        file: 'decoder.onnx',
        doc: 'Seq2seq decoder step: previous token, state and memory → next-token logits.',
        inputs: seq2seqDecoderInputs(shape),
        build: (g) => buildSeq2seqDecoderGraph(g, shape),
      },
    ];
  },
};

/** The tasks the ONNX export covers. */
export function onnxTasks(): TaskKind[] {
  return Object.keys(PLANS) as TaskKind[];
}

/**
 * Builds the ONNX model(s) of `spec` from `weights` (PyTorch names) as `.onnx` bytes by file name.
 * @throws ConfigError for a task the export does not cover, or weights that do not fit the spec.
 */
export function buildOnnxModels(
  spec: RunSpec,
  weights: ReadonlyMap<string, WeightTensor>,
  taskState?: unknown,
): Map<string, Uint8Array> {
  return new Map([...buildGraphs(spec, weights, taskState)].map(([file, g]) => [file, g.bytes]));
}

/** Each graph's bytes and its README entry. */
function buildGraphs(
  spec: RunSpec,
  weights: ReadonlyMap<string, WeightTensor>,
  taskState: unknown,
): Map<string, { bytes: Uint8Array; readme: ReadmeGraph }> {
  const plansOf = PLANS[spec.task];
  if (plansOf === undefined) {
    throw new ConfigError(
      `exportOnnx: the task must be one of ${onnxTasks()
        .map((t) => `'${t}'`)
        .join(', ')}, got '${spec.task}'.`,
    );
  }
  const out = new Map<string, { bytes: Uint8Array; readme: ReadmeGraph }>();
  for (const plan of plansOf(spec, taskState)) {
    const g = new OnnxGraphBuilder(weights);
    const outputs = plan.build(g);
    const bytes = encodeOnnxModel({
      graphName: `rnn_studio_${spec.task}`,
      doc: plan.doc,
      producerVersion: CORE_VERSION,
      nodes: g.nodes,
      initializers: g.initializers,
      inputs: plan.inputs,
      outputs,
      metadata: { task: spec.task, opset: String(ONNX_OPSET) },
    });
    out.set(plan.file, {
      bytes,
      readme: { file: plan.file, doc: plan.doc, inputs: plan.inputs, outputs },
    });
  }
  return out;
}

/**
 * The files of an ONNX export folder for a bundle: the graph(s), config.json (spec, task state,
 * metrics) and the vocabularies, as the PyTorch export writes them.
 * @throws ConfigError as {@link buildOnnxModels}.
 */
export function exportOnnx(bundle: ModelBundle): ExportFile[] {
  const graphs = buildGraphs(bundle.spec, bundle.weights, bundle.taskState);
  const config = {
    app: 'rnn-studio',
    coreVersion: CORE_VERSION,
    onnxOpset: ONNX_OPSET,
    task: bundle.spec.task,
    spec: bundle.spec,
    taskState: bundle.taskState,
    metrics: bundle.metrics,
  };
  return [
    ...[...graphs].map(([name, g]) => ({ name, content: g.bytes })),
    { name: 'config.json', content: `${JSON.stringify(config, null, 1)}\n` },
    {
      name: 'README.md',
      content: onnxReadme(
        bundle,
        [...graphs.values()].map((g) => g.readme),
      ),
    },
    ...Object.entries(bundle.vocabularies).map(([name, value]) => ({
      name: `${name}.json`,
      content: `${JSON.stringify(value)}\n`,
    })),
  ];
}
