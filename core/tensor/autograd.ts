/** Reverse-mode autograd: grad mode, the graph node every op's result records, and the walk that accumulates gradients. */
import { ShapeError } from '../errors.ts';
import { releaseArray } from '../kernels/arrayPool.ts';
import { formatShape } from './shape.ts';
import { type GradNode, Tensor } from './tensor.ts';

let gradEnabled = true;

/** Whether ops currently record a graph (false inside `noGrad`). */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs `fn` without recording a graph, like `torch.no_grad()`. */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/**
 * Wraps an op's result: attaches `node` when grad is enabled and any input requires grad.
 * Every differentiable op builds its output through this one function.
 */
export function makeResult(
  data: Float32Array,
  shape: readonly number[],
  node: Omit<GradNode, 'inputs'> & { inputs: readonly Tensor[] },
): Tensor {
  const out = new Tensor(data, shape);
  if (gradEnabled && node.inputs.some((t) => t.requiresGrad)) {
    out.requiresGrad = true;
    out.gradNode = node;
  }
  return out;
}

/** Tensors whose data the walk gives back to the array pool once it has run their own rule. */
const freedAfterBackward = new WeakSet<Tensor>();

/**
 * Marks a result (its data from acquireArray, core/kernels/arrayPool.ts) that only the caller's
 * own later ops read — in their forward, or in backward rules, which the walk runs before this
 * tensor's — and that is handed to no one else: after the walk has run this tensor's rule, its
 * data goes back to the pool. Returns `t`.
 */
export function releaseDataAfterBackward(t: Tensor): Tensor {
  if (t.gradNode !== null) freedAfterBackward.add(t);
  return t;
}

/**
 * For a result whose caller has handed it to its one consumer, which has run: its data goes back
 * to the pool now when no graph was recorded (evaluation, prediction: nothing reads it again),
 * else as {@link releaseDataAfterBackward} (the consumer's backward may still read it).
 */
export function releaseDataWhenSpent(t: Tensor): void {
  if (t.gradNode === null) releaseArray(t.data);
  else releaseDataAfterBackward(t);
}

/**
 * Back-propagates from `root`. Without `gradient`, `root` must have one element (PyTorch's rule).
 * Gradients accumulate into `.grad` of every leaf that requires grad.
 * @throws ShapeError when `root` is not scalar and no gradient is given.
 */
export function backward(root: Tensor, gradient?: Float32Array): void {
  if (gradient === undefined && root.size !== 1) {
    throw new ShapeError(
      `backward: grad can be implicitly created only for scalar outputs, got shape ${formatShape(root.shape)}.`,
    );
  }
  if (gradient !== undefined && gradient.length !== root.size) {
    throw new ShapeError(
      `backward: gradient length must equal ${root.size}, got ${gradient.length}.`,
    );
  }
  if (!root.requiresGrad) {
    throw new ShapeError(
      'backward: tensor must require grad (a leaf with requiresGrad or a result of one), got a tensor that does not.',
    );
  }
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  // Iterative post-order DFS: recurrent graphs can be thousands of nodes deep.
  const stack: [Tensor, boolean][] = [[root, false]];
  while (stack.length > 0) {
    const [t, expanded] = stack.pop() as [Tensor, boolean];
    if (expanded) {
      order.push(t);
      continue;
    }
    if (seen.has(t)) continue;
    seen.add(t);
    stack.push([t, true]);
    for (const input of t.gradNode?.inputs ?? []) {
      if (input.requiresGrad && !seen.has(input)) stack.push([input, false]);
    }
  }
  const grads = new Map<Tensor, Float32Array>();
  // Arrays held for exactly one tensor: the walk may add into them and a leaf may keep its own
  // as .grad without a copy. A rule that hands one array to two inputs (add's g to both) gets
  // a copy for the second, so no two tensors ever share a gradient array.
  const held = new Set<Float32Array>();
  const hold = (t: Tensor, g: Float32Array): void => {
    const own = held.has(g) ? g.slice() : g;
    held.add(own);
    grads.set(t, own);
  };
  // The caller's gradient is copied: backward rules may write into the array they are given.
  hold(root, gradient === undefined ? new Float32Array([1]) : gradient.slice());
  for (let k = order.length - 1; k >= 0; k--) {
    const t = order[k] as Tensor;
    const g = grads.get(t);
    if (g === undefined) continue;
    grads.delete(t);
    held.delete(g);
    const node = t.gradNode;
    if (node === null) {
      accumulate(t, g);
      continue;
    }
    const inputGrads = node.backward(g);
    // Arrays this node's walk is done with: given back to the pool (only arrays it handed out,
    // and only once no tensor's gradient holds them, since a rule may return one array twice).
    const spent: Float32Array[] = node.releasesGradOutput === true ? [g] : [];
    if (freedAfterBackward.delete(t)) spent.push(t.data);
    node.inputs.forEach((input, i) => {
      const gi = inputGrads[i];
      if (gi === null || gi === undefined || !input.requiresGrad) return;
      const existing = grads.get(input);
      if (existing === undefined) {
        hold(input, gi);
        return;
      }
      for (let j = 0; j < gi.length; j++) existing[j] = (existing[j] as number) + (gi[j] as number);
      spent.push(gi);
    });
    for (const array of spent) if (!held.has(array)) releaseArray(array);
  }
}

/** Adds a leaf's gradient into .grad; the first one is kept as it is (the walk owns no other reference to it). */
function accumulate(leaf: Tensor, g: Float32Array): void {
  if (leaf.grad === null) {
    leaf.grad = new Tensor(g, leaf.shape);
  } else {
    const d = leaf.grad.data;
    for (let j = 0; j < g.length; j++) d[j] = (d[j] as number) + (g[j] as number);
    releaseArray(g);
  }
}
