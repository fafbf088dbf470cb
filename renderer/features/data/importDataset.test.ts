/** Tests of the browser edition's up-front refusal: a file above its training limit is refused before a byte is read, with the code and sizes the Data section words. */
import { afterAll, describe, expect, it } from 'vitest';
import { BROWSER_MAX_TRAINING_FILE_BYTES } from '../../../core/train/memoryBudget.ts';
import { createStudioStore } from '../../app/store.ts';
import { importFile } from './importDataset.ts';

// NOTE: a browser-edition window (a studio without `desktop`); nothing else is reached.
const g = globalThis as { window?: unknown };
g.window = {
  studio: { hello: async () => ({}), request: async () => ({}), onEvent: () => () => {} },
};
afterAll(() => {
  delete g.window;
});

function bigFile(size: number): File {
  const read = () => {
    throw new Error('the refused file must not be read');
  };
  return {
    name: 'year-of-sensors.csv',
    size,
    arrayBuffer: read,
    stream: read,
    slice: read,
  } as unknown as File;
}

describe('importFile in the browser edition', () => {
  it('refuses a file above the training limit before reading it, naming both sizes', async () => {
    const store = createStudioStore();
    const size = 1000 * 1024 * 1024;
    await importFile(bigFile(size), { store });
    const status = store.getState().import;
    expect(status).toMatchObject({
      status: 'failed',
      fileName: 'year-of-sensors.csv',
      code: 'too-large-for-browser',
      fileBytes: size,
      limitBytes: BROWSER_MAX_TRAINING_FILE_BYTES,
      // The key and parameters the Data section words in Korean or English.
      detail: {
        key: 'too-large-for-browser',
        params: { file: 'year-of-sensors.csv', size: 1000, limit: 256 },
      },
    });
    expect(status.status === 'failed' && status.message).toContain('desktop app or with the CLI');
  });
});
