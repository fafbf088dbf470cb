/** Tests of the desktop app's up-front refusal: a file above the utility process's training limit is refused on drop, before a byte is read or main is asked to grant it. */
import { afterAll, describe, expect, it } from 'vitest';
import { TRAINING_FILE_LIMIT_BYTES } from '../../../core/train/trainingFile.ts';
import { createStudioStore } from '../../app/store.ts';
import { importFile } from './importDataset.ts';

// NOTE: a desktop window (a studio with `desktop`); granting the file must not be reached.
const g = globalThis as { window?: unknown };
g.window = {
  studio: {
    hello: async () => ({}),
    request: async () => ({}),
    onEvent: () => () => {},
    desktop: {
      addDroppedFile: () => {
        throw new Error('a refused file must not be granted');
      },
    },
  },
};
afterAll(() => {
  delete g.window;
});

describe('importFile in the desktop app', () => {
  it('refuses a file above the desktop limit with its own code, sizes and detail', async () => {
    const read = () => {
      throw new Error('the refused file must not be read');
    };
    const size = TRAINING_FILE_LIMIT_BYTES.desktop + 1024 * 1024 * 1024;
    const file = { name: 'log.csv', size, arrayBuffer: read, stream: read, slice: read };
    const store = createStudioStore();
    await importFile(file as unknown as File, { store });
    expect(store.getState().import).toMatchObject({
      status: 'failed',
      code: 'too-large-for-desktop',
      fileBytes: size,
      limitBytes: TRAINING_FILE_LIMIT_BYTES.desktop,
      detail: {
        key: 'too-large-for-desktop',
        params: { file: 'log.csv', size: 5120, limit: 4096 },
      },
    });
  });
});
