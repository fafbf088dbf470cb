/** Tests of role guessing when the user picks a task other than the suggested one. */
import { describe, expect, it } from 'vitest';
import { inspectBytes } from '../../../core/data/index.ts';
import { BUNDLED_SAMPLES, sampleBytes } from '../../../core/data/samples/index.ts';
import { missingRoles, rolesForTask, tasksForFormat } from './taskRoles.ts';

const seattle = BUNDLED_SAMPLES.find((s) => s.id === 'seattle-weather');
if (seattle === undefined) throw new Error('the Seattle sample must be bundled');

describe('rolesForTask', () => {
  it('keeps the inspection roles for the suggested task', async () => {
    const inspection = await inspectBytes(sampleBytes(seattle), { fileName: seattle.fileName });
    expect(inspection.suggestedTask).toBe('forecast');
    expect(rolesForTask('forecast', inspection)).toEqual(inspection.roles);
  });

  it('guesses a text and a label column for classify on a weather table', async () => {
    const inspection = await inspectBytes(sampleBytes(seattle), { fileName: seattle.fileName });
    const roles = rolesForTask('classify', inspection);
    expect(roles.label).toBe('weather');
    expect(missingRoles('classify', roles)).toEqual([]);
  });

  it('lists missing required roles', () => {
    expect(missingRoles('seq2seq', { source: 'Q' })).toEqual(['target']);
    expect(missingRoles('forecast', { features: [] })).toEqual(['target']);
  });

  it('offers only tagging for CoNLL files', () => {
    expect(tasksForFormat('conllu')).toEqual(['tag']);
    expect(tasksForFormat('csv')).toContain('forecast');
  });
});
