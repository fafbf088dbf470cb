/** The PyTorch export folder of a model bundle: the Python modules of core/io/export/python (model.py, tasks.py and one task_<kind>.py per task, tokenization.py, layers.py, data.py, series.py, captions.py, train.py, predict.py, safetensors_lite.py), config.json, vocab*.json, model.safetensors and README.md, as bytes and strings. */
import { ConfigError } from '../../errors.ts';
import type { TaskKind } from '../../tasks/spec.ts';
import { CORE_VERSION } from '../../version.ts';
import { type ModelBundle, VOCAB_NAME } from '../bundle.ts';
import type { ExportFile } from '../exportFile.ts';
import { writeSafetensors } from '../safetensors.ts';
import { PYTHON_SOURCES } from './pythonSources.generated.ts';
import { exportReadme } from './readme.ts';

export type { ExportFile } from '../exportFile.ts';

/** Python sources written only into ONNX exports (under the name after the prefix). */
const ONNX_ONLY_PREFIX = 'onnx_';

/**
 * The Python files an ONNX export of `task` carries beside its graphs: for seq2seq and generate,
 * predict.py (greedy decoding in ONNX Runtime, core/io/export/python/onnx_predict.py) and the
 * app's tokenizers it needs (tokenization.py, no torch).
 */
export function onnxPythonFiles(task: string): ExportFile[] {
  if (task !== 'seq2seq' && task !== 'generate') return [];
  return [
    { name: 'predict.py', content: PYTHON_SOURCES[`${ONNX_ONLY_PREFIX}predict.py`] as string },
    { name: 'tokenization.py', content: PYTHON_SOURCES['tokenization.py'] as string },
  ];
}

/** The export folder's format version (config.json `exportFormat`). */
export const EXPORT_FORMAT = 1;

/** The tasks whose task_<kind>.py module is written (the others are refused with a ConfigError). */
export const EXPORTABLE_TASKS: readonly TaskKind[] = [
  'classify',
  'forecast',
  'tag',
  'seq2seq',
  'generate',
  'caption',
];

export { PLAIN_FILE_NAME } from '../exportFile.ts';

/**
 * Refuses vocabulary names that are not `vocab` or `vocab-<word>`: each becomes a file name in an
 * export folder (and a zip entry), so nothing may climb out of it, whatever built the bundle.
 * @throws ConfigError `<where>: a vocabulary name must be 'vocab' or 'vocab-<word>', got '<name>'.`
 */
export function checkVocabularyNames(
  bundle: Pick<ModelBundle, 'vocabularies'>,
  where: string,
): void {
  for (const name of Object.keys(bundle.vocabularies)) {
    if (!VOCAB_NAME.test(name)) {
      throw new ConfigError(
        `${where}: a vocabulary name must be 'vocab' or 'vocab-<word>', got '${name}'.`,
      );
    }
  }
}

/**
 * The files of a PyTorch export folder for a bundle. config.json holds the run spec, the task state
 * (vocabularies as `{ "$file": "vocab….json" }` references to the files beside it, as in the
 * bundle) and the held-out metrics; model.safetensors holds the weights under the names model.py's
 * `state_dict()` uses.
 * @throws ConfigError for a task without a PyTorch module yet, or a vocabulary name that is not a
 *   safe file name.
 */
export function exportPytorch(bundle: ModelBundle): ExportFile[] {
  const task = bundle.spec.task;
  if (!EXPORTABLE_TASKS.includes(task)) {
    throw new ConfigError(
      `exportPytorch: the task must be one of ${EXPORTABLE_TASKS.map((k) => `'${k}'`).join(', ')}, got '${task}'.`,
    );
  }
  const config = {
    exportFormat: EXPORT_FORMAT,
    app: 'rnn-studio',
    coreVersion: CORE_VERSION,
    task,
    spec: bundle.spec,
    taskState: bundle.taskState,
    metrics: bundle.metrics,
  };
  checkVocabularyNames(bundle, 'exportPytorch');
  const vocabularies = Object.entries(bundle.vocabularies).map(([name, value]) => ({
    name: `${name}.json`,
    content: `${JSON.stringify(value)}\n`,
  }));
  const python = Object.entries(PYTHON_SOURCES)
    .filter(([name]) => !name.startsWith(ONNX_ONLY_PREFIX))
    .map(([name, content]) => ({ name, content }));
  return [
    { name: 'config.json', content: `${JSON.stringify(config, null, 1)}\n` },
    ...vocabularies,
    { name: 'model.safetensors', content: writeSafetensors(bundle.weights, { format: 'pt' }) },
    ...python,
    { name: 'README.md', content: exportReadme(bundle) },
  ];
}
