/** Tests of the web edition's export zips: the PyTorch or ONNX export folder's files under one folder, bytes intact. */
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, exportFolderFiles } from '../../../core/io/export/formats.ts';
import { Random } from '../../../core/random.ts';
import { classifyTask } from '../../../core/tasks/classify/index.ts';
import { presetSpec } from '../../../core/tasks/presets.ts';
import { bundleFromTask } from '../../../core/train/modelBundle.ts';
import { exportZip, exportZipFolder } from './exportZip.ts';

async function tinyBundle() {
  const spec = presetSpec('classify');
  spec.data = { ...spec.data, textColumn: 'text', labelColumn: 'label', tokenizer: 'char' };
  spec.model = {
    ...spec.model,
    embeddingDim: 4,
    recurrent: { ...spec.model.recurrent, hiddenSize: 4, bidirectional: false },
  };
  const rows = Array.from(
    { length: 40 },
    (_, i) => `${i % 2 ? 'good fun' : 'bad dull'} ${i},${i % 2}`,
  );
  const bytes = new TextEncoder().encode(`text,label\n${rows.join('\n')}\n`);
  const task = await classifyTask.prepare({
    spec,
    fileName: 'tiny.csv',
    bytes,
    random: new Random(0),
  });
  return bundleFromTask(task, { history: [], metrics: { accuracy: 0.5 } });
}

describe('exportZip', () => {
  for (const format of EXPORT_FORMATS) {
    it(`holds every file of the ${format} export folder, unchanged, inside one folder`, async () => {
      const bundle = await tinyBundle();
      const files = exportFolderFiles(bundle, format);
      const folder = exportZipFolder(format);
      const entries = unzipSync(exportZip(bundle, format));
      expect(Object.keys(entries).sort()).toEqual(files.map((f) => `${folder}/${f.name}`).sort());
      for (const f of files) {
        const got = entries[`${folder}/${f.name}`] as Uint8Array;
        if (typeof f.content === 'string') expect(strFromU8(got)).toBe(f.content);
        else expect(got).toEqual(f.content);
      }
      const graph = format === 'onnx' ? 'model.onnx' : 'model.py';
      expect(Object.keys(entries)).toContain(`${folder}/${graph}`);
      expect(Object.keys(entries)).toContain(`${folder}/README.md`);
    });
  }

  it.each(['pytorch', 'onnx'] as const)(
    'refuses a %s export whose vocabulary name would climb out of the folder',
    async (format) => {
      const bundle = await tinyBundle();
      const evil = { ...bundle, vocabularies: { '../../package': ['x'] } };
      expect(() => exportZip(evil, format)).toThrow(
        "exportFolderFiles: a vocabulary name must be 'vocab' or 'vocab-<word>', got '../../package'.",
      );
    },
  );
});
