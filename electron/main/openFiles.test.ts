/** Tests picking files to open from the command line, queueing them for the window, and routing OS-opened projects to a real ProjectSession. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProjectView } from '../common/projectSchema.ts';
import { filesFromArgv, OpenedFileRouter, OpenFileQueue, type ProjectOpener } from './openFiles.ts';
import { ProjectSession } from './projects/projectSession.ts';

describe('filesFromArgv', () => {
  it('keeps .rnnmodel and .rnnproj arguments, made absolute, and skips the executable and flags', () => {
    const cwd = resolve('/home/ana');
    expect(
      filesFromArgv(
        [
          '/opt/RNN Studio/rnn-studio',
          '--no-sandbox',
          'models/Sentiment.RNNMODEL',
          '/tmp/x.rnnmodel',
          'work/Churn.rnnproj',
          'notes.txt',
        ],
        cwd,
      ),
    ).toEqual([
      join(cwd, 'models', 'Sentiment.RNNMODEL'),
      resolve('/tmp/x.rnnmodel'),
      join(cwd, 'work', 'Churn.rnnproj'),
    ]);
  });
});

describe('OpenFileQueue', () => {
  it('holds files until a receiver attaches, then delivers each once', () => {
    const queue = new OpenFileQueue();
    queue.push('/a.rnnmodel');
    const got: string[] = [];
    queue.attach((p) => got.push(p));
    queue.push('/b.rnnmodel');
    expect(got).toEqual(['/a.rnnmodel', '/b.rnnmodel']);
    queue.attach(null);
    queue.push('/c.rnnmodel');
    expect(got).toEqual(['/a.rnnmodel', '/b.rnnmodel']);
    queue.attach((p) => got.push(p));
    expect(got).toEqual(['/a.rnnmodel', '/b.rnnmodel', '/c.rnnmodel']);
  });
});

describe('OpenedFileRouter', () => {
  let dir: string;
  let session: ProjectSession;
  let opened: ProjectView[];
  let failures: string[];
  let opener: ProjectOpener;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rnn-open-'));
    session = new ProjectSession({
      userDataDir: join(dir, 'userData'),
      autosaveMs: 10_000,
      log: () => {},
    });
    opened = [];
    failures = [];
    opener = {
      open: (path) => session.open(path),
      opened: (view) => opened.push(view),
      failed: (path, error) => failures.push(`${path}: ${error.name}: ${error.message}`),
    };
  });
  afterEach(async () => {
    await session.flush();
    await rm(dir, { recursive: true, force: true });
  });

  /** Saves a project named `name` through a separate session, as an earlier app run would have. */
  async function savedProject(name: string): Promise<string> {
    const writer = new ProjectSession({
      userDataDir: join(dir, 'other'),
      autosaveMs: 10_000,
      log: () => {},
    });
    await writer.newProject(name);
    const view = await writer.saveAs(join(dir, name));
    return view.path as string;
  }

  it('opens a double-clicked .rnnproj in the ProjectSession, puts it on the recent list and tells the UI', async () => {
    const path = await savedProject('Churn');
    const files = new OpenFileQueue();
    const router = new OpenedFileRouter(files);
    await router.attachProjects(opener);
    await router.route(path);
    expect(session.view().path).toBe(path);
    expect(session.view().project.name).toBe('Churn');
    expect(opened.map((v) => v.project.name)).toEqual(['Churn']);
    expect(await session.isRecent(path)).toBe(true);
    const delivered: string[] = [];
    files.attach((p) => delivered.push(p));
    expect(delivered).toEqual([]);
  });

  it('sends other files to the window queue and never to the session', async () => {
    const files = new OpenFileQueue();
    const router = new OpenedFileRouter(files);
    await router.attachProjects(opener);
    await router.route('/models/Sentiment.rnnmodel');
    const delivered: string[] = [];
    files.attach((p) => delivered.push(p));
    expect(delivered).toEqual(['/models/Sentiment.rnnmodel']);
    expect(session.view().path).toBeNull();
    expect(opened).toEqual([]);
  });

  it('holds projects that arrive before the session exists and opens them in order once attached', async () => {
    const first = await savedProject('First');
    const second = await savedProject('Second');
    const router = new OpenedFileRouter(new OpenFileQueue());
    await router.route(first);
    await router.route(second);
    expect(opened).toEqual([]);
    await router.attachProjects(opener);
    expect(opened.map((v) => v.project.name)).toEqual(['First', 'Second']);
    expect(session.view().path).toBe(second);
  });

  it('reports a damaged project file and leaves the open project as it was', async () => {
    const damaged = join(dir, 'Broken.rnnproj');
    await writeFile(damaged, '{ not json');
    const router = new OpenedFileRouter(new OpenFileQueue());
    await router.attachProjects(opener);
    await router.route(damaged);
    expect(opened).toEqual([]);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(
      new RegExp(
        `^${damaged.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ProjectFormatError: Project: '.*Broken\\.rnnproj' must be an RNN Studio project \\(JSON\\), got unreadable text: `,
      ),
    );
    expect(session.view().path).toBeNull();
  });
});
