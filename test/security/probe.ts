/** Child-process probe for the security suite: runs the CLI, or the trainer's load path (predict with a bundle, resume from a checkpoint) over the trainer endpoint, then reports its exit status and peak RSS. Usage: node --import tsx test/security/probe.ts cli <args…> | trainer-predict <bundle> | trainer-resume <checkpoint> <data> <spec bundle> */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { nodeIo } from '../../cli/io.ts';
import { runCli } from '../../cli/main.ts';
import { readBundle } from '../../core/io/bundle.ts';
import type { TrainerToHost } from '../../core/protocol/messages.ts';
import { createTrainerEndpoint } from '../../core/protocol/trainerEndpoint.ts';
import { taskDefinition } from '../../core/tasks/registry.ts';
import { TrainingService } from '../../core/train/service.ts';

/** Sends one request to a trainer endpoint and returns its error line, or null when it succeeded. */
async function trainerRequest(request: Record<string, unknown>): Promise<string | null> {
  const messages: TrainerToHost[] = [];
  const service = new TrainingService({ tasks: taskDefinition });
  const endpoint = createTrainerEndpoint({
    host: 'node-worker',
    post: (m) => messages.push(m),
    service,
  });
  await endpoint({ id: 1, ...request });
  endpoint.close();
  const reply = messages.find((m) => (m.type === 'reply' || m.type === 'error') && m.id === 1);
  if (reply?.type === 'error') return `${reply.name}: ${reply.message}`;
  return reply === undefined ? 'no reply' : null;
}

async function run(mode: string, args: string[]): Promise<number> {
  if (mode === 'cli') return runCli(args, nodeIo);
  let error: string | null;
  if (mode === 'trainer-predict') {
    const [path] = args as [string];
    error = await trainerRequest({
      type: 'predict',
      model: { bundle: new Uint8Array(readFileSync(path)), fileName: basename(path) },
      inputs: [{ text: 'a good film' }],
    });
  } else if (mode === 'trainer-resume') {
    const [checkpoint, data, specBundle] = args as [string, string, string];
    error = await trainerRequest({
      type: 'start-training',
      runId: 'probe',
      spec: readBundle(new Uint8Array(readFileSync(specBundle))).spec,
      data: { fileName: basename(data), bytes: new Uint8Array(readFileSync(data)) },
      checkpoint: new Uint8Array(readFileSync(checkpoint)),
    });
  } else {
    throw new Error(`probe: mode must be cli, trainer-predict or trainer-resume, got '${mode}'.`);
  }
  if (error !== null) process.stderr.write(`${error}\n`);
  return error === null ? 0 : 1;
}

const [mode = '', ...args] = process.argv.slice(2);
const status = await run(mode, args);
const report = process.env.RNN_STUDIO_PROBE_REPORT;
if (report !== undefined) {
  // maxRSS is in kilobytes: the peak resident memory of this whole process.
  writeFileSync(
    report,
    JSON.stringify({ status, maxRssBytes: process.resourceUsage().maxRSS * 1024 }),
  );
}
process.exit(status);
