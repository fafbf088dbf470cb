/** Tests of the app's RunSpec helpers: valid defaults for every task, roles written into spec.data. */
import { describe, expect, it } from 'vitest';
import { runSpecSchema, taskKindSchema } from '../../core/tasks/spec.ts';
import { applyRoles, columnsOf, defaultRunSpec, replaceDerived } from './runSpec.ts';

const RANGE = { name: 'Range', op: 'subtract', left: 'High', right: 'Low' } as const;

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

  it('keeps an empty list of forecast inputs as a choice, not a gap to fill with suggestions', () => {
    expect(applyRoles({}, 'forecast', { target: 'temp', features: [] })).toEqual({
      targetColumn: 'temp',
      featureColumns: [],
    });
  });

  it('keeps the reading options when the roles change', () => {
    const reading = { header: 'yes' as const, delimiter: ';' };
    expect(applyRoles({ reading, textColumn: 'a' }, 'classify', { text: 'b' })).toEqual({
      reading,
      textColumn: 'b',
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

  it('keeps the derived columns when forecast roles change, and drops them for other tasks', () => {
    const data = { derivedColumns: [RANGE], targetColumn: 'Close', window: 20 };
    expect(applyRoles(data, 'forecast', { target: 'Range', features: ['Open'] })).toEqual({
      derivedColumns: [RANGE],
      targetColumn: 'Range',
      featureColumns: ['Open'],
      window: 20,
    });
    expect(applyRoles(data, 'classify', { text: 'Ticker' })).toEqual({
      textColumn: 'Ticker',
      window: 20,
    });
  });
});

describe('replaceDerived', () => {
  it('adds the definitions to spec.data and leaves the roles alone', () => {
    const roles = { target: 'Close', features: ['Open'] };
    expect(
      replaceDerived({ targetColumn: 'Close', featureColumns: ['Open'] }, roles, [RANGE]),
    ).toEqual({
      data: { derivedColumns: [RANGE], targetColumn: 'Close', featureColumns: ['Open'] },
      roles,
    });
  });

  it('takes a removed derived column out of the target and the features', () => {
    const mid = { name: 'Mid', op: 'add', left: 'High', right: 'Low' } as const;
    const data = {
      derivedColumns: [RANGE, mid],
      targetColumn: 'Range',
      featureColumns: ['Open', 'Mid'],
      dateColumn: 'Date',
    };
    const roles = { target: 'Range', date: 'Date', features: ['Open', 'Mid'] };
    expect(replaceDerived(data, roles, [mid])).toEqual({
      data: { derivedColumns: [mid], dateColumn: 'Date', featureColumns: ['Open', 'Mid'] },
      roles: { date: 'Date', features: ['Open', 'Mid'] },
    });
    expect(replaceDerived(data, roles, [])).toEqual({
      data: { dateColumn: 'Date', featureColumns: ['Open'] },
      roles: { date: 'Date', features: ['Open'] },
    });
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

  it('keeps the derived columns, so a model preset does not drop them', () => {
    expect(columnsOf({ derivedColumns: [RANGE], targetColumn: 'Range', window: 30 })).toEqual({
      derivedColumns: [RANGE],
      targetColumn: 'Range',
    });
  });
});
