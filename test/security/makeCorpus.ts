/** Generates the crafted-file corpus: model bundles, checkpoints and data files an attacker could send (path traversal, zip bombs, an oversized spec, NaN weights, a 'constructor' dtype, deep JSON, 'vocabularies: 5', a FIFO, a folder), each with the message that must refuse it. Run: node --import tsx test/security/makeCorpus.ts <folder> */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { writeBundle } from '../../core/io/bundle.ts';
import { Random } from '../../core/random.ts';
import { classifyTask } from '../../core/tasks/classify/index.ts';
import { presetSpec } from '../../core/tasks/presets.ts';
import { encodeCheckpoint } from '../../core/train/checkpoint.ts';
import { fingerprintBytes } from '../../core/train/fingerprint.ts';
import { bundleFromTask } from '../../core/train/modelBundle.ts';
import {
  type CraftedEntry,
  craftZip,
  deflatedEntry,
  zerosDeflateStream,
} from '../support/craftZip.ts';

/** One crafted file and how it must be refused. */
export interface CorpusCase {
  /** File name inside the corpus folder. */
  name: string;
  kind: 'bundle' | 'checkpoint' | 'data';
  /** What it attacks, for test names. */
  attack: string;
  /** A fragment of the one-line message that must refuse it. */
  refusal: string;
}

/** A small classify data file; the base model and the checkpoints are made from it. */
export const DATA_CSV = `text,label\n${Array.from({ length: 40 }, (_, i) =>
  i % 2 === 0 ? `a good film ${i},pos` : `a bad film ${i},neg`,
).join('\n')}\n`;

async function baseBundle(): Promise<{
  bytes: Uint8Array;
  task: Awaited<ReturnType<typeof classifyTask.prepare>>;
}> {
  const spec = presetSpec('classify');
  spec.data = { textColumn: 'text', labelColumn: 'label', tokenizer: 'word', minFreq: 1 };
  spec.model = {
    ...spec.model,
    embeddingDim: 8,
    recurrent: { ...spec.model.recurrent, hiddenSize: 8 },
  };
  const task = await classifyTask.prepare({
    spec,
    fileName: 'data.csv',
    bytes: strToU8(DATA_CSV),
    random: new Random(0),
  });
  const bytes = writeBundle(bundleFromTask(task, { history: [], metrics: { accuracy: 0.5 } }));
  return { bytes, task };
}

/** The entries of a zip we wrote ourselves, as truthful crafted entries (to change some of them). */
function entriesOf(bytes: Uint8Array): CraftedEntry[] {
  return Object.entries(unzipSync(bytes)).map(([name, content]) => deflatedEntry(name, content));
}

function withEntry(bytes: Uint8Array, replacement: CraftedEntry): Uint8Array {
  const others = entriesOf(bytes).filter((e) => e.name !== replacement.name);
  return craftZip([...others, replacement]);
}

function withConfig(
  bytes: Uint8Array,
  change: (config: Record<string, unknown>) => unknown,
): Uint8Array {
  const config = JSON.parse(strFromU8(unzipSync(bytes)['config.json'] as Uint8Array));
  return withEntry(bytes, deflatedEntry('config.json', JSON.stringify(change(config))));
}

const MIB = 2 ** 20;

function bundleCases(base: Uint8Array): [CorpusCase, Uint8Array][] {
  const config = JSON.parse(strFromU8(unzipSync(base)['config.json'] as Uint8Array));
  const recurrent = config.spec.model.recurrent;
  const bigSpec = {
    ...config.spec,
    model: {
      ...config.spec.model,
      recurrent: { ...recurrent, cell: 'lstm', hiddenSize: 4096, numLayers: 2 },
    },
  };
  const weights = unzipSync(base)['model.safetensors'] as Uint8Array;
  const nanWeights = weights.slice();
  // The last 4 bytes are the last float32 of the last tensor: make it NaN.
  new DataView(nanWeights.buffer).setFloat32(nanWeights.length - 4, Number.NaN, true);
  const shared = ['vocab', 'vocab-a', 'vocab-b', 'vocab-c', 'vocab-d', 'vocab-e'];
  const sharedConfig = deflatedEntry(
    'config.json',
    JSON.stringify({ ...config, vocabularies: shared }),
  );
  const sharedBomb = craftZip(
    [
      { ...deflatedEntry('vocab.json', ''), data: zerosDeflateStream(40), size: 40 * MIB, crc: 0 },
      ...shared.slice(1).map((n) => deflatedEntry(`${n}.json`, '')),
      sharedConfig,
      ...entriesOf(base).filter((e) => e.name !== 'vocab.json' && e.name !== 'config.json'),
    ],
    { shared: shared.slice(1).map((n) => `${n}.json`) },
  );
  return [
    [
      {
        name: 'traversal-vocab.rnnmodel',
        kind: 'bundle',
        attack: "a vocabulary named '../package'",
        refusal: "vocabularies.1: must be 'vocab' or 'vocab-<word>'",
      },
      withConfig(base, (c) => ({ ...c, vocabularies: ['vocab', '../package'] })),
    ],
    [
      {
        name: 'traversal-entry.rnnmodel',
        kind: 'bundle',
        attack: "a zip entry '../package.json'",
        refusal: "the entry '../package.json' does not belong in this file",
      },
      withEntry(base, deflatedEntry('../package.json', '{"scripts":{"postinstall":"echo owned"}}')),
    ],
    [
      {
        name: 'bomb-one-entry.rnnmodel',
        kind: 'bundle',
        attack: 'one entry of 1.1 GB in a 1 MB file',
        refusal: "the entry 'model.safetensors' declares 1100 MiB",
      },
      withEntry(base, {
        ...deflatedEntry('model.safetensors', ''),
        data: zerosDeflateStream(1100),
        size: 1100 * MIB,
        crc: 0,
      }),
    ],
    [
      {
        name: 'bomb-lying-size.rnnmodel',
        kind: 'bundle',
        attack: 'an entry declaring 64 bytes that inflates to 1.1 GB',
        refusal: "the entry 'history.json' must hold the 64 bytes it declares, got more",
      },
      withEntry(base, {
        ...deflatedEntry('history.json', ''),
        data: zerosDeflateStream(1100),
        size: 64,
        crc: 0,
      }),
    ],
    [
      {
        name: 'bomb-shared-data.rnnmodel',
        kind: 'bundle',
        attack: 'six entries over the same 40 MiB of data',
        refusal: 'overlap (a zip bomb shares data between entries)',
      },
      sharedBomb,
    ],
    [
      {
        name: 'oversized-spec.rnnmodel',
        kind: 'bundle',
        attack: 'a spec asking for hidden 4096 × 2 layers',
        refusal: 'RNN Studio opens models of at most 67,108,864 parameters',
      },
      withConfig(base, (c) => ({ ...c, spec: bigSpec })),
    ],
    [
      {
        name: 'nan-weights.rnnmodel',
        kind: 'bundle',
        attack: 'a NaN weight',
        refusal: 'holds NaN at index',
      },
      withEntry(base, deflatedEntry('model.safetensors', nanWeights)),
    ],
    [
      {
        name: 'constructor-dtype.rnnmodel',
        kind: 'bundle',
        attack: "dtype 'constructor'",
        refusal: "dtype must be one of F32, F16, BF16, F64, I64, got 'constructor'",
      },
      withEntry(base, deflatedEntry('model.safetensors', constructorDtype())),
    ],
    [
      {
        name: 'vocabularies-5.rnnmodel',
        kind: 'bundle',
        attack: "'vocabularies: 5'",
        refusal:
          'config.json is not valid: vocabularies: Invalid input: expected array, received number',
      },
      withConfig(base, (c) => ({ ...c, vocabularies: 5 })),
    ],
    [
      {
        name: 'deep-config.rnnmodel',
        kind: 'bundle',
        attack: 'config.json nested 100,000 levels deep',
        refusal: 'JSON must nest at most 64 levels deep',
      },
      withEntry(
        base,
        deflatedEntry(
          'config.json',
          `{"format":1,"taskState":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
        ),
      ),
    ],
  ];
}

/** A safetensors file whose one tensor claims the dtype 'constructor' (inherited by every object). */
function constructorDtype(): Uint8Array {
  const header = strToU8(
    JSON.stringify({ w: { dtype: 'constructor', shape: [1], data_offsets: [0, 4] } }).padEnd(64),
  );
  const out = new Uint8Array(8 + header.length + 4);
  new DataView(out.buffer).setBigUint64(0, BigInt(header.length), true);
  out.set(header, 8);
  return out;
}

function checkpointCases(
  task: Awaited<ReturnType<typeof classifyTask.prepare>>,
): [CorpusCase, Uint8Array][] {
  const weights = new Map(
    Object.entries(task.model.stateDict()).map(([n, t]) => [
      n,
      { shape: [...t.shape], data: Float32Array.from(t.data) },
    ]),
  );
  const checkpoint = {
    kind: 'last' as const,
    spec: task.spec,
    data: { fileName: 'data.csv', fingerprint: fingerprintBytes(strToU8(DATA_CSV)) },
    epoch: 1,
    stepInEpoch: 0,
    step: 3,
    shuffleRng: [1, 2, 3, 4] as [number, number, number, number],
    modelRng: [5, 6, 7, 8] as [number, number, number, number],
    taskState: task.state,
    weights,
    optimizer: { kind: 'Adam', hyper: { lr: 0.01 }, state: [] },
    scheduler: null,
    running: { lossSum: 0, lossCount: 0, smoothSum: 0, smoothCount: 0 },
    best: { value: null, epoch: 0, badEpochs: 0 },
    history: [],
    elapsedSeconds: 1,
  };
  const good = encodeCheckpoint(checkpoint);
  const nan = new Map(weights);
  const first = [...nan.keys()][0] as string;
  nan.set(first, {
    shape: nan.get(first)!.shape,
    data: new Float32Array(nan.get(first)!.data.length).fill(Number.NaN),
  });
  const json = JSON.parse(strFromU8(unzipSync(good)['checkpoint.json'] as Uint8Array));
  const big = {
    ...json,
    spec: {
      ...json.spec,
      model: {
        ...json.spec.model,
        recurrent: { ...json.spec.model.recurrent, hiddenSize: 4096, numLayers: 2 },
      },
    },
  };
  return [
    [
      {
        name: 'oversized-spec.ckpt',
        kind: 'checkpoint',
        attack: 'a checkpoint spec asking for hidden 4096 × 2 layers',
        refusal: 'RNN Studio opens models of at most 67,108,864 parameters',
      },
      withEntry(good, deflatedEntry('checkpoint.json', JSON.stringify(big))),
    ],
    [
      {
        name: 'nan-weights.ckpt',
        kind: 'checkpoint',
        attack: 'NaN weights in a checkpoint',
        refusal: 'holds NaN at index 0',
      },
      encodeCheckpoint({ ...checkpoint, weights: nan }),
    ],
    [
      {
        name: 'bomb-one-entry.ckpt',
        kind: 'checkpoint',
        attack: 'a checkpoint entry of 1.1 GB',
        refusal: "the entry 'checkpoint.json' declares 1100 MiB",
      },
      withEntry(good, {
        ...deflatedEntry('checkpoint.json', ''),
        data: zerosDeflateStream(1100),
        size: 1100 * MIB,
        crc: 0,
      }),
    ],
    [
      {
        name: 'bomb-shared-data.ckpt',
        kind: 'checkpoint',
        attack: 'checkpoint entries over the same data',
        refusal: 'overlap (a zip bomb shares data between entries)',
      },
      craftZip(
        ['checkpoint.json', 'model.safetensors', 'optimizer.safetensors'].map(
          (name) => entriesOf(good).find((e) => e.name === name) as CraftedEntry,
        ),
        { shared: ['model.safetensors', 'optimizer.safetensors'] },
      ),
    ],
  ];
}

/** Writes the corpus into `dir` and returns its cases (with a valid model and data file beside them). */
export async function makeCorpus(dir: string): Promise<CorpusCase[]> {
  mkdirSync(dir, { recursive: true });
  const { bytes, task } = await baseBundle();
  writeFileSync(join(dir, 'valid.rnnmodel'), bytes);
  writeFileSync(join(dir, 'data.csv'), DATA_CSV);
  const cases: CorpusCase[] = [];
  for (const [c, content] of [...bundleCases(bytes), ...checkpointCases(task)]) {
    writeFileSync(join(dir, c.name), content);
    cases.push(c);
  }
  writeFileSync(
    join(dir, 'deep.jsonl'),
    `{"text":"ok","label":"a"}\n{"text":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)},"label":"b"}\n`,
  );
  cases.push({
    name: 'deep.jsonl',
    kind: 'data',
    attack: 'a JSONL line nested a million levels deep',
    refusal: 'JSON must nest at most 64 levels deep',
  });
  execFileSync('mkfifo', [join(dir, 'fifo.csv')]);
  cases.push({
    name: 'fifo.csv',
    kind: 'data',
    attack: 'a FIFO given as a data file',
    refusal: 'it is a FIFO (named pipe), not a regular file; give the path of a file',
  });
  mkdirSync(join(dir, 'folder.csv'));
  cases.push({
    name: 'folder.csv',
    kind: 'data',
    attack: 'a folder given as a data file',
    refusal: 'it is a folder, not a regular file; give the path of a file',
  });
  return cases;
}

if (process.argv[1] === import.meta.filename) {
  const dir = process.argv[2];
  if (dir === undefined) {
    process.stderr.write('Usage: node --import tsx test/security/makeCorpus.ts <folder>\n');
    process.exit(2);
  }
  for (const c of await makeCorpus(dir)) process.stdout.write(`${c.name}\t${c.attack}\n`);
}
