/** `start-training` carries a chosen folder as file handles (caption) and backbone weights; the validator names a bad path or a data object holding two forms. */
import { describe, expect, it } from 'vitest';
import { presetSpec } from '../tasks/presets.ts';
import { validateTrainerRequest } from './validate.ts';

const handle = () => new Blob([new Uint8Array(3)]);

function start(data: unknown, extra: Record<string, unknown> = {}) {
  return {
    type: 'start-training',
    id: 1,
    runId: 'r',
    spec: presetSpec('caption'),
    data,
    ...extra,
  };
}

describe('start-training with a folder', () => {
  it("accepts a folder's files as handles and backbone weights as a handle", () => {
    const request = validateTrainerRequest(
      start(
        { fileName: 'photos', files: [{ path: 'img/a.jpg', file: handle() }] },
        { backboneWeights: { fileName: 'r18.safetensors', file: handle() } },
      ),
    );
    expect(request.type === 'start-training' && 'files' in request.data).toBe(true);
  });

  it('refuses a path leaving the folder, naming the field', () => {
    expect(() =>
      validateTrainerRequest(
        start({ fileName: 'photos', files: [{ path: 'img/../../etc/passwd', file: handle() }] }),
      ),
    ).toThrow(/data\.files\.0\.path.*must be a relative path with '\/' separators and no '\.\.'/);
    expect(() =>
      validateTrainerRequest(
        start({ fileName: 'photos', files: [{ path: '/abs.png', file: handle() }] }),
      ),
    ).toThrow(/data\.files\.0\.path/);
  });

  it('refuses data holding both bytes and files, or a file that is not a handle', () => {
    expect(() =>
      validateTrainerRequest(
        start({
          fileName: 'p',
          bytes: new Uint8Array(1),
          files: [{ path: 'a.png', file: handle() }],
        }),
      ),
    ).toThrow(/must hold exactly one of bytes, file or files/);
    expect(() =>
      validateTrainerRequest(start({ fileName: 'p', files: [{ path: 'a.png', file: 'a.png' }] })),
    ).toThrow(/data\.files\.0\.file.*must be a file handle/);
  });
});
