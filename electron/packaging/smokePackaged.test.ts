/** The CI smoke runner (build/scripts/smokePackaged.mjs): where it finds the packaged app on each OS, and which results fail the job. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packagedExecutable, smokeFailure } from '../../build/scripts/smokePackaged.mjs';

const release = mkdtempSync(join(tmpdir(), 'rnn-studio-release-'));
afterAll(() => rmSync(release, { recursive: true, force: true }));

function touch(...parts: string[]): string {
  const path = join(release, ...parts);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, '');
  return path;
}

describe('packagedExecutable', () => {
  it('finds the unpacked app electron-builder leaves on each OS', () => {
    const linux = touch('linux-unpacked', 'rnn-studio');
    const macArm = touch('mac-arm64', 'RNN Studio.app', 'Contents', 'MacOS', 'RNN Studio');
    const macX64 = touch('mac', 'RNN Studio.app', 'Contents', 'MacOS', 'RNN Studio');
    const win = touch('win-unpacked', 'rnn-studio.exe');
    expect(packagedExecutable(release, 'linux', 'x64')).toBe(linux);
    expect(packagedExecutable(release, 'darwin', 'arm64')).toBe(macArm);
    expect(packagedExecutable(release, 'darwin', 'x64')).toBe(macX64);
    expect(packagedExecutable(release, 'win32', 'x64')).toBe(win);
  });

  it('returns null when the app was not built', () => {
    expect(packagedExecutable(release, 'win32', 'arm64')).toBeNull();
    expect(packagedExecutable(join(release, 'nothing'), 'linux', 'x64')).toBeNull();
  });
});

describe('smokeFailure', () => {
  it('passes an exit 0 with ok, steps and loss', () => {
    expect(smokeFailure(0, '{ "ok": true, "steps": 3, "loss": 0.52 }')).toBeNull();
  });

  it('fails a result that is not ok, with the appʼs error', () => {
    expect(smokeFailure(1, '{ "ok": false, "steps": 0, "loss": 0, "error": "no trainer" }')).toBe(
      'the result must say "ok": true, got false (no trainer).',
    );
    expect(smokeFailure(0, '{ "steps": 3, "loss": 0.5 }')).toBe(
      'the result must say "ok": true, got undefined.',
    );
  });

  it('fails a missing or broken result file, no steps, and a non-zero exit', () => {
    expect(smokeFailure(1, null)).toBe('the app wrote no result file (exit status 1).');
    expect(smokeFailure(0, '{"ok": tr')).toBe('the result file is not JSON: \'{"ok": tr\'.');
    expect(smokeFailure(0, '{"ok": true, "steps": 0, "loss": 1}')).toBe(
      'the result must report steps ≥ 1 and a numeric loss, got {"ok": true, "steps": 0, "loss": 1}.',
    );
    expect(smokeFailure(1, '{"ok": true, "steps": 2, "loss": 1}')).toBe(
      'the app exited with status 1 although the result says ok.',
    );
  });
});
