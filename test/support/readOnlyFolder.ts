/** A folder this process cannot write in, for tests of failed writes: a temp folder made read-only, or (as root, where permission bits do not bind) a kernel folder that refuses new files. */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function refusesWrites(folder: string): boolean {
  const probe = join(folder, '.rnn-studio-probe');
  try {
    writeFileSync(probe, '');
  } catch {
    return true;
  }
  rmSync(probe, { force: true });
  return false;
}

/**
 * A folder where creating a file fails with a permission error, or null when this machine has
 * none. A temp folder with mode 0555 serves an ordinary user; root writes through permission bits,
 * so on Linux `/sys` (sysfs, which refuses new files to everyone) serves instead.
 */
export function readOnlyFolder(): string | null {
  const folder = mkdtempSync(join(tmpdir(), 'rnn-read-only-'));
  chmodSync(folder, 0o555);
  if (refusesWrites(folder)) return folder;
  chmodSync(folder, 0o755);
  rmSync(folder, { recursive: true, force: true });
  return process.platform === 'linux' && refusesWrites('/sys') ? '/sys' : null;
}
