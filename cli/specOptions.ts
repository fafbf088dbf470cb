/** The run spec's training options from the command line, and the final schema check, shared by `train` and `train --task caption`. */
import { type RunSpec, runSpecSchema } from '../core/tasks/spec.ts';
import { choiceOption, numberOption, type ParsedArgs, putDefined, UsageError } from './args.ts';

/** Sets every training option given (`--epochs`, `--lr`, `--patience`, …) on `train`; the rest stay. */
export function putTrainingOptions(train: RunSpec['train'], args: ParsedArgs): void {
  putDefined(train, 'epochs', numberOption(args, 'epochs'));
  putDefined(train, 'batchSize', numberOption(args, 'batch-size'));
  putDefined(train, 'lr', numberOption(args, 'lr'));
  putDefined(train, 'seed', numberOption(args, 'seed'));
  putDefined(train, 'valSplit', numberOption(args, 'val-split'));
  putDefined(train, 'testSplit', numberOption(args, 'test-split'));
  putDefined(train, 'maxMinutes', numberOption(args, 'max-minutes'));
  putDefined(
    train,
    'optimizer',
    choiceOption(args, 'optimizer', ['adam', 'adamw', 'sgd'] as const),
  );
  putDefined(train, 'clipNorm', numberOption(args, 'clip-norm'));
  putDefined(
    train,
    'schedule',
    choiceOption(args, 'schedule', ['constant', 'step', 'cosine', 'plateau'] as const),
  );
  putDefined(train, 'earlyStoppingPatience', numberOption(args, 'patience'));
  putDefined(train, 'unfreeze', choiceOption(args, 'unfreeze', ['gradual', 'none'] as const));
  putDefined(train, 'layerLrDecay', numberOption(args, 'layer-lr-decay'));
  putDefined(train, 'transfer', choiceOption(args, 'transfer', ['fine-tune', 'features'] as const));
  putDefined(train, 'weightDecay', numberOption(args, 'weight-decay'));
}

/**
 * The spec checked by runSpecSchema.
 * @throws UsageError naming the first invalid field.
 */
export function checkedSpec(spec: RunSpec): RunSpec {
  const parsed = runSpecSchema.safeParse(spec);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `The run spec is not valid: ${issue === undefined ? 'unknown problem' : `${issue.path.join('.')}: ${issue.message}`}.`,
    );
  }
  return parsed.data;
}
