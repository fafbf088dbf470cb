/** Tests of the app's RunSpec helpers: valid defaults for every task, roles written into spec.data. */
import { describe, expect, it } from 'vitest';
import { runSpecSchema, taskKindSchema } from '../../core/tasks/spec.ts';
import { applyRoles, columnsOf, defaultRunSpec } from './runSpec.ts';

describe('defaultRunSpec', () => {
  it('gives every task a spec the schema accepts', () => {
    for (const task of taskKindSchema.options) {
      const spec = defaultRunSpec(task);
      expect(runSpecSchema.safeParse(spec).success).toBe(true);
      expect(spec.task).toBe(task);
    }
  });

  it('gives seq2seq a decoder and forecast no embedding', () => {
    expect(defaultRunSpec('seq2seq').model.decoder?.cell).toBe('gru');
    expect(defaultRunSpec('forecast').model.embeddingDim).toBeUndefined();
  });
});

describe('applyRoles', () => {
  it('writes forecast roles and drops the previous task columns', () => {
    const data = applyRoles({ textColumn: 'old', window: 30 }, 'forecast', {
      date: 'date',
      target: 'temp_max',
      features: ['wind'],
      text: 'ignored',
    });
    expect(data).toEqual({
      window: 30,
      dateColumn: 'date',
      targetColumn: 'temp_max',
      featureColumns: ['wind'],
    });
  });

  it('maps classify, seq2seq and tag roles', () => {
    expect(applyRoles({}, 'classify', { text: 'document', label: 'label' })).toEqual({
      textColumn: 'document',
      labelColumn: 'label',
    });
    expect(applyRoles({}, 'seq2seq', { source: 'Q', target: 'A' })).toEqual({
      sourceColumn: 'Q',
      targetColumn: 'A',
    });
    expect(applyRoles({}, 'tag', { token: 'form', tag: 'xpos' })).toEqual({ tagField: 'xpos' });
  });
});

describe('columnsOf', () => {
  it('keeps the column choices a preset must not overwrite and drops the settings', () => {
    expect(
      columnsOf({
        textColumn: 'review',
        labelColumn: 'label',
        tokenizer: 'bpe',
        maxLength: 40,
        featureColumns: ['Open', 'High'],
      }),
    ).toEqual({ textColumn: 'review', labelColumn: 'label', featureColumns: ['Open', 'High'] });
  });
});
