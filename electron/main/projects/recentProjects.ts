/** The recent-projects list in userData/recent-projects.json: newest first, at most ten, written atomically. */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { RecentProject } from '../../common/projectSchema.ts';
import { type AtomicWriteOptions, readJsonFile, writeJsonAtomic } from '../atomicFile.ts';

/** How many projects the list keeps. */
export const MAX_RECENT = 10;

const recentFileSchema = z
  .object({
    version: z.literal(1),
    entries: z.array(
      z.object({ path: z.string().min(1), name: z.string(), openedAt: z.string() }).strict(),
    ),
  })
  .strict();

/** Reads and updates the list; a missing or damaged file counts as empty. */
export class RecentProjects {
  constructor(
    private readonly file: string,
    private readonly writeOptions: AtomicWriteOptions = {},
  ) {}

  /** The entries, newest first. */
  async list(): Promise<RecentProject[]> {
    const read = await readJsonFile(this.file, recentFileSchema);
    return read.ok ? read.value.entries : [];
  }

  /** Moves (or adds) `entry` to the top and keeps the newest {@link MAX_RECENT}. */
  async touch(entry: RecentProject): Promise<RecentProject[]> {
    const rest = (await this.list()).filter((e) => e.path !== entry.path);
    const entries = [entry, ...rest].slice(0, MAX_RECENT);
    await mkdir(dirname(this.file), { recursive: true });
    await writeJsonAtomic(this.file, { version: 1, entries }, this.writeOptions);
    return entries;
  }

  /** Whether `path` is on the list (the renderer may reopen only those without a dialog). */
  async has(path: string): Promise<boolean> {
    return (await this.list()).some((e) => e.path === path);
  }
}
