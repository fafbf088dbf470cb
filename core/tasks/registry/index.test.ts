/** Tests of the task registry. */
import { describe, expect, it } from 'vitest';
import { availableTasks, taskDefinition } from './index.ts';

describe('task registry', () => {
  it('finds every available task under its own kind', () => {
    expect(availableTasks().length).toBeGreaterThan(0);
    for (const kind of availableTasks()) expect(taskDefinition(kind).kind).toBe(kind);
  });

  it('names the available tasks when asked for another', () => {
    expect(() => taskDefinition('nope' as never)).toThrow(
      `taskDefinition: the task must be one of ${availableTasks()
        .map((k) => `'${k}'`)
        .join(', ')}, got 'nope'.`,
    );
  });
});
