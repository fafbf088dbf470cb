/**
 * The differentiable op set in one place: re-exports every op as a function and installs the
 * matching methods on `Tensor.prototype` when this module is first evaluated. core/index.ts
 * re-exports from here, so importing the core always installs the methods.
 */

import { ShapeError } from '../errors.ts';
import { backward as backwardFrom } from './autograd.ts';
import * as ew from './elementwise.ts';
import * as ix from './indexing.ts';
import { matmul } from './matmul.ts';
import * as rd from './reduce.ts';
import { formatShape } from './shape.ts';
import * as so from './shapeOps.ts';
import { Tensor } from './tensor.ts';

export * from './creation.ts';
export * from './elementwise.ts';
export * from './indexing.ts';
export * from './matmul.ts';
export * from './reduce.ts';
export * from './shapeOps.ts';

const methods: ThisType<Tensor> & Partial<Tensor> = {
  add(other) {
    return ew.add(this, other);
  },
  sub(other) {
    return ew.sub(this, other);
  },
  mul(other) {
    return ew.mul(this, other);
  },
  div(other) {
    return ew.div(this, other);
  },
  neg() {
    return ew.neg(this);
  },
  pow(exponent) {
    return ew.pow(this, exponent);
  },
  tanh() {
    return ew.tanh(this);
  },
  sigmoid() {
    return ew.sigmoid(this);
  },
  relu() {
    return ew.relu(this);
  },
  exp() {
    return ew.exp(this);
  },
  log() {
    return ew.log(this);
  },
  sqrt() {
    return ew.sqrt(this);
  },
  abs() {
    return ew.abs(this);
  },
  clamp(min, max) {
    return ew.clamp(this, min, max);
  },
  matmul(other) {
    return matmul(this, other);
  },
  sum(dim, options) {
    return rd.sum(this, dim, options);
  },
  mean(dim, options) {
    return rd.mean(this, dim, options);
  },
  max(dim, options) {
    return rd.max(this, dim, options);
  },
  min(dim, options) {
    return rd.min(this, dim, options);
  },
  argmax(dim, options) {
    return rd.argmax(this, dim, options);
  },
  softmax(dim) {
    return rd.softmax(this, dim);
  },
  logSoftmax(dim) {
    return rd.logSoftmax(this, dim);
  },
  reshape(shape) {
    return so.reshape(this, shape);
  },
  view(shape) {
    return so.view(this, shape);
  },
  flatten() {
    return so.flatten(this);
  },
  unsqueeze(dim) {
    return so.unsqueeze(this, dim);
  },
  squeeze(dim) {
    return so.squeeze(this, dim);
  },
  transpose(dim0, dim1) {
    return so.transpose(this, dim0, dim1);
  },
  permute(dims) {
    return so.permute(this, dims);
  },
  narrow(dim, start, length) {
    return so.narrow(this, dim, start, length);
  },
  slice(dim, start, length) {
    return so.slice(this, dim, start, length);
  },
  indexSelect(dim, index) {
    return ix.indexSelect(this, dim, index);
  },
  gather(dim, index) {
    return ix.gather(this, dim, index);
  },
  maskedFill(mask, value) {
    return ix.maskedFill(this, mask, value);
  },
  where(condition, other) {
    return ix.where(condition, this, other);
  },
  backward(gradient) {
    if (gradient instanceof Tensor && gradient.size !== this.size) {
      throw new ShapeError(
        `backward: gradient shape must match ${formatShape(this.shape)}, got ${formatShape(gradient.shape)}.`,
      );
    }
    backwardFrom(this, gradient instanceof Tensor ? gradient.data : gradient);
  },
};

// Non-enumerable, like class methods, so tensors compare and print as plain data.
for (const [name, value] of Object.entries(methods)) {
  Object.defineProperty(Tensor.prototype, name, { value, writable: true, configurable: true });
}
