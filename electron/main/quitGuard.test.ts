/** Tests that a failed autosave reaches the window and that quitting then asks (real files: a read-only folder), and the quit dialog's choices and words. */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readOnlyFolder } from '../../test/support/readOnlyFolder.ts';
import { tinyClassifySpec } from '../../test/support/tinyClassify.ts';
import type { WriteFailure } from '../common/ipc/api.ts';
import { ProjectSession, type QuitConcern } from './projects/projectSession.ts';
import { confirmQuit, type QuitChoice, quitDialogText } from './quitGuard.ts';

const readOnly = readOnlyFolder();

async function until(condition: () => boolean, what: string): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > 10_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function makeSession(userDataDir: string, failures: WriteFailure[] = []) {
  return new ProjectSession({
    userDataDir,
    autosaveMs: 10,
    newId: () => 'p1',
    log: () => {},
    onAutosaveFailed: (failure) => failures.push(failure),
  });
}

/** A quit guard over `session` whose dialogs answer from `choices`, recording what was asked. */
function guard(
  session: ProjectSession,
  answers: { choices: QuitChoice[]; savePath: string | null },
) {
  const asked: QuitConcern[] = [];
  const deps = {
    concern: () => session.quitConcern(),
    ask: async (concern: QuitConcern) => {
      asked.push(concern);
      return answers.choices.shift() ?? 'cancel';
    },
    chooseSavePath: async () => answers.savePath,
    saveAs: (path: string) => session.saveAs(path),
    log: () => {},
  };
  return { asked, confirm: () => confirmQuit(deps) };
}

const spec = { id: 's', name: 'small', datasetId: null, spec: tinyClassifySpec(1) };

describe('write failures at quit', () => {
  it.skipIf(readOnly === null)(
    'autosave into a read-only folder sends the error to the window, and quitting then asks',
    async () => {
      const folder = readOnly as string;
      const failures: WriteFailure[] = [];
      const session = makeSession(folder, failures);
      session.setSpecs([spec]);
      await until(() => failures.length > 0, 'the autosave to fail');
      const autosave = join(folder, 'autosave', 'p1.rnnproj');
      expect(failures).toEqual([
        { kind: 'autosave', path: autosave, message: expect.stringMatching(/EACCES|EPERM/) },
      ]);

      await session.flush();
      const stay = guard(session, { choices: ['cancel'], savePath: null });
      await expect(stay.confirm()).resolves.toBe(false);
      expect(stay.asked).toEqual([
        { reason: 'write-failed', path: autosave, message: failures[0]?.message },
      ]);

      // "Save Elsewhere…" to a writable folder: the project is written there, then it quits.
      const elsewhere = join(mkdtempSync(join(tmpdir(), 'rnn-quit-')), 'rescued.rnnproj');
      const save = guard(session, { choices: ['save'], savePath: elsewhere });
      await expect(save.confirm()).resolves.toBe(true);
      expect(save.asked).toHaveLength(1);
      expect(existsSync(elsewhere)).toBe(true);
      expect(session.quitConcern()).toBeNull();
    },
  );

  it.skipIf(readOnly === null)(
    'asks again with the new reason when saving elsewhere fails too',
    async () => {
      const folder = readOnly as string;
      const session = makeSession(folder);
      session.setSpecs([spec]);
      await session.flush().catch(() => undefined);
      const again = guard(session, {
        choices: ['save', 'quit'],
        savePath: join(folder, 'also-read-only.rnnproj'),
      });
      await expect(again.confirm()).resolves.toBe(true);
      expect(again.asked.map((c) => c.reason)).toEqual(['write-failed', 'write-failed']);
      expect(again.asked[1]).toMatchObject({ path: join(folder, 'also-read-only.rnnproj') });
    },
  );

  it('quits without asking when nothing would be lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-quit-'));
    const session = makeSession(join(dir, 'userData'));
    const empty = guard(session, { choices: [], savePath: null });
    await expect(empty.confirm()).resolves.toBe(true);
    expect(empty.asked).toEqual([]);

    await session.saveAs(join(dir, 'saved.rnnproj'));
    session.setSpecs([spec]);
    await session.flush();
    const saved = guard(session, { choices: [], savePath: null });
    await expect(saved.confirm()).resolves.toBe(true);
    expect(saved.asked).toEqual([]);
  });

  it('asks about a project with content that was never saved to a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-quit-'));
    const session = makeSession(join(dir, 'userData'));
    const csv = join(dir, 'reviews.csv');
    writeFileSync(csv, 'text,label\ngood,pos\n');
    await session.addDataset(csv);
    await session.flush();
    const unsaved = guard(session, { choices: ['quit'], savePath: null });
    await expect(unsaved.confirm()).resolves.toBe(true);
    expect(unsaved.asked).toEqual([{ reason: 'unsaved', name: 'Untitled' }]);
    const cancelled = guard(session, { choices: ['save'], savePath: null });
    await expect(cancelled.confirm()).resolves.toBe(false);
  });

  it('words the dialog in Korean and English', () => {
    const concern: QuitConcern = { reason: 'write-failed', path: '/p/a.rnnproj', message: 'EROFS' };
    expect(quitDialogText(concern, 'en-US')).toEqual({
      message: 'The latest changes to your project were not saved.',
      detail:
        "Writing '/p/a.rnnproj' failed: EROFS\nQuitting without saving elsewhere loses these changes.",
      buttons: ['Save Elsewhere…', 'Quit Without Saving', 'Cancel'],
    });
    expect(quitDialogText(concern, 'ko').buttons).toEqual([
      '다른 곳에 저장…',
      '저장하지 않고 종료',
      '취소',
    ]);
    expect(quitDialogText({ reason: 'unsaved', name: 'Reviews' }, 'ko-KR').message).toBe(
      "프로젝트 'Reviews'을(를) 파일로 저장하지 않았습니다.",
    );
  });
});
