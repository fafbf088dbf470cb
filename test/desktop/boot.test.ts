/** The desktop main process, run: the built out/main bundle boots against a fake `electron` (test/support/electronFake), forks the built trainer as a real Node child, trains the bundled sample with --smoke, and quits cleanly; broken builds fail the same harness. */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  bootProblems,
  buildApp,
  buildFake,
  copyBuild,
  removeTemporaries,
  runBoot,
} from '../support/bootHarness.ts';
import { testHelpersIn } from '../support/bundleScan.ts';

const BOOT_MS = 150_000;
let fakeDir = '';
let outDir = '';

beforeAll(async () => {
  fakeDir = await buildFake();
  outDir = buildApp();
}, 120_000);

afterAll(removeTemporaries);

describe('the built desktop app', () => {
  test('holds no test-only code (test/support, the e2e hooks) in main, preload, trainer or renderer', () => {
    expect(testHelpersIn(outDir)).toEqual([]);
  });

  test(
    'becomes ready, opens a secure window, guards every channel, trains with --smoke and quits saving the project',
    async () => {
      const run = await runBoot({
        fakeDir,
        outDir,
        args: ['--smoke', '--smoke-out'],
        timeoutMs: BOOT_MS,
      });
      expect(bootProblems(run, { smoke: true }), run.output).toEqual([]);
      expect(run.smoke?.ok).toBe(true);
      expect(run.smoke?.steps).toBeGreaterThanOrEqual(1);
      expect(run.report?.trace.forks[0]?.modulePath).toBe(join(outDir, 'main/trainer.js'));
      expect(run.report?.trace.windows[0]?.progress.at(-1)).toBe(-1);
    },
    BOOT_MS + 10_000,
  );

  test(
    'follows the UI language, survives a renderer crash, shows its logs, opens files from the OS and quits cleanly',
    async () => {
      const run = await runBoot({ fakeDir, outDir, args: [], timeoutMs: BOOT_MS });
      expect(bootProblems(run, { smoke: false }), run.output).toEqual([]);
      expect(run.report?.openedFiles).toEqual(['dock.tsv', 'sales.csv']);
      expect(run.report?.trace.menus.at(-1)?.labels).toContain('도움말');
    },
    BOOT_MS + 10_000,
  );
});

describe('positive controls: the same harness fails broken builds', () => {
  test(
    'a build whose trainer entry is not where main forks it',
    async () => {
      const broken = copyBuild(outDir);
      renameSync(join(broken, 'main/trainer.js'), join(broken, 'main/trainer-moved.js'));
      const run = await runBoot({
        fakeDir,
        outDir: broken,
        args: ['--smoke', '--smoke-out'],
        timeoutMs: BOOT_MS,
      });
      const problems = bootProblems(run, { smoke: true });
      expect(problems).toContain(
        `the trainer was forked from '${join(broken, 'main/trainer.js')}', which is not in the build`,
      );
      expect(run.smoke?.ok).toBe(false);
      expect(run.exitCode).toBe(1);
    },
    BOOT_MS + 10_000,
  );

  test(
    'a build with one handler registration removed',
    async () => {
      const broken = copyBuild(outDir);
      const mainJs = join(broken, 'main/main.js');
      const source = readFileSync(mainJs, 'utf8');
      // The handler's property in createHandlers' object literal (not the payload schema's).
      const patched = source.replace(/^\s*\[INVOKE_CHANNELS\.fileInfo\]: async .*\n/m, '');
      expect(patched.length).toBeLessThan(source.length);
      writeFileSync(mainJs, patched);
      const run = await runBoot({ fakeDir, outDir: broken, args: [], timeoutMs: BOOT_MS });
      expect(bootProblems(run, { smoke: false })).toContain(
        "channel 'studio:file-info' is not registered",
      );
    },
    BOOT_MS + 10_000,
  );
});
