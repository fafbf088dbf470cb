/** ONNX Runtime for the Python stand-in module beside it (onnxruntime/__init__.py): reads one JSON request a line on stdin, loads or runs sessions with onnxruntime-node, writes one JSON reply a line. */
import { createInterface } from 'node:readline';
import * as ort from 'onnxruntime-node';

const sessions = [];

function metadata(list) {
  return list.map((m) => ({ name: m.name, shape: m.isTensor ? [...m.shape] : [] }));
}

function toTensor({ dtype, shape, data }) {
  if (dtype === 'int64')
    return new ort.Tensor(
      'int64',
      BigInt64Array.from(data, (v) => BigInt(v)),
      shape,
    );
  if (dtype === 'float32') return new ort.Tensor('float32', Float32Array.from(data), shape);
  throw new Error(`ortBridge: dtype must be 'int64' or 'float32', got '${dtype}'.`);
}

function fromTensor(t) {
  const data = Array.from(t.data, (v) => (typeof v === 'bigint' ? Number(v) : v));
  return { dtype: t.type, shape: [...t.dims], data };
}

async function handle(request) {
  if (request.op === 'load') {
    const session = await ort.InferenceSession.create(request.path);
    sessions.push(session);
    return {
      session: sessions.length - 1,
      inputs: metadata(session.inputMetadata),
      outputs: metadata(session.outputMetadata),
    };
  }
  if (request.op === 'run') {
    const session = sessions[request.session];
    const feeds = Object.fromEntries(
      Object.entries(request.feeds).map(([name, value]) => [name, toTensor(value)]),
    );
    const out = await session.run(feeds);
    return { results: request.outputs.map((name) => fromTensor(out[name])) };
  }
  throw new Error(`ortBridge: op must be 'load' or 'run', got '${request.op}'.`);
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  try {
    process.stdout.write(`${JSON.stringify(await handle(JSON.parse(line)))}\n`);
  } catch (err) {
    process.stdout.write(`${JSON.stringify({ error: String(err?.message ?? err) })}\n`);
  }
}
