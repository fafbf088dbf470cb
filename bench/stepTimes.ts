/** Times a workload's training steps from the sources on the threaded wasm backend: wall, process CPU and the main thread alone (helper idle) per step, or with --fresh the fresh memory a step allocates. */
// Usage (from the repository root; RNN_STUDIO_THREADS=1 for one thread):
//   node --experimental-wasm-relaxed-simd --import tsx bench/stepTimes.ts W4 [steps] [--fresh]
// Run it in two checkouts alternately to compare builds (docs/benchmarks.md, "What stands between
// us and 1.0×").
import type { WorkloadName } from './workloads.ts';

const args = process.argv.slice(2);
const fresh = args.includes('--fresh');
const [name = 'W4', stepsArg = '20'] = args.filter((a) => a !== '--fresh');
const steps = Number(stepsArg);

/** Bytes of Float32Arrays of ≥ 64 KiB allocated while counting (views of a buffer excluded). */
let freshBytes = 0;
let counting = false;
if (fresh) {
  // NOTE: a subclass slows every allocation a little, so the timings are not taken in this mode.
  const Base = globalThis.Float32Array;
  class Counted extends Base {
    constructor(...a: unknown[]) {
      super(...(a as [number]));
      const view = a[0] instanceof ArrayBuffer || a[0] instanceof SharedArrayBuffer;
      if (counting && !view && this.length >= 16384) freshBytes += this.byteLength;
    }
  }
  globalThis.Float32Array = Counted as typeof Float32Array;
}

const { installBackend } = await import('../cli/backend.ts');
const { KernelHelper } = await import('../core/kernels/wasm/index.ts');
const { createWorkload } = await import('./workloads.ts');

// Time from each hand-off's post to its wait's return: the sections where both threads run.
let bothMs = 0;
let postedAt = 0;
const { post, wait } = KernelHelper.prototype;
KernelHelper.prototype.post = function (this: InstanceType<typeof KernelHelper>, ...a) {
  postedAt = performance.now();
  post.apply(this, a);
};
KernelHelper.prototype.wait = function (this: InstanceType<typeof KernelHelper>) {
  wait.apply(this);
  bothMs += performance.now() - postedAt;
};

installBackend('wasm');
// The helper thread loads in ~0.3 s (longer from the sources).
await new Promise((resolve) => setTimeout(resolve, 1500));
const workload = createWorkload(name as WorkloadName);
for (let i = 0; i < 3; i++) workload.trainStep();

const wall: number[] = [];
const cpu: number[] = [];
const alone: number[] = [];
counting = true;
let loss = 0;
for (let i = 0; i < steps; i++) {
  bothMs = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  loss = workload.trainStep();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  wall.push(ms);
  cpu.push((c.user + c.system) / 1000);
  alone.push(ms - bothMs);
}
counting = false;

const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]?.toFixed(1);
const least = (a: number[]) => Math.min(...a).toFixed(1);
const line = fresh
  ? `fresh MiB/step ${(freshBytes / steps / 2 ** 20).toFixed(2)}`
  : `ms/step median / min: wall ${median(wall)} / ${least(wall)}, CPU ${median(cpu)} / ${least(cpu)}, main thread alone ${median(alone)} / ${least(alone)}`;
console.log(`${name}, ${steps} steps: ${line}; last loss ${loss}`);
