/** `rnn-studio train --resume` matches the checkpoint's data fingerprint: the current XXH32 one and the FNV-1a one builds before it wrote (so their checkpoints still resume), and refuses other data. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint } from '../../core/train/checkpoint.ts';
import { fingerprintBytes, LegacyFingerprint } from '../../core/train/fingerprint.ts';
import { captureIo } from '../../test/support/captureIo.ts';
import { toyTaskDefinition } from '../../test/support/toyTask.ts';
import { runTrain } from './train.ts';

const tasks = () => toyTaskDefinition;
const TOY = ['--task', 'forecast', '--hidden', '8', '--cell', 'gru', '--batch-size', '8'];

/** A finished two-epoch run's folder: its data file, model path and last checkpoint's path. */
async function finishedRun(): Promise<{ data: string; out: string; last: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-resume-'));
  const data = join(dir, 'series.csv');
  writeFileSync(data, 'date,value\n2020-01-01,1\n2020-01-02,2\n2020-01-03,3\n');
  const out = join(dir, 'toy.rnnmodel');
  const io = captureIo();
  const args = [...TOY, '--epochs', '2', '--checkpoint-seconds', '0', '--data', data, '--out', out];
  expect(await runTrain(args, io, { tasks })).toBe(0);
  return { data, out, last: join(`${out}.ckpt`, 'last.ckpt') };
}

/**
 * Rewrites the checkpoint at `path` as if made from data with `fingerprint` by a run of three
 * epochs (so resuming it has an epoch left to train and checkpoint).
 */
function restamp(path: string, fingerprint: string): void {
  const checkpoint = decodeCheckpoint(readFileSync(path));
  const spec = { ...checkpoint.spec, train: { ...checkpoint.spec.train, epochs: 3 } };
  const data = { ...checkpoint.data, fingerprint };
  writeFileSync(path, encodeCheckpoint({ ...checkpoint, spec, data }));
}

async function resume(data: string, out: string): Promise<{ code: number; err: string }> {
  const io = captureIo();
  const args = [...TOY, '--epochs', '3', '--checkpoint-seconds', '0', '--data', data, '--out', out];
  args.push('--resume');
  const code = await runTrain(args, io, { tasks });
  return { code, err: io.err };
}

describe('train --resume', () => {
  it('writes the XXH32 fingerprint of the file into its checkpoints and resumes on it', async () => {
    const { data, out, last } = await finishedRun();
    const bytes = new Uint8Array(readFileSync(data));
    expect(decodeCheckpoint(readFileSync(last)).data.fingerprint).toBe(fingerprintBytes(bytes));
    const { code, err } = await resume(data, out);
    expect(code).toBe(0);
    expect(err).toContain('Resuming from epoch 3');
  }, 60_000);

  it("resumes a checkpoint an older build wrote (FNV-1a fingerprint), and its new checkpoints carry XXH32's", async () => {
    const { data, out, last } = await finishedRun();
    const bytes = new Uint8Array(readFileSync(data));
    restamp(last, new LegacyFingerprint().update(bytes).digest());
    const { code, err } = await resume(data, out);
    expect(code).toBe(0);
    expect(err).toContain('Resuming from epoch 3');
    expect(decodeCheckpoint(readFileSync(last)).data.fingerprint).toBe(fingerprintBytes(bytes));
  }, 60_000);

  it('refuses a checkpoint of other data, whichever kind its fingerprint is', async () => {
    const { data, out, last } = await finishedRun();
    const other = new TextEncoder().encode(
      'date,value\n2020-01-01,1\n2020-01-02,2\n2020-01-03,4\n',
    );
    for (const fingerprint of [
      new LegacyFingerprint().update(other).digest(),
      fingerprintBytes(other),
    ]) {
      restamp(last, fingerprint);
      const { code, err } = await resume(data, out);
      expect(code).toBe(1);
      expect(err.trim()).toBe(
        `rnn-studio train: the checkpoint in '${out}.ckpt' was made from other data than '${data}'; train without --resume.`,
      );
    }
  }, 60_000);
});
