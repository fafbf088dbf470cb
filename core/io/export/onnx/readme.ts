/** README.md of the ONNX export folder: each graph's inputs and outputs, and how to run it in ONNX Runtime. */
import type { ModelBundle } from '../../bundle.ts';
import { ONNX_OPSET, type OnnxValueInfo } from './proto.ts';

/** One graph as the README lists it. */
export interface ReadmeGraph {
  file: string;
  doc: string;
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
}

const TYPE_NAMES: Record<number, string> = { 1: 'float32', 6: 'int32', 7: 'int64' };

function table(values: readonly OnnxValueInfo[]): string {
  return values
    .map(
      (v) =>
        `| \`${v.name}\` | ${TYPE_NAMES[v.elemType] ?? v.elemType} | [${v.shape.join(', ')}] | ${v.doc ?? ''} |`,
    )
    .join('\n');
}

const USAGE: Record<string, string> = {
  forecast: `rows = np.array([last_rows], np.float32)           # [1, window, columns] in original units
forecast = session.run(['forecast'], {'rows': rows})[0]   # [1, horizon] ('future' too with known-future columns)`,
  classify: `ids, lengths = …                         # int64 [batch, sequence] (0 = padding), int64 [batch]
probs = session.run(['probabilities'], {'input_ids': ids, 'lengths': lengths})[0]`,
  tag: `probs = session.run(['probabilities'], {'input_ids': ids, 'lengths': lengths})[0]   # [batch, sequence, tags]`,
  generate: `state = np.zeros(shape_of_state_h, np.float32)          # [layers, batch, hidden] (state_c too for an LSTM)
logits, state = session.run(['logits', 'next_h'], {'input_ids': prompt_ids, 'state_h': state})
# then feed one chosen token at a time with the returned state`,
  seq2seq: `memory, h = encoder.run(['encoder_outputs', 'decoder_h'], {'source_ids': src, 'source_lengths': lengths})
token = np.full((batch, 1), 2, np.int64)                      # <bos>
for _ in range(max_tokens):                                  # greedy decoding
    logits, h = decoder.run(['logits', 'next_h'], {'token_ids': token, 'state_h': h,
                            'source_lengths': lengths, 'encoder_outputs': memory})
    token = logits.argmax(-1).reshape(batch, 1)              # stop a row at <eos> = 3`,
};

/** The README text of an ONNX export folder. */
export function onnxReadme(bundle: ModelBundle, graphs: readonly ReadmeGraph[]): string {
  const task = bundle.spec.task;
  const sections = graphs
    .map(
      (g) => `## ${g.file}

${g.doc}

| input | type | shape | meaning |
| --- | --- | --- | --- |
${table(g.inputs)}

| output | type | shape | meaning |
| --- | --- | --- | --- |
${table(g.outputs)}
`,
    )
    .join('\n');
  return `# RNN Studio model — ONNX export (${task})

ONNX opset ${ONNX_OPSET}, IR version 8; dynamic batch and sequence axes. Any ONNX Runtime (C#, Java,
C++, JavaScript, Python, mobile) runs it. Text becomes ids exactly as the app tokenises it: the
tokenizer settings are in \`config.json\` (\`taskState\`) and the vocabularies in \`vocab*.json\`
(ids 0–3 are \`<pad>\`, \`<unk>\`, \`<bos>\`, \`<eos>\`). The app's PyTorch export has the same
tokenizers in Python (\`tokenization.py\`: \`Tokenizer\`, \`Vocab\`; no torch needed).

${sections}
## Running it (Python: \`pip install onnxruntime numpy\`)
${
  task === 'seq2seq' || task === 'generate'
    ? `
\`python predict.py --text "…" [--max-tokens N] [--json]\` decodes greedily as the app does (the
source's output, or the prompt's continuation), tokenizing with \`tokenization.py\`. By hand:
`
    : ''
}
\`\`\`python
import numpy as np, onnxruntime as ort
session = ort.InferenceSession('${graphs[0]?.file ?? 'model.onnx'}')
${USAGE[task] ?? ''}
\`\`\`
`;
}
