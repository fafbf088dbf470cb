/** Tests of the Data section's label-name helpers: the codes of a label column, setting and clearing a name, and codes that would share one label. */
import { describe, expect, it } from 'vitest';
import { applyRoles } from '../../app/runSpec.ts';
import { labelCodes, sharedNames, withLabelName } from './labelNames.ts';

describe('labelCodes', () => {
  it('lists the distinct codes trimmed, numbers in numeric order, without missing markers', () => {
    expect(labelCodes(['10', ' 2', '1', '', '2', '10'])).toEqual(['1', '2', '10']);
    expect(labelCodes(['pos', 'neg', 'pos '])).toEqual(['neg', 'pos']);
  });
});

describe('withLabelName', () => {
  it('sets a trimmed name, removes a blank one, and leaves no empty record', () => {
    const named = withLabelName(undefined, '0', ' negative ');
    expect(named).toEqual({ '0': 'negative' });
    expect(withLabelName(named, '1', 'positive')).toEqual({ '0': 'negative', '1': 'positive' });
    expect(withLabelName(named, '0', '  ')).toBeUndefined();
  });
});

describe('sharedNames', () => {
  it('finds labels two codes would read as, including a name equal to another code', () => {
    expect(sharedNames(['0', '1'], { '0': 'bad', '1': 'good' })).toEqual([]);
    expect(sharedNames(['0', '1', '2'], { '0': 'bad', '1': 'bad' })).toEqual(['bad']);
    expect(sharedNames(['0', '1'], { '0': '1' })).toEqual(['1']);
    // A code named like an Object prototype key is just a code.
    expect(sharedNames(['constructor', 'x'], {})).toEqual([]);
  });
});

describe('label names in the spec', () => {
  it('stay with their label column and go when it changes or the task does', () => {
    const data = { textColumn: 'text', labelColumn: 'label', labelNames: { '0': 'negative' } };
    expect(applyRoles(data, 'classify', { text: 'review', label: 'label' }).labelNames).toEqual({
      '0': 'negative',
    });
    expect(
      applyRoles(data, 'classify', { text: 'text', label: 'stars' }).labelNames,
    ).toBeUndefined();
    expect(applyRoles(data, 'generate', { text: 'text' }).labelNames).toBeUndefined();
  });
});
