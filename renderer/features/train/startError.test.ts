/** Tests of the Train section's start failure: said once, by the run's panel when the run exists, else above the runs. */
import { describe, expect, it } from 'vitest';
import { ownStartError } from './startError.ts';

describe('ownStartError', () => {
  it('leaves an error the refused run already shows to the run panel', () => {
    const refused = { error: { name: 'ConfigError', message: "Column 'x' is missing." } };
    expect(ownStartError("Column 'x' is missing.", [{ error: null }, refused])).toBeNull();
  });

  it('shows a failure no run carries (the run was never created) and nothing without one', () => {
    expect(ownStartError('The data file has no path on disk.', [{ error: null }])).toBe(
      'The data file has no path on disk.',
    );
    expect(ownStartError(null, [])).toBeNull();
  });
});
