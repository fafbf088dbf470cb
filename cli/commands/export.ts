/** `rnn-studio export --model <m.rnnmodel> --format pytorch|onnx --out <dir>`: writes the PyTorch export folder (model.py, weights, config, train.py, predict.py, README) or the ONNX export folder (graphs, config, vocabularies, README) of a saved model. */
import {
  EXPORT_FORMATS,
  type ExportFormat,
  exportFolderFiles,
} from '../../core/io/export/formats.ts';
import { restoreBundle, type TaskLookup } from '../../core/train/modelBundle.ts';
import { UsageError } from '../args.ts';
import { type CliIo, EXIT_BAD_ARGUMENTS, EXIT_OK } from '../io.ts';
import { pathInside, prepareExportFolder } from '../outputFiles.ts';
import { parseOrUsage, readUserFile, reportUserError } from './eval.ts';

export const EXPORT_USAGE = `Usage: rnn-studio export --model <model.rnnmodel> --format pytorch|onnx --out <dir> [--force] [--json]

pytorch: a folder that PyTorch loads: model.py (a torch.nn.Module whose state_dict keys match,
built by the task's task_<kind>.py), model.safetensors, config.json, vocabularies, predict.py,
train.py (torchrun-ready) and a README with the commands and what each file holds.
onnx: model.onnx (seq2seq: encoder.onnx and a one-step decoder.onnx; opset 17, dynamic batch and
sequence axes) that any ONNX Runtime runs, config.json, vocabularies and a README listing each
graph's inputs and outputs.
<dir> must be new or empty; with --force, files of the same names in it are
replaced (nothing is ever written outside <dir>). With --json, prints one
line {"type":"result","out":"<dir>","files":[…]}.
`;

/** Runs `rnn-studio export`: exit 0 with the folder written, 1 for an unusable model or folder, 2 for bad arguments. */
export async function runExport(
  argv: string[],
  io: CliIo,
  options: { tasks: TaskLookup },
): Promise<number> {
  const args = parseOrUsage(argv, io, {
    command: 'export',
    usage: EXPORT_USAGE,
    values: ['model', 'format', 'out'],
    flags: ['json', 'force'],
    required: ['model', 'format', 'out'],
  });
  if (typeof args === 'number') return args;
  const format = args.options.get('format') as ExportFormat;
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    const err = new UsageError(`Option '--format' must be 'pytorch' or 'onnx', got '${format}'.`);
    io.stderr(`rnn-studio export: ${err.message}\n${EXPORT_USAGE}`);
    return EXIT_BAD_ARGUMENTS;
  }
  const modelPath = args.options.get('model') as string;
  const out = args.options.get('out') as string;
  try {
    // NOTE: restoring (not only reading) checks that the weights fit the model before anything is written.
    const { bundle } = restoreBundle(await readUserFile(io, modelPath), {
      fileName: modelPath,
      tasks: options.tasks,
    });
    const files = exportFolderFiles(bundle, format);
    const paths = files.map((file) => pathInside(out, file.name));
    await prepareExportFolder(out, args.options.has('force'));
    for (const [i, file] of files.entries()) {
      await io.writeFileAtomic(paths[i] as string, file.content);
    }
    const names = files.map((f) => f.name);
    if (args.options.has('json')) {
      io.stdout(`${JSON.stringify({ type: 'result', out, files: names })}\n`);
    } else {
      const load =
        format === 'onnx'
          ? `python3 -c "import onnxruntime as ort; s = ort.InferenceSession('${out}/${names[0]}')"`
          : `cd '${out}' && python3 -c "import model as m; net, config = m.load('.')"`;
      io.stdout(
        `Exported the ${bundle.spec.task} model to '${out}' (${names.join(', ')}).\nLoad it: ${load}\n`,
      );
    }
    return EXIT_OK;
  } catch (err) {
    return reportUserError(io, 'export', err);
  }
}
