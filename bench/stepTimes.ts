/** Times a workload's training steps from the sources on the threaded wasm backend: wall, process CPU and the main thread alone (helper idle) per step, with --ops the same per backend call, or with --fresh the fresh memory a step allocates. */
// Usage (from the repository root; RNN_STUDIO_THREADS=1 for one thread):
//   node --experimental-wasm-relaxed-simd --import tsx bench/stepTimes.ts W4 [steps] [--fresh | --ops]
// Run it in two checkouts alternately to compare builds (docs/benchmarks.md, "What each kernel
// choice is worth").
import type { WorkloadName } from './workloads.ts';

const args = process.argv.slice(2);
const fresh = args.includes('--fresh');
const ops = args.includes('--ops');
const [name = 'W4', stepsArg = '20'] = args.filter((a) => a !== '--fresh' && a !== '--ops');
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

const backend = installBackend('wasm');
/** Per backend method: wall ms and the part with the helper idle, per timed step (outermost calls only). */
const perOp = new Map<
  string,
  { wall: number[]; alone: number[]; calls: number; handOffs: number }
>();
let stepIndex = -1;
let handOffs = 0;
if (ops) {
  KernelHelper.prototype.post = ((inner) =>
    function (this: InstanceType<typeof KernelHelper>, ...a: Parameters<typeof inner>) {
      handOffs++;
      inner.apply(this, a);
    })(KernelHelper.prototype.post);
  let depth = 0;
  const methods = backend as unknown as Record<string, unknown>;
  for (const key of Object.keys(methods)) {
    const method = methods[key];
    if (typeof method !== 'function') continue;
    methods[key] = function (this: unknown, ...a: unknown[]) {
      if (depth > 0 || stepIndex < 0) return method.apply(this, a);
      depth++;
      const t0 = performance.now();
      const b0 = bothMs;
      const h0 = handOffs;
      try {
        return method.apply(this, a);
      } finally {
        depth--;
        const ms = performance.now() - t0;
        let s = perOp.get(key);
        if (s === undefined) {
          s = {
            wall: new Array(steps).fill(0),
            alone: new Array(steps).fill(0),
            calls: 0,
            handOffs: 0,
          };
          perOp.set(key, s);
        }
        s.wall[stepIndex] += ms;
        s.alone[stepIndex] += ms - (bothMs - b0);
        s.calls++;
        s.handOffs += handOffs - h0;
      }
    };
  }
}
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
  stepIndex = i;
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
stepIndex = -1;

const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]?.toFixed(1);
const least = (a: number[]) => Math.min(...a).toFixed(1);
const line = fresh
  ? `fresh MiB/step ${(freshBytes / steps / 2 ** 20).toFixed(2)}`
  : `ms/step median / min: wall ${median(wall)} / ${least(wall)}, CPU ${median(cpu)} / ${least(cpu)}, main thread alone ${median(alone)} / ${least(alone)}`;
console.log(`${name}, ${steps} steps: ${line}; last loss ${loss}`);
if (ops) {
  console.log(
    'backend call: ms per step median (min), wall / with the helper idle; calls and hand-offs per step',
  );
  for (const [key, s] of [...perOp].sort(
    (a, b) => Number(median(b[1].wall)) - Number(median(a[1].wall)),
  )) {
    console.log(
      `  ${key}: ${median(s.wall)} (${least(s.wall)}) / ${median(s.alone)} (${least(s.alone)}); ${s.calls / steps} calls, ${s.handOffs / steps} hand-offs`,
    );
  }
}
