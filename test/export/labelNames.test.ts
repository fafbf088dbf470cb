/** Label names (spec.data.labelNames) flow end to end: the trained classes, a prediction, the saved bundle, evaluation of a file of codes, and the PyTorch export's predict.py and train.py all use the names. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeBundle } from '../../core/io/bundle.ts';
import { Random } from '../../core/random.ts';
import { classifyTask } from '../../core/tasks/classify/index.ts';
import { runSpecSchema } from '../../core/tasks/spec.ts';
import { bundleFromTask, restoreBundle } from '../../core/train/modelBundle.ts';
import { quickTrain } from '../support/quickTrain.ts';
import {
  exportToTemp,
  PYTHON,
  removeTempDirs,
  sharedData,
  torchAvailable,
  writeText,
} from './helpers.ts';
import { classifySpec } from './specs.ts';

const NAMES = { '0': 'negative', '1': '긍정 positive' };
const nsmc = readFileSync(join(sharedData, 'nsmc-sample', 'nsmc_sample_10k.txt'), 'utf8')
  .split('\n')
  .slice(0, 201)
  .join('\n');
const bytes = new TextEncoder().encode(`${nsmc}\n`);

function namedSpec() {
  const spec = classifySpec({}, {}, 'char');
  spec.data = { ...spec.data, labelNames: NAMES };
  // The spec goes through the same validation as every spec the app, trainer and CLI accept.
  return runSpecSchema.parse(spec);
}

async function trained() {
  const task = await classifyTask.prepare({
    spec: namedSpec(),
    fileName: 'nsmc.txt',
    bytes,
    random: new Random(0),
  });
  quickTrain(task, { steps: 3 });
  return task;
}

/** Python: fits the export's ClassifyTask (what train.py trains on) on a file, prints its classes. */
const FIT_CLASSES = [
  'import json, sys',
  'sys.path.insert(0, sys.argv[1])',
  'import task_classify',
  "config = json.load(open(sys.argv[1] + '/config.json', encoding='utf-8'))",
  "print(json.dumps({'classes': task_classify.ClassifyTask(config['spec'], sys.argv[2], None, config['taskState']).state['classes']}))",
].join('\n');

afterAll(removeTempDirs);

describe('label names', () => {
  it('are the classes of the trained model, its predictions, its bundle and its evaluation of a file of codes', async () => {
    const task = await trained();
    const classes = (task.state as unknown as { classes: string[] }).classes;
    expect([...classes].sort()).toEqual(Object.values(NAMES).sort());

    const bundle = bundleFromTask(task, { history: [], metrics: {} });
    expect(bundle.spec.data.labelNames).toEqual(NAMES);
    const { restored } = restoreBundle(writeBundle(bundle), { tasks: () => classifyTask });
    const p = restored.predict({ text: '정말 재미있는 영화' });
    if (p.kind !== 'classify') throw new Error(`expected a classify prediction, got ${p.kind}`);
    expect(Object.values(NAMES)).toContain(p.label);
    expect(p.probabilities.map((x) => x.label).sort()).toEqual(Object.values(NAMES).sort());

    // The file still holds 0/1: evaluation reads them as the names.
    const { model } = await restored.evaluateFile({ fileName: 'nsmc.txt', bytes });
    expect([...(model.confusion?.labels ?? [])].sort()).toEqual(Object.values(NAMES).sort());
  });

  it('codes without a name stay as they are, and a name cannot be blank', () => {
    const spec = classifySpec({}, {}, 'char');
    expect(() =>
      runSpecSchema.parse({ ...spec, data: { ...spec.data, labelNames: { '0': '  ' } } }),
    ).toThrow();
  });

  it.runIf(torchAvailable('PyTorch export (label names)'))(
    "are what the export's predict.py prints, and train.py reads the codes as the names",
    async () => {
      const task = await trained();
      const dir = exportToTemp(task);
      const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
      expect(config.spec.data.labelNames).toEqual(NAMES);
      const out = spawnSync(
        PYTHON,
        [join(dir, 'predict.py'), '--text', '정말 재미있는 영화', '--json'],
        { encoding: 'utf8' },
      );
      expect(out.status, out.stderr).toBe(0);
      const result = JSON.parse(out.stdout) as {
        predictions: { label: string; probabilities: { label: string }[] }[];
      };
      const first = result.predictions[0];
      expect(Object.values(NAMES)).toContain(first?.label);
      expect(first?.probabilities.map((x) => x.label).sort()).toEqual(Object.values(NAMES).sort());
      // train.py's data preparation (tasks.ClassifyTask) fits the same classes on the file of codes.
      const file = writeText(dir, 'codes.tsv', `${nsmc}\n`);
      const fit = spawnSync(PYTHON, ['-c', FIT_CLASSES, dir, file], { encoding: 'utf8' });
      expect(fit.status, fit.stderr).toBe(0);
      const fitted = JSON.parse(fit.stdout) as { classes: string[] };
      expect(fitted.classes.sort()).toEqual(Object.values(NAMES).sort());
    },
  );
});
