/** The run folders under userData/runs/<runId>/: checkpoint files written atomically by main. */
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckpointKind } from '../../../core/train/checkpoint.ts';
import { safeRunIdSchema } from '../../common/runRecord.ts';
import { type AtomicWriteFs, writeFileAtomic } from '../atomicFile.ts';

/** Raised for a run id that cannot name a folder. */
export class RunIdError extends Error {
  override readonly name = 'RunIdError';
}

/** Where runs keep their files; `root` is userData/runs. */
export class RunFiles {
  constructor(
    private readonly root: string,
    private readonly fs?: AtomicWriteFs,
  ) {}

  /**
   * The run's folder.
   * @throws RunIdError `Runs: runId must be letters, digits, ".", "_" or "-", got '<id>'.`
   */
  folder(runId: string): string {
    if (!safeRunIdSchema.safeParse(runId).success) {
      throw new RunIdError(`Runs: runId must be letters, digits, ".", "_" or "-", got '${runId}'.`);
    }
    return join(this.root, runId);
  }

  /** The path of a run's checkpoint of this kind (it may not exist). */
  checkpointPath(runId: string, kind: CheckpointKind): string {
    return join(this.folder(runId), `${kind}.ckpt`);
  }

  /**
   * Writes checkpoint bytes atomically (a crash leaves the previous checkpoint); returns the path.
   * @throws RunIdError for an unsafe id; the file-system error otherwise.
   */
  async writeCheckpoint(runId: string, kind: CheckpointKind, bytes: Uint8Array): Promise<string> {
    const path = this.checkpointPath(runId, kind);
    await mkdir(this.folder(runId), { recursive: true });
    await writeFileAtomic(path, bytes, this.fs === undefined ? {} : { fs: this.fs });
    return path;
  }

  /** Whether a file exists at `path`. */
  async exists(path: string): Promise<boolean> {
    try {
      await access(path);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }
}
