/** A minimal fixed-step training loop (Adam, gradient clipping) for task tests and smoke checks; the product's loop is core/train. */

import { Adam } from '../../core/optim/adam.ts';
import { clipGradNorm } from '../../core/optim/clipGrad.ts';
import { Random } from '../../core/random.ts';
import type { PreparedTask } from '../../core/tasks/task.ts';
import { backward } from '../../core/tensor/autograd.ts';

/**
 * Trains `task` for `steps` optimizer steps (as many epochs of `trainBatches` as that takes) with
 * Adam at `spec.train.lr` and the spec's clipNorm, shuffling with a generator seeded by
 * `spec.train.seed`.
 * @returns the loss of every step
 */
export function quickTrain(task: PreparedTask, options: { steps: number }): number[] {
  const { lr, clipNorm, seed } = task.spec.train;
  const params = task.model.parameters();
  const optimizer = new Adam(params, { lr });
  const shuffle = new Random(seed + 1);
  const losses: number[] = [];
  while (losses.length < options.steps) {
    for (const batch of task.trainBatches(shuffle)) {
      optimizer.zeroGrad();
      const loss = task.loss(batch);
      backward(loss);
      if (clipNorm > 0) clipGradNorm(params, clipNorm);
      optimizer.step();
      losses.push(loss.data[0] as number);
      if (losses.length >= options.steps) break;
    }
  }
  return losses;
}
