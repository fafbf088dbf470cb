/** `rnn-studio import --from <folder> --out <model.rnnmodel>`: turns a PyTorch export folder, or the folder its train.py wrote, back into a model bundle. */
import { join } from 'node:path';
import { writeBundle } from '../../core/io/bundle.ts';
import { parseJsonLimited } from '../../core/io/guards/json.ts';
import { bundleFromExportFolder } from '../../core/train/fromExport.ts';
import type { TaskLookup } from '../../core/train/modelBundle.ts';
import { type CliIo, EXIT_OK } from '../io.ts';
import { parseOrUsage, readUserFile, reportUserError } from './eval.ts';

export const IMPORT_USAGE = `Usage: rnn-studio import --from <folder> --out <model.rnnmodel> [--json]

Reads a folder written by 'rnn-studio export --format pytorch' or by its train.py (config.json,
model.safetensors and the vocab*.json files config.json names), checks that the weights fit the
model config.json describes (every key, every shape), and writes an RNN Studio model that
eval, predict, export and the app open. With --json, prints one line
{"type":"result","model":"<out>","task":"…"}.
`;

/** The vocabulary files config.json's task state refers to (`{ "$file": "vocab….json" }`). */
function referencedFiles(config: unknown): string[] {
  const state = (config as { taskState?: unknown } | null)?.taskState;
  if (typeof state !== 'object' || state === null) return [];
  return Object.values(state)
    .map((v) => (v as { $file?: unknown } | null)?.$file)
    .filter((f): f is string => typeof f === 'string' && /^vocab(-[a-z0-9]+)*\.json$/.test(f));
}

/** Runs `rnn-studio import`: exit 0 with the bundle written, 1 for an unusable folder, 2 for bad arguments. */
export async function runImport(
  argv: string[],
  io: CliIo,
  options: { tasks: TaskLookup },
): Promise<number> {
  const args = parseOrUsage(argv, io, {
    command: 'import',
    usage: IMPORT_USAGE,
    values: ['from', 'out'],
    flags: ['json'],
    required: ['from', 'out'],
  });
  if (typeof args === 'number') return args;
  const folder = args.options.get('from') as string;
  const out = args.options.get('out') as string;
  try {
    const files = new Map<string, Uint8Array>();
    const configBytes = await readUserFile(io, join(folder, 'config.json'));
    files.set('config.json', configBytes);
    let config: unknown = null;
    try {
      config = parseJsonLimited(new TextDecoder().decode(configBytes));
    } catch {
      // bundleFromExportFolder reports the malformed JSON with the file's name.
    }
    // NOTE: an ONNX export has no model.safetensors; bundleFromExportFolder says what it is.
    const isOnnx = typeof (config as { onnxOpset?: unknown } | null)?.onnxOpset === 'number';
    for (const name of [...(isOnnx ? [] : ['model.safetensors']), ...referencedFiles(config)]) {
      files.set(name, await readUserFile(io, join(folder, name)));
    }
    const bundle = bundleFromExportFolder(folder, files, { tasks: options.tasks });
    await io.writeFileAtomic(out, writeBundle(bundle));
    if (args.options.has('json')) {
      io.stdout(`${JSON.stringify({ type: 'result', model: out, task: bundle.spec.task })}\n`);
    } else {
      io.stdout(`Imported the ${bundle.spec.task} model from '${folder}' into '${out}'.\n`);
    }
    return EXIT_OK;
  } catch (err) {
    return reportUserError(io, 'import', err);
  }
}
