/** Log lines reach the log file under the logs folder. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, vi } from 'vitest';
import { openLogFile } from './logFile.ts';

test('writes each line to <logs>/main.log', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logs-'));
  vi.spyOn(console, 'info').mockImplementation(() => {});
  const file = openLogFile(() => dir);
  expect(file.path()).toBe(join(dir, 'main.log'));
  file.log('[trainer pid=12] ready');
  file.log('Smoke: {"ok":true}');
  await vi.waitFor(() => {
    const text = readFileSync(file.path(), 'utf8');
    expect(text).toContain('[trainer pid=12] ready');
    expect(text).toContain('Smoke: {"ok":true}');
  });
});
