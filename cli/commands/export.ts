/** `rnn-studio export --model <m.rnnmodel> --format pytorch --out <dir>`: writes the PyTorch export folder (model.py, weights, config, train.py, predict.py, README) of a saved model. */
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../../core/errors.ts';
import { exportPytorch } from '../../core/io/export/pytorch.ts';
import { restoreBundle, type TaskLookup } from '../../core/train/modelBundle.ts';
import { UsageError } from '../args.ts';
import { type CliIo, EXIT_BAD_ARGUMENTS, EXIT_OK } from '../io.ts';
import { parseOrUsage, readUserFile, reportUserError } from './eval.ts';

export const EXPORT_USAGE = `Usage: rnn-studio export --model <model.rnnmodel> --format pytorch --out <dir> [--json]

Writes a folder that PyTorch loads: model.py (a torch.nn.Module whose state_dict keys match),
model.safetensors, config.json, vocabularies, predict.py, train.py (torchrun-ready) and a README
with the commands. Existing files of the same names in <dir> are replaced. With --json, prints one
line {"type":"result","out":"<dir>","files":[…]}.
`;

/** The formats `--format` accepts. */
const FORMATS = ['pytorch'];

/** Creates `dir` (and parents); a file in the way is a one-line user error. */
async function ensureFolder(dir: string): Promise<void> {
  const existing = await stat(dir).catch((err: unknown) => {
    if ((err as { code?: unknown }).code === 'ENOENT') return null;
    throw err;
  });
  if (existing !== null && !existing.isDirectory()) {
    throw new ConfigError(`Option '--out' must be a folder, got the file '${dir}'.`);
  }
  await mkdir(dir, { recursive: true });
}

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
    flags: ['json'],
    required: ['model', 'format', 'out'],
  });
  if (typeof args === 'number') return args;
  const format = args.options.get('format') as string;
  if (!FORMATS.includes(format)) {
    const err = new UsageError(`Option '--format' must be 'pytorch', got '${format}'.`);
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
    const files = exportPytorch(bundle);
    await ensureFolder(out);
    for (const file of files) await io.writeFileAtomic(join(out, file.name), file.content);
    const names = files.map((f) => f.name);
    if (args.options.has('json')) {
      io.stdout(`${JSON.stringify({ type: 'result', out, files: names })}\n`);
    } else {
      io.stdout(
        `Exported the ${bundle.spec.task} model to '${out}' (${names.join(', ')}).\nLoad it: cd '${out}' && python3 -c "import model as m; net, config = m.load('.')"\n`,
      );
    }
    return EXIT_OK;
  } catch (err) {
    return reportUserError(io, 'export', err);
  }
}
