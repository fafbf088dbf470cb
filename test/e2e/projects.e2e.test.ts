/** End-to-end: projects in Chromium, with `window.studio.desktop`'s project functions served by main's real ProjectSession in this Node process (dialogs answer with chosen paths): new, add a dataset, save as, reopen from the recent list and the File menu, locate a moved file. */
import { mkdir, mkdtemp, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DesktopApi, MenuCommand, ProjectView } from '../../electron/common/ipc/api.ts';
import { ProjectSession } from '../../electron/main/projects/projectSession.ts';
import { type E2eEnvironment, screenshot, sharedDataDir, startE2e } from './helpers.ts';

let env: E2eEnvironment;

beforeAll(async () => {
  env = await startE2e(inject('webDir'));
});

afterAll(async () => {
  await env?.close();
});

/** What the stand-in dialogs answer next (a path the user "chose"). */
interface Dialogs {
  open: string | null;
  saveAs: string | null;
  locate: string | null;
}

/**
 * The desktop side in Node: projects through a real ProjectSession; files picked in the page are
 * found by name in `dataDir` (as Electron's webUtils.getPathForFile gives a dropped file's path).
 */
function desktopHost(o: { userDataDir: string; dataDir: string; dialogs: Dialogs }) {
  const logs: string[] = [];
  /** Pages hearing of autosaves, as main.ts sends them to every window. */
  const autosaveListeners = new Set<(view: ProjectView) => void>();
  const session = new ProjectSession({
    userDataDir: o.userDataDir,
    autosaveMs: 100,
    log: (line) => logs.push(line),
    onAutosaved: (view) => {
      for (const l of autosaveListeners) l(view);
    },
  });
  const granted = (path: string) =>
    stat(path).then((s) => ({ path, name: basename(path), size: s.size }));
  const take = (key: keyof Dialogs): string | null => {
    const path = o.dialogs[key];
    o.dialogs[key] = null;
    return path;
  };
  async function call(method: string, args: unknown[]): Promise<unknown> {
    switch (method) {
      case 'addDroppedFile':
        return granted(join(o.dataDir, String(args[0])));
      case 'fileInfo':
        return granted(String(args[0]));
      case 'saveDataset': {
        const path = join(o.userDataDir, 'datasets', String(args[0]));
        await mkdir(join(o.userDataDir, 'datasets'), { recursive: true });
        await writeFile(path, Uint8Array.from(args[1] as number[]));
        return granted(path);
      }
      case 'readGrantedFile':
        return Array.from(await readFile(String(args[0])));
      case 'project':
        return session.view();
      case 'newProject':
        return session.newProject(String(args[0]));
      case 'openProjectDialog': {
        const path = take('open');
        return path === null ? null : session.open(path);
      }
      case 'openRecentProject': {
        const path = String(args[0]);
        if (!(await session.isRecent(path))) throw new Error(`not recent: ${path}`);
        return session.open(path);
      }
      case 'recentProjects':
        return session.recent();
      case 'saveProject':
        return session.save();
      case 'saveProjectAs': {
        const path = take('saveAs');
        return path === null ? null : session.saveAs(path);
      }
      case 'addDatasetToProject':
        await session.addDataset(String(args[0]));
        return session.view();
      case 'locateDataset': {
        const path = take('locate');
        const options = args[1] as { acceptChanged: boolean };
        return path === null ? null : session.locateDataset(String(args[0]), path, options);
      }
      case 'setProjectSpecs':
        return session.setSpecs(args[0] as Parameters<ProjectSession['setSpecs']>[0]);
      default:
        throw new Error(`The test desktop has no '${method}'.`);
    }
  }
  return { session, call, logs, autosaveListeners };
}

/** Runs in the page before the app: `window.__studioTestDesktop` over the `__pwDesktop` binding. */
function installPageDesktop(): void {
  type Listener = (value: unknown) => void;
  const w = window as unknown as {
    __pwDesktop(method: string, args: unknown[]): Promise<unknown>;
    __studioTestDesktop: unknown;
    __studioTestEmit(kind: 'menu' | 'project', value: unknown): void;
  };
  const call = (method: string, ...args: unknown[]) => w.__pwDesktop(method, args);
  const menu = new Set<Listener>();
  const changed = new Set<Listener>();
  const listen = (set: Set<Listener>) => (l: Listener) => {
    set.add(l);
    return () => set.delete(l);
  };
  const none = () => () => undefined;
  const refuse = (what: string) => () =>
    Promise.reject(new Error(`The test desktop does not ${what}.`));
  w.__studioTestEmit = (kind, value) => {
    for (const l of kind === 'menu' ? menu : changed) l(value);
  };
  w.__studioTestDesktop = {
    openDatasetDialog: async () => [],
    openModelDialog: async () => null,
    openImageFolder: async () => null,
    addDroppedFile: (file: File) => call('addDroppedFile', file.name),
    fileInfo: (path: string) => call('fileInfo', path),
    setLanguage: async () => {},
    // The computer's total as main's os.totalmem() would give it (above the browser's 8 GiB cap).
    systemMemoryBytes: async () => 24 * 1024 ** 3,
    onOpenFile: none,
    onMenuCommand: listen(menu),
    onProjectChanged: listen(changed),
    onWriteFailed: none,
    project: () => call('project'),
    newProject: (name: string) => call('newProject', name),
    openProjectDialog: () => call('openProjectDialog'),
    openRecentProject: (path: string) => call('openRecentProject', path),
    recentProjects: () => call('recentProjects'),
    saveProject: () => call('saveProject'),
    saveProjectAs: () => call('saveProjectAs'),
    addDatasetToProject: (path: string) => call('addDatasetToProject', path),
    locateDataset: (id: string, o: unknown) => call('locateDataset', id, o),
    setProjectSpecs: (specs: unknown) => call('setProjectSpecs', specs),
    startRun: refuse('train'),
    runs: async () => [],
    resumeRun: refuse('train'),
    cancelRun: refuse('train'),
    exportModel: refuse('export'),
    exportFolder: refuse('export'),
    onRunEvent: none,
    saveDataset: (name: string, bytes: Uint8Array) => call('saveDataset', name, Array.from(bytes)),
    readGrantedFile: async (path: string) =>
      new Uint8Array((await call('readGrantedFile', path)) as number[]),
    // NOTE: the slicing itself is tested in electron/preload/studioApi.test.ts; here the page
    // gets the file whole, with the progress the preload would report.
    openGrantedFile: async (
      path: string,
      name: string,
      o?: { onProgress?: (p: { bytesRead: number; bytesTotal: number }) => void },
    ) => {
      const bytes = new Uint8Array((await call('readGrantedFile', path)) as number[]);
      o?.onProgress?.({ bytesRead: 0, bytesTotal: bytes.length });
      o?.onProgress?.({ bytesRead: bytes.length, bytesTotal: bytes.length });
      return new File([bytes], name);
    },
    downloadGalleryFiles: refuse('download'),
    cancelGalleryDownload: async () => false,
    onDownloadProgress: none,
  } satisfies Record<keyof DesktopApi, unknown>;
}

async function menuCommand(page: Page, command: MenuCommand): Promise<void> {
  await page.evaluate(
    (c) =>
      (window as unknown as { __studioTestEmit(k: string, v: unknown): void }).__studioTestEmit(
        'menu',
        c,
      ),
    command,
  );
}

async function openSection(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
  await page.getByRole('tab', { name, selected: true }).waitFor();
}

describe('Projects (desktop API over a real ProjectSession)', () => {
  it('new project, add a dataset, save as, reopen from recent: the dataset and settings come back', async () => {
    const root = await mkdtemp(join(tmpdir(), 'rnn-e2e-projects-'));
    const dataDir = join(root, 'data');
    await mkdir(dataDir);
    const data = join(dataDir, 'yelp_labelled.txt');
    const yelp = await readFile(
      join(sharedDataDir, 'uci-sentiment-sentences', 'yelp_labelled.txt'),
      'utf8',
    );
    await writeFile(data, `${yelp.split('\n').slice(0, 300).join('\n')}\n`);
    const dialogs: Dialogs = { open: null, saveAs: null, locate: null };
    const host = desktopHost({ userDataDir: join(root, 'userData'), dataDir, dialogs });

    const context = await env.browser.newContext({
      viewport: { width: 1200, height: 760 },
      colorScheme: 'light',
      locale: 'en-US',
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
    await page.exposeFunction('__pwDesktop', (method: string, args: unknown[]) =>
      host.call(method, args),
    );
    await page.addInitScript(installPageDesktop);
    host.autosaveListeners.add((view) => {
      if (!page.isClosed()) {
        page
          .evaluate(
            (v) =>
              (
                window as unknown as { __studioTestEmit(k: string, v: unknown): void }
              ).__studioTestEmit('project', v),
            view,
          )
          .catch((err: unknown) => problems.push(`autosave event: ${(err as Error).message}`));
      }
    });
    await page.goto(`${env.server.url}?e2e-desktop`);

    // A fresh, untitled project.
    await expect.poll(() => page.getByTestId('project-name').textContent()).toBe('Untitled');
    expect(await page.getByTestId('project-state').textContent()).toBe('Not saved to a file yet');

    // Loading a file adds it to the project.
    await page.getByTestId('dataset-file-input').setInputFiles(data);
    await page.getByTestId('dataset-name').waitFor();
    const row = page.getByTestId('project-dataset-yelp_labelled.txt');
    await row.waitFor();
    expect(await row.getByTestId('project-dataset-status').textContent()).toBe('Found');
    expect(await row.textContent()).toContain('In use');

    // Model and training settings.
    await openSection(page, 'Model');
    await page.getByTestId('embedding-dim').fill('48');
    await page.getByTestId('encoder-hidden').fill('24');
    await openSection(page, 'Train');
    await page.getByTestId('train-epochs').fill('3');

    // Save As… from the Project menu, by keyboard.
    // NOTE: the project is saved next to its data, so reopening it reads the data without asking.
    dialogs.saveAs = join(dataDir, 'yelp reviews');
    const menuButton = page.getByTestId('project-menu');
    await menuButton.focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('New project');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Save As…');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('project-name').textContent()).toBe('yelp reviews');
    await expect
      .poll(() => page.getByTestId('project-state').textContent(), { timeout: 10_000 })
      .toBe('Saved');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'project-menu',
    );
    const file = join(dataDir, 'yelp reviews.rnnproj');
    const saved = JSON.parse(await readFile(file, 'utf8'));
    expect(saved.datasets.map((d: { path: string }) => d.path)).toEqual([data]);
    expect(saved.specs[0].datasetId).toBe(saved.datasets[0].id);
    expect(saved.specs[0].spec.model.embeddingDim).toBe(48);
    expect(saved.specs[0].spec.model.recurrent.hiddenSize).toBe(24);
    expect(saved.specs[0].spec.train.epochs).toBe(3);

    // File › New Project: Data and the settings start over.
    await menuCommand(page, { command: 'new-project' });
    await expect.poll(() => page.getByTestId('project-name').textContent()).toBe('Untitled');
    await openSection(page, 'Data');
    await expect.poll(() => page.getByTestId('dataset-name').count()).toBe(0);
    expect(await page.getByTestId('project-datasets').count()).toBe(0);
    await openSection(page, 'Model');
    expect(await page.getByTestId('embedding-dim').inputValue()).not.toBe('48');

    // Reopen from the Project menu's recent list.
    await menuButton.click();
    const recent = page.getByTestId('project-menu-recent-0');
    expect(await recent.textContent()).toContain('yelp reviews');
    await recent.click();
    await expect.poll(() => page.getByTestId('project-name').textContent()).toBe('yelp reviews');
    await expect.poll(() => page.getByTestId('embedding-dim').inputValue()).toBe('48');
    expect(await page.getByTestId('encoder-hidden').inputValue()).toBe('24');
    await openSection(page, 'Train');
    expect(await page.getByTestId('train-epochs').inputValue()).toBe('3');
    await openSection(page, 'Data');
    expect(await page.getByTestId('dataset-name').textContent()).toBe('yelp_labelled.txt');
    expect(await page.getByTestId('role-text').inputValue()).toBe('reviews');
    expect(await page.getByTestId('project-state').textContent()).toBe('Saved');
    await screenshot(page, 'project-en.png');

    // The file moves: File › Open Recent shows it missing; Locate… finds it, and it loads.
    const moved = join(dataDir, 'moved.txt');
    await rename(data, moved);
    await menuCommand(page, { command: 'new-project' });
    await expect.poll(() => page.getByTestId('dataset-name').count()).toBe(0);
    await menuCommand(page, { command: 'open-recent-project', path: file });
    await expect
      .poll(() => row.getByTestId('project-dataset-status').textContent())
      .toBe('Moved or deleted');
    expect(await page.getByTestId('dataset-name').count()).toBe(0);
    await screenshot(page, 'project-moved-en.png');
    dialogs.locate = moved;
    await row.getByRole('button', { name: 'Locate…' }).click();
    await expect.poll(() => row.getByTestId('project-dataset-status').textContent()).toBe('Found');
    await page.getByTestId('dataset-name').waitFor();
    await openSection(page, 'Model');
    expect(await page.getByTestId('embedding-dim').inputValue()).toBe('48');
    await host.session.flush();
    const relocated = JSON.parse(await readFile(file, 'utf8'));
    expect(relocated.datasets[0].path).toBe(moved);

    expect(host.logs).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();

    // The same project in Korean and dark, in a new window: its menu with the recent list.
    const ko = await env.browser.newContext({
      viewport: { width: 1200, height: 760 },
      colorScheme: 'dark',
      locale: 'ko-KR',
    });
    const koPage = await ko.newPage();
    await koPage.exposeFunction('__pwDesktop', (method: string, args: unknown[]) =>
      host.call(method, args),
    );
    await koPage.addInitScript(installPageDesktop);
    await koPage.goto(`${env.server.url}?e2e-desktop`);
    await expect.poll(() => koPage.getByTestId('project-name').textContent()).toBe('yelp reviews');
    await expect.poll(() => koPage.getByTestId('project-state').textContent()).toBe('저장됨');
    // The open project's last dataset is read back when the window connects.
    await expect
      .poll(() => koPage.getByTestId('dataset-name').textContent())
      .toBe('yelp_labelled.txt');
    expect(
      await koPage
        .getByTestId('project-dataset-yelp_labelled.txt')
        .getByTestId('project-dataset-status')
        .textContent(),
    ).toBe('찾음');
    await koPage.getByTestId('project-menu').click();
    expect(await koPage.getByRole('menuitem').allTextContents()).toEqual([
      '새 프로젝트',
      '열기…',
      '저장',
      '다른 이름으로 저장…',
      `yelp reviews${file}`,
    ]);
    await screenshot(koPage, 'project-menu-ko-dark.png');
    // A narrow window: an icon-only bar whose menu is not clipped by the narrow navigation.
    await koPage.setViewportSize({ width: 640, height: 760 });
    const item = koPage.getByRole('menuitem', { name: '다른 이름으로 저장…' });
    const box = await item.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(200);
    await screenshot(koPage, 'project-narrow-ko-dark.png');
    await ko.close();
  });
});
