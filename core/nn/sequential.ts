/** `nn.Sequential` and `nn.ReLU`: children run in order under the names "0", "1", … as PyTorch's state dicts spell them. */
import '../tensor/ops.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { Module } from './module.ts';

/** A module with a one-tensor forward, what Sequential chains. */
export interface Layer extends Module {
  forward(x: Tensor): Tensor;
}

/** `nn.ReLU()`: max(x, 0) elementwise (no parameters). */
export class ReLU extends Module implements Layer {
  readonly typeName = 'ReLU';

  forward(x: Tensor): Tensor {
    return x.relu();
  }
}

/** `nn.Sequential(...layers)`: each layer's output is the next one's input; parameters are named `<index>.<name>`. */
export class Sequential extends Module implements Layer {
  readonly typeName = 'Sequential';
  readonly layers: readonly Layer[];

  constructor(...layers: Layer[]) {
    super();
    this.layers = layers.map((layer, i) => this.registerModule(String(i), layer));
  }

  forward(x: Tensor): Tensor {
    let y = x;
    for (const layer of this.layers) y = layer.forward(y);
    return y;
  }
}
