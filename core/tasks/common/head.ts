/** A model's output head: dropout (training only) then a Linear, either as logits or fused with its cross-entropy. */
import { dropoutForConsumer } from '../../nn/dropout.ts';
import type { Linear } from '../../nn/linear.ts';
import { type CrossEntropyOptions, linearCrossEntropy } from '../../nn/losses.ts';
import type { Random } from '../../random.ts';
import type { Tensor } from '../../tensor/tensor.ts';

/** A Linear head with dropout on its input while training. */
export class OutputHead {
  /**
   * @param linear the head, `[outputs, features]`
   * @param p dropout on the head's input in training (0 for none)
   * @param random generator of the dropout masks
   */
  constructor(
    readonly linear: Linear,
    readonly p: number,
    private readonly random: Random,
  ) {}

  private input(features: Tensor, training: boolean): Tensor {
    return training && this.p > 0
      ? dropoutForConsumer(features, { p: this.p, random: this.random })
      : features;
  }

  /** Logits `[*, outputs]` of features `[*, features]`. */
  logits(features: Tensor, training: boolean): Tensor {
    return this.linear.forward(this.input(features, training));
  }

  /**
   * Cross-entropy of the logits against `targets` (one per row of `features`), with the head fused
   * into the loss (core/nn/losses.ts linearCrossEntropy: in a training step the logits and their
   * gradient never exist as tensors).
   */
  crossEntropy(
    features: Tensor,
    targets: Int32Array | readonly number[],
    options: CrossEntropyOptions & { training: boolean },
  ): Tensor {
    const { training, ...loss } = options;
    return linearCrossEntropy(
      this.input(features, training),
      this.linear.weight,
      this.linear.bias,
      targets,
      loss,
    );
  }
}
